#!/usr/bin/env bash
# Search from anywhere with '/': results follow the typing, diacritics and
# case ignored, kinds shown; Enter opens the hierarchy at the hit.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$SEED" small "$DB" || fail "seed small database"
tui_start
keys /
expect_screen "search screen opens" "Tìm kiếm"
type_text "TRAN THI"
expect_screen "member found without diacritics or case" "Trần Thị Bình"
expect_screen "kind of the hit is shown" "Thành viên"
expect_screen "result count" "kết quả"
keys Enter
expect_screen "jump opens the member's team" "Thành viên của tổ"
expect_screen "breadcrumb down to the team" "Ấp Vĩnh Mẫu › Tổ CNSCĐ Ấp Vĩnh Mẫu"
line=$(screen | tail -2 | head -1)
if [[ "$line" == *"Dòng 2/4" ]]; then pass "the member is the highlighted row"; else fail "member highlighted" "$line"; fi

# Back up from the jump: the levels above were rebuilt, cursors on the way.
keys Left Left
expect_screen "the village list above the hit" "Ấp Năm Căn"
line=$(screen | tail -2 | head -1)
if [[ "$line" == *"Dòng 1/3" ]]; then pass "village of the hit highlighted"; else fail "village highlighted" "$line"; fi

# A unit hit highlights the unit in its parent's list.
keys /
wait_for "Tìm kiếm"
type_text "vinh hau"
expect_screen "commune found by folded name" "Xã Vĩnh Hậu"
keys Enter
expect_screen "unit hit opens its parent's list" "Tỉnh Bạc Liêu › Huyện Hòa Bình"
line=$(screen | tail -2 | head -1)
if [[ "$line" == *"Dòng 2/2" ]]; then pass "the commune is highlighted"; else fail "commune highlighted" "$line"; fi

# Nothing found says so; Esc closes without moving.
keys /
wait_for "Tìm kiếm"
type_text "khong co ai"
expect_screen "no hit says so" "Không tìm thấy"
keys Escape
wait_gone "Tìm kiếm" || fail "Esc closes search" "$(screen)"
expect_screen "still where we were" "Tỉnh Bạc Liêu › Huyện Hòa Bình"

# Backspace edits the query and the results follow.
keys /
wait_for "Tìm kiếm"
type_text "dangx"
expect_screen "typo finds nothing" "Không tìm thấy"
keys BSpace
expect_screen "after Backspace the member shows" "Đặng Văn Đức"
keys Escape q
tui_exited_ok "quit after searching"
t_done
