#!/usr/bin/env bash
# People who change teams (issue 14): "cnscd member move|show", identity by
# CCCD, leaders, merges of records and of teams, on real database files.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

expect_ok "init" init
expect_ok "units" import units "$FIXTURES/reorg-old-units.csv"
printf '%s\n' "unit_code,full_name,role,id_number,phone,joined" \
	"31933,Nguyễn Văn An,Tổ trưởng,095085000111,0912345678,01/01/2024" \
	"31933,Trần Thị Bình,Tổ phó,095085000123,0987654321,01/01/2024" \
	"31933,Lê Văn Cường,,,0911000111,01/01/2024" \
	"31891,Lê Minh Châu,Tổ trưởng,,,01/01/2024" >"$T/members.csv"
expect_ok "members" import members "$T/members.csv"

# --- member move -------------------------------------------------------------
expect_fail "move: who is needed" "cần --cccd SỐ, hoặc --phone SỐ cùng --name" member move --to 31891
expect_fail "move: where is needed" "cần --to MÃ_ĐƠN_VỊ" member move --cccd 095085000123
expect_fail "move: an unknown CCCD" "không có thành viên đang hoạt động nào mang số CCCD này" \
	member move --cccd 095085000999 --to 31891
expect_fail "move: a bad CCCD" "cần đúng 12 chữ số" member move --cccd 12345 --to 31891
expect_fail "move: an unknown unit" "không có đơn vị nào mang mã «99999»" member move --cccd 095085000123 --to 99999
expect_fail "move: a date to come" "còn ở phía trước" member move --cccd 095085000123 --to 31891 --date 01/01/2099
expect_fail "move: before she joined" "phải từ ngày vào tổ" member move --cccd 095085000123 --to 31891 --date 01/12/2023
expect_fail "move: as leader where there is one" "đã có tổ trưởng là Lê Minh Châu" \
	member move --cccd 095085000123 --to 31891 --date 01/03/2025 --role "Tổ trưởng"
before=$(sql "SELECT count(*) FROM member WHERE left_on IS NULL")
expect_ok "move by CCCD to a unit's team" member move --cccd 095085000123 --to 31891 --date 01/03/2025
expect_out "...says from where to where and when" \
	"^Đã chuyển Trần Thị Bình từ Tổ CNSCĐ Xã Vĩnh Mỹ A, Huyện Hoà Bình sang Tổ CNSCĐ Thị trấn Hòa Bình, Huyện Hoà Bình từ ngày 01/03/2025\.$"
expect_eq "...one record still" "$(sql "SELECT count(*) FROM member WHERE id_number = '095085000123'")" 1
expect_eq "...in the new team" "$(sql "SELECT u.code FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id WHERE m.id_number = '095085000123'")" 31891
expect_eq "...as a member there" "$(sql "SELECT role FROM member WHERE id_number = '095085000123'")" 3
expect_eq "...the count of members unchanged" "$(sql "SELECT count(*) FROM member WHERE left_on IS NULL")" "$before"
expect_ok "stats before the day" stats --unit 31933 --as-of 28/02/2025
expect_out "...count her in the old team" "^Tổng cộng +1 +1 +100% +1 +3$"
expect_ok "stats from the day" stats --unit 31933 --as-of 01/03/2025
expect_out "...count her in the new one" "^Tổng cộng +1 +1 +100% +1 +2$"
expect_ok "stats of the new unit now" stats --unit 31891
expect_out "...count her there" "^Tổng cộng +1 +1 +100% +1 +2$"
expect_fail "move again the same day" "ngày chuyển mới phải sau ngày đó" \
	member move --cccd 095085000123 --to 31933 --date 01/03/2025

expect_ok "show by phone and name without marks" member show --phone 0987654321 --name "tran thi binh"
expect_out "...her team" "^Tổ: Tổ CNSCĐ Thị trấn Hòa Bình, Huyện Hoà Bình$"
expect_out "...the transfer" "^  Chuyển từ Tổ CNSCĐ Xã Vĩnh Mỹ A, Huyện Hoà Bình sang Tổ CNSCĐ Thị trấn Hòa Bình, Huyện Hoà Bình ngày 01/03/2025$"
expect_out "...in the history too" "Chuyển thành viên «Trần Thị Bình» từ Tổ CNSCĐ Xã Vĩnh Mỹ A"
expect_ok "the log" log --limit 2
expect_out "...tells the transfer in words" "Chuyển thành viên «Trần Thị Bình» từ .* ngày 01/03/2025$"
expect_ok "undo the transfer" log --undo
expect_out "...names it" "^Đã hoàn tác: Chuyển thành viên «Trần Thị Bình»"
expect_eq "...back in her team" "$(sql "SELECT u.code FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id WHERE m.id_number = '095085000123'")" 31933
expect_eq "...her role back" "$(sql "SELECT role FROM member WHERE id_number = '095085000123'")" 2
expect_eq "...no transfer left" "$(sql "SELECT count(*) FROM member_move")" 0
expect_ok "move by phone and name, today" member move --phone 0911000111 --name "Lê Văn Cường" --to 31891
expect_out "...today's date" "từ ngày $(date +%d/%m/%Y)\.$"

# --- teams: list, merge, move, dissolve ----------------------------------------
printf '%s\n' "unit_code,team,full_name,role,joined" \
	"31891,Tổ CNSCĐ Khóm 1 cũ,Phạm Văn Em,Tổ trưởng,01/01/2024" \
	"31891,Tổ CNSCĐ Khóm 1 cũ,Võ Thị Giang,,01/01/2024" >"$T/team2.csv"
expect_ok "a second team in 31891" import members "$T/team2.csv"
expect_ok "team list" team list --unit 31891
expect_eq "...two teams, tab-separated with their numbers" "$(cut -f2,4,5,6 <<<"$OUT")" \
	"$(printf '31891\tTổ CNSCĐ Khóm 1 cũ\tPhạm Văn Em\t2\n31891\tTổ CNSCĐ Thị trấn Hòa Bình\tLê Minh Châu\t2')"
kept=$(sql "SELECT id FROM team WHERE name = 'Tổ CNSCĐ Thị trấn Hòa Bình'")
gone=$(sql "SELECT id FROM team WHERE name = 'Tổ CNSCĐ Khóm 1 cũ'")
other=$(sql "SELECT id FROM team WHERE name = 'Tổ CNSCĐ Xã Vĩnh Mỹ A'")
expect_fail "merge: needs --into" "cần TỔ_GỘP --into TỔ_GIỮ" team merge "$gone"
expect_fail "merge: across units" "cùng một đơn vị" team merge "$gone" --into "$other"
expect_fail "merge: an unknown team" "không có tổ số «999»" team merge 999 --into "$kept"
expect_fail "merge: a leader from elsewhere" "phải là một người đang ở một trong hai tổ" \
	team merge "$gone" --into "$kept" --leader 095085000111
expect_ok "merge by names, choosing the leader" team merge --unit 31891 "Tổ CNSCĐ Khóm 1 cũ" \
	--into "Tổ CNSCĐ Thị trấn Hòa Bình" --date 01/06/2025 --leader-id "$(sql "SELECT id FROM member WHERE full_name = 'Phạm Văn Em'")"
expect_out "...says what moved" "^Đã gộp Tổ CNSCĐ Khóm 1 cũ, Thị trấn Hòa Bình vào Tổ CNSCĐ Thị trấn Hòa Bình, Huyện Hoà Bình: 2 thành viên chuyển sang, 0 báo cáo tháng chuyển sang\.$"
expect_out "...and the leader" "^Tổ trưởng: Phạm Văn Em\.$"
expect_eq "...one leader" "$(sql "SELECT group_concat(full_name || ':' || role, ' ') FROM (SELECT * FROM member WHERE team_id = $kept AND left_on IS NULL AND role < 3 ORDER BY role, full_name)")" \
	"Phạm Văn Em:1 Lê Minh Châu:2"
expect_eq "...the merged team dissolved that day" "$(sql "SELECT dissolved FROM team WHERE id = $gone")" 2025-06-01
expect_ok "stats the day before" stats --unit 31891 --as-of 31/05/2025
expect_out "...two teams" "^Tổng cộng +1 +1 +100% +2 +[0-9]+$"
expect_ok "team list after" team list --unit 31891 --all
expect_out "...the merged team is dissolved" "Tổ CNSCĐ Khóm 1 cũ.*	giải thể 01/06/2025$"
expect_ok "the log names the merge" log --limit 1
expect_out "...in words" "Gộp Tổ CNSCĐ Khóm 1 cũ, Thị trấn Hòa Bình vào Tổ CNSCĐ Thị trấn Hòa Bình, Huyện Hoà Bình ngày 01/06/2025: 2 thành viên"
expect_ok "undo the merge" log --undo
expect_eq "...the team is back" "$(sql "SELECT count(*) FROM member WHERE team_id = $gone AND left_on IS NULL") $(sql "SELECT dissolved IS NULL FROM team WHERE id = $gone")" "2 1"
expect_ok "move a team to another unit" team move "$gone" --to 31933 --date 01/06/2025
expect_out "...says where" "^Đã chuyển Tổ CNSCĐ Khóm 1 cũ, Thị trấn Hòa Bình sang Tổ CNSCĐ Khóm 1 cũ, Xã Vĩnh Mỹ A\.$"
expect_ok "dissolve it" team dissolve "$gone" --date 02/06/2025
expect_out "...says so" "^Đã ghi giải thể Tổ CNSCĐ Khóm 1 cũ, Xã Vĩnh Mỹ A\.$"
expect_fail "...not twice" "đã giải thể ngày 02/06/2025" team dissolve "$gone"

# --- one person, one record ------------------------------------------------------
printf '%s\n' "unit_code,full_name,birth_year,phone,id_number" \
	"31891,Đỗ Thị Hạnh,1988,0977000111," \
	"31933,Do Thi Hanh,1988,,095088000777" >"$T/dupes.csv"
expect_ok "two records of one person" import members "$T/dupes.csv"
expect_ok "possible duplicates" member duplicates --unit 961
keep=$(sql "SELECT id FROM member WHERE full_name = 'Đỗ Thị Hạnh'")
other=$(sql "SELECT id FROM member WHERE full_name = 'Do Thi Hanh'")
expect_out "...the pair, with the reason" \
	"^$keep	Đỗ Thị Hạnh	1988	0977000111		Tổ CNSCĐ Thị trấn Hòa Bình, Huyện Hoà Bình	$other	Do Thi Hanh	1988		095088000777	Tổ CNSCĐ Xã Vĩnh Mỹ A, Huyện Hoà Bình	cùng họ tên và năm sinh$"
expect_eq "...only that pair" "$(wc -l <<<"$OUT")" 1
expect_fail "merge needs two numbers" "cần hai số thành viên" member merge "$keep"
expect_ok "merge them" member merge "$keep" "$other"
expect_out "...says so" "^Đã gộp hồ sơ Do Thi Hanh \(số $other\) vào hồ sơ Đỗ Thị Hạnh \(số $keep\)"
expect_eq "...one record with the CCCD and the phone" "$(sql "SELECT count(*) || ' ' || group_concat(phone || ' ' || id_number) FROM member WHERE full_name LIKE '%H_nh%' OR full_name LIKE '%Hạnh%'")" \
	"1 0977000111 095088000777"
expect_ok "no duplicates left" member duplicates --unit 961
expect_eq "...none" "$OUT" ""
expect_ok "her record shows both histories" member show --id "$keep"
expect_out "...the merge" "Gộp hồ sơ «Do Thi Hanh» \(Tổ CNSCĐ Xã Vĩnh Mỹ A, Huyện Hoà Bình\) vào hồ sơ «Đỗ Thị Hạnh»"
expect_out "...the other's own entry" "Thêm thành viên «Do Thi Hanh»"

# --- import members: a CCCD is one person ---------------------------------------------------
DB=$T/import.db
expect_ok "import: units" import units "$FIXTURES/reorg-old-units.csv"
printf '%s\n' "unit_code,full_name,role,id_number,joined" "31933,Nguyễn Văn An,Tổ trưởng,095085000111,01/01/2024" \
	"31933,Trần Thị Bình,,095085000123,01/01/2024" "31891,Lê Minh Châu,Tổ trưởng,,01/01/2024" >"$T/im.csv"
expect_ok "import: members" import members "$T/im.csv"
before=$(sql "SELECT count(*) FROM member WHERE left_on IS NULL")
printf '%s\n' "unit_code,full_name,id_number,phone" "31891,Trần Thị Bình,095085000123,0987654321" >"$T/move.csv"
expect_ok "import: her CCCD in another team moves her" import members "$T/move.csv"
expect_out "...the summary says so" "Chuyển tổ: 1 người"
expect_out "...naming her and both teams" "^dòng 2: Trần Thị Bình \(CCCD 095085000123\) chuyển từ Tổ CNSCĐ Xã Vĩnh Mỹ A, Huyện Hoà Bình sang Tổ CNSCĐ Thị trấn Hòa Bình, Huyện Hoà Bình$"
expect_eq "...the district's member count unchanged" "$(sql "SELECT count(*) FROM member WHERE left_on IS NULL")" "$before"
expect_eq "...one record, in the new team, with the phone from the file" \
	"$(sql "SELECT count(*) || ' ' || min(u.code) || ' ' || min(m.phone) FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id WHERE m.id_number = '095085000123'")" \
	"1 31891 0987654321"
expect_ok "import: her history" member show --cccd 095085000123
expect_out "...shows the transfer" "^  Chuyển từ Tổ CNSCĐ Xã Vĩnh Mỹ A, Huyện Hoà Bình sang Tổ CNSCĐ Thị trấn Hòa Bình, Huyện Hoà Bình ngày $(date +%d/%m/%Y)$"
dump=$(sqlite3 "$DB" "SELECT * FROM member; SELECT member_id, from_team_id, to_team_id FROM member_move" | md5sum)
expect_ok "import: the same file twice" import members "$T/move.csv"
expect_out "...changes nothing" "thêm mới 0, cập nhật 0, không đổi 1, bị loại 0 dòng\.$"
expect_eq "...really nothing" "$(sqlite3 "$DB" "SELECT * FROM member; SELECT member_id, from_team_id, to_team_id FROM member_move" | md5sum)" "$dump"
printf '%s\n' "unit_code,full_name,id_number,role" "31891,Nguyễn Văn An,095085000111,Tổ phó" >"$T/both.csv"
expect_ok "import: --keep-both records a second membership" import members --keep-both "$T/both.csv"
expect_out "...added" "thêm mới 1, cập nhật 0, không đổi 0"
expect_eq "...two memberships of one person" "$(sql "SELECT count(*) FROM member WHERE id_number = '095085000111' AND left_on IS NULL")" 2
expect_ok "import: stats" stats --unit 961
expect_out "...say how many people that is" "số người khác nhau là 3 \(1 người là thành viên của nhiều tổ, cùng số CCCD, chiếm 2 lượt\)"
printf '%s\n' "unit_code,team,full_name,id_number" "31891,Tổ mới,Nguyễn Văn An,095085000111" >"$T/which.csv"
expect_fail "import: a CCCD of two active members elsewhere: which one?" \
	"dòng 2, cột 4 \(id_number\): Số CCCD 095085000111 là của 2 thành viên đang hoạt động" import members "$T/which.csv"
expect_fail "--keep-both is for members" "--keep-both chỉ dùng với import members" import units --keep-both "$T/which.csv"

# --- bundles carry transfers and merges -------------------------------------------------
C=$T/commune.db D=$T/district.db
DB=$C expect_ok "bundle: the commune's units" import units "$FIXTURES/reorg-old-units.csv"
DB=$D expect_ok "bundle: the district's units" import units "$FIXTURES/reorg-old-units.csv"
printf '%s\n' "code,name,type,level,parent_code" "31933.01,Ấp 1,Ấp,4,31933" >"$T/bv.csv"
DB=$C expect_ok "bundle: a village" import units "$T/bv.csv"
printf '%s\n' "unit_code,team,full_name,role,id_number,joined" \
	"31933,,Nguyễn Văn An,Tổ trưởng,095085000111,01/01/2024" "31933,,Trần Thị Bình,,095085000123,01/01/2024" \
	"31933,Tổ CNSCĐ Ấp cũ,Lê Văn Cường,Tổ trưởng,,01/01/2024" "31933.01,,Võ Văn Ấp,Tổ trưởng,,01/01/2024" >"$T/bm.csv"
DB=$C expect_ok "bundle: members" import members "$T/bm.csv"
DB=$D expect_ok "bundle: the district is the office of 961" settings office_unit 961
DB=$C expect_ok "bundle: first sending" bundle export --unit 31933 -o "$T/b1.cnscd"
DB=$D expect_ok "bundle: first arrival" bundle import "$T/b1.cnscd"
DB=$C expect_ok "bundle: a merge at the commune" team merge --unit 31933 "Tổ CNSCĐ Ấp cũ" \
	--into "Tổ CNSCĐ Xã Vĩnh Mỹ A" --date 01/06/2025
DB=$C expect_ok "bundle: a transfer at the commune" member move --cccd 095085000123 --to 31933.01 --date 01/07/2025
DB=$C expect_ok "bundle: second sending" bundle export --unit 31933 -o "$T/b2.cnscd"
DB=$D expect_ok "bundle: second arrival" bundle import "$T/b2.cnscd"
DB=$D expect_ok "bundle: the person at the district" member show --cccd 095085000123
expect_out "...in her new team" "^Tổ: Tổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ A$"
expect_out "...her transfer with its date" "^  Chuyển từ Tổ CNSCĐ Xã Vĩnh Mỹ A, Huyện Hoà Bình sang Tổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ A ngày 01/07/2025$"
DB=$D expect_ok "bundle: the teams at the district" team list --unit 31933 --all
expect_out "...the merged team dissolved" "Tổ CNSCĐ Ấp cũ.*giải thể 01/06/2025$"
expect_out "...its member in the team kept" "Tổ CNSCĐ Xã Vĩnh Mỹ A	Nguyễn Văn An	2	$"
DB=$D expect_ok "bundle: as of before the merge at the district" stats --unit 31933 --as-of 31/05/2025
expect_out "...three teams, four members" "^Tổng cộng +2 +2 +100% +3 +4$"

# --- the reorganisation carried through --------------------------------------------
DB=$T/reorg.db
expect_ok "reorg: the old units with villages of one name" import units "$FIXTURES/reorg-old-units.csv"
printf '%s\n' "code,name,type,level,parent_code" "31891.01,Ấp 1,Ấp,4,31891" "31933.01,Ấp 1,Ấp,4,31933" \
	"31933.02,Ấp 2,Ấp,4,31933" >"$T/villages.csv"
expect_ok "reorg: villages" import units "$T/villages.csv"
printf '%s\n' "unit_code,full_name,role,id_number" "31933,Nguyễn Văn An,Tổ trưởng,095085000111" \
	"31933,Trần Thị Bình,,095085000123" "961,Lê Văn Huyện,Tổ trưởng," "31891,Lê Minh Châu,Tổ trưởng," >"$T/m.csv"
expect_ok "reorg: members" import members "$T/m.csv"
expect_ok "reorg: a session of the commune" training add --unit 31933 --title "Tập huấn VNeID" --date 05/11/2024
expect_ok "reorg: a session of the district" training add --unit 961 --title "Hội nghị huyện" --date 07/11/2024
printf '%s\n' "period,unit_code,team,indicator_code,value" "2024-11,31933,,VNEID_MUC2,40" >"$T/nov.csv"
expect_ok "reorg: November sent" import results --submit --by "Cán bộ xã" "$T/nov.csv"
expect_ok "reorg: November of Vĩnh Mỹ A approved" approve 31933 2024-11 --by "Cán bộ huyện"
expect_ok "reorg: the office is the district" settings office_unit 961
printf 'old_code,new_code\n32017,32025\n' >"$T/assign.csv"
expect_ok "reorg apply" reorg apply "$FIXTURES/reorg-mapping.csv" "$FIXTURES/reorg-units.csv" --assignments "$T/assign.csv"
expect_out "...carries the sessions" "^Lớp tập huấn chuyển theo tổ sang đơn vị mới: 2 "
expect_out "...says the office setting names a closed unit, and its successor" \
	"^Cần xem lại: Thiết lập «Đơn vị của cơ quan» \(office_unit\) là Huyện Hoà Bình \(mã 961\), đã giải thể 30/06/2025; nay thuộc Tỉnh Cà Mau \(mã 96\)\. Đặt lại: cnscd --db [^ ]+ settings office_unit 96"
expect_out "...the former district team" "^Cần xem lại: 1 tổ cấp huyện cũ đang ở cấp tỉnh"
expect_out "...the villages of one name" "^Cần xem lại: 2 thôn trùng tên trong xã sau sáp nhập"
expect_eq "...and ends with a line end" "$(printf '%s' "$OUT" | wc -l)" "$(($(printf '%s\n' "$OUT" | wc -l) - 1))"
cn reorg apply "$FIXTURES/reorg-mapping.csv" "$FIXTURES/reorg-units.csv" --assignments "$T/assign.csv" >/dev/null
"$CNSCD" --db "$DB" reorg status --unit 961 >"$T/status.txt"
expect_eq "reorg status ends its last line" "$(tail -c 1 "$T/status.txt" | od -An -c | tr -d ' ')" '\n'

expect_ok "sessions of the merged commune listed for its successor" training list --unit 31891
expect_out "...the commune's, its old organiser said" "	05/11/2024	Tập huấn VNeID	Xã Vĩnh Mỹ A \(cũ\)	"
expect_ok "the district's for the province" training list --unit 96
expect_out "...the district's session" "	07/11/2024	Hội nghị huyện	Huyện Hoà Bình \(cũ\)	"
expect_ok "as of the day before, where they were" training list --unit 31933 --as-of 30/06/2025
expect_out "...the commune ran it" "	05/11/2024	Tập huấn VNeID	Xã Vĩnh Mỹ A	"
expect_eq "...only its own" "$(sed 1d <<<"$OUT" | wc -l)" 1
expect_ok "the closed commune has none now" training list --unit 31933
expect_eq "...none" "$(sed 1d <<<"$OUT" | wc -l)" 0

expect_fail "a session for the closed commune is refused, naming the successor" \
	"Xã Vĩnh Mỹ A đã giải thể/sáp nhập 30/06/2025, nay thuộc Xã Hòa Bình \(mã 31891\): không thêm lớp tập huấn" \
	training add --unit 31933 --title "Mới" --date 01/12/2026
printf '%s\n' "unit_code,full_name" "31933,Người Mới" >"$T/closed.csv"
dump=$(sqlite3 "$DB" .dump | md5sum)
expect_fail "import of a member for the closed commune fails naming its successor" \
	"dòng 2, cột 1 \(unit_code\): Xã Vĩnh Mỹ A đã giải thể/sáp nhập 30/06/2025, nay thuộc Xã Hòa Bình \(mã 31891\): không thêm thành viên" \
	import members "$T/closed.csv"
expect_eq "...writing nothing" "$(sqlite3 "$DB" .dump | md5sum)" "$dump"
expect_fail "a member moved to the closed district is refused, naming the successor" \
	"Huyện Hoà Bình đã giải thể/sáp nhập 30/06/2025, nay thuộc Tỉnh Cà Mau \(mã 96\)" \
	member move --cccd 095085000123 --to 961

expect_ok "settings" settings
expect_out "...the office unit says it is gone and names the successor" \
	"^office_unit +961 \(Huyện Hoà Bình — đã giải thể 30/06/2025; đơn vị kế thừa: Tỉnh Cà Mau, mã 96\)$"
expect_eq "...and warns" "$(grep -cE "Đặt lại: cnscd --db [^ ]+ settings office_unit 96" <<<"$ERR")" 1
expect_ok "a report of the province" export summary --unit 96 -o "$T/summary.xlsx"
expect_eq "...warns on the terminal" "$(grep -c "Huyện Hoà Bình (mã 961), đã giải thể" <<<"$ERR")" 1
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	heading=$(/usr/bin/python3 - "$T/summary.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print(ws.cell(1, 1).value)
notes = wb.worksheets[1]
print(any("Huyện Hoà Bình (mã 961), đã giải thể" in str(c.value) for row in notes.iter_rows() for c in row))
print(any("Riêng Tỉnh Cà Mau (gồm 1 tổ cấp huyện cũ)" == str(c.value) for row in ws.iter_rows() for c in row))
PY
)
	expect_eq "...headed by an open unit, the closed office said in the notes, the district team named" "$heading" \
		"$(printf 'UBND TỈNH CÀ MAU\nTrue\nTrue')"
fi
expect_ok "the successor set" settings office_unit 96
expect_ok "...settings quiet again" settings
expect_eq "...no warning" "$ERR" ""

expect_ok "approvals of the successor's month" approval --unit 31891 2024-11
expect_out "...show the merged commune's, as history" "^31933	Xã Vĩnh Mỹ A \(đơn vị cũ, đã sáp nhập vào đơn vị này\)	Đã duyệt	.*	Cán bộ huyện	"

expect_ok "the villages of one name" reorg villages --unit 31891
expect_eq "...each with its former commune" "$(cut -f1,2 <<<"$OUT")" \
	"$(printf '31891.01\tẤp 1 (Thị trấn Hòa Bình cũ)\n31933.01\tẤp 1 (Xã Vĩnh Mỹ A cũ)')"
expect_ok "...labelled in the roster too" export roster --unit 31891 -o -
expect_ok "search says what a closed commune became" search "vinh my a"
expect_out "...its successor" "Xã Vĩnh Mỹ A \(đã giải thể 30/06/2025, nay thuộc Tỉnh Cà Mau › Xã Hòa Bình\)"

expect_ok "the former district team listed as such" team list --unit 96
expect_out "...with what to do" "Tổ CNSCĐ Huyện Hoà Bình	Lê Văn Huyện	1	tổ cấp huyện cũ \(Huyện Hoà Bình\): chuyển về xã hoặc giải thể$"
expect_ok "stats name it" stats --unit 96
expect_out "...as a former district team" "^Trong số tổ cấp tỉnh có 1 tổ cấp huyện cũ"
expect_ok "moved to a commune" team move --unit 96 "Tổ CNSCĐ Huyện Hoà Bình" --to 31891
expect_ok "stats after" stats --unit 96
expect_no_out "...no former district team left" "tổ cấp huyện cũ"
expect_ok "the province as of before the reorganisation" stats --unit 961 --as-of 30/06/2025
expect_out "...still counts the district team there" "^Cấp huyện +1 +1 +100% +1 +1$"

# --- the issue's own check, on the official lists (inside cnscd) with the Hoà Bình example ---
DB=$T/hoabinh.db
expect_ok "official: the 2024 list" init --units 2024
"$(dirname "$CNSCD")/tests/seed_field_example" "$DB" || fail "official: seed the field example"
expect_ok "official: a session of Vĩnh Mỹ A" training add --unit 31933 --title "Tập huấn VNeID" --date 05/11/2024
expect_ok "official: reorg apply" reorg apply 2025 --split-rule largest
expect_ok "official: sessions of Xã Hòa Bình" training list --unit 31891
expect_out "...list the merged commune's" "	05/11/2024	Tập huấn VNeID	Xã Vĩnh Mỹ A \(cũ\)	"
dump=$(sqlite3 "$DB" .dump | md5sum)
expect_fail "official: a member for the closed commune, naming its successor" \
	"Xã Vĩnh Mỹ A đã giải thể/sáp nhập 30/06/2025, nay thuộc Xã Hòa Bình \(mã 31891\)" import members "$T/closed.csv"
expect_eq "official: ...writing nothing" "$(sqlite3 "$DB" .dump | md5sum)" "$dump"

t_done
