#!/usr/bin/env bash
# Training sessions: a session added from the commune's list of sessions,
# a team invited, check-in by parts of names without diacritics and by the
# last phone digits, a walk-in, undo; the counts on screen, in the
# database and in the export agree. Then the member's training history.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$SEED" small "$DB" || fail "seed small database"
tui_start
keys Enter Enter
expect_screen "communes listed" "Xã Vĩnh Mỹ A"
keys l
expect_screen "sessions of the commune: none yet" "Chưa có lớp tập huấn nào"
expect_screen "status line offers the invite" "i Mời"

# A session: title, start date, format; planned number checked inline.
keys F7
expect_screen "session form opens" "Thêm lớp tập huấn — Xã Vĩnh Mỹ A"
type_text "Kỹ năng số cơ bản"
keys Tab
expect_screen "a new session starts today" "$(date +%d/%m/%Y)"
keys C-u
type_text "20/11/2026"
keys Tab Tab Right
expect_screen "format stepped to online" "Trực tuyến"
keys Tab Enter
expect_screen "topic picker opens" "Định danh điện tử VNeID"
keys Home Enter
wait_gone "┌─ Chủ đề" || fail "topic picked" "$(screen)"
keys Enter
wait_for "┌─ Chủ đề" || fail "topic picker again" "$(screen)"
keys Home Down Enter
expect_screen "second topic appended" "Dịch vụ công trực tuyến; Định danh điện tử VNeID"
keys Tab Tab Tab Tab
type_text "sáu mươi"
keys F2
expect_screen "bad planned number refused beside the field" "Số người dự kiến «sáu mươi» không hợp lệ"
expect_eq "nothing saved yet" "$(sql "SELECT count(*) FROM training")" "0"
keys C-u
type_text "40"
keys F2
wait_for "Kỹ năng số cơ bản" || fail "session listed" "$(screen)"
if [[ "$(screen_line "Kỹ năng số cơ bản" | tr -s ' ')" == *" 0 0 40" ]]; then pass "session listed with present, invited, planned"
else fail "session listed with present, invited, planned" "$(screen)"; fi
expect_screen "the list's columns say which count is which" "Có mặt Được mời Dự kiến"
expect_eq "session saved" "$(sql "SELECT start_date || ' ' || format || ' ' || planned FROM training")" "2026-11-20 2 40"
expect_eq "both topics saved" "$(sql "SELECT count(*) FROM training_topic")" "2"

# Check-in screen; invite one team through the dialog.
keys Enter
expect_screen "check-in opens" "Điểm danh · Kỹ năng số cơ bản (20/11/2026)"
expect_screen "empty list says how to fill it" "Danh sách còn trống"
keys F6
expect_screen "invite dialog" "Người chưa tập huấn"
keys m
expect_screen "team picker" "Tổ CNSCĐ Ấp Vĩnh Mẫu"
keys Home Enter
expect_screen "invite says how many were added" "Đã mời thêm 4 người."
expect_screen "count shows the invited" "Có mặt 0 / Được mời 4 / Dự kiến 40"

# Three people by parts of their names, without diacritics.
type_text "nguyen v"
expect_screen "typing narrows the list" "1 người khớp"
keys Enter
expect_screen "first check-in counted" "Có mặt 1 / Được mời 4"
type_text "binh"
wait_for "1 người khớp"
keys Enter
expect_screen "second check-in counted" "Có mặt 2 / Được mời 4"
type_text "cuong"
wait_for "1 người khớp"
keys Enter
expect_screen "third check-in counted" "Có mặt 3 / Được mời 4"

# Someone already present: said so, not an error, nothing changes.
type_text "binh"
wait_for "1 người khớp"
keys Enter
expect_screen "already present is said" "Trần Thị Bình đã có mặt từ"
expect_screen "count unchanged" "Có mặt 3 / Được mời 4"

# A walk-in, typed in one small form.
type_text "hoang khach"
expect_screen "not on the list" "Không có trong danh sách"
keys F7
expect_screen "walk-in form" "Người ngoài danh sách — ghi có mặt"
keys C-u
type_text "Hoàng Văn Khách"
keys Tab
type_text "Công chức văn hóa"
keys Tab
type_text "UBND xã"
keys Tab
type_text "0909 111 222"
keys F2
expect_screen "walk-in counted" "Có mặt 4 / Được mời 5"
expect_screen "walk-in marked" "Hoàng Văn Khách (ngoài DS)"

# The fourth member by the last digits of her phone, then undo it.
type_text "2333"
expect_screen "phone digits find her" "Phạm Thị Dung"
keys Enter
expect_screen "phone check-in counted" "Có mặt 5 / Được mời 5"
keys C-z
expect_screen "undo says what it did" "Đã hoàn tác: Phạm Thị Dung chưa điểm danh."
expect_screen "undo lowers the count" "Có mặt 4 / Được mời 5"

# Esc clears the line first, then closes; F1 lists the screen's keys.
type_text "xyz"
expect_screen "nothing matches xyz" "Không có trong danh sách"
keys Escape
expect_screen "Esc cleared the line" "Gõ vài chữ của tên"
keys F1
expect_screen "help of the check-in screen" "Hoàn tác thay đổi điểm danh gần nhất"
keys Escape
wait_gone "Hoàn tác thay đổi điểm danh gần nhất" || fail "help closes" "$(screen)"

expect_eq "database: present" "$(sql "SELECT count(*) FROM attendance WHERE status = 1")" "4"
expect_eq "database: on the list" "$(sql "SELECT count(*) FROM attendance")" "5"
expect_eq "database: undone one is invited again" \
	"$(sql "SELECT a.status FROM attendance a JOIN member m ON m.id = a.member_id WHERE m.full_name = 'Phạm Thị Dung'")" "0"
expect_eq "database: walk-in with normalised phone" \
	"$(sql "SELECT guest_name || ' ' || guest_phone || ' ' || status FROM attendance WHERE member_id IS NULL")" \
	"Hoàng Văn Khách 0909111222 1"

# Back in the list of sessions the figures follow.
keys Escape
wait_for "Có mặt Được mời Dự kiến" || fail "back in the list" "$(screen)"
if [[ "$(screen_line "Kỹ năng số cơ bản" | tr -s ' ')" == *" 4 5 40" ]]; then pass "list follows: present 4, invited 5, planned 40"
else fail "list follows: present 4, invited 5, planned 40" "$(screen)"; fi

# Edit keeps the values; delete names how many are on the list, and No keeps it.
keys F4
expect_screen "edit form with the values" "Sửa lớp tập huấn — Xã Vĩnh Mỹ A"
expect_screen "edit form shows the date" "20/11/2026"
keys Escape
wait_gone "Sửa lớp tập huấn" || fail "unchanged form closes at once" "$(screen)"
keys F8
expect_screen "delete asks with the counts" "cùng danh sách 5 người (4 có mặt, 1"
expect_screen "...and says that u undoes it" "Có thể hoàn tác ngay sau đó bằng phím u"
keys k
wait_gone "cùng danh sách 5" || fail "No closes the question" "$(screen)"
expect_eq "session kept" "$(sql "SELECT count(*) FROM training")" "1"
whole="SELECT (SELECT count(*) FROM training) || ' ' || (SELECT count(*) FROM training_topic) || ' ' || (SELECT count(*) FROM attendance)"
before=$(sql "$whole")
keys F8
wait_for "cùng danh sách 5"
keys x
wait_for "Đã xóa lớp"
expect_eq "deleted" "$(sql "SELECT count(*) FROM training")" "0"
keys u
wait_for "Hoàn tác thay đổi gần nhất?"
keys h
wait_for "Đã hoàn tác"
expect_eq "u in the sessions list brings it back whole: topics, attendance" "$(sql "$whole")" "$before"
expect_screen "...listed again" "Kỹ năng số cơ bản"

# Training history on a member's page.
keys Escape
wait_for "Xã Vĩnh Mỹ A"
keys Enter
wait_for "Ấp Vĩnh Mẫu"
keys Home Enter Enter
expect_screen "members of the team" "Nguyễn Văn An"
keys Home l
expect_screen "history dialog" "Lịch sử tập huấn của Nguyễn Văn An"
expect_screen "history lists the session" "20/11/2026  Kỹ năng số cơ bản — Có mặt"
keys Enter
wait_gone "Lịch sử tập huấn" || fail "history closes" "$(screen)"

keys q

tui_exited_ok "quit cleanly"

# The export counts the same.
cn export trainings --unit 31873 -o "$T/x.csv" >/dev/null || fail "export trainings"
row=$(grep -F "Kỹ năng số cơ bản" "$T/x.csv")
if [[ "$row" == *",40,5,4,80.0%,"* ]]; then pass "export: planned 40, invited 5, present 4"; else fail "export row" "$row"; fi

# A queue at the door of a session of 500: every keystroke narrows the list
# at once, and the count follows.
tmux -L "$SOCK" kill-server 2>/dev/null
DB=$T/queue.db
"$SEED" checkin "$DB" 500 || fail "seed checkin database"
tui_start
keys Enter
expect_screen "commune listed" "Xã Vĩnh Mỹ A"
keys l
expect_screen "the big session" "Lớp đông người"
keys Enter
expect_screen "check-in of 500" "Có mặt 0 / Được mời 500"
start=$(date +%s%N)
type_text "0010499"
if wait_for "1 người khớp" 5; then
	ms=$((($(date +%s%N) - start) / 1000000))
	pass "seven keystrokes among 500 answered in ${ms} ms (screen polled every 100 ms)"
else
	fail "phone digits among 500" "$(screen)"
fi
expect_screen "the right person" "Phạm Thị Cường 500"
keys Enter
expect_screen "counted among 500" "Có mặt 1 / Được mời 500"
type_text "tran thi b"
expect_screen "names among 500 narrow" "7 người khớp"
keys Escape Escape Escape q
tui_exited_ok "quit cleanly after the queue"

t_done
