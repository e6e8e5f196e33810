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
# Every hit says where it is; words match along the path.
keys C-u
type_text "hoa binh bac lieu"
expect_screen "the district by its name and its province" "Huyện Hòa Bình"
line=$(screen_line "Huyện Hòa Bình")
if [[ "$line" == *"Đơn vị"*"Tỉnh Bạc Liêu"* ]]; then pass "the row shows the parent"; else fail "row shows the parent" "$line"; fi
keys C-u
type_text "vinh my a hoa binh"
expect_screen "a commune by its name and district" "Xã Vĩnh Mỹ A"
line=$(screen_line "Xã Vĩnh Mỹ A")
if [[ "$line" == *"Huyện Hòa Bình, Bạc Liêu"* ]]; then pass "the commune's row shows its district and province"; else fail "commune's place" "$line"; fi
keys C-u
type_text "an vinh mau"
expect_screen "a member by name and village" "Nguyễn Văn An"
line=$(screen_line "Nguyễn Văn An")
if [[ "$line" == *"Tổ CNSCĐ Ấp Vĩnh Mẫu, Xã Vĩnh Mỹ A, Hòa Bình"* ]]; then pass "the member's row: team (of the village), commune"; else fail "member's place" "$line"; fi

# Digits: the last four of a phone, a citizen ID whole or its last six.
sql "UPDATE member SET id_number = '089123456789' WHERE full_name = 'Phạm Thị Dung'"
for q in 2333 0911 089123456789 456789; do
	keys C-u
	type_text "$q"
	expect_screen "«$q» finds her" "Phạm Thị Dung"
	expect_not_screen "...and only her ($q)" "Nguyễn Văn An"
done
keys Escape q
tui_exited_ok "quit after searching"

# A closed unit says what it became; Enter offers to go there.
DB=$T/reorg.db
"$CNSCD" --db "$DB" import units "$FIXTURES/reorg-old-units.csv" >/dev/null &&
	"$CNSCD" --db "$DB" reorg apply "$FIXTURES/reorg-mapping.csv" "$FIXTURES/reorg-units.csv" --split-rule largest \
		>/dev/null || fail "reorganise the old units"
tui_start
keys /
wait_for "Tìm kiếm"
type_text "vinh my a"
expect_screen "the closed commune is found, marked" "× Xã Vĩnh Mỹ A"
expect_screen "...and the info line says what it became" "đã giải thể 30/06/2025, nay thuộc Tỉnh Cà Mau › Xã Hòa Bình"
keys Enter
expect_screen "Enter offers the successor" "Đến đơn vị mới"
keys Enter
expect_screen "...and goes there" "Tỉnh Cà Mau"
line=$(screen_line "Xã Hòa Bình")
if [[ "$line" == *"31891"* ]]; then pass "the successor is listed"; else fail "successor listed" "$(screen)"; fi
keys q
tui_exited_ok "quit after going to the successor"
t_done
