#!/usr/bin/env bash
# The official lists inside cnscd: init loads the one in force (or the one
# named, a file, none), "units official" writes them out, "units update"
# compares a newer list and applies it once confirmed, "reorg apply 2025"
# uses the mapping inside cnscd. Nothing here reads ../shared.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

levels() { sql "SELECT group_concat(level || ':' || n, ' ') FROM (SELECT level, count(*) n FROM unit WHERE valid_to IS NULL GROUP BY level ORDER BY level)"; }

# --- init ---------------------------------------------------------------------
expect_ok "init loads the list in force" init
expect_out "...and says which" "Đã nạp danh mục đơn vị hành chính có sẵn trong cnscd «2025»: Danh mục 2 cấp từ 01/07/2025"
expect_out "...and what is in the database now" "^Trong cơ sở dữ liệu: tỉnh 34, xã 3\.321 \(3\.355 đơn vị\)\.$"
expect_ok "stats after init" stats
expect_out "stats: 34 provinces" "^Cấp tỉnh +34 "
expect_out "stats: 3,321 communes" "^Cấp xã +3\.321 "
expect_ok "init again" init
expect_no_out "...loads nothing more" "Đã nạp"
expect_eq "...no duplicate" "$(levels)" "1:34 3:3321"
expect_ok "init --units 2024 on a database that has units" init --units 2024
expect_out "...says why nothing is loaded, with this --db" "không nạp thêm danh sách.*cnscd --db $DB units update TỆP"
expect_eq "...and loads nothing" "$(levels)" "1:34 3:3321"

DB=$T/2024.db
expect_ok "init --units 2024" init --units 2024
expect_eq "2024: 63 / 696 / 10,035" "$(levels)" "1:63 2:696 3:10035"
expect_out "...says so" "tỉnh 63, huyện 696, xã 10\.035"

DB=$T/none.db
expect_ok "init --units none" init --units none
expect_eq "...loads nothing" "$(sql 'SELECT count(*) FROM unit')" 0

DB=$T/file.db
expect_ok "init --units FILE" init --units "$FIXTURES/reorg-old-units.csv"
expect_out "...names the file" "Đã nạp danh sách đơn vị từ tệp .*reorg-old-units.csv"
printf 'code,name,type,level,parent_code\n95,Tỉnh Bạc Liêu,Tỉnh,1,\n961,Huyện Hoà Bình,Huyện,2,999\n' >"$T/bad.csv"
DB=$T/bad.db
expect_fail "init --units with a bad list" "dòng 3, cột 5 \(parent_code\)" init --units "$T/bad.csv"
expect_eq "...writes no unit" "$(sql 'SELECT count(*) FROM unit')" 0
expect_fail "init --units with a missing file" "Không mở được tệp" init --units "$T/absent.csv"

# --- units official -------------------------------------------------------------
cn units official
expect_out "official: lists the lists" "^2025	Danh mục 2 cấp từ 01/07/2025.*\(đang áp dụng\)$"
expect_out "...and the mapping" "^mapping-2025	"
expect_eq "official 2025 is the list shipped (assets/official)" \
	"$(cmp "$OFFICIAL/units-2025.csv" "$CNSCD_SOURCE_DIR/assets/official/units-2025.csv" && echo same)" same
expect_eq "official mapping" "$(wc -l <"$OFFICIAL/mapping-2025.csv")" 10655
expect_fail "official: an unknown name" "không có danh mục «2019»" units official 2019

# --- units update ---------------------------------------------------------------
# The list as of 30/04/2026: Đồng Nai became a city and ten of its communes
# wards (same codes).
DB=$T/test.db
wards="25270 25357 25363 26116 26170 26248 26326 26368 26425 26485"
awk -F, -v OFS=, -v wards=" $wards " '
	$1 == "75" { $2 = "Thành phố Đồng Nai"; $3 = "Thành phố Trung ương" }
	index(wards, " " $1 " ") && $3 == "Xã" { sub(/^Xã /, "Phường ", $2); $3 = "Phường" }
	{ print }' "$OFFICIAL/units-2025.csv" >"$T/units-2026.csv"
before=$(sql "SELECT count(*) FROM audit")
cn units update "$T/units-2026.csv" </dev/null
expect_eq "update without a terminal nor --yes: compares" "$RC" 0
expect_out "...lists a commune that became a ward" "^  đổi +25270 +Xã Lộc Ninh → Phường Lộc Ninh \(loại Xã → Phường\)$"
expect_out "...and the province" "^  đổi +75 +Tỉnh Đồng Nai → Thành phố Đồng Nai"
expect_out "...counts" "^Thêm mới 0, thay đổi 11 \(đổi tên 11, đổi loại 11, đổi cấp trên 0\), đóng 0, không đổi 3\.344 đơn vị\.$"
expect_out "...says how to apply, with this --db" "Chưa thay đổi gì\. Để áp dụng: cnscd --db $DB units update .*units-2026.csv --yes$"
expect_eq "...and writes nothing" "$(sql "SELECT count(*) FROM audit")" "$before"
expect_ok "update --yes" units update "$T/units-2026.csv" --date 30/04/2026 --yes
expect_out "...applies from the date" "Đã cập nhật đơn vị theo danh sách, áp dụng từ 30/04/2026"
expect_out "...after a backup" "Bản sao lưu trước khi cập nhật: .*-before-units-update\.db$"
expect_eq "the ten wards" "$(sql "SELECT count(*) FROM unit WHERE type = 'Phường' AND code IN ('${wards// /\',\'}')")" 10
expect_eq "no unit added" "$(levels)" "1:34 3:3321"
cn search xa loc ninh
expect_out "search by the old name finds the ward" "^Đơn vị	Phường Lộc Ninh \(trước 30/04/2026: Xã Lộc Ninh\)"
expect_ok "update again" units update "$T/units-2026.csv" --yes
expect_out "...changes nothing" "^Không có gì thay đổi"
expect_ok "undo takes the whole update back" log --undo
expect_eq "...the wards are communes again" "$(sql "SELECT type FROM unit WHERE code = '25270'")" "Xã"

expect_fail "update with the 2024 list on a 2025 database: refused, the command with this --db" "cơ cấu khác hẳn.*cnscd --db $DB reorg apply" \
	units update 2024 --yes
expect_eq "...nothing written" "$(levels)" "1:34 3:3321"

# A commune the new list drops while it still has a team: a reorganisation.
grep -v '^25270,' "$T/units-2026.csv" >"$T/dropped.csv"
printf 'unit_code,full_name\n25270,Nguyễn Văn An\n' >"$T/m.csv"
expect_ok "a team in 25270" import members "$T/m.csv"
expect_fail "update that would close a unit with a team: refused" "Xã Lộc Ninh \(mã 25270\): còn 1 tổ" \
	units update "$T/dropped.csv" --yes
expect_eq "...nothing written" "$(sql "SELECT type || ' ' || coalesce(valid_to, '-') FROM unit WHERE code = '75'")" "Tỉnh -"
# Without the team the commune simply closes.
grep -v '^26485,' "$T/units-2026.csv" >"$T/dropped2.csv"
expect_ok "update that closes an empty commune" units update "$T/dropped2.csv" --date 01/05/2026 --yes
expect_eq "...closed the day before" "$(sql "SELECT valid_to FROM unit WHERE code = '26485'")" "2026-04-30"

# --- reorg apply 2025 -------------------------------------------------------------
DB=$T/2024.db
expect_ok "reorg apply 2025 (the mapping inside cnscd)" reorg apply 2025 --split-rule largest
expect_out "...moves to the 2025 structure" "Đã chuyển cơ sở dữ liệu sang cơ cấu đơn vị hành chính từ 01/07/2025"
expect_eq "...34 / 3,321" "$(levels)" "1:34 3:3321"
expect_ok "update with the 2025 list afterwards" units update 2025
expect_out "...nothing to change" "^Không có gì thay đổi"
expect_fail "update with the 2024 list afterwards: older" "cũ hơn dữ liệu đang có: 7\.445 đơn vị" units update 2024

t_done
