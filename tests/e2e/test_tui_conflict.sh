#!/usr/bin/env bash
# Another copy changes a row while it is open in a form: the user is told
# and chooses; a database that cannot be written gives a message, and the
# program goes on.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$SEED" small "$DB" || fail "seed small database"
tui_start
keys /
wait_for "Tìm kiếm"
type_text "pham thi dung"
wait_for "Phạm Thị Dung"
keys Enter
wait_for "Thành viên của tổ"
keys e
expect_screen "edit form open" "Sửa thành viên"
# Meanwhile, elsewhere:
sql "UPDATE member SET note = 'sửa ở máy khác', updated_at = '2099-01-01T00:00:00.000Z' WHERE full_name = 'Phạm Thị Dung'"
keys Tab Tab Tab Tab Tab Tab Tab Tab Tab
type_text "ghi chú của tôi"
keys F2
expect_screen "conflict is explained" "Bản ghi vừa bị sửa ở nơi khác"
expect_screen "choices offered" "Ghi đè"
keys s
wait_gone "Bản ghi vừa bị sửa ở nơi khác" || fail "Sửa tiếp returns to the form" "$(screen)"
expect_screen "still editing" "ghi chú của tôi"
keys F2
wait_for "Bản ghi vừa bị sửa ở nơi khác"
keys t
expect_screen "reload shows the other copy's note" "sửa ở máy khác"
expect_eq "nothing of ours saved" "$(sql "SELECT note FROM member WHERE full_name = 'Phạm Thị Dung'")" "sửa ở máy khác"
keys C-u
type_text "ghi chú mới"
sql "UPDATE member SET updated_at = '2099-02-01T00:00:00.000Z' WHERE full_name = 'Phạm Thị Dung'"
keys F2
wait_for "Bản ghi vừa bị sửa ở nơi khác"
keys g
expect_screen "overwrite saves ours" "Đã lưu thành viên"
expect_eq "our note in the database" "$(sql "SELECT note FROM member WHERE full_name = 'Phạm Thị Dung'")" "ghi chú mới"

# A read-only database: the save fails with a message; nothing exits.
chmod a-w "$DB" "$DB-wal" "$DB-shm" 2>/dev/null
if [ "$(id -u)" = 0 ]; then
	skip "read-only database (root ignores file permissions)"
else
	keys n
	wait_for "Thêm thành viên"
	type_text "Không Lưu Được"
	keys F2
	expect_screen "write error shown in the form" "chỉ cho phép đọc"
	keys Escape b
fi
chmod u+w "$DB" "$DB-wal" "$DB-shm" 2>/dev/null

# A busy database (another writer holds the lock past the 10 s wait) is a
# message in the form too; the program goes on and saves once it is free.
(echo "BEGIN IMMEDIATE;"; sleep 14; echo "ROLLBACK;") | sqlite3 "$DB" &
holder=$!
sleep 0.5
keys n
wait_for "Thêm thành viên"
type_text "Chờ Khóa"
keys F2
if wait_for "đang bận" 15; then pass "busy database: message, no exit"; else fail "busy database" "$(screen)"; fi
expect_eq "busy database: nothing saved" "$(sql "SELECT count(*) FROM member WHERE full_name = 'Chờ Khóa'")" "0"
wait "$holder"
keys F2
expect_screen "saved once the lock is gone" "Đã lưu thành viên Chờ Khóa"
keys q
tui_exited_ok "quit after conflicts"
t_done
