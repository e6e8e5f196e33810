#!/usr/bin/env bash
# "cnscd reorg": the reorganisation of 1 July 2025, on a small world of real
# rows (tests/fixtures/reorg-*.csv), then on the official lists with the
# field example of Huyện Hoà Bình.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
SEED=$(dirname "$CNSCD")/tests/seed_field_example
MAP=$FIXTURES/reorg-mapping.csv
UNITS=$FIXTURES/reorg-units.csv

dump() { sqlite3 "$DB" .dump | md5sum; }

# --- a small world -------------------------------------------------------------
expect_ok "init" init --units none
expect_ok "status before any reorganisation" reorg status
expect_out "...says there is none" "^Chưa có lần sắp xếp đơn vị hành chính nào"
expect_ok "old units" import units "$FIXTURES/reorg-old-units.csv"
printf 'unit_code,full_name,role\n961,Nguyễn Văn An,Tổ trưởng\n961,Trần Thị Bình,\n31933,Lê Minh Châu,Tổ trưởng\n32017,Phạm Thị Diệu,Tổ trưởng\n' \
	>"$T/members.csv"
expect_ok "members" import members "$T/members.csv"

expect_fail "no subcommand" "cần apply hoặc status" reorg
expect_fail "unknown subcommand" "không có lệnh «undo»" reorg undo
expect_fail "one file only" "cần hai tệp" reorg apply "$MAP"
expect_fail "bad split rule" "--split-rule «biggest» không hợp lệ" reorg apply "$MAP" "$UNITS" --split-rule biggest
expect_fail "bad date" "Ngày hiệu lực" reorg apply "$MAP" "$UNITS" --date 31/02/2025

before=$(dump)
expect_fail "bad mapping is refused" "có 5 vấn đề; chưa thay đổi gì" reorg apply "$FIXTURES/reorg-mapping-bad.csv" "$UNITS"
expect_fail "...names the line of an unknown new code" "reorg-mapping-bad.csv, dòng 5: mã mới «99999» không có trong reorg-units.csv" \
	reorg apply "$FIXTURES/reorg-mapping-bad.csv" "$UNITS"
expect_fail "...and an old commune missing from it" "Xã Tắc Vân \(32029\): xã cũ của cơ sở dữ liệu không có dòng nào" \
	reorg apply "$FIXTURES/reorg-mapping-bad.csv" "$UNITS"
expect_eq "...and changes nothing" "$(dump)" "$before"
expect_eq "...and makes no backup" "$(ls "$T/backups" 2>/dev/null | grep -c before-reorg)" 0

expect_fail "ask: split commune with a team" "1 đơn vị cũ bị chia cho nhiều đơn vị mới" reorg apply "$MAP" "$UNITS"
expect_fail "...lists it and its candidates" \
	"32017 Phường 6 \(0 thôn, 1 tổ\) → 32025 Phường Tân Thành \(nhận 3 đơn vị cũ\), 32041 Phường Hòa Thành \(nhận 4 đơn vị cũ\)" \
	reorg apply "$MAP" "$UNITS"
expect_fail "...and says how to answer" "--assign 32017=32025" reorg apply "$MAP" "$UNITS"
expect_eq "...and changes nothing" "$(dump)" "$before"

printf 'old_code,new_code\n32017,32025\n' >"$T/assign.csv"
expect_ok "apply with an assignment file" reorg apply "$MAP" "$UNITS" --assignments "$T/assign.csv" \
	--resolution "NQ 1655/NQ-UBTVQH15"
expect_out "summary: units closed" "^Đơn vị cũ đã đóng: 7 \(tỉnh 1, huyện 2, xã 4\)$"
expect_out "summary: units kept" "^Đơn vị giữ mã, vẫn hoạt động: 4 \(đổi tên, loại hoặc cấp trên: 3\)$"
expect_out "summary: teams moved" "^Tổ chuyển đơn vị: 3, trong đó tổ cấp huyện: 1"
expect_out "summary: the district team" "^Tổ cấp huyện «Tổ CNSCĐ Huyện Hoà Bình» \(Huyện Hoà Bình, 961; 2 thành viên\) chuyển về Tỉnh Cà Mau \(96\)$"
expect_out "summary: members unchanged" "^Thành viên đang hoạt động: 4 trước, 4 sau \(không đổi\)"
expect_out "summary: the rows about other units" "^Bỏ qua 1 dòng của bảng chuyển đổi"
expect_eq "the assigned target got the team" \
	"$(sql "SELECT u.code FROM team t JOIN unit u ON u.id = t.unit_id WHERE t.name LIKE '%Phường 6'")" 32025
backup=$(ls "$T"/backups/test-*-before-reorg.db 2>/dev/null | head -1)
expect_eq "a backup was made first" "$([ -n "$backup" ] && stat -c %a "$backup")" 600
expect_eq "...holding the old state" "$(sqlite3 "$backup" 'SELECT count(*) FROM unit WHERE valid_to IS NULL')" 11

after=$(dump)
expect_ok "a second run" reorg apply "$MAP" "$UNITS" --assignments "$T/assign.csv" --assign 961=31891
expect_out "...says nothing changes" "^Không có gì thay đổi: cơ sở dữ liệu đã ở cơ cấu từ 01/07/2025"
expect_eq "...and changes nothing" "$(dump)" "$after"
expect_eq "...and makes no second backup" "$(ls "$T/backups" 2>/dev/null | grep -c before-reorg)" 1

expect_ok "status" reorg status
expect_out "status: the date and resolution" "^Sắp xếp đơn vị hành chính có hiệu lực từ 01/07/2025 \(căn cứ: NQ 1655/NQ-UBTVQH15\):$"
expect_out "status: closed by level" "^  Đơn vị cũ đã đóng: tỉnh 1, huyện 2, xã 4$"
expect_out "status: teams moved" "^  Tổ chuyển đơn vị: 3; thôn chuyển sang đơn vị mới: 0$"
expect_ok "status of a unit" reorg status --unit 961
expect_out "...its successor" "^  01/07/2025: Huyện Hoà Bình \(961\) → Tỉnh Cà Mau \(96\): sáp nhập vào$"
expect_out "...its team" "«Tổ CNSCĐ Huyện Hoà Bình» \(2 thành viên\) từ Huyện Hoà Bình \(961\) sang Tỉnh Cà Mau \(96\)"
expect_ok "status of a kept unit" reorg status --unit 31891
expect_out "...by its old name" "^  01/07/2025: Thị trấn Hòa Bình \(31891\) → Xã Hòa Bình \(31891\): đổi tên/mã/cấp trên$"
expect_ok "every record" reorg status --all
expect_eq "...one line each" "$(wc -l <<<"$OUT")" 13
expect_out "...tab-separated" "^01/07/2025	sáp nhập vào	31933	Xã Vĩnh Mỹ A	31891	Xã Hòa Bình	NQ 1655/NQ-UBTVQH15$"
expect_ok "every team move" reorg status --teams
expect_eq "...one line each" "$(wc -l <<<"$OUT")" 3

expect_ok "search by an old name" search "vinh my a"
expect_out "...says what it became" "^Đơn vị	Xã Vĩnh Mỹ A \(đã giải thể 30/06/2025, nay thuộc Tỉnh Cà Mau › Xã Hòa Bình\)	Tỉnh Bạc Liêu › Huyện Hoà Bình › Xã Vĩnh Mỹ A$"

# --- the official lists ----------------------------------------------------------
DB=$T/official.db
U24=$OFFICIAL/units-2024.csv
U25=$OFFICIAL/units-2025.csv
M25=$OFFICIAL/mapping-2025.csv
expect_ok "official: import the 2024 list" import units "$U24"
"$SEED" "$DB" || fail "official: seed the field example on the imported list"
expect_ok "official: the field example before" stats --unit 961
stats_before=$OUT
expect_out "official: 542 members before" "^Tổng cộng         77     77         100%     77         542$"
whole_before=$(sed 1d <<<"$("$CNSCD" --db "$DB" stats)")
cp "$DB" "$T/before.db"

start=$(date +%s%N)
expect_ok "official: apply mapping-2025 + units-2025" reorg apply "$M25" "$U25" --split-rule largest
ms=$((($(date +%s%N) - start) / 1000000))
echo "    reorg apply on the official lists: $ms ms"
expect_out "official: units closed" "^Đơn vị cũ đã đóng: 7.445 \(tỉnh 29, huyện 696, xã 6.720\)$"
expect_out "official: 459 splits by the rule" "^Đơn vị cũ bị chia tách: 459 \(thôn và tổ theo chỉ định: 0, theo quy tắc «largest»: 459\)$"
expect_out "official: members unchanged" "^Thành viên đang hoạt động: 542 trước, 542 sau \(không đổi\); trong các tổ đã chuyển: 54$"
expect_out "official: the district team goes to the province" "^Tổ cấp huyện «Tổ CNSCĐ Huyện Hoà Bình» \(Huyện Hoà Bình, 961; 7 thành viên\) chuyển về Tỉnh Cà Mau \(96\)$"

old_communes="u.level = 3 AND u.valid_from IS NULL"
expect_eq "official: all 10,035 old communes have a successor" \
	"$(sql "SELECT count(*) FROM unit u WHERE $old_communes AND EXISTS (SELECT 1 FROM unit_succession s WHERE s.old_unit_id = u.id)")" 10035
expect_eq "official: every old commune not going on under its code is closed on 30/06/2025" \
	"$(sql "SELECT count(*) FROM unit u WHERE $old_communes AND NOT EXISTS (SELECT 1 FROM unit_succession s WHERE s.old_unit_id = u.id AND s.new_unit_id = u.id) AND (u.valid_to IS NULL OR u.valid_to <> '2025-06-30')")" 0
expect_eq "official: every successor is open" \
	"$(sql "SELECT count(*) FROM unit_succession s JOIN unit n ON n.id = s.new_unit_id WHERE n.valid_to IS NOT NULL")" 0
expect_eq "official: no district is left open" "$(sql "SELECT count(*) FROM unit WHERE level = 2 AND valid_to IS NULL")" 0
# The open tree is the 2025 list, row for row.
expect_eq "official: the open units are units-2025.csv" \
	"$(sql "SELECT u.code || ',' || u.name || ',' || u.type || ',' || coalesce(p.code, '') FROM unit u LEFT JOIN unit p ON p.id = u.parent_id WHERE u.valid_to IS NULL AND u.level < 4" | LC_ALL=C sort | md5sum)" \
	"$(tail -n +2 "$U25" | awk -F, '{print $1 "," $2 "," $3 "," $5}' | LC_ALL=C sort | md5sum)"
expect_eq "official: 96 is Tỉnh Cà Mau in the 2025 list" "$(grep -c '^96,Tỉnh Cà Mau,Tỉnh,1,$' "$U25")" 1

expect_ok "official: Tỉnh Cà Mau now" stats --unit 96
expect_out "official: 542 members under Tỉnh Cà Mau" "^Tổng cộng +[0-9.]+ +[0-9.]+ +[0-9,%]+ +77 +542$"
expect_out "official: its 68 villages" "^Cấp thôn          68     68         100%     68         458$"
expect_ok "official: the district as of 30/06/2025" stats --as-of 30/06/2025 --unit 961
expect_out "official: ...says the date" "^Thống kê Tổ CNSCĐ: Tỉnh Bạc Liêu › Huyện Hoà Bình \(tại ngày 30/06/2025\)$"
expect_eq "official: ...reports the field example as before" "$(sed 1d <<<"$OUT")" "$(sed 1d <<<"$stats_before")"
expect_ok "official: the whole country as of 30/06/2025" stats --as-of 30/06/2025
expect_eq "official: ...is the country before" "$(sed 1d <<<"$OUT")" "$whole_before"
expect_ok "official: the whole country now" stats
expect_out "official: 34 provinces" "^Cấp tỉnh          34      1"
expect_out "official: 3,321 communes" "^Cấp xã         3.321"

expect_ok "official: search hoa binh" search "hoa binh"
expect_out "official: Huyện Hoà Bình is closed, now in Tỉnh Cà Mau" \
	"^Đơn vị	Huyện Hoà Bình \(đã giải thể 30/06/2025, nay thuộc Tỉnh Cà Mau\)	Tỉnh Bạc Liêu › Huyện Hoà Bình$"
expect_ok "official: search its old town" search "thi tran hoa binh"
expect_out "official: Thị trấn Hòa Bình is now Xã Hòa Bình" \
	"^Đơn vị	Xã Hòa Bình \(trước 01/07/2025: Thị trấn Hòa Bình\)	Tỉnh Cà Mau › Xã Hòa Bình$"

after=$(dump)
backups=$(ls "$T/backups" 2>/dev/null | grep -c 'official-.*before-reorg')
expect_ok "official: a second run" reorg apply "$M25" "$U25" --split-rule largest
expect_out "official: ...is a no-op" "^Không có gì thay đổi"
expect_eq "official: ...changes nothing" "$(dump)" "$after"
expect_eq "official: ...and makes no backup" "$(ls "$T/backups" 2>/dev/null | grep -c 'official-.*before-reorg')" "$backups"

# Ask, on the official lists: a team in a split commune (Phường 6, Cà Mau).
DB=$T/ask.db
cp "$T/before.db" "$DB"
printf 'unit_code,full_name\n32017,Võ Thị Yến\n' >"$T/p6.csv"
expect_ok "official: a team in Phường 6" import members "$T/p6.csv"
expect_fail "official: ask lists the split commune" \
	"32017 Phường 6 \(0 thôn, 1 tổ\) → 32025 Phường Tân Thành \(nhận 7 đơn vị cũ\), 32041 Phường Hòa Thành \(nhận 6 đơn vị cũ\)" \
	reorg apply "$M25" "$U25"
expect_ok "official: largest sends it to the larger" reorg apply "$M25" "$U25" --split-rule largest
expect_eq "official: ...Phường Tân Thành" \
	"$(sql "SELECT u.code FROM team t JOIN unit u ON u.id = t.unit_id WHERE t.name LIKE '%Phường 6'")" 32025

# Killed halfway: all or nothing.
DB=$T/killed.db
cp "$T/before.db" "$DB"
"$CNSCD" --db "$DB" reorg apply "$M25" "$U25" --split-rule largest >/dev/null 2>&1 &
pid=$!
# Kill it once the transaction has written a megabyte (or it has ended).
for _ in $(seq 250); do
	[ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -gt 1000000 ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.02
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
expect_eq "official: killed: the file is sound" "$(sql 'PRAGMA integrity_check')" ok
state=$(sql "SELECT (SELECT count(*) FROM unit_succession) || '/' || (SELECT count(*) FROM unit WHERE valid_to IS NOT NULL) || '/' || (SELECT count(*) FROM team_move)")
case $state in
0/0/0) pass "official: killed: nothing applied (the old state, $state)" ;;
11345/7445/6) pass "official: killed: everything applied ($state)" ;;
*) fail "official: killed: all or nothing" "got records/closed/moves $state" ;;
esac
expect_ok "official: killed: a run afterwards finishes the job" reorg apply "$M25" "$U25" --split-rule largest
expect_eq "official: killed: ...with 542 members under Tỉnh Cà Mau" \
	"$(sql "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id WHERE u.path >= (SELECT path FROM unit WHERE code = '96') AND u.path < (SELECT path FROM unit WHERE code = '96') || '~'")" 542

t_done
