#!/usr/bin/env bash
# cnscd import: units and members from CSV files into real database files.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

count() { sql "SELECT count(*) FROM $1"; }

# --- help and usage errors -------------------------------------------------
cn import --help
expect_out "import help shows our unit format" "code,name,type,level,parent_code"
expect_out "import help shows the GSO format" "Mã TP"
expect_out "import help shows the members format" "unit_code,team,full_name"
expect_out "import help explains --skip-invalid" "--skip-invalid"
cn import units --help
expect_out "import units --help explains the formats" "parent_code .*mã đơn vị cấp trên"
expect_fail "import needs a kind" "thiếu loại dữ liệu" import
expect_fail "unknown kind is refused" "không có loại «teams»" import teams x.csv
expect_fail "import needs a file" "thiếu tên tệp" import units
expect_fail "missing file is reported" "Không mở được tệp .*none.csv" import units "$T/none.csv"
expect_fail "old .xls is refused, and says what to do" "CSV UTF-8" import units "$T/list.xls"

# --- bad rows: every problem listed, nothing written ------------------------
cat >"$T/bad.csv" <<'EOF'
code,name,type,level,parent_code
95,Tỉnh Bạc Liêu,Tỉnh,1,
31891,,Thị trấn,3,961
961,Huyện Hoà Bình,Huyện,2,95
1 2,Xã X,Xã,3,961
777,Xã Y,Xã,3,999
962,"Huyện" Z,Huyện,2,95
EOF
expect_fail "bad rows stop the import" "Tệp .*bad.csv có 4 dòng lỗi; chưa ghi gì" import units "$T/bad.csv"
expect_eq "each problem on its own line, in file order" "$(grep '^dòng' <<<"$ERR")" \
"dòng 3, cột 2 (name): Tên đơn vị không được để trống
dòng 5, cột 1 (code): Mã đơn vị «1 2» không được chứa dấu cách hay dấu /
dòng 6, cột 5 (parent_code): Không có đơn vị cấp trên mang mã «999» (trong tệp cũng như trong cơ sở dữ liệu)
dòng 7, cột 2 (name): có ký tự sau dấu ngoặc kép đóng; trong ô có \" phải viết thành \"\""
expect_eq "nothing written after bad rows" "$(count unit)" 0
expect_eq "no reject file without --skip-invalid" "$(ls "$T"/bad.loi.csv 2>/dev/null)" ""

printf 'code,name,type,level,parent_code\n95,Tỉnh \xff Bạc Liêu,Tỉnh,1,\n96,Tỉnh Cà\0 Mau,Tỉnh,1,\n' >"$T/binary.csv"
expect_fail "invalid UTF-8 is listed with its line and column" "dòng 2, cột 2 \(name\): không phải văn bản UTF-8" \
	import units "$T/binary.csv"
expect_fail "a NUL byte is listed with its line and column" "dòng 3, cột 2 \(name\): có byte NUL" \
	import units "$T/binary.csv"
printf 'code,name,type\n95,Tỉnh Bạc Liêu,Tỉnh\n' >"$T/nocol.csv"
expect_fail "a missing column is named" "thiếu cột bắt buộc «parent_code»" import units "$T/nocol.csv"

# --- --skip-invalid --------------------------------------------------------
cn import units --skip-invalid "$T/bad.csv"
expect_eq "--skip-invalid succeeds" "$RC" 0
expect_out "summary counts added and rejected" "^Nhập đơn vị: thêm mới 2, cập nhật 0, không đổi 0, bị loại 4 dòng\.$"
expect_out "says where the rejected rows are" "Đã bỏ qua 4 dòng lỗi; .* ở tệp $T/bad.loi.csv"
expect_eq "good rows are written" "$(sql "SELECT group_concat(code, ' ') FROM (SELECT code FROM unit ORDER BY code)")" "95 961"
expect_eq "reject file is private (0600)" "$(stat -c %a "$T/bad.loi.csv")" 600
expect_eq "reject file starts with a BOM" "$(head -c 3 "$T/bad.loi.csv" | od -An -tx1 | tr -d ' ')" efbbbf
expect_eq "reject file has the header and a ly_do column" "$(head -1 "$T/bad.loi.csv" | tail -c +4 | tr -d '\r')" \
	"code,name,type,level,parent_code,ly_do"
expect_eq "reject file keeps the original cells and the reason" "$(sed -n 3p "$T/bad.loi.csv" | tr -d '\r')" \
	'1 2,Xã X,Xã,3,961,"dòng 5, cột 1 (code): Mã đơn vị «1 2» không được chứa dấu cách hay dấu /"'
expect_eq "reject file has one row per rejected line" "$(wc -l <"$T/bad.loi.csv")" 5
cn import units --skip-invalid --reject "$T/elsewhere.csv" "$T/bad.csv"
expect_eq "--reject chooses the reject file" "$(wc -l <"$T/elsewhere.csv" 2>/dev/null)" 5

# --- importing again duplicates nothing --------------------------------------
cn import units --skip-invalid "$T/bad.csv"
expect_out "import again: all unchanged" "thêm mới 0, cập nhật 0, không đổi 2, bị loại 4 dòng"
expect_eq "import again adds no unit" "$(count unit)" 2
printf 'code,name,type,level,parent_code\n961,Huyện Hòa Bình,Huyện,2,95\n' >"$T/rename.csv"
cn import units "$T/rename.csv"
expect_out "a changed name is an update" "thêm mới 0, cập nhật 1, không đổi 0"
expect_eq "the new name is stored" "$(sql "SELECT name FROM unit WHERE code = '961'")" "Huyện Hòa Bình"

# --- the office's (GSO) layout ---------------------------------------------
DB=$T/gso.db
expect_ok "GSO export imports" import units "$FIXTURES/gso-2024.csv"
expect_out "GSO export: 2 provinces, 3 districts, 7 communes" "thêm mới 12,"
expect_eq "GSO levels" "$(sql "SELECT group_concat(n, ' ') FROM (SELECT count(*) n FROM unit GROUP BY level ORDER BY level)")" "2 3 7"
cn search "vinh my a"
expect_out "GSO commune found under its district" "Xã Vĩnh Mỹ A	Tỉnh Bạc Liêu › Huyện Hòa Bình › Xã Vĩnh Mỹ A"
expect_ok "two-level GSO export imports" import units "$FIXTURES/gso-2025.csv"
expect_eq "two-level commune sits under its province at level 3" \
	"$(sql "SELECT p.code || ' ' || c.level FROM unit c JOIN unit p ON p.id = c.parent_id WHERE c.code = '31843'")" "96 3"

# --- members ---------------------------------------------------------------
expect_ok "members import" import members "$FIXTURES/members-vinh-my-a.csv"
expect_out "members summary" "^Nhập thành viên: thêm mới 5, cập nhật 0, không đổi 0, bị loại 0 dòng\. Đã tạo 2 tổ mới\.$"
expect_eq "default team named after the unit" \
	"$(sql "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id WHERE t.name = 'Tổ CNSCĐ Xã Vĩnh Mỹ A'")" 3
expect_eq "phone stored in 0… form" "$(sql "SELECT phone FROM member WHERE full_name = 'Trần Thị Bình'")" 0987654321
expect_eq "date stored as ISO" "$(sql "SELECT joined FROM member WHERE full_name = 'Nguyễn Văn An'")" 2024-03-01
expect_ok "members import again" import members "$FIXTURES/members-vinh-my-a.csv"
expect_out "members again: all unchanged" "thêm mới 0, cập nhật 0, không đổi 5, bị loại 0 dòng\.$"
expect_eq "members again: no duplicates" "$(count member)" 5
printf 'unit_code,full_name,role,phone\n31933,Hồ Văn Phát,Tổ trưởng,0123\n' >"$T/leader.csv"
expect_fail "second leader and bad phone both listed" "dòng 2, cột 3 \(role\): Tổ đã có tổ trưởng là Nguyễn Văn An" \
	import members "$T/leader.csv"
expect_eq "...with the phone problem too" "$(grep -c '^dòng 2, cột 4 (phone): Số điện thoại «0123» không hợp lệ' <<<"$ERR")" 1
expect_eq "members: nothing written after bad rows" "$(count member)" 5

# --- the official list -------------------------------------------------------
DB=$T/official.db
start=$(date +%s%N)
cn import units "$OFFICIAL/units-2024.csv"
ms=$((($(date +%s%N) - start) / 1000000))
expect_eq "official list imports" "$RC" 0
expect_out "official list: 10,794 units added" "thêm mới 10794, cập nhật 0, không đổi 0, bị loại 0 dòng"
# Speed is measured by the benchmarks (bench/), not asserted here: a
# loaded machine must not fail the tests. The figure is shown for the log.
echo "    official list imported in $ms ms"
expect_eq "official list: units per level" \
	"$(sql "SELECT group_concat(n, ' ') FROM (SELECT count(*) n FROM unit GROUP BY level ORDER BY level)")" "63 696 10035"
cn search "hoa binh"
expect_out "search finds the district, spelled as the list spells it, in Bạc Liêu" \
	"^Đơn vị	Huyện Hoà Bình	Tỉnh Bạc Liêu › Huyện Hoà Bình$"
cn import units "$OFFICIAL/units-2024.csv"
expect_out "official list again: all unchanged" "thêm mới 0, cập nhật 0, không đổi 10794"
expect_eq "official list again: no duplicates" "$(count unit)" 10794

# A kill -9 at any moment leaves the database as it was before.
for delay in 0.15 0.3 0.45 0.6; do
	DB=$T/kill.db
	rm -f "$DB" "$DB-wal" "$DB-shm"
	"$CNSCD" --db "$DB" init --units none >/dev/null
	"$CNSCD" --db "$DB" import units "$OFFICIAL/units-2024.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	n=$(count unit)
	if [ "$n" = 0 ] || [ "$n" = 10794 ]; then
		pass "kill -9 after ${delay}s leaves all or nothing ($n units)"
	else
		fail "kill -9 after ${delay}s leaves all or nothing" "$n units"
	fi
	expect_eq "database intact after kill -9 at ${delay}s" "$(sql 'PRAGMA integrity_check')" ok
done

DB=$T/2025.db
expect_ok "2025 list imports" import units "$OFFICIAL/units-2025.csv"
expect_eq "2025 list: 34 provinces, 3,321 communes at level 3" \
	"$(sql "SELECT group_concat(level || ':' || n, ' ') FROM (SELECT level, count(*) n FROM unit GROUP BY level ORDER BY level)")" \
	"1:34 3:3321"

t_done
