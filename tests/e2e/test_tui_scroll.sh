#!/usr/bin/env bash
# Long lists scroll at once and without memory growth: only the rows on
# screen are read (10,000 communes, a team of 20,000 members).
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

"$SEED" big "$DB" 10000 20000 || fail "seed big database"
tui_start 100 30
keys Enter Enter
expect_screen "10,000 communes listed" "10.000 đơn vị"
keys End
expect_screen "End reaches the last commune" "Xã Số 10000"
expect_screen "position shown" "Dòng 10.000/10.000"
keys PPage PPage
expect_screen "PgUp scrolls back" "Xã Số 09928"
keys Home
expect_screen "Home goes to the top" "Dòng 1/10.000"

# The commune with the big team: open its team's members.
keys t Enter
expect_screen "members of the big team" "Thành viên của tổ"
expect_screen "20,000 members counted" "Dòng 1/20.000"
pid=$(tui_pid)
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
before=$(rss "$pid")
# Speed is measured by bench/ (keystroke latency), not here: this checks
# that End lands on the last row of a long list.
keys End
if wait_for "Dòng 20.000/20.000"; then pass "End reaches the last of 20,000 members"; else fail "End in 20,000 members" "$(screen)"; fi
for _ in $(seq 1 40); do keys PPage; done
wait_for "Dòng 19.040/20.000" || fail "paging up" "$(screen)"
for _ in $(seq 1 10); do keys s; done
wait_for "Sắp xếp theo" || true
keys Home
wait_for "Dòng 1/20.000"
after=$(rss "$pid")
growth=$((after - before))
if ldd "$CNSCD" | grep -q libasan; then
	skip "memory growth not measured under AddressSanitizer (it keeps freed memory)"
elif [ "$growth" -lt 4096 ]; then pass "memory grew ${growth} kB over the scrolling"; else fail "memory grew ${growth} kB"; fi
keys q
tui_exited_ok "quit after scrolling"
t_done
