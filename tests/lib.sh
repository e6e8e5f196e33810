# Helpers for shell tests (CLI and tmux). Source it, call the checks, and
# end with `t_done`. Each check prints PASS/FAIL lines that tests/run.sh
# counts. $CNSCD is the binary under test; every test gets its own
# temporary directory $T (removed at exit) and database $DB inside it.
set -u
: "${CNSCD:?run through tests/run.sh or meson test (CNSCD unset)}"
: "${CNSCD_SOURCE_DIR:?run through tests/run.sh or meson test}"
# Every database is named with --db: none from the caller's environment.
unset CNSCD_DB XDG_DATA_HOME
T=$(mktemp -d /tmp/cnscd-t.XXXXXX)
DB=$T/test.db
FIXTURES=$CNSCD_SOURCE_DIR/tests/fixtures
# The official lists as files (units-2024.csv, units-2025.csv,
# mapping-2025.csv), written from the copies inside cnscd.
OFFICIAL=$T/official
mkdir -p "$OFFICIAL"
for list in 2024 2025; do
	"$CNSCD" units official "$list" -o "$OFFICIAL/units-$list.csv"
done
"$CNSCD" units official mapping-2025 -o "$OFFICIAL/mapping-2025.csv"
SUITE=$(basename "$(dirname "$0")")/$(basename "$0" .sh)
t_failed=0
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS $SUITE: $1"; }
fail() {
	echo "FAIL $SUITE: $1"
	shift
	for line in "$@"; do printf '    %s\n' "$line"; done
	t_failed=1
}
skip() { echo "SKIP $SUITE: $1"; }

# cn ARGS... : runs cnscd on $DB; output in $OUT, errors in $ERR, status in $RC.
# $CNSCD_WRAPPER (e.g. "valgrind --error-exitcode=99 ...") is put in front.
# cnscd exits with 0, 1 or 2: 99 (a memory error from valgrind or a
# sanitizer) or a signal (a crash) fails the test whatever was expected.
cn() {
	# shellcheck disable=SC2086 # the wrapper is a command line
	OUT=$(${CNSCD_WRAPPER:-} "$CNSCD" --db "$DB" "$@" 2>"$T/.stderr")
	RC=$?
	ERR=$(cat "$T/.stderr")
	if [ "$RC" -ge 99 ]; then
		fail "cnscd $* crashed or reported a memory error (exit $RC)" "$(tail -n 30 "$T/.stderr")"
	fi
}

# expect_ok NAME ARGS... : cnscd ARGS succeeds.
expect_ok() {
	local name=$1
	shift
	cn "$@"
	if [ "$RC" -eq 0 ]; then pass "$name"; else fail "$name" "exit $RC" "$ERR"; fi
}

# expect_fail NAME PATTERN ARGS... : cnscd ARGS fails and stderr matches PATTERN.
expect_fail() {
	local name=$1 pattern=$2
	shift 2
	cn "$@"
	if [ "$RC" -ne 0 ] && grep -qE -- "$pattern" <<<"$ERR"; then
		pass "$name"
	else
		fail "$name" "exit $RC, stderr did not match /$pattern/" "stderr: $ERR" "stdout: $OUT"
	fi
}

# expect_out NAME PATTERN : the last command's stdout matches PATTERN (grep -E).
expect_out() {
	if grep -qE -- "$2" <<<"$OUT"; then pass "$1"; else fail "$1" "stdout did not match /$2/" "$OUT"; fi
}

# expect_no_out NAME PATTERN : the last command's stdout does not match.
expect_no_out() {
	if grep -qE -- "$2" <<<"$OUT"; then fail "$1" "stdout matched /$2/" "$OUT"; else pass "$1"; fi
}

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:      $2" "expected: $3"; fi
}

# sql QUERY : runs QUERY on $DB with the sqlite3 shell.
sql() { sqlite3 -batch -noheader "$DB" "$1"; }

t_done() { exit "$t_failed"; }
