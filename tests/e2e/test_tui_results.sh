#!/usr/bin/env bash
# The monthly grid by member and the drill-down of the results view: a
# team's month typed member by member shows the team's figure as their
# sum (kept by the core, read-only in the grid); the province's results
# drill down to the district, its own teams, a team's members, a team's
# grid, a village's teams, and back up with the cursor kept.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$(dirname "$CNSCD")/tests/seed_field_example" "$DB" || fail "seed the field example"
# The middle of this month: last month is the latest whose reports are owed.
export CNSCD_TODAY=$(date +15/%m/%Y)
month=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)
shown=$(date -d "$(date +%Y-%m-01) -1 month" +%m/%Y)
# A second team of the district, whose month is sent by file, unsplit.
sql "INSERT INTO team(unit_id, name, search_key) SELECT id, 'Tổ CNSCĐ số 2', 'to cnscd so 2' FROM unit WHERE code = '961'"
printf 'period,unit_code,team,indicator_code,value\n%s,961,Tổ CNSCĐ số 2,HO_HUONG_DAN,30\n' "$month" >"$T/r.csv"
expect_ok "the preparer named in the settings" settings preparer_name "Lê Thị Lập"
expect_ok "the second team's month imported and sent" import results --submit "$T/r.csv"
team_sum="SELECT r.value FROM result r JOIN report p ON p.id = r.report_id JOIN team t ON t.id = p.team_id
	  WHERE t.name = 'Tổ CNSCĐ Huyện Hoà Bình' AND p.period = '$month' AND r.member_id IS NULL"
tui_start

# --- The grid, member by member ---
keys Enter
wait_for "Huyện Hoà Bình"
keys t
expect_screen "teams of the district" "Tổ CNSCĐ Huyện Hoà Bình"
keys k
expect_screen "k opens last month's grid" "Kết quả tháng $shown — Tổ CNSCĐ Huyện Hoà Bình"
expect_screen "the status line offers the member columns" "T Thành viên"
expect_not_screen "no member columns at first" "Cả tổ"
keys T
expect_screen "t: the team's column" "Cả tổ"
expect_screen "t: a column per member, the leader first" "Nguyễn Văn An"
expect_screen "the cursor is on the leader's cell" "Ô: Nguyễn Văn An, HO_HUONG_DAN"
keys 5 Tab 3 Tab
type_text "4"
keys Tab
wait_for "Ô: Lê Minh Châu"
line=$(screen_line "HO_HUONG_DAN")
# The columns scrolled to keep the cursor's in sight: the team's stays.
if [[ "$line" =~ HO_HUONG_DAN\ .*\ 12\ +3\ +4\ +–$ ]]; then pass "the team's figure is the members' sum"
else fail "the team's figure is the members' sum" "$line"; fi
expect_eq "members' values saved as the cursor left them" \
	"$(sql "SELECT group_concat(value, ',') FROM (SELECT value FROM result WHERE member_id IS NOT NULL ORDER BY id)")" "5,3,4"
expect_eq "the core stored the sum as the team's figure" "$(sql "$team_sum")" 12
type_text "x"
expect_screen "a letter is refused in a member's cell" "Chỉ gõ chữ số"
# A narrower screen keeps the cursor's column in sight.
tmux -L "$SOCK" resize-window -x 80 -y 24
wait_for "Lê Minh Châu"
line=$(screen | sed -n 3p)
if [[ "$line" =~ Cả\ tổ.*Lê\ Minh\ Châu ]]; then pass "after a resize: the team's column and the cursor's"
else fail "after a resize: the team's column and the cursor's" "$line"; fi
tmux -L "$SOCK" resize-window -x 100 -y 30
# The team's cell of a split indicator cannot be typed over.
keys Left Left Left Left Left
expect_screen "← goes back to the team's cell" "Ô: cả tổ, HO_HUONG_DAN (hộ) = tổng các thành viên"
keys 9
expect_screen "the team's sum is read-only" "số của cả tổ là tổng của họ"
# Shift-Tab at the start of a row goes to the end of the row above; Tab
# at the end of a row to the start of the next (the unsplit team cell).
keys Down
wait_for "Ô: cả tổ, NGUOI_HUONG_DAN"
keys 2 0 BTab
expect_screen "Shift-Tab from the first cell: the last member of the row above" "HO_HUONG_DAN (hộ)"
expect_eq "an unsplit team figure is typed as before" "$(sql "SELECT r.value FROM result r JOIN indicator i ON i.id = r.indicator_id WHERE i.code = 'NGUOI_HUONG_DAN'")" 20
keys Tab
expect_screen "Tab at the end of a row: the next row's team cell" "Ô: cả tổ, NGUOI_HUONG_DAN"
# Submitted: read-only with a notice.
keys g
expect_screen "submit asks first" "Gửi báo cáo tháng $shown"
keys g
expect_screen "submitted" "Đã gửi — chỉ xem"
expect_eq "submitted by the preparer of the settings, not asked" \
	"$(sql "SELECT DISTINCT submitted_by FROM report")" "Lê Thị Lập"
keys Right 7
expect_screen "a submitted report is read-only" "đã gửi: chỉ xem"
keys Tab
sleep 0.3
expect_eq "nothing changed after submitting" "$(sql "SELECT count(*) FROM result WHERE value = 7")" 0
keys Escape
expect_screen "Esc closes the grid" "Các tổ của đơn vị"
keys Escape
wait_for "Danh sách đơn vị"

# --- The results view, down to the teams and members ---
keys k
expect_screen "k opens the results view" "Kết quả hoạt động tháng $shown — Tỉnh Bạc Liêu"
line=$(screen_line "Huyện Hoà Bình")
if [[ "$line" =~ Huyện\ Hoà\ Bình\ +2/78\ .*\ 42\ +20\ +0\ +0\ +0$ ]]; then
	pass "district row: both teams' figures, five indicators across 100 columns"
else fail "district row" "$line"; fi
expect_screen "indicators named in the header, not coded" "Hộ gia"
expect_not_screen "no indicator code" "HO_HUONG_DAN"
expect_screen "the on-time rate has a column" "Đúng"
keys Enter
expect_screen "Enter drills down to the district" "— Tỉnh Bạc Liêu › Huyện Hoà Bình"
line=$(screen_line "Các tổ trực thuộc")
if [[ "$line" =~ Các\ tổ\ trực\ thuộc.*2/2\ +100%\ +0%\ +42\ +20 ]]; then pass "own-teams row"; else fail "own-teams row" "$line"; fi
keys Enter
expect_screen "Enter on the own-teams row: the teams" "Huyện Hoà Bình › Các tổ"
line=$(screen_line "Tổ CNSCĐ Huyện Hoà Bình")
if [[ "$line" =~ Tổ\ CNSCĐ\ Huyện\ Hoà\ Bình\ +1/1\ +100%\ +0%\ +12\ +20 ]]; then pass "first team row"; else fail "first team row" "$line"; fi
line=$(screen_line "Tổ CNSCĐ số 2")
if [[ "$line" =~ Tổ\ CNSCĐ\ số\ 2\ +1/1\ +100%\ +0%\ +30\ +0 ]]; then pass "second team row"; else fail "second team row" "$line"; fi
line=$(screen_line "Tổng cộng")
if [[ "$line" =~ Tổng\ cộng\ +2/2\ +100%\ +0%\ +42\ +20 ]]; then pass "teams add up to the unit's figure"; else fail "teams total" "$line"; fi
keys Enter
expect_screen "Enter on a split team: its members" "Huyện Hoà Bình › Tổ CNSCĐ Huyện Hoà Bình"
line=$(screen_line "Trần Thị Bình")
if [[ "$line" =~ Trần\ Thị\ Bình\ +3\ +0 ]]; then pass "a member's figures"; else fail "member row" "$line"; fi
line=$(screen_line "Cả tổ (không chia")
if [[ "$line" =~ Cả\ tổ\ \(không\ chia.*\ +0\ +20\ +0\ +0\ +0$ ]]; then pass "the team's unsplit figures have a row"
else fail "unsplit row" "$line"; fi
line=$(screen_line "Tổng cộng")
if [[ "$line" =~ Tổng\ cộng\ +12\ +20 ]]; then pass "members add up to the team's figure"; else fail "members total" "$line"; fi
keys BSpace
expect_screen "Backspace: back to the teams" "Huyện Hoà Bình › Các tổ"
# An unsplit team opens its grid at the view's month.
keys Down Enter
expect_screen "Enter on an unsplit team: its grid" "Kết quả tháng $shown — Tổ CNSCĐ số 2"
keys Escape
expect_screen "Esc: back to the teams" "Huyện Hoà Bình › Các tổ"
keys Up Enter
expect_screen "the members again" "› Tổ CNSCĐ Huyện Hoà Bình"
keys BSpace
wait_for "Huyện Hoà Bình › Các tổ"
keys BSpace
if wait_gone "› Các tổ"; then pass "Backspace: back to the district"; else fail "Backspace: back to the district" "$(screen)"; fi
keys Enter
expect_screen "the cursor was kept on the own-teams row" "Huyện Hoà Bình › Các tổ"
keys BSpace
wait_for "Các tổ trực thuộc"
# A village has only its own teams: Enter shows them at once.
keys Down Enter
wait_for "Kết quả hoạt động tháng $shown — Tỉnh Bạc Liêu › Huyện Hoà Bình › "
keys Down Enter
expect_screen "a village opens on its teams" " 1 › Các tổ"
keys BSpace BSpace BSpace
expect_screen "back at the province" "! Huyện Hoà Bình"

# --- By level: c, then a level's units, then a unit's teams ---
keys C
expect_screen "c: the province by level" "— Tỉnh Bạc Liêu › Theo cấp"
line=$(screen_line "Cấp huyện")
if [[ "$line" =~ Cấp\ huyện\ +2/2\ +100%\ +0%\ +42\ +20 ]]; then pass "district level row"; else fail "district level row" "$line"; fi
line=$(screen_line "Cấp thôn")
if [[ "$line" =~ ^!\ Cấp\ thôn\ +0/68\ +0%\ +0%\ +0\ +0 ]]; then pass "village level row, marked"; else fail "village level row" "$line"; fi
line=$(screen_line "Tổng cộng")
if [[ "$line" =~ Tổng\ cộng\ +2/78\ .*\ 42\ +20 ]]; then pass "levels add up to the province"; else fail "levels total" "$line"; fi
keys Enter
expect_screen "Enter on a level: its units" "— Tỉnh Bạc Liêu › Cấp huyện"
line=$(screen_line "Huyện Hoà Bình (Tỉnh")
if [[ "$line" =~ \ +2/2\ +100%\ +0%\ +42\ +20 ]]; then pass "a unit of the level, with its parent"; else fail "level unit row" "$line"; fi
keys Enter
expect_screen "Enter on a unit of the level: its teams" "Huyện Hoà Bình › Các tổ"
keys BSpace
expect_screen "Backspace: the level's units" "› Cấp huyện"
keys BSpace Down Down
wait_for "› Theo cấp"
keys Enter
expect_screen "the villages, with their communes" "Ấp 1 (Xã Minh Diệu)"
keys BSpace C
expect_screen "c again: back by unit" "! Huyện Hoà Bình"
keys BSpace
expect_screen "Backspace at the top closes" "Danh sách đơn vị"
keys q
tui_exited_ok "quit after the drill-down"

# --- An approved month: locked, said so, the refusal shown whole ---
sql "INSERT INTO approval(unit_id, period, status, approved_by, approved_at) SELECT id, '$month', 1, 'Nguyễn Văn Ký',
	strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM unit WHERE code = '961'"
tui_start
keys Enter
wait_for "Huyện Hoà Bình"
keys t
expect_screen "teams of the district again" "Tổ CNSCĐ Huyện Hoà Bình"
keys k
expect_screen "an approved month says so" "Đã duyệt — khóa"
expect_not_screen "it offers no reopening" "m: mở lại"
keys m
expect_screen "m: why, in a dialog, by whom" "(bởi Nguyễn"
expect_screen "the refusal whole, to its end" "Huyện Hoà Bình trước"
keys Escape
wait_gone "(bởi Nguyễn" || fail "the dialog closes" "$(screen)"
keys Escape
keys q
tui_exited_ok "quit after the approved month"
t_done
