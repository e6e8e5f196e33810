#!/usr/bin/env bash
# One meaning per key, as the screens show it: at 80 columns the units
# list's bar holds its most used actions and sets apart those on the place
# shown ("│ Ở đây: … x Báo cáo k Kết quả"); F1 help says when more lines
# follow; the results view exports (F9/x) and knows Home and End; a form
# that only asks (the report's period) says "F2 Xong", not "Lưu".
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$(dirname "$CNSCD")/tests/seed_field_example" "$DB" || fail "seed the field example"
export CNSCD_TODAY=$(date +15/%m/%Y)
shown=$(date -d "$(date +%Y-%m-01) -1 month" +%m/%Y)
tui_start 80 24

bar=$(screen | tail -1)
if [[ "$bar" == *"Enter Mở"*"/ Tìm"*"? Giúp"*"│ Ở đây:"*"x Báo cáo"*"k Kết quả"* ]]; then
	pass "the bar at 80 columns: the row's actions, then the place's"
else
	fail "the units list's bar at 80 columns" "$bar"
fi

keys F1
expect_screen "F1: the keys of the list" "Trợ giúp — Danh sách đơn vị"
expect_screen "...says that more lines follow" "▼ còn"
keys NPage NPage
expect_screen "...and scrolls" "▲ còn ở trên"
expect_screen "...down to the last keys" "Về đơn vị của cơ quan bạn"
keys Escape

# The results view: Home and End, and the export of what it shows.
keys k
expect_screen "k: the results of the place" "Kết quả hoạt động tháng $shown — Tất cả đơn vị"
keys End
line=$(screen | tail -2 | head -1)
expect_screen "End: the total row" "Tổng cộng"
keys Home
keys x
expect_screen "x exports the results shown" "Xuất báo cáo ra tệp"
expect_screen "...a form that only asks says so" "F2 Xong"
keys C-u
type_text "$T/ket-qua.xlsx"
keys F2
expect_screen "the results exported" "vào $T/ket-qua.xlsx"
if [ -s "$T/ket-qua.xlsx" ]; then pass "...the file is there"; else fail "results file" "$(ls -la "$T")"; fi
expect_screen "...the report of the results on screen" "Báo cáo kết quả hoạt động"
keys Escape Escape
wait_for "Danh sách đơn vị"
keys q
tui_exited_ok "quit"
t_done
