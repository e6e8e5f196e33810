#!/usr/bin/env bash
# The trainer's workshop end to end, in Xã Vĩnh Mỹ A: a session dated the
# short way, everyone invited (the district's team too), a double Enter
# that marks nobody, two wrong check-ins undone with two keys after
# leaving and reopening check-in, statuses set one key each, a member of
# the commune next door found by name and checked in (her training counts:
# the untrained list drops her), a guest typed without diacritics hinted
# and put right, and the attendance sheet from check-in (read back), the
# session list and the trainings report.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"
export HOME=$T # the exports' default folder
year=$(date +%Y)

"$SEED" workshop "$DB" || fail "seed workshop database"
cn export untrained --unit 960 -o - >/dev/null
expect_out "before: the member next door is untrained" "Trương Thị Mai Hương"
tui_start
keys Enter Enter
expect_screen "communes listed" "Xã Vĩnh Mỹ A"
keys l
expect_screen "sessions of the commune" "Chưa có lớp tập huấn nào"

# A new session starts today; 1/1 is read as this year's and shown whole.
keys F7
expect_screen "session form" "Thêm lớp tập huấn — Xã Vĩnh Mỹ A"
type_text "Kỹ năng số cơ bản"
keys Tab
expect_screen "the start date is today" "$(date +%d/%m/%Y)"
keys C-u
type_text "1/1"
keys Tab
expect_screen "a short date is shown whole once read" "01/01/$year"
keys F2
wait_gone "Thêm lớp tập huấn — Xã Vĩnh Mỹ A" || fail "the form closes on save" "$(screen)"
expect_screen "session listed with its counts under their words" "Có mặt Được mời Dự kiến"
expect_eq "session saved with this year's date" "$(sql "SELECT start_date FROM training")" "$year-01-01"

# Everyone invited: the commune's teams and the district's above it.
keys Enter
expect_screen "check-in opens" "Điểm danh · Kỹ năng số cơ bản (01/01/$year)"
keys F6
expect_screen "invite dialog" "Tất cả tổ"
keys t
expect_screen "the village teams and the district team invited" "Đã mời thêm 9 người."
expect_screen "counts labelled" "Có mặt 0 / Được mời 9 / Dự kiến –"
type_text "vo van huyen"
expect_screen "the district's member is on the list" "Võ Văn Huyện"
keys Escape
expect_screen "the key bar says which key sets which status" "Ctrl-T Có mặt Ctrl-K Vắng Ctrl-P Có phép"

# A double Enter in the queue: the second, on an empty line, marks nobody.
keys Enter
expect_screen "Enter on an empty line says so" "Ô gõ trống nên Enter không ghi ai"
expect_eq "Enter on an empty line changed nothing" "$(sql "SELECT count(*) FROM attendance WHERE status <> 0")" 0

# Two wrong people checked in, then check-in left and opened again.
type_text "nhung"
wait_for "1 người khớp" || fail "nhung narrows" "$(screen)"
keys Enter
expect_screen "first wrong check-in" "✓ Nguyễn Thị Nhung: có mặt."
type_text "le thanh n"
wait_for "1 người khớp" || fail "le thanh n narrows" "$(screen)"
keys Enter
expect_screen "second wrong check-in" "Có mặt 2 / Được mời 9"
keys Escape
expect_screen "check-in left" "Có mặt Được mời Dự kiến"
keys Enter
expect_screen "check-in opened again" "Có mặt 2 / Được mời 9"
expect_screen "it still knows what to undo" "Ctrl-Z: hoàn tác thay đổi gần nhất (Lê Thanh Nam)"
keys C-z
expect_screen "first undo names whom it restored" "Đã hoàn tác: Lê Thanh Nam chưa điểm danh."
keys C-z
expect_screen "second undo goes further back" "Đã hoàn tác: Nguyễn Thị Nhung chưa điểm danh."
expect_screen "both undone" "Có mặt 0 / Được mời 9"
expect_eq "database: nobody present" "$(sql "SELECT count(*) FROM attendance WHERE status <> 0")" 0

# One key each for a status, on the person chosen.
status_of() { sql "SELECT a.status FROM attendance a JOIN member m ON m.id = a.member_id WHERE m.full_name = '$1'"; }
type_text "binh"
wait_for "1 người khớp" || fail "binh narrows" "$(screen)"
keys C-k
expect_screen "Ctrl-K absent" "Trần Thị Bình: vắng."
expect_eq "database: absent" "$(status_of "Trần Thị Bình")" 2
keys C-p
expect_screen "Ctrl-P excused" "Trần Thị Bình: vắng có phép."
expect_eq "database: excused" "$(status_of "Trần Thị Bình")" 3
keys C-t
expect_screen "Ctrl-T present" "✓ Trần Thị Bình: có mặt."
expect_eq "database: present" "$(status_of "Trần Thị Bình")" 1
keys C-z
expect_screen "undo gives back the status before" "Đã hoàn tác: Trần Thị Bình trở lại «vắng có phép»."
keys Escape

# A member of the commune next door, not invited, found by name.
type_text "mai huong"
expect_screen "past the list: members not invited" "Không có trong danh sách; 1 thành viên chưa mời khớp"
expect_screen "shown with her unit and commune, not invited" "Ấp Xẻo Gừa, Xã"
expect_screen "marked chưa mời" "chưa mời"
keys Enter
expect_screen "invited and checked in at once" "✓ Trương Thị Mai Hương (Ấp Xẻo Gừa, Xã Vĩnh Mỹ B): đã mời, có mặt."
expect_screen "counted" "Có mặt 1 / Được mời 10"
expect_eq "database: on the list as a member, present" \
	"$(sql "SELECT a.status FROM attendance a JOIN member m ON m.id = a.member_id WHERE m.full_name = 'Trương Thị Mai Hương'")" 1

# A guest typed without diacritics: hinted once, kept if saved again, put
# right later from the list.
type_text "tran van binh"
expect_screen "not on the list" "Không có trong danh sách"
keys F7
expect_screen "walk-in form with the name typed" "tran van binh"
keys F2
expect_screen "hint to type it with diacritics" "Tên chưa có dấu"
expect_eq "not saved yet" "$(sql "SELECT count(*) FROM attendance WHERE member_id IS NULL")" 0
keys F2
expect_screen "saved as typed on the second F2" "✓ tran van binh: đã thêm, có mặt."
type_text "tran van b"
wait_for "(ngoài DS)" || fail "the guest found" "$(screen)"
keys F4
expect_screen "guest form with the values" "Sửa người ngoài danh sách"
keys C-u
type_text "Trần Văn Bình"
keys Tab
type_text "Trưởng ban công tác Mặt trận"
keys F2
expect_screen "guest put right" "Đã sửa: Trần Văn Bình."
expect_eq "database: the guest's name and position" \
	"$(sql "SELECT guest_name || '|' || guest_position FROM attendance WHERE member_id IS NULL")" \
	"Trần Văn Bình|Trưởng ban công tác Mặt trận"

# The attendance sheet from check-in, written and read back.
keys F9
expect_screen "the sheet on screen" "Danh sách người tham dự — Kỹ năng số cơ bản"
expect_screen "its counts" "Có mặt 2 / Được mời 11 / Dự kiến –"
keys x
expect_screen "export form" "Xuất danh sách người tham dự"
keys F2
expect_screen "written" "Đã xuất"
sheet=$HOME/cnscd-exports/attendance-lop1.xlsx
if [ -f "$sheet" ] && /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	SUITE=$SUITE /usr/bin/python3 "$CNSCD_SOURCE_DIR/tests/attendance_check.py" sheet "$sheet" "$DB" 1 || t_failed=1
else
	fail "the sheet was written at $sheet (and openpyxl is there)" "$(ls -la "$HOME/cnscd-exports" 2>&1)"
fi
keys Escape
expect_screen "back in check-in" "Tên hoặc số ĐT:"
keys F1
expect_screen "help lists the status keys" "Ghi vắng có phép người đang chọn"
keys Escape
wait_gone "Ghi vắng có phép người đang chọn" || fail "help closes" "$(screen)"

# From the session list, the same key (Esc clears the line first).
keys Escape Escape
expect_screen "session list" "Có mặt Được mời Dự kiến"
keys x
expect_screen "the sheet from the session list" "Danh sách người tham dự — Kỹ năng số cơ bản"
keys Escape
expect_screen "back to the session list" "Có mặt Được mời Dự kiến"

# From the trainings report: Enter on the session's row.
keys Escape
expect_screen "back in the tree" "Xã Vĩnh Mỹ A"
keys F9
expect_screen "report picker" "Chọn báo cáo"
keys Down Down Enter
expect_screen "period of the trainings report" "Tập huấn — kỳ báo cáo"
keys F2
expect_screen "trainings report" "Tổng hợp các lớp tập huấn"
keys Enter
expect_screen "Enter on the session opens its sheet" "Danh sách người tham dự — Kỹ năng số cơ bản (01/01/$year)"
keys Escape
keys Escape
keys q
tui_exited_ok "quit cleanly"

cn export untrained --unit 960 -o -
expect_no_out "after: her training counts, the untrained list drops her" "Trương Thị Mai Hương"
expect_out "the others not present are still listed" "Lý Văn Tài"
t_done
