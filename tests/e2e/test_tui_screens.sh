#!/usr/bin/env bash
# What every screen shares through the screen runner (src/tui/screen.c):
# Ctrl-C asks before leaving on any screen, however deep, and leaving
# keeps what a grid cell held; a period chosen in a drilled-down level
# holds when coming back up; a level reads its figures again when a screen
# above it changed them; the too-small notice and the way back work in a
# drill-down; F1 opens the help of the screen it is pressed on.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$(dirname "$CNSCD")/tests/seed_field_example" "$DB" || fail "seed the field example"
# The middle of this month: last month is the latest whose reports are owed;
# the grid sends in the name of the preparer of the settings.
export CNSCD_TODAY=$(date +15/%m/%Y)
cn settings preparer_name "Lê Thị Lập"
shown=$(date -d "$(date +%Y-%m-01) -1 month" +%m/%Y)
quarter=$(( (10#$(date -d "$(date +%Y-%m-01) -1 month" +%m) + 2) / 3 ))
team_value="SELECT r.value FROM result r JOIN indicator i ON i.id = r.indicator_id
	    WHERE i.code = 'HO_HUONG_DAN' AND r.member_id IS NULL"
tui_start

# --- Ctrl-C on a drilled-down screen asks, and staying changes nothing ---
keys Enter
wait_for "Huyện Hoà Bình"
keys k
wait_for "Kết quả hoạt động tháng $shown — Tỉnh Bạc Liêu"
keys Enter
expect_screen "drilled down to the district" "— Tỉnh Bạc Liêu › Huyện Hoà Bình"
keys C-c
expect_screen "Ctrl-C in the results asks before leaving" "Thoát cnscd? Mọi thay đổi đã được lưu."
keys Escape
wait_gone "Thoát cnscd?" || fail "Esc keeps the program running" "$(screen)"
expect_screen "still at the district after staying" "— Tỉnh Bạc Liêu › Huyện Hoà Bình"

# --- A period chosen below holds when coming back up ---
keys p
expect_screen "p at the district: a quarter" "Kết quả hoạt động quý $quarter/"
keys BSpace
expect_screen "back at the province, in the quarter chosen below" "Kết quả hoạt động quý $quarter/"
expect_screen "the province's title" "— Tỉnh Bạc Liêu"
keys p p
expect_screen "back to months" "Kết quả hoạt động tháng 01/"
keys Escape
wait_for "Danh sách đơn vị"

# --- A level reads its figures again after the grid above it sent them ---
keys k Enter
wait_for "› Huyện Hoà Bình"
keys Enter
expect_screen "the district's own teams" "Huyện Hoà Bình › Các tổ"
line=$(screen_line "Tổ CNSCĐ Huyện Hoà Bình")
if [[ "$line" =~ 0/1\ +0%\ +0%\ +0 ]]; then pass "nothing sent yet"; else fail "nothing sent yet" "$line"; fi
keys k
expect_screen "k: the team's grid over the results" "Kết quả tháng $shown — Tổ CNSCĐ Huyện Hoà Bình"
type_text "17"
keys Tab g
wait_for "Gửi báo cáo tháng $shown"
keys g
expect_screen "sent" "Đã gửi — chỉ xem"
keys Escape
expect_screen "back at the teams" "Huyện Hoà Bình › Các tổ"
if wait_line "Tổ CNSCĐ Huyện Hoà Bình" '1/1 +100% +0% +17'; then pass "the teams read again: the figure sent shows"
else fail "the teams read again: the figure sent shows" "$line"; fi
keys BSpace
if wait_line "Các tổ trực thuộc" '1/1 +100% +0% +17'; then pass "the district read again too"
else fail "the district read again too" "$line"; fi

# --- Too small in a drill-down, then the way back ---
tmux -L "$SOCK" resize-window -x 60 -y 20
expect_screen "too small while drilled down" "Cửa sổ quá nhỏ: cần ít nhất 80x24, hiện tại 60x20"
keys BSpace
tmux -L "$SOCK" resize-window -x 80 -y 24
expect_screen "enlarged: the same level, the key typed while too small ignored" "— Tỉnh Bạc Liêu › Huyện Hoà Bình"
keys BSpace
expect_screen "Backspace at the new size: the province" "! Huyện Hoà Bình"
keys BSpace
wait_for "Danh sách đơn vị"
tmux -L "$SOCK" resize-window -x 100 -y 30

# --- F1 is the help of the screen it is pressed on ---
keys H
wait_for "Lịch sử thay đổi —"
keys F1
expect_screen "F1 in the change history: its help" "Trợ giúp — Lịch sử thay đổi"
expect_screen "the history's keys are listed" "Đóng lịch sử"
keys Escape
wait_gone "Trợ giúp —" || fail "Esc closes the help" "$(screen)"
keys Escape
wait_gone "Lịch sử thay đổi —" || fail "Esc closes the history" "$(screen)"

# --- Ctrl-C from help opened in a form says the form is dropped ---
keys F7
wait_for "Thêm"
keys F1
wait_for "Trợ giúp —"
keys C-c
expect_screen "leaving from a form's help warns about the form" "Biểu mẫu đang mở chưa được lưu sẽ bị bỏ"
keys Escape
wait_gone "Thoát cnscd?"
keys Escape Escape
wait_gone "Trợ giúp —"

# --- Leaving from a grid keeps the cell being typed ---
keys t
wait_for "Các tổ của đơn vị"
keys k
wait_for "Kết quả tháng $shown — Tổ CNSCĐ Huyện Hoà Bình"
keys m
wait_for "Mở lại báo cáo đã gửi"
keys m
expect_screen "reopened to edit" "Đã mở lại báo cáo"
type_text "23"
keys C-c
wait_for "Thoát cnscd?"
keys t
tui_exited_ok "Ctrl-C then Thoát from the grid leaves with status 0"
expect_eq "the value being typed was saved on the way out" "$(sql "$team_value")" 23

# --- SIGTERM deep in a drill-down: out at once, the typed cell kept ---
tui_start
keys Enter
wait_for "Huyện Hoà Bình"
keys t
wait_for "Các tổ của đơn vị"
keys k
wait_for "Kết quả tháng $shown"
keys Down
before=$(screen)
type_text "9"
wait_changed "$before"
kill -TERM "$(tui_pid)"
tui_exited_ok "SIGTERM from the grid leaves cleanly"
expect_eq "the cell being typed was saved" \
	"$(sql "SELECT r.value FROM result r JOIN indicator i ON i.id = r.indicator_id WHERE i.code = 'NGUOI_HUONG_DAN'")" 9
t_done
