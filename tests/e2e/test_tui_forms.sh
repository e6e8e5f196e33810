#!/usr/bin/env bash
# Forms: adding a village, a team and members by hand; the counts follow;
# an invalid phone is refused on screen and nothing is saved; Esc with
# changes asks; deleting names what goes with it; a member leaves by default.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$SEED" small "$DB" || fail "seed small database"
tui_start
keys Enter Enter Enter
expect_screen "in the commune" "Ấp Năm Căn"

# A village added by hand, with the siblings' type offered.
keys F7
expect_screen "unit form opens" "Thêm đơn vị — thuộc Xã Vĩnh Mỹ A"
expect_screen "type preset from the siblings" "Ấp"
type_text "Tân Lập"
keys F2
expect_screen "new village listed with its type" "Ấp Tân Lập"
expect_eq "village saved with a local code" "$(sql "SELECT code FROM unit WHERE name = 'Ấp Tân Lập'")" "31873.04"
keys Down
expect_screen "coverage counts the new village" "2/4 ấp có tổ"

# Its teams: none yet; add one with the default name.
keys t
expect_screen "teams of the new village" "Đơn vị này chưa có tổ"
keys n
expect_screen "team form opens" "Thêm tổ — Ấp Tân Lập"
keys Tab
type_text "15/03/2024"
keys F2
expect_screen "team listed with the default name" "Tổ CNSCĐ Ấp Tân Lập"
expect_eq "team saved with ISO date" "$(sql "SELECT established FROM team WHERE name = 'Tổ CNSCĐ Ấp Tân Lập'")" "2024-03-15"

# A member: first with a bad phone, which must be refused on screen.
keys Enter
expect_screen "members of the new team" "Tổ chưa có thành viên"
keys F7
expect_screen "member form opens" "Thêm thành viên"
type_text "Lý Thị Mai"
keys Tab Tab Tab Tab
type_text "12345"
keys F2
expect_screen "bad phone: message beside the field" "Số điện thoại «12345» không hợp lệ"
expect_screen "bad phone: nothing saved, says why" "Chưa lưu"
expect_eq "bad phone: no row in the database" "$(sql "SELECT count(*) FROM member WHERE full_name = 'Lý Thị Mai'")" "0"
keys C-u
type_text "0912 000 111"
keys Up Up Up
keys Enter
expect_screen "role list opens" "Tổ phó"
keys Home Enter
keys F2
expect_screen "member listed" "Đã lưu thành viên Lý Thị Mai"
expect_eq "member saved as leader with a normalised phone" \
	"$(sql "SELECT role || ' ' || phone FROM member WHERE full_name = 'Lý Thị Mai'")" "1 0912000111"
keys a
wait_for "Thêm thành viên"
type_text "Đỗ Văn Nam"
keys F2
expect_screen "second member listed" "Đã lưu thành viên Đỗ Văn Nam"

# Back up: the village's counts changed.
keys Left Left
expect_screen "village row counts its team" "Ấp Tân Lập"
line=$(screen_line "Ấp Tân Lập")
if [[ "$line" =~ 31873\.04\ +1\ +2 ]]; then pass "village shows 1 team and 2 members"; else fail "village counts" "$line"; fi
expect_screen "commune coverage now 3 of 4" "3/4 ấp có tổ"

# Esc on a changed form asks before throwing the change away.
keys t Enter
wait_for "Lý Thị Mai"
keys Home e
expect_screen "edit form opens with the values" "Sửa thành viên"
type_text " Hoa"
keys Escape
expect_screen "Esc with changes asks" "Có thay đổi chưa lưu"
keys s
wait_gone "Có thay đổi chưa lưu" || fail "Sửa tiếp keeps the form" "$(screen)"
expect_screen "the typed change is still there" "Lý Thị Mai Hoa"
keys Escape
wait_for "Có thay đổi chưa lưu"
keys b
expect_screen "discarded: back to the list" "Thành viên của tổ"
expect_eq "discarded: nothing saved" "$(sql "SELECT count(*) FROM member WHERE full_name LIKE '%Hoa'")" "0"

# A member leaves (dated) by default rather than being erased.
keys End F8
expect_screen "member delete offers leaving" "Rời tổ"
keys Enter
expect_screen "leaving asks for the date" "Ngày rời tổ"
keys F2
wait_gone "Ngày rời tổ *"
expect_eq "member marked as left, not erased" "$(sql "SELECT left_on IS NOT NULL FROM member WHERE full_name = 'Đỗ Văn Nam'")" "1"
keys h
expect_screen "h shows members who left" "(rời tổ"

# Deleting the team names its members.
keys Left
wait_for "Các tổ của đơn vị"
keys d
expect_screen "team delete names the member count" "Xóa tổ «Tổ CNSCĐ Ấp Tân Lập» cùng 1 thành viên (và 1 người"
keys Escape
expect_eq "Esc keeps the team" "$(sql "SELECT count(*) FROM team WHERE name = 'Tổ CNSCĐ Ấp Tân Lập'")" "1"
keys d
wait_for "Xóa tổ «"
keys x
expect_screen "team deleted" "Đơn vị này chưa có tổ"
expect_eq "team and members gone" "$(sql "SELECT count(*) FROM member WHERE team_id NOT IN (SELECT id FROM team)")" "0"

# A unit with teams cannot be deleted: closing is offered instead.
keys Left Left
wait_for "Xã Vĩnh Hậu"
keys Home Enter
wait_for "Ấp Vĩnh Mẫu"
keys Home
keys F8
expect_screen "unit with a team: closing offered" "nên không xóa được"
keys Escape
keys q
tui_exited_ok "quit after editing"
t_done
