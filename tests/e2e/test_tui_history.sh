#!/usr/bin/env bash
# The audit log in the interface: a save that waits for another copy's
# write lock says so on the status line; H shows the record's history with
# the edit; u undoes it after saying what it reverts, and the list shows
# the old value; an undo the data no longer allows is refused with its
# reason. The daily backup is made on start.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$SEED" small "$DB" || fail "seed small database"
# A daily backup that cannot be made (a file where its folder goes) is a
# warning on the status line; the interface works on.
BACKUPS=$(dirname "$DB")/backups
rm -rf "$BACKUPS"
touch "$BACKUPS"
tui_start 120 30
expect_screen "failed daily backup: a warning" "Cảnh báo: chưa sao lưu hằng ngày được"
keys q
tui_exited_ok "failed daily backup: not fatal"
rm -f "$BACKUPS"
tui_start 120 30
if ls "$(dirname "$DB")"/backups/*.db >/dev/null 2>&1; then pass "daily backup made on start"; else
	fail "daily backup made on start" "$(ls -la "$(dirname "$DB")")"; fi

tui_find "pham thi dung" "Phạm Thị Dung"
expect_screen "members of her team" "Thành viên của tổ"
expect_screen "old phone listed" "0911222333"

# Another writer holds the lock for a few seconds while we save.
rm -f "$T/release"
(
	echo "BEGIN IMMEDIATE;"
	echo "SELECT 'locked';"
	while [ ! -f "$T/release" ]; do sleep 0.1; done
	echo "ROLLBACK;"
) | sqlite3 "$DB" >"$T/holder.out" 2>&1 &
holder=$!
end=$((SECONDS + 10))
until grep -q locked "$T/holder.out" 2>/dev/null || [ "$SECONDS" -gt "$end" ]; do sleep 0.1; done
keys e
expect_screen "edit form open" "Sửa thành viên"
keys Tab Tab Tab Tab C-u
type_text "0977000111"
keys F2
if wait_for "Cơ sở dữ liệu đang bận (một cửa sổ cnscd khác đang ghi), đang chờ…" 8; then
	pass "waiting for the lock is said on the status line"
else
	fail "waiting for the lock is said on the status line" "$(screen)"
fi
touch "$T/release"
wait "$holder"
expect_screen "saved once the lock is free" "Đã lưu thành viên Phạm Thị Dung"
expect_eq "new phone in the database" "$(sql "SELECT phone FROM member WHERE full_name = 'Phạm Thị Dung'")" \
	"0977000111"

# History of the highlighted member: the edit, newest first, then her creation.
keys H
expect_screen "history opens" "Lịch sử thay đổi — thành viên «Phạm Thị Dung»"
expect_screen "history shows the edit" "0911222333 → 0977000111"
first=$(screen | grep -nF "0911222333 → 0977000111" | head -1 | cut -d: -f1)
added=$(screen | grep -nF "Thêm thành viên «Phạm Thị Dung»" | head -1 | cut -d: -f1)
if [ -n "$first" ] && [ -n "$added" ] && [ "$first" -lt "$added" ]; then pass "newest first"; else
	fail "newest first" "$(screen)"; fi
keys Enter
expect_screen "Enter shows the whole change" "Đóng"
keys Escape
wait_for "Lịch sử thay đổi"
keys Escape
wait_gone "Lịch sử thay đổi" || fail "Esc closes the history" "$(screen)"

# Undo: the question names the change; Thôi keeps it, Hoàn tác reverts it.
keys u
expect_screen "undo asks, naming the change" "Hoàn tác thay đổi gần nhất?"
expect_screen "undo preview describes it" "Sửa thành viên «Phạm Thị Dung»: số điện thoại 0911222333"
keys t
wait_gone "Hoàn tác thay đổi gần nhất?" || fail "Thôi closes the question" "$(screen)"
expect_eq "Thôi changes nothing" "$(sql "SELECT phone FROM member WHERE full_name = 'Phạm Thị Dung'")" "0977000111"
keys u
wait_for "Hoàn tác thay đổi gần nhất?"
keys h
expect_screen "undone, says what" "Đã hoàn tác"
expect_eq "old phone back in the database" "$(sql "SELECT phone FROM member WHERE full_name = 'Phạm Thị Dung'")" \
	"0911222333"
row=$(screen | grep -E '^ +Phạm Thị Dung ' | head -1)
if [[ "$row" == *0911222333* ]]; then pass "the list shows the old phone again"; else
	fail "the list shows the old phone again" "$(screen)"; fi
keys H
expect_screen "history marks the undone edit" "[đã hoàn tác]"
keys Escape
wait_gone "Lịch sử thay đổi"

# History from the team and unit lists too; help lists the keys.
keys Left
wait_for "Các tổ của đơn vị"
keys H
expect_screen "history of a team" "Lịch sử thay đổi — tổ «"
keys Escape
wait_gone "Lịch sử thay đổi"
keys Left
wait_for "Danh sách đơn vị"
keys H
expect_screen "history of a unit" "Lịch sử thay đổi — đơn vị «"
keys Escape
wait_gone "Lịch sử thay đổi"
keys F1
expect_screen "help lists history" "Lịch sử thay đổi của mục đang chọn"
expect_screen "help lists undo" "Hoàn tác thay đổi gần nhất"
keys Escape

# Undo taking away the team the user is in: back to the list of teams.
tui_find "pham thi dung" "Phạm Thị Dung"
wait_for "Thành viên của tổ"
keys Left
wait_for "Các tổ của đơn vị"
keys n
wait_for "Thêm tổ"
keys C-u
type_text "Tổ Thử Hoàn Tác"
keys F2
wait_for "Tổ Thử Hoàn Tác"
keys Enter
expect_screen "in the new team" "Tổ chưa có thành viên"
keys u
wait_for "Hoàn tác thay đổi gần nhất?"
keys h
expect_screen "undo of the team: back to the teams" "Các tổ của đơn vị"
if screen | grep -qE '^ +Tổ Thử Hoàn Tác'; then fail "the undone team is gone" "$(screen)"; else
	pass "the undone team is gone"; fi
expect_eq "the undone team is gone from the database" \
	"$(sql "SELECT count(*) FROM team WHERE name = 'Tổ Thử Hoàn Tác'")" 0
tui_find "pham thi dung" "Phạm Thị Dung"
wait_for "Thành viên của tổ"

# A change the log did not see: the undo is refused with the reason.
keys e
wait_for "Sửa thành viên"
keys Tab Tab Tab Tab C-u
type_text "0911000000"
keys F2
wait_for "Đã lưu thành viên Phạm Thị Dung"
sql "DROP TRIGGER audit_member_update; UPDATE member SET note = 'sửa tay' WHERE full_name = 'Phạm Thị Dung'" >/dev/null
keys u
wait_for "Hoàn tác thay đổi gần nhất?"
keys h
expect_screen "refused undo: the reason is shown" "Không hoàn tác được"
expect_eq "refused undo changes nothing" "$(sql "SELECT phone FROM member WHERE full_name = 'Phạm Thị Dung'")" \
	"0911000000"
keys Escape
keys C-z
expect_screen "Ctrl-Z asks to undo too" "Hoàn tác thay đổi gần nhất?"
keys t
wait_gone "Hoàn tác thay đổi gần nhất?"
keys q
tui_exited_ok "quit after history and undo"
t_done
