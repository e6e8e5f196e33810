# Helpers for the tmux tests of the full-screen interface; source after
# tests/lib.sh. Each test file gets its own tmux server (socket cnscd-PID),
# killed at exit. Screens are polled until the expected text shows, with a
# timeout, rather than read after fixed sleeps. The timeout is generous
# ($CNSCD_TUI_WAIT seconds, default 15): suites run side by side on a
# loaded machine, and a wait that succeeds returns at once.
command -v tmux >/dev/null || { skip "tmux is not installed"; exit 0; }
SOCK=cnscd-$$
TUI_WAIT=${CNSCD_TUI_WAIT:-15}
SEED=$(dirname "$CNSCD")/tests/seed
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT

# tui_start [WIDTH HEIGHT TERM]: runs cnscd on $DB; its exit status lands in $T/exit.
tui_start() {
	rm -f "$T/exit" "$T/stty"
	tmux -L "$SOCK" new-session -d -x "${1:-100}" -y "${2:-30}" \
		"env LANG=C.UTF-8 TERM=${3:-xterm-256color} CNSCD_TODAY='${CNSCD_TODAY:-}' '$CNSCD' --db '$DB'; echo \$? > '$T/exit.tmp'; stty -a > '$T/stty' 2>&1; mv '$T/exit.tmp' '$T/exit'"
	wait_for "Tổ công nghệ số cộng đồng" || fail "interface started" "$(screen)"
}

screen() { tmux -L "$SOCK" capture-pane -p 2>/dev/null; }
keys() { tmux -L "$SOCK" send-keys "$@"; }
type_text() { tmux -L "$SOCK" send-keys -l "$1"; }

# wait_for TEXT [SECONDS]: true once the screen shows TEXT (fixed string);
# false at once when the pane is gone (the program ended: nothing will come).
wait_for() {
	local end=$((SECONDS + ${2:-$TUI_WAIT})) shown
	while [ "$SECONDS" -le "$end" ]; do
		shown=$(screen) || return 1
		grep -qF -- "$1" <<<"$shown" && return 0
		sleep 0.1
	done
	return 1
}

# wait_gone TEXT [SECONDS]: true once the screen no longer shows TEXT.
wait_gone() {
	local end=$((SECONDS + ${2:-$TUI_WAIT}))
	while [ "$SECONDS" -le "$end" ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
	done
	return 1
}

# wait_changed BEFORE [SECONDS]: true once the screen differs from BEFORE
# (an earlier capture): the program has read what was typed since.
wait_changed() {
	local end=$((SECONDS + ${2:-$TUI_WAIT}))
	local shown
	while [ "$SECONDS" -le "$end" ]; do
		shown=$(screen) || return 1
		[ "$shown" != "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# expect_screen NAME TEXT: the screen shows TEXT (within $TUI_WAIT seconds).
expect_screen() {
	if wait_for "$2"; then pass "$1"; else fail "$1" "screen lacks: $2" "$(screen)"; fi
}

# expect_not_screen NAME TEXT: TEXT is not on the screen now.
expect_not_screen() {
	if screen | grep -qF -- "$2"; then fail "$1" "screen shows: $2" "$(screen)"; else pass "$1"; fi
}

# expect_sql NAME QUERY EXPECTED: QUERY on $DB gives EXPECTED (within
# $TUI_WAIT seconds: the program saves as it reads the keys).
expect_sql() {
	local end=$((SECONDS + TUI_WAIT)) got
	while :; do
		got=$(sql "$2" 2>&1)
		[ "$got" = "$3" ] || [ "$SECONDS" -gt "$end" ] && break
		sleep 0.1
	done
	expect_eq "$1" "$got" "$3"
}

# The line of the screen that holds TEXT.
screen_line() { screen | grep -F -- "$1" | head -1; }

# wait_line TEXT REGEX [SECONDS]: true once the line holding TEXT matches
# REGEX (extended); that line is left in $line either way (a screen just
# left or not read again yet shows the old figures for a moment).
wait_line() {
	local end=$((SECONDS + ${3:-$TUI_WAIT}))
	while :; do
		line=$(screen_line "$1")
		[[ "$line" =~ $2 ]] && return 0
		[ "$SECONDS" -gt "$end" ] && return 1
		sleep 0.1
	done
}

# tui_exited_ok NAME: the program ended with status 0, the terminal is back
# in its normal mode, and the pane is gone.
tui_exited_ok() {
	local end=$((SECONDS + TUI_WAIT))
	while [ ! -f "$T/exit" ] && [ "$SECONDS" -le "$end" ]; do sleep 0.1; done
	sleep 0.2
	local status
	status=$(cat "$T/exit" 2>/dev/null)
	# The terminal is given back: line editing and echo on again.
	local restored=no
	grep -qE '(^| )icanon' "$T/stty" 2>/dev/null && grep -qE '(^| )echo( |$)' "$T/stty" && restored=yes
	if [ "$status" = 0 ] && [ "$restored" = yes ] && ! tmux -L "$SOCK" has-session 2>/dev/null; then
		pass "$1"
	else
		fail "$1" "exit status '${status}', terminal restored: $restored," \
			"session still there: $(tmux -L "$SOCK" has-session 2>/dev/null && echo yes || echo no)"
	fi
}

# tui_find QUERY SHOWN: searches for QUERY, waits for SHOWN among the hits
# and opens the first one.
tui_find() {
	keys /
	wait_for "Tìm kiếm"
	type_text "$1"
	wait_for "$2"
	keys Enter
}

# The process id of cnscd in the pane.
tui_pid() { pgrep -P "$(tmux -L "$SOCK" list-panes -F '#{pane_pid}' | head -1)" -f cnscd | head -1; }
