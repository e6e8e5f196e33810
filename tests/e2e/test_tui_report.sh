#!/usr/bin/env bash
# The report screen and the monthly results grid: the summary of the field
# example on screen with its totals, exported to xlsx (private, the right
# figures) and CSV from the screen; a team's month typed in the grid,
# saved as the cursor leaves each cell, submitted, locked, reopened.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"
PY=/usr/bin/python3

# Exports go under $HOME/cnscd-exports by default.
export HOME="$T/home"
mkdir -p "$HOME"
"$(dirname "$CNSCD")/tests/seed_field_example" "$DB" || fail "seed the field example"
# The middle of this month: last month is the latest whose reports are owed.
export CNSCD_TODAY=$(date +15/%m/%Y)
tui_start

# The report picker, then the summary of the whole database.
keys x
expect_screen "x opens the report picker" "Chọn báo cáo"
expect_screen "the picker lists the results report" "Kết quả hoạt động"
keys Enter
expect_screen "summary title" "Báo cáo tổng hợp Tổ công nghệ số cộng đồng"
line=$(screen_line "Cấp thôn")
if [[ "$line" =~ Cấp\ thôn\ +68\ +68\ +100%\ +68\ +458 ]]; then pass "village level row"; else fail "village level row" "$line"; fi
line=$(screen | grep -F "Tổng cộng" | head -1)
if [[ "$line" =~ Tổng\ cộng\ +78\ +77\ +98,7%\ +77\ +542 ]]; then pass "totals row: 77 teams, 542 members"; else fail "totals row" "$line"; fi
expect_screen "the status line offers the export" "x Xuất tệp"

# Export with the default name: the folder is made private, the file too.
keys F9
expect_screen "export asks for the file name" "Xuất báo cáo ra tệp"
expect_screen "default file name" "cnscd-exports/summary-tat-ca.xlsx"
keys F2
expect_screen "export says where the file went" "Đã xuất 9 dòng vào $HOME/cnscd-exports/summary-tat-ca.xlsx"
f="$HOME/cnscd-exports/summary-tat-ca.xlsx"
expect_eq "xlsx exists and is private (0600)" "$(stat -c %a "$f" 2>/dev/null)" 600
expect_eq "export folder is private (0700)" "$(stat -c %a "$HOME/cnscd-exports")" 700
if $PY -c 'import openpyxl' 2>/dev/null; then
	# The rows as the writer put them: each unit's figures (totals are formulas).
	rows=$($PY - "$f" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
for row in ws.iter_rows(values_only=True):
    cells = [c for c in row if c is not None]
    if cells and any(c in ("Cấp thôn", "Tỉnh Bạc Liêu") for c in cells):
        print(cells[1], cells[5], cells[6])  # name, teams, members
PY
)
	expect_eq "xlsx rows read back: villages, and the province's 77 teams, 542 members" "$rows" \
		"$(printf 'Cấp thôn 68 458\nTỉnh Bạc Liêu 77 542')"
else
	skip "openpyxl missing for /usr/bin/python3: xlsx not read back"
fi

# CSV by the extension; a bad extension is refused in the form.
keys x
wait_for "Xuất báo cáo ra tệp"
keys C-u
type_text "$T/tong-hop.pdf"
keys F2
expect_screen "an unknown extension is refused" "Cần đuôi .xlsx (Excel) hoặc .csv"
keys C-u
type_text "$T/tong-hop.csv"
keys F2
expect_screen "CSV exported" "Đã xuất 9 dòng vào $T/tong-hop.csv"
expect_eq "CSV total row" "$(grep -a 'Tổng cộng' "$T/tong-hop.csv" | head -1 | tr -d '\r' | cut -d, -f3-7)" "78,77,98.7%,77,542"

# A folder that cannot be written: a message, no crash.
mkdir -p "$T/ro" && chmod 500 "$T/ro"
keys x
wait_for "Xuất báo cáo ra tệp"
keys C-u
type_text "$T/ro/x.xlsx"
keys F2
if [ "$(id -u)" = 0 ]; then
	skip "running as root: write permissions are not enforced"
	wait_for "Đã xuất"
else
	expect_screen "no permission: a message" "Chưa xuất được"
fi
# A folder that does not exist: a message, no crash, nothing made.
keys x
wait_for "Xuất báo cáo ra tệp"
keys C-u
type_text "$T/nowhere/x.xlsx"
keys F2
expect_screen "missing folder: a message" "Chưa xuất được"
expect_not_screen "nothing written over the screen by the xlsx library" "ERROR"
expect_eq "missing folder: nothing made" "$(ls -d "$T/nowhere" 2>/dev/null)" ""
expect_screen "still on the report after an export" "x Xuất tệp"
keys Escape
expect_screen "Esc closes the report" "Danh sách đơn vị"

# The results grid of the district's team, last month by default.
month=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)
shown=$(date -d "$(date +%Y-%m-01) -1 month" +%m/%Y)
keys Enter
wait_for "Huyện Hoà Bình"
keys t
expect_screen "teams of the district" "Tổ CNSCĐ Huyện Hoà Bình"
keys k
expect_screen "k opens last month's grid" "Kết quả tháng $shown — Tổ CNSCĐ Huyện Hoà Bình"
expect_screen "no report yet" "Chưa có báo cáo"
expect_screen "indicators as rows" "HO_HUONG_DAN"
keys 1 2 Enter
expect_screen "a draft once a value is saved" "Trạng thái: Nháp"
type_text "3a"
expect_screen "a letter is refused" "Chỉ gõ chữ số"
keys Tab
wait_for "2/11 chỉ tiêu có số"
q="SELECT group_concat(i.code || '=' || r.value, ' ') FROM result r JOIN indicator i ON i.id = r.indicator_id
   JOIN report p ON p.id = r.report_id WHERE p.period = '$month' ORDER BY i.sort_order"
expect_eq "values saved as the cursor left them" "$(sql "$q")" "HO_HUONG_DAN=12 NGUOI_HUONG_DAN=3"
keys Up BSpace 7 Up
wait_for "2/11 chỉ tiêu có số"
expect_sql "a value is changed in place" "$q" "HO_HUONG_DAN=12 NGUOI_HUONG_DAN=7"

# Submit: confirmed, then locked.
keys g
expect_screen "submit asks first" "Gửi báo cáo tháng $shown"
keys g
expect_screen "who prepared it is asked once" "Họ tên người lập báo cáo"
type_text "Lê Thị Lập"
keys F2
expect_screen "submitted" "Đã gửi — chỉ xem"
expect_eq "report submitted in the database, by the person named" \
	"$(sql "SELECT status || ' ' || submitted_by FROM report WHERE period = '$month'")" "1 Lê Thị Lập"
expect_eq "the name kept for the office" "$(sql "SELECT value FROM setting WHERE key = 'preparer_name'")" "Lê Thị Lập"
keys 9
expect_screen "a submitted report is read-only" "đã gửi: chỉ xem"
keys Tab
sleep 0.3
expect_eq "nothing changed after submitting" "$(sql "SELECT count(*) FROM result WHERE value = 9")" 0

# Reopen, with confirmation; logged.
keys m
expect_screen "reopen asks first" "Mở lại báo cáo đã gửi để sửa?"
keys m
expect_screen "reopened as a draft" "Trạng thái: Nháp"
expect_eq "reopening logged" "$(sql "SELECT action FROM report_log ORDER BY id DESC LIMIT 1")" reopen

keys g
wait_for "Gửi báo cáo tháng"
keys g
expect_screen "submitted again" "Đã gửi — chỉ xem"

# The previous month is empty; Esc leaves.
keys '<'
expect_screen "previous month" "Kết quả tháng $(date -d "$(date +%Y-%m-01) -2 month" +%m/%Y)"
keys Escape
expect_screen "Esc closes the grid" "Các tổ của đơn vị"

# The results of the province by child unit: the district has sent 1 of
# its 77 reports (marked); drilling down shows the team's figures.
keys Escape
wait_for "Danh sách đơn vị"
keys k
expect_screen "k opens the results view" "Kết quả hoạt động tháng $shown — Tỉnh Bạc Liêu"
line=$(screen_line "Huyện Hoà Bình")
if [[ "$line" =~ ^!\ Huyện\ Hoà\ Bình\ +1/77\ +1,3%\ +0%\ +12\ +7 ]]; then pass "district row: 1 of 77 sent, marked, figures"; else fail "district row" "$line"; fi
keys Enter
expect_screen "Enter drills down to the district" "Kết quả hoạt động tháng $shown — Tỉnh Bạc Liêu › Huyện Hoà Bình"
line=$(screen_line "Các tổ trực thuộc")
if [[ "$line" =~ ^\ \ Các\ tổ\ trực\ thuộc.*1/1\ +100%\ +0%\ +12\ +7 ]]; then pass "the district's own team: sent, not marked"; else fail "own team row" "$line"; fi
line=$(screen_line "Xã Vĩnh Mỹ A")
if [[ "$line" =~ ^!\ Xã\ Vĩnh\ Mỹ\ A\ +0/9 ]]; then pass "a commune that sent nothing is marked"; else fail "commune row" "$line"; fi
keys p
expect_screen "p: by quarter" "Kết quả hoạt động quý"
keys BSpace
expect_screen "Backspace goes back up" "! Huyện Hoà Bình"
keys BSpace
expect_screen "Backspace at the top closes" "Danh sách đơn vị"
keys q
tui_exited_ok "quit after the report screens"

# A roster longer than the screen keeps: the first 2,000 rows and a note;
# the export has every member.
DB=$T/long.db
"$SEED" small "$DB" || fail "seed small database"
"$(dirname "$CNSCD")/tests/fill_members" "$DB" 2500 100000 >/dev/null || fail "add 2,500 members"
tui_start
keys x
wait_for "Chọn báo cáo"
keys Down Enter
expect_screen "roster on screen" "Danh sách thành viên"
expect_screen "the screen keeps the first 2,000 rows" "Hiện 2.000 dòng đầu… còn nữa: xuất tệp để xem đủ"
keys End
expect_screen "the last row kept" "Dòng 2.000/2.000"
keys x
wait_for "Xuất báo cáo ra tệp"
keys C-u
type_text "$T/roster.csv"
keys F2
expect_screen "the whole roster exported" "Đã xuất"
expect_eq "every active member in the CSV" \
	"$(grep -ac '^[0-9]' "$T/roster.csv")" "$(sql "SELECT count(*) FROM member WHERE left_on IS NULL")"
keys Escape q
tui_exited_ok "quit after the long roster"
t_done
