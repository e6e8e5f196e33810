#!/usr/bin/env bash
# Resizing at any moment: too small shows a notice, and enlarging again
# restores the screen, with an open form's content intact.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$SEED" small "$DB" || fail "seed small database"
tui_start 80 24
keys Enter Enter Enter
expect_screen "80x24 shows the list and keys" "? Giúp"
expect_screen "80x24 shows the coverage column" "Cấp dưới có tổ"

tmux -L "$SOCK" resize-window -x 60 -y 20
expect_screen "too small: notice with both sizes" "Cửa sổ quá nhỏ: cần ít nhất 80x24, hiện tại 60x20"
keys Down F7
tmux -L "$SOCK" resize-window -x 80 -y 24
expect_screen "enlarged: the list is back" "Ấp Năm Căn"
expect_not_screen "keys typed while too small were ignored" "Thêm đơn vị"

# An open form keeps what was typed across resizes.
keys F7
wait_for "Thêm đơn vị"
type_text "Hòa Thạnh"
tmux -L "$SOCK" resize-window -x 70 -y 22
expect_screen "too small with a form open" "hiện tại 70x22"
tmux -L "$SOCK" resize-window -x 100 -y 30
expect_screen "form back after enlarging" "Thêm đơn vị"
expect_screen "typed name kept" "Hòa Thạnh"
type_text " B"
keys F2
expect_screen "saved after the resizes" "Ấp Hòa Thạnh B"
expect_eq "saved in the database" "$(sql "SELECT count(*) FROM unit WHERE name = 'Ấp Hòa Thạnh B'")" "1"

# Wider and narrower again while a dialog is up.
keys End F8
expect_screen "delete dialog" "Xóa Ấp Hòa Thạnh B?"
tmux -L "$SOCK" resize-window -x 80 -y 24
expect_screen "dialog survives the resize" "Xóa Ấp Hòa Thạnh B?"
keys x
expect_screen "deleted after resizing" "Đã xóa Ấp Hòa Thạnh B"
keys q
tui_exited_ok "quit after resizing"
t_done
