#!/usr/bin/env bash
# "cnscd bundle": three commune offices edit in parallel, their bundles go
# to the district; totals, conflicts, re-import, damaged and foreign files.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

UNITS=$FIXTURES/gso-2024.csv
MEMBERS=$FIXTURES/members-vinh-my-a.csv
COMMUNES="31933 31924 31891"

# on NAME ARGS... : cnscd on the database of office NAME.
on() {
	local name=$1
	shift
	DB=$T/$name.db cn "$@"
}
# total_members NAME CODE : the members under unit CODE in office NAME.
total_members() {
	on "$1" stats --unit "$2"
	awk '/^Tổng cộng/ {print $NF}' <<<"$OUT"
}
total_teams() {
	on "$1" stats --unit "$2"
	awk '/^Tổng cộng/ {print $(NF-1)}' <<<"$OUT"
}
dsql() { sqlite3 -batch -noheader "$T/district.db" "$1"; }
# A fingerprint of everything the district holds.
fingerprint() {
	sqlite3 -batch -noheader "$T/district.db" \
		"SELECT (SELECT count(*) FROM audit), (SELECT count(*) FROM member), (SELECT count(*) FROM bundle_import),
		        (SELECT count(*) FROM bundle_conflict), (SELECT group_concat(phone, ',') FROM member)"
}

# The same official list in every office; each commune has its members.
for office in district $COMMUNES; do
	on "$office" import units "$UNITS"
	[ "$RC" -eq 0 ] || fail "import units into $office" "$ERR"
done
for code in $COMMUNES; do
	sed "s/^31933,/$code,/" "$MEMBERS" >"$T/members-$code.csv"
	on "$code" import members "$T/members-$code.csv"
	[ "$RC" -eq 0 ] || fail "import members into $code" "$ERR"
done
# The third commune has one more member.
printf '31891,,Đỗ Thị Giang,Nữ,1999,0977000111,,Thành viên,,\n' >>"$T/members-31891.csv"
on 31891 import members "$T/members-31891.csv"

expect_fail "export needs a file" "thiếu tên tệp" bundle export
DB=$T/31933.db expect_fail "unknown unit" "Không có đơn vị nào mang mã «999»" bundle export --unit 999 -o "$T/x.cnscd"

# First round: every commune sends its bundle.
for code in $COMMUNES; do
	DB=$T/$code.db expect_ok "export $code" bundle export --unit "$code" -o "$T/$code-1.cnscd"
	expect_out "export $code says what it wrote" "^Đã ghi gói dữ liệu .*$code-1.cnscd: [0-9]+ dòng dữ liệu"
done
mode=$(stat -c %a "$T/31933-1.cnscd")
expect_eq "a bundle is private (0600)" "$mode" 600
expect_eq "no temporary file is left" "$(find "$T" -name '*.cnscd.*' | wc -l)" 0
expect_eq "a bundle is an SQLite file with its header" \
	"$(sqlite3 "$T/31933-1.cnscd" "SELECT value FROM bundle_header WHERE key = 'root_code'")" 31933

DB=$T/district.db expect_fail "no import before the office unit is set" \
	"Chưa đặt đơn vị của cơ quan này.*cnscd settings office_unit" bundle import "$T/31933-1.cnscd"
expect_eq "nothing was imported without the office unit" \
	"$(sqlite3 "$T/district.db" "SELECT count(*) FROM bundle_import")" 0
DB=$T/district.db expect_ok "the district sets its office unit" settings office_unit 961
for code in $COMMUNES; do
	DB=$T/district.db expect_ok "import $code at the district" bundle import "$T/$code-1.cnscd"
done
expect_out "import reports what it did" "^Thêm mới: [0-9]+$"

sum_members=0 sum_teams=0
for code in $COMMUNES; do
	sum_members=$((sum_members + $(total_members "$code" "$code")))
	sum_teams=$((sum_teams + $(total_teams "$code" "$code")))
done
expect_eq "district members = sum of the communes" "$(total_members district 961)" "$sum_members"
expect_eq "district teams = sum of the communes" "$(total_teams district 961)" "$sum_teams"
expect_eq "16 members in all" "$sum_members" 16

before=$(fingerprint)
DB=$T/district.db expect_ok "re-import" bundle import "$T/31933-1.cnscd"
expect_out "re-import says nothing changed" "đã được nhập trước đây; không thay đổi gì"
expect_eq "re-import changes nothing" "$(fingerprint)" "$before"

# Second round: everyone edits. The same member (Nguyễn Văn An of 31933)
# is changed at the district and at the commune.
sqlite3 "$T/district.db" "UPDATE member SET phone = '0911111111', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
	WHERE full_name = 'Nguyễn Văn An' AND team_id IN (SELECT t.id FROM team t JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933')"
sqlite3 "$T/31933.db" "UPDATE member SET phone = '0922222222', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
	WHERE full_name = 'Nguyễn Văn An';
	UPDATE member SET position = 'Chi hội trưởng', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
	WHERE full_name = 'Lê Văn Cường'"
sqlite3 "$T/31924.db" "DELETE FROM member WHERE full_name = 'Võ Văn Em'"
printf '31891,,Bùi Văn Hải,Nam,1988,0977000222,,Thành viên,,\n' >>"$T/members-31891.csv"
on 31891 import members "$T/members-31891.csv"
for code in $COMMUNES; do
	DB=$T/$code.db expect_ok "export $code again" bundle export --unit "$code" -o "$T/$code-2.cnscd"
done
DB=$T/district.db expect_ok "import 31933's edits" bundle import "$T/31933-2.cnscd"
expect_out "one conflict" "^Xung đột: 1$"
expect_out "the other edit is taken" "^Cập nhật: 1$"
expect_out "the conflict is announced" "cnscd bundle conflicts"
DB=$T/district.db expect_ok "import 31924's deletion" bundle import "$T/31924-2.cnscd"
expect_out "the deletion is applied" "^Đã xoá: 1$"
DB=$T/district.db expect_ok "import 31891's new member" bundle import "$T/31891-2.cnscd"
expect_out "the new member is added" "^Thêm mới: 1$"

expect_eq "the local phone is kept" \
	"$(dsql "SELECT phone FROM member WHERE full_name = 'Nguyễn Văn An' AND team_id IN (SELECT t.id FROM team t JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933')")" \
	0911111111
expect_eq "the commune's other edit arrived" \
	"$(dsql "SELECT position FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933' AND full_name = 'Lê Văn Cường'")" \
	"Chi hội trưởng"
sum_members=0
for code in $COMMUNES; do sum_members=$((sum_members + $(total_members "$code" "$code"))); done
expect_eq "after round two, district = sum of the communes" "$(total_members district 961)" "$sum_members"

DB=$T/district.db expect_ok "conflicts" bundle conflicts
expect_out "the conflict is listed" "^#1  thành viên «Nguyễn Văn An» \(từ gói của 31933"
expect_out "both versions are shown" "Điện thoại: 0911111111 \| 0922222222"
expect_out "times are shown as dates" "Sửa lúc: [0-9]{2}/[0-9]{2}/[0-9]{4} [0-9:]{8} UTC \| [0-9]{2}/"
DB=$T/district.db expect_fail "resolve needs a choice" "--take local" bundle resolve 1
DB=$T/district.db expect_fail "unknown conflict" "Không có xung đột số này" bundle resolve 99 --take local
DB=$T/district.db expect_ok "take the incoming version" bundle resolve 1 --take incoming
expect_eq "the incoming phone is taken" \
	"$(dsql "SELECT phone FROM member WHERE full_name = 'Nguyễn Văn An' AND team_id IN (SELECT t.id FROM team t JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933')")" \
	0922222222
DB=$T/district.db expect_fail "a resolved conflict stays resolved" "đã được giải quyết" bundle resolve 1 --take local
DB=$T/district.db expect_ok "no open conflict" bundle conflicts
expect_out "nothing left" "Không có xung đột nào"

# The district reports upward in turn: the province receives the communes'
# rows (same uuids) through the district's bundle.
on province import units "$UNITS"
on province settings office_unit 95
DB=$T/district.db expect_ok "the district exports its subtree" bundle export --unit 961 -o "$T/961.cnscd"
DB=$T/province.db expect_ok "the province imports it" bundle import "$T/961.cnscd"
expect_eq "province members = district members" "$(total_members province 95)" "$(total_members district 95)"
expect_eq "a member keeps its uuid up the chain" \
	"$(sqlite3 "$T/province.db" "SELECT uuid FROM member WHERE full_name = 'Đỗ Thị Giang'")" \
	"$(sqlite3 "$T/31891.db" "SELECT uuid FROM member WHERE full_name = 'Đỗ Thị Giang'")"

# Damaged, newer and foreign files are refused and change nothing.
before=$(fingerprint)
size=$(stat -c %s "$T/31933-2.cnscd")
head -c $((size / 2)) "$T/31933-2.cnscd" >"$T/truncated.cnscd"
DB=$T/district.db expect_fail "a truncated bundle is refused" "bị hỏng|không phải gói" bundle import "$T/truncated.cnscd"
# One bit of a member's name flipped: SQLite cannot see it, the checksum does.
cp "$T/31933-2.cnscd" "$T/flipped.cnscd"
/usr/bin/python3 - "$T/flipped.cnscd" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
i = data.find('Trần Thị Bình'.encode())
data[i] ^= 0x01
open(sys.argv[1], 'wb').write(bytes(data))
EOF
DB=$T/district.db expect_fail "a bit-flipped bundle is refused" "mã kiểm tra không khớp" bundle import "$T/flipped.cnscd"
cp "$T/31933-2.cnscd" "$T/newer.cnscd"
sqlite3 "$T/newer.cnscd" "UPDATE bundle_header SET value = '99' WHERE key = 'schema_version'"
DB=$T/district.db expect_fail "a newer-schema bundle is refused" "phiên bản cnscd mới hơn" bundle import "$T/newer.cnscd"
echo "not a bundle" >"$T/text.cnscd"
DB=$T/district.db expect_fail "a text file is refused" "bị hỏng|không phải gói" bundle import "$T/text.cnscd"
cp "$T/31933.db" "$T/plain.cnscd"
DB=$T/district.db expect_fail "a database is not a bundle" "không phải gói dữ liệu cnscd" bundle import "$T/plain.cnscd"
DB=$T/district.db expect_fail "a missing file" "không có tệp này" bundle import "$T/none.cnscd"
# A unit outside the district's tree.
printf 'code,name,type,level,parent_code\n98,Tỉnh Thử Nghiệm,Tỉnh,1,\n98001,Xã Thử Nghiệm,Xã,3,98\n' >"$T/other-units.csv"
on other import units "$T/other-units.csv"
DB=$T/other.db expect_ok "export a foreign commune" bundle export --unit 98001 -o "$T/other.cnscd"
DB=$T/district.db expect_fail "a unit outside the tree is refused" "không thuộc cây đơn vị" bundle import "$T/other.cnscd"
DB=$T/31933.db expect_fail "a database does not import its own bundle" "chính cơ sở dữ liệu này" bundle import "$T/31933-2.cnscd"
expect_eq "refusals changed nothing" "$(fingerprint)" "$before"

# Arrivals per commune.
DB=$T/district.db expect_ok "status" bundle status
expect_out "arrival of 31933" "^31933	Xã Vĩnh Mỹ A	[0-9/]+ [0-9:]+	0 ngày trước$"
expect_no_out "nothing overdue yet" "QUÁ HẠN"
dsql "UPDATE bundle_import SET imported_at = '2020-01-01T00:00:00.000Z' WHERE unit_code = '31924'"
DB=$T/district.db expect_ok "status again" bundle status --unit 961
expect_out "an old arrival is overdue" "^31924	Xã Vĩnh Mỹ B	01/01/2020 00:00	[0-9]+ ngày trước	QUÁ HẠN$"

DB=$T/district.db expect_fail "within bounds" "từ 1 đến 3660" settings bundle_overdue_days 20000
DB=$T/district.db expect_ok "a shorter deadline" settings bundle_overdue_days 3000
DB=$T/district.db expect_ok "status with the setting" bundle status --unit 961
expect_out "the setting is used" "quá hạn sau 3000 ngày"
expect_no_out "nothing overdue within 3000 days" "31924.*QUÁ HẠN"

# A commune that never sent anything is overdue.
on district import units "$UNITS"
DB=$T/31933.db expect_ok "status with no arrivals" bundle status --unit 961
expect_out "never sent" "^31891	.*chưa nhận gói nào	QUÁ HẠN$"

# --since: only what changed, placed through rows the district has.
sqlite3 "$T/31933.db" "UPDATE member SET note = 'Mới', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now', '+1 day') WHERE full_name = 'Phạm Thị Dung'"
tomorrow=$(date -u -d tomorrow +%d/%m/%Y)
DB=$T/31933.db expect_ok "export --since" bundle export --unit 31933 --since "$tomorrow" -o "$T/since.cnscd"
expect_eq "--since carries the changed member only" \
	"$(sqlite3 "$T/since.cnscd" "SELECT count(*) FROM member")" 1
DB=$T/district.db expect_ok "import a --since bundle" bundle import "$T/since.cnscd"
expect_out "the change is taken" "^Cập nhật: 1$"
expect_eq "the note arrived" "$(dsql "SELECT note FROM member WHERE full_name = 'Phạm Thị Dung' AND team_id IN (SELECT t.id FROM team t JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933')")" "Mới"

t_done
