#!/usr/bin/env bash
# The hierarchy browser: drilling down with counts and coverage, units
# without a team marked, sorting, help from the key table, an empty
# database's guidance, monochrome terminals, leaving cleanly.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

# A new, empty database says how to fill it (tests/e2e/test_tui_firstrun.sh).
tui_start
expect_screen "empty database offers the official list" "Nạp danh mục 2 cấp từ 01/07/2025"
expect_screen "empty database offers adding by hand" "Tự thêm tỉnh/thành phố"
keys q
tui_exited_ok "q quits with status 0 and the pane is gone"

rm -f "$DB"*
"$SEED" small "$DB" || fail "seed small database"
tui_start
expect_screen "home lists the province" "Tỉnh Bạc Liêu ›"
expect_screen "status line shows keys from the table" "n Thêm"
keys Enter
expect_screen "Enter goes into the province" "Huyện Hòa Bình ›"
keys Enter
expect_screen "breadcrumb down to the district" "Tỉnh Bạc Liêu › Huyện Hòa Bình"
expect_screen "commune row shows teams, members and coverage" "2/3 ấp có tổ"
line=$(screen_line "Xã Vĩnh Hậu")
if [[ "$line" == "!"*"chưa có tổ"* ]]; then pass "commune without a team is marked"; else fail "commune without a team is marked" "$line"; fi
line=$(screen_line "Xã Vĩnh Mỹ A")
if [[ "$line" =~ 31873\ +2\ +6 ]]; then pass "commune counts 2 teams and 6 members"; else fail "commune counts" "$line"; fi

# Into the commune: its villages, then a village without children opens its teams.
keys Enter
expect_screen "villages of the commune" "Ấp Năm Căn"
keys s
expect_screen "s sorts by another column" "Đơn vị ▲"
keys r
expect_screen "r reverses the order" "Đơn vị ▼"
keys Home Enter
expect_screen "a village without children opens its teams" "Các tổ của đơn vị"
expect_screen "village team with its leader" "Nguyễn Văn An"
keys Enter
expect_screen "members of the team, leader first" "Tổ trưởng"
first=$(screen | grep -n "Nguyễn Văn An" | cut -d: -f1)
second=$(screen | grep -n "Trần Thị Bình" | cut -d: -f1)
if [ -n "$first" ] && [ -n "$second" ] && [ "$first" -lt "$second" ]; then pass "leader before deputy"; else fail "leader before deputy" "$(screen)"; fi
keys BSpace
expect_screen "Backspace goes up a level" "Các tổ của đơn vị"

# Help lists the keys of this screen from the binding table.
keys F1
expect_screen "F1 opens help for this screen" "Trợ giúp — Các tổ của đơn vị"
expect_screen "help lists the edit keys" "F4, e"
expect_screen "help lists the delete keys and their meaning" "Xóa tổ cùng các thành viên của tổ"
keys Escape
wait_gone "Trợ giúp —" || fail "Esc closes help" "$(screen)"
keys '?'
expect_screen "? opens help too" "Trợ giúp — Các tổ của đơn vị"
keys q
wait_gone "Trợ giúp —" || fail "q closes help" "$(screen)"

# Ctrl-C asks before quitting.
keys C-c
expect_screen "Ctrl-C asks before quitting" "Thoát cnscd?"
keys Escape
wait_gone "Thoát cnscd?" || fail "Esc keeps the program running" "$(screen)"
keys C-c
wait_for "Thoát cnscd?"
keys t
tui_exited_ok "Ctrl-C then Thoát leaves with status 0"

# Monochrome terminal: same screens, the no-team mark still shows.
tui_start 80 24 vt100
keys Enter Enter
expect_screen "vt100: the browser works" "Xã Vĩnh Hậu"
line=$(screen_line "Xã Vĩnh Hậu")
if [[ "$line" == "!"* ]]; then pass "vt100: no-team mark without colour"; else fail "vt100: no-team mark" "$line"; fi
keys F10
tui_exited_ok "vt100: F10 quits"

# A locale that is not UTF-8 is refused before the screen is touched.
out=$(LANG=C LC_ALL=C "$CNSCD" --db "$DB" </dev/null 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && grep -q "LANG=C.UTF-8" <<<"$out"; then pass "non-UTF-8 locale refused with advice"; else fail "non-UTF-8 locale" "$rc $out"; fi
t_done
