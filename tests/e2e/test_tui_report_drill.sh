#!/usr/bin/env bash
# Drill-down in the report screen, on the field example: the summary of the
# province, Enter on a level row opens the roster of that level's teams;
# Enter on the district opens the district's summary, then a
# commune's, then a village's roster with its members' names; the district's
# own-teams row opens only its own team; Backspace comes back up with the
# cursor where it was; an export from a drilled level holds that unit's
# figures (read back with openpyxl).
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"
PY=/usr/bin/python3

export HOME="$T/home"
mkdir -p "$HOME"
"$(dirname "$CNSCD")/tests/seed_field_example" "$DB" >/dev/null || fail "seed the field example"
tui_start

# The row the cursor is on, from the info line "Dòng N/M".
cursor_at() { screen | grep -oE 'Dòng [0-9]+/[0-9]+' | head -1; }
# up N: the cursor N rows up from the last row.
from_end() {
	local last
	last=$(cursor_at)
	last=${last#*/}
	keys End
	wait_for "Dòng $last/$last"
	for ((i = 0; i < $1; i++)); do keys Up; done
	wait_for "Dòng $((last - $1))/$last"
}

# Into the province, then its summary.
keys Enter
wait_for "Huyện Hoà Bình" || fail "province opened" "$(screen)"
keys x
wait_for "Chọn báo cáo" || fail "report picker" "$(screen)"
keys Enter
expect_screen "the title line shows the unit" "Báo cáo tổng hợp Tổ công nghệ số cộng đồng — Tỉnh Bạc Liêu"
expect_screen "the status line offers the drill-down" "Enter Chi tiết"

# A level row: the teams of that level and their members.
keys Down Down Down Down
wait_for "Dòng 5/"
keys Enter
expect_screen "Enter on «Cấp thôn»: the roster of the village teams" "thành viên các tổ cấp thôn"
keys End
expect_screen "the village teams' 458 members" "Tổng cộng: 458 người"
expect_not_screen "not the district's own team" "Tổ CNSCĐ Huyện Hoà Bình"
keys BSpace
expect_screen "back from the level, cursor kept" "Dòng 5/"
expect_screen "back on the province's summary" "Báo cáo tổng hợp Tổ công nghệ số cộng đồng — Tỉnh Bạc Liêu"

# A total stands for nothing: a message, nothing opened.
last=$(cursor_at)
last=${last#*/}
keys End Enter
expect_screen "Enter on a total: a message" "Dòng tổng cộng, tiêu đề: không có chi tiết để mở."
expect_screen "still on the province" "— Tỉnh Bạc Liêu"

# The district (the last child row, above the total).
keys Up
wait_for "Dòng $((last - 1))/$last"
at_province=$(cursor_at)
keys Enter
expect_screen "Enter on the district: its summary" "— Tỉnh Bạc Liêu › Huyện Hoà Bình"
line=$(screen_line "Xã Minh Diệu")
n=$(sql "SELECT count(*) FROM team t JOIN unit u ON u.id = t.unit_id WHERE u.path LIKE '/1/2/13/%' AND t.dissolved IS NULL")
m=$(sql "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id
         WHERE u.path LIKE '/1/2/13/%' AND t.dissolved IS NULL AND m.left_on IS NULL")
if [[ "$line" =~ Xã\ Minh\ Diệu\ +10\ +10\ +100%\ +$n\ +$m ]]; then pass "the commune's row in the district's summary"; else fail "commune row ($n teams, $m members)" "$line"; fi

# The commune Xã Minh Diệu: seven rows above the total (8 communes, code order).
from_end 7
at_district=$(cursor_at)
keys Enter
expect_screen "Enter on a commune: its summary" "— Tỉnh Bạc Liêu › Huyện Hoà Bình › Xã Minh Diệu"
expect_screen "the commune's villages" "Ấp 9"

# A village: its roster, the members behind the figure.
from_end 9
at_commune=$(cursor_at)
keys Enter
expect_screen "Enter on a village: the roster" "Danh sách thành viên — Tỉnh Bạc Liêu › Huyện Hoà Bình › Xã Minh Diệu › Ấp 1"
expect_screen "the roster names the members" "Lê Văn An"
expect_screen "the roster's total" "Tổng cộng: 7 người"
keys Down Enter
expect_screen "a member row has nothing below" "không ứng với một đơn vị"
keys Up

# Backspace comes back up, the cursor where it was.
keys BSpace
expect_screen "Backspace: back to the commune" "Báo cáo tổng hợp Tổ công nghệ số cộng đồng — Tỉnh Bạc Liêu › Huyện Hoà Bình › Xã Minh Diệu"
expect_screen "cursor kept on the village row" "$at_commune"
keys BSpace
wait_gone "› Xã Minh Diệu"
expect_screen "Backspace: back to the district" "— Tỉnh Bạc Liêu › Huyện Hoà Bình"
expect_screen "cursor kept on the commune row" "$at_district"

# The district's own team ("Riêng …", the first child row): only that team.
keys Up Up
sleep 0.3
keys Enter
expect_screen "the own-teams row: the roster of the unit's own teams" "thành viên các tổ đặt ngay tại đơn vị"
expect_screen "only the district's own team" "Tổng cộng: 7 người"
keys BSpace
expect_screen "back to the district again" "Báo cáo tổng hợp Tổ công nghệ số cộng đồng — Tỉnh Bạc Liêu › Huyện Hoà Bình"

# Export from the district: that unit's figures, its name in the default file name.
keys x
wait_for "Xuất báo cáo ra tệp" || fail "export form" "$(screen)"
expect_screen "default name of the drilled unit" "cnscd-exports/summary-961.xlsx"
keys C-u
type_text "$T/huyen.xlsx"
keys F2
expect_screen "exported from the drilled level" "vào $T/huyen.xlsx"
if $PY -c 'import openpyxl' 2>/dev/null; then
	rows=$($PY - "$T/huyen.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
for row in ws.iter_rows(values_only=True):
    cells = [c for c in row if c is not None]
    if not cells:
        continue
    if any(isinstance(c, str) and c.startswith("Đơn vị:") for c in cells):
        print(cells[0].split(" – ")[0])
    if any(c in ("Riêng Huyện Hoà Bình", "Xã Minh Diệu", "Huyện Hoà Bình") for c in cells):
        print(cells[1], cells[5], cells[6])  # name, teams, members
PY
)
	expect_eq "xlsx of the district: its subtitle and its rows" "$rows" \
		"$(printf 'Đơn vị: huyện Hoà Bình, tỉnh Bạc Liêu\nRiêng Huyện Hoà Bình 1 7\nXã Minh Diệu %s %s' "$n" "$m")"
else
	skip "openpyxl missing for /usr/bin/python3: xlsx not read back"
fi

# Up to the province, cursor on the district; Backspace at the top closes.
keys BSpace
wait_gone "› Huyện Hoà Bình"
expect_screen "back to the province" "— Tỉnh Bạc Liêu"
expect_screen "cursor kept on the district row" "$at_province"
keys BSpace
expect_screen "Backspace at the top closes the report" "Danh sách đơn vị"

# The results report has its units as columns: Enter asks which to open.
keys x
wait_for "Chọn báo cáo" || fail "report picker again" "$(screen)"
keys Down Down Down Down Enter
wait_for "kỳ báo cáo" || fail "results period form" "$(screen)"
keys F2
expect_screen "the results of the province" "— Tỉnh Bạc Liêu"
keys Enter
expect_screen "Enter on the results: which unit" "Xem báo cáo của đơn vị"
keys Enter
expect_screen "the results of the district" "— Tỉnh Bạc Liêu › Huyện Hoà Bình"
expect_screen "the district's communes as columns" "Thị trấn"
keys BSpace
wait_gone "› Huyện Hoà Bình"
expect_screen "back to the province's results" "— Tỉnh Bạc Liêu"
keys Escape
wait_for "Danh sách đơn vị"
keys q
tui_exited_ok "quit after drilling"
t_done
