#!/usr/bin/env bash
# Runs every test against the build in $1 and counts PASS/FAIL/SKIP lines.
# An optional second argument runs only the suites whose name contains it.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
filter=${2:-}
export CNSCD="$build/cnscd" CNSCD_SOURCE_DIR="$top" LANG=C.UTF-8 LC_ALL=C.UTF-8
unset CNSCD_DB XDG_DATA_HOME

passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_suite() { # name, command...
	local name=$1
	shift
	[ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && return
	echo "== $name"
	"$@" >"$log" 2>&1
	local rc=$? p f s
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	s=$(grep -c '^SKIP ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name: exited with status $rc" >>"$log"
		f=1
	fi
	# Show failures with their details, and skips; keep passes quiet.
	if [ "$f" -gt 0 ]; then cat "$log"; else grep -E '^(SKIP|FAIL) ' "$log"; fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

run_suite unit "$build/tests/unit_tests"
for t in "$top"/tests/cli/test_*.sh "$top"/tests/e2e/test_*.sh; do
	[ -f "$t" ] || continue
	run_suite "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" bash "$t"
done

echo
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
