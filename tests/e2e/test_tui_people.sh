#!/usr/bin/env bash
# People who change teams, one record per person, leaders handing over,
# truthful delete dialogs, teams merged (issue 14), driven in tmux.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"
export CNSCD_TODAY=20/11/2026

"$SEED" small "$DB" || fail "seed small database"
member_team() { sql "SELECT t.name FROM member m JOIN team t ON t.id = m.team_id WHERE m.full_name = '$1'"; }

tui_start
keys Enter
wait_for "Huyện Hòa Bình"
keys Enter
wait_for "Xã Vĩnh Mỹ A"
keys Enter
wait_for "Ấp Vĩnh Mẫu"
keys Enter
wait_for "Tổ CNSCĐ Ấp Vĩnh Mẫu"
keys Enter
expect_screen "the members of the first team" "Trần Thị Bình"

# --- a transfer: the team picked by search, then the date ------------------------
keys Down M
expect_screen "M asks for the new team" "Chuyển Trần Thị Bình sang tổ nào?"
type_text "thi tran a"
expect_screen "...found by search, where it is" "Ấp Thị Trấn A, Vĩnh Mỹ A"
keys Enter
expect_screen "...then the date, today offered" "Ngày chuyển *"
expect_screen "...today is offered" "20/11/2026"
keys C-u
type_text "01/11/2026"
keys F2
expect_screen "moved, said so" "Đã chuyển Trần Thị Bình sang Tổ CNSCĐ Ấp Thị Trấn A"
expect_eq "...in the new team" "$(member_team 'Trần Thị Bình')" "Tổ CNSCĐ Ấp Thị Trấn A"
expect_eq "...the transfer recorded with its date" "$(sql "SELECT moved_on FROM member_move")" 2026-11-01
expect_not_screen "...gone from the old team's list (she was its deputy)" "Tổ phó"
keys u
expect_screen "undo names the transfer" "Chuyển thành viên «Trần Thị Bình»"
keys h
expect_screen "undone" "Đã hoàn tác"
expect_eq "...back in her team" "$(member_team 'Trần Thị Bình')" "Tổ CNSCĐ Ấp Vĩnh Mẫu"
expect_screen "...back in the list" "Trần Thị Bình"

# --- a new member without "Ngày vào tổ" gets the day added ------------------------
keys F7
wait_for "Thêm thành viên"
type_text "Phan Văn Kiên"
keys Tab Tab Tab Tab Tab
type_text "095085000999"
keys F2
expect_screen "saved" "Đã lưu thành viên Phan Văn Kiên"
expect_eq "...joined the day it was added" "$(sql "SELECT joined FROM member WHERE full_name = 'Phan Văn Kiên'")" 2026-11-20

# --- delete dialogs say the truth ---------------------------------------------------
keys End F8
expect_screen "leaving or erasing" "hoàn tác được bằng phím u"
keys x
expect_screen "erasing says u undoes it" "Có thể hoàn tác ngay sau đó bằng phím u"
keys Escape
wait_gone "Có thể hoàn tác ngay sau đó"
expect_eq "...nothing erased" "$(sql "SELECT count(*) FROM member WHERE full_name = 'Phan Văn Kiên'")" 1

# --- the same CCCD typed in another team: that person is moved instead ------------
keys Left
wait_for "Các tổ của đơn vị"
keys Left
wait_for "Ấp Năm Căn"
keys Home Down Enter
wait_for "Tổ CNSCĐ Ấp Thị Trấn A"
keys Enter
expect_screen "the second team's members" "Hồ Thị Én"
keys F7
wait_for "Thêm thành viên"
type_text "Phan Van Kien"
keys Tab Tab Tab Tab Tab
type_text "095085000999"
keys F2
expect_screen "the CCCD is someone else's: asked" "Số CCCD 095085000999 là của Phan Văn Kiên, đang ở"
keys c
expect_screen "...that person moved here instead" "Đã chuyển hồ sơ có số CCCD 095085000999 sang tổ này"
expect_eq "...one record, in this team" "$(sql "SELECT count(*) || ' ' || min(t.name) FROM member m JOIN team t ON t.id = m.team_id WHERE m.id_number = '095085000999'")" \
	"1 Tổ CNSCĐ Ấp Thị Trấn A"
expect_screen "...listed here" "Phan Văn Kiên"

# --- a new leader: the old one becomes deputy in the same save --------------------
keys Home
wait_for "Đặng Văn Đức"
keys End
keys e
wait_for "Sửa thành viên"
keys Tab F3
wait_for "Tổ trưởng"
keys Home Enter F2
expect_screen "the team has a leader: asked" "Tổ đã có tổ trưởng là Đặng Văn Đức"
keys l
expect_screen "saved" "Đã lưu thành viên"
expect_eq "...one leader, the old one deputy" \
	"$(sql "SELECT group_concat(full_name || ':' || role, ' ') FROM (SELECT * FROM member WHERE role < 3 AND team_id = 2 ORDER BY role)")" \
	"$(sql "SELECT full_name FROM member WHERE team_id = 2 AND role = 1"):1 Đặng Văn Đức:2"

# --- two teams of one unit merged -------------------------------------------------------
keys Left
wait_for "Các tổ của đơn vị"
keys F7
wait_for "Thêm tổ"
type_text "Tổ CNSCĐ Ấp Thị Trấn A mới"
keys F2
wait_for "Tổ CNSCĐ Ấp Thị Trấn A mới"
keys d
expect_screen "deleting a team says u undoes it" "Có thể hoàn tác ngay sau đó bằng phím u"
keys Escape
wait_gone "Có thể hoàn tác"
keys J
expect_screen "J asks which team to merge into" "Gộp Tổ CNSCĐ Ấp Thị Trấn A mới vào tổ nào?"
keys Enter
expect_screen "...then the date and the leader" "Tổ trưởng sau khi gộp"
keys F2
expect_screen "merged, said so" "Đã gộp Tổ CNSCĐ Ấp Thị Trấn A mới vào"
expect_eq "...the merged team dissolved today" "$(sql "SELECT dissolved FROM team WHERE name = 'Tổ CNSCĐ Ấp Thị Trấn A mới'")" 2026-11-20
expect_eq "...recorded" "$(sql "SELECT count(*) FROM team_merge")" 1

# --- possible duplicates: the same name and phone ----------------------------------------
keys Enter
wait_for "Phan Văn Kiên"
keys F7
wait_for "Thêm thành viên"
type_text "Nguyen Van An"
keys Tab Tab Tab Tab
type_text "0912345678"
keys F2
wait_for "Đã lưu thành viên Nguyen Van An"
keys Left
wait_for "Các tổ của đơn vị"
keys Left
wait_for "Ấp Năm Căn"
keys W
expect_screen "W lists the pair" "Hồ sơ có thể trùng"
keys Home
expect_screen "...with the reason and both records whole on the info line" "cùng họ tên và số điện thoại — 1: Nguyễn Văn An"
keys Enter
expect_screen "Enter asks which record to keep" "Gộp hai hồ sơ"
keys m
expect_screen "merged" "Đã gộp hai hồ sơ làm một"
expect_eq "...one record left" "$(sql "SELECT count(*) FROM member WHERE phone = '0912345678'")" 1
expect_screen "...none left to merge" "Không có hồ sơ nào có thể trùng"
keys Escape
wait_for "Ấp Năm Căn"
keys q
tui_exited_ok "quit"

# --- after a reorganisation ----------------------------------------------------------------
DB=$T/reorg.db
cn import units "$FIXTURES/reorg-old-units.csv"
printf '%s\n' "code,name,type,level,parent_code" "31891.01,Ấp 1,Ấp,4,31891" "31933.01,Ấp 1,Ấp,4,31933" >"$T/villages.csv"
cn import units "$T/villages.csv"
printf '%s\n' "unit_code,full_name,role" "961,Lê Văn Huyện,Tổ trưởng" "31933,Nguyễn Văn An,Tổ trưởng" >"$T/m.csv"
cn import members "$T/m.csv"
cn settings office_unit 961
printf 'old_code,new_code\n32017,32025\n' >"$T/assign.csv"
cn reorg apply "$FIXTURES/reorg-mapping.csv" "$FIXTURES/reorg-units.csv" --assignments "$T/assign.csv"
expect_eq "reorganised" "$RC" 0
tui_start
keys /
wait_for "Tìm kiếm"
type_text "vinh my a"
expect_screen "search marks the closed commune" "× Xã Vĩnh Mỹ A"
expect_screen "...and says on the info line what it became" "Xã Vĩnh Mỹ A (Huyện Hoà Bình, Bạc Liêu): đã giải thể 30/06/2025, nay thuộc Tỉnh Cà Mau › Xã Hòa Bình"
keys Enter
expect_screen "Enter on it asks where to go" "Xem đơn vị cũ"
keys x
expect_screen "the closed commune shown with its successor" "Xã Vĩnh Mỹ A  → nay là Xã Hòa Bình"
keys H
expect_screen "H says what it became" "đã giải thể 30/06/2025, nay thuộc Tỉnh Cà Mau › Xã Hòa Bình"
keys Escape
keys /
wait_for "Tìm kiếm"
type_text "tinh ca mau"
wait_for "Tỉnh Cà Mau"
keys Enter
wait_for "Xã Hòa Bình"
keys t
expect_screen "the former district team said for what it is" "Tổ CNSCĐ Huyện Hoà Bình — tổ cấp huyện cũ"
expect_screen "...and what to do with it offered" "Có tổ cấp huyện cũ (huyện đã giải thể): M — chuyển về một xã"
keys Left
wait_for "Xã Hòa Bình"
keys R
expect_screen "R lists the villages of one name" "Ấp 1 (Xã Vĩnh Mỹ A cũ)"
expect_screen "...both of them" "Ấp 1 (Thị trấn Hòa Bình cũ)"
keys End Enter
wait_for "Sửa đơn vị"
keys Tab C-u
type_text "Ấp Nội Ô"
keys F2
expect_screen "renamed: none left" "Không có thôn nào trùng tên"
expect_eq "...saved" "$(sql "SELECT name FROM unit WHERE code = '31933.01'")" "Ấp Nội Ô"
keys Escape
wait_for "Danh sách đơn vị"
keys o
expect_screen "settings say the office unit is gone" "Đơn vị của cơ quan đã giải thể"
keys Enter
expect_screen "...its successor offered" "Tỉnh Cà Mau (mã 96)"
keys F2
wait_for "Đã lưu thiết lập"
expect_eq "...saved" "$(sql "SELECT value FROM setting WHERE key = 'office_unit'")" 96
keys q
tui_exited_ok "quit after the reorganisation"
t_done
