#!/usr/bin/env bash
# The interface killed (kill -9) right after F2 in a member form, at a few
# moments (at once, 0.02 s, 0.1 s, once "Đã lưu" shows): the database
# always passes integrity_check and holds the new member whole (with its
# team and its audit entry) or not at all; a save that was reported is kept.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$SEED" small "$DB" || fail "seed small database"
integrity() { sqlite3 -batch "$DB" "PRAGMA integrity_check"; }
others() { sqlite3 -batch "$DB" "SELECT count(*) FROM member WHERE full_name NOT LIKE 'Người Bị Ngắt%'"; }
seeded=$(others)
saved=0
for delay in 0 0.02 0.1 shown; do
	name="Người Bị Ngắt $delay"
	tui_start
	tui_find "pham thi dung" "Phạm Thị Dung"
	wait_for "Thành viên của tổ" || fail "members of the team ($delay)" "$(screen)"
	keys F7
	wait_for "Thêm thành viên" || fail "member form ($delay)" "$(screen)"
	type_text "$name"
	wait_for "$name"
	pid=$(tui_pid)
	keys F2
	if [ "$delay" = shown ]; then
		wait_for "Đã lưu thành viên $name" 10 || fail "the save is reported" "$(screen)"
	else
		sleep "$delay"
	fi
	kill -9 "$pid"
	end=$((SECONDS + 5))
	while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -le "$end" ]; do sleep 0.05; done
	tmux -L "$SOCK" kill-server 2>/dev/null
	expect_eq "killed ${delay} after F2: integrity_check ok" "$(integrity)" ok
	n=$(sqlite3 -batch "$DB" "SELECT count(*) FROM member WHERE full_name = '$name'")
	whole=$(sqlite3 -batch "$DB" "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id
		JOIN audit a ON a.tbl = 'member' AND a.row_id = m.id AND a.action = 'insert'
		WHERE m.full_name = '$name'")
	if [ "$n" = 0 ] || { [ "$n" = 1 ] && [ "$whole" = 1 ]; }; then
		pass "killed ${delay} after F2: the member is there whole or not at all ($n)"
	else
		fail "killed ${delay} after F2: the member is half there" "members $n, with team and audit $whole"
	fi
	[ "$delay" = shown ] && expect_eq "killed once «Đã lưu» showed: the member is kept" "$n" 1
	saved=$((saved + n))
done
expect_eq "nothing else changed: the seed's members are all there" "$(others)" "$seeded"
echo "# $saved of 4 saved before the kill"
t_done
