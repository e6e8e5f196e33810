#!/usr/bin/env bash
# Any key sequence: a few hundred keys chosen at random (fixed seed, so a
# failure can be replayed) never end the program; SIGTERM then leaves
# cleanly with the terminal restored.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$SEED" small "$DB" || fail "seed small database"
tui_start 80 24
pid=$(tui_pid)
pool=(Up Down Left Right Home End PPage NPage Enter Escape Tab BTab BSpace DC IC Space
	F1 F2 F3 F4 F5 F6 F7 F8 F9 F11 F12 / '?' a b d e g h k l n o r s t x 0 1 9 ă ơ Đ C-u C-l C-s
	D B C T j v)
RANDOM=${CNSCD_KEYS_SEED:-20250701}
for round in $(seq 1 12); do
	batch=()
	for _ in $(seq 1 30); do batch+=("${pool[RANDOM % ${#pool[@]}]}"); done
	keys "${batch[@]}"
	sleep 0.15
	if ! kill -0 "$pid" 2>/dev/null; then
		fail "alive after random keys (round $round)" "last keys: ${batch[*]}"
		break
	fi
	tmux -L "$SOCK" resize-window -x $((80 + round % 3 * 10)) -y $((24 + round % 2 * 6))
done
kill -0 "$pid" 2>/dev/null && pass "still running after 360 random keys and resizes"
expect_screen "screen still drawn" "Tổ công nghệ số cộng đồng"
kill -TERM "$pid"
tui_exited_ok "SIGTERM leaves cleanly"
expect_eq "database still sound" "$(sql 'PRAGMA integrity_check')" "ok"
t_done
