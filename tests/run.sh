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

# Extra passes that ./scripts/test asks for (all off by default):
# the unit and CLI tests against a build with AddressSanitizer and UBSan,
# the CLI tests with cnscd under valgrind, and a short run of each fuzz
# target. The crash test writes fewer rows in the slower passes.
if [ -n "${CNSCD_ASAN_BUILD:-}" ]; then
	asan=$(cd "$CNSCD_ASAN_BUILD" && pwd)
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1
	export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
	export LSAN_OPTIONS=suppressions=$top/tests/lsan.supp
	CNSCD=$asan/cnscd run_suite asan/unit "$asan/tests/unit_tests"
	for t in "$top"/tests/cli/test_*.sh; do
		CNSCD=$asan/cnscd CNSCD_CRASH_ROWS=20000 run_suite "asan/cli/$(basename "$t" .sh)" bash "$t"
	done
	unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
fi
if [ -n "${CNSCD_VALGRIND:-}" ]; then
	vg="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect"
	vg+=" --errors-for-leak-kinds=definite,indirect"
	for t in "$top"/tests/cli/test_*.sh; do
		CNSCD_WRAPPER=$vg CNSCD_CRASH_ROWS=20000 run_suite "valgrind/cli/$(basename "$t" .sh)" bash "$t"
	done
fi
if [ -n "${CNSCD_FUZZ_BUILD:-}" ]; then
	CNSCD_FUZZ_BUILD=$(cd "$CNSCD_FUZZ_BUILD" && pwd) run_suite fuzz bash "$top/tests/fuzz/test_fuzz.sh"
fi

echo
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
