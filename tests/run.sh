#!/usr/bin/env bash
# Runs every test against the build in $1 and counts PASS/FAIL/SKIP lines.
# An optional second argument runs only the suites whose name contains it.
#
# Suites run side by side, $CNSCD_TEST_JOBS at a time (default: one more
# than the cores, since a suite often waits: a tmux screen, a lock held on
# purpose, a disk write; on 2 cores a full run took 7 min 10 s with 3, 8 min 6 s with 2);
# each has its own temporary folder and, for the tmux suites, its
# own tmux server. The longest start first (times of the last run are kept in
# $1/test-times, tests/suite-times serves before a first run), and results
# are shown in the order the suites started.
#
# Passes that ./scripts/test asks for (all off by default):
#   CNSCD_ASAN_BUILD=DIR  the unit and CLI tests against a build with
#                         AddressSanitizer and UBSan;
#   CNSCD_VALGRIND=1      the CLI tests with cnscd under valgrind: a subset
#                         that runs each command family once (ASan and UBSan
#                         cover the rest), all of them with CNSCD_VALGRIND_ALL=1;
#   CNSCD_FUZZ_BUILD=DIR  a short run of each fuzz target.
# The crash test writes fewer rows in the slower passes.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
filter=${2:-}
jobs=${CNSCD_TEST_JOBS:-$(($(nproc 2>/dev/null || echo 2) + 1))}
times=$build/test-times
export CNSCD="$build/cnscd" CNSCD_SOURCE_DIR="$top" LANG=C.UTF-8 LC_ALL=C.UTF-8
unset CNSCD_DB XDG_DATA_HOME
asan=${CNSCD_ASAN_BUILD:+$(cd "$CNSCD_ASAN_BUILD" && pwd)}
fuzz=${CNSCD_FUZZ_BUILD:+$(cd "$CNSCD_FUZZ_BUILD" && pwd)}
vg="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect"
vg+=" --errors-for-leak-kinds=definite,indirect"
# Each command family once under valgrind: init, help and search; backup,
# restore and undo; locks, a read-only database and a full disk; csv and
# xlsx export and the attendance sheet; xlsx and attendance import (each
# import goes through the bulk writer of test_import_bulk); bundles
# in and out; the official lists, their update and the 2025 reorganisation;
# hostile text in files and in the database.
vg_subset=" test_basics test_backup test_reliability test_export test_attendance test_import2 test_bundle"
vg_subset+=" test_official test_hostile "

# Every shell suite is also a meson test() (tests/meson.build).
check_registered() {
	local t name missing=()
	for t in "$top"/tests/cli/test_*.sh "$top"/tests/e2e/test_*.sh; do
		name=$(basename "$t" .sh)
		grep -q "'${name#test_}'" "$top/tests/meson.build" || missing+=("$(basename "$(dirname "$t")")/$name")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		echo "PASS meson: every shell suite is a meson test()"
	else
		echo "FAIL meson: not in tests/meson.build: ${missing[*]}"
	fi
}

# run_named NAME: runs the suite called NAME (in a subshell of its own).
run_named() {
	local name=$1
	case $name in
	asan/*)
		export CNSCD=$asan/cnscd CNSCD_CRASH_ROWS=20000 LSAN_OPTIONS=suppressions=$top/tests/lsan.supp
		export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1
		export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
		name=${name#asan/}
		;;
	valgrind/*)
		export CNSCD_WRAPPER=$vg CNSCD_CRASH_ROWS=20000
		name=${name#valgrind/}
		;;
	fuzz/*)
		export CNSCD_FUZZ_BUILD=$fuzz CNSCD_FUZZ_TARGET=fuzz_${name#fuzz/}
		name=fuzz/test_fuzz
		;;
	esac
	case $name in
	meson) check_registered ;;
	unit) "$(dirname "$CNSCD")/tests/unit_tests" ;;
	*) bash "$top/tests/$name.sh" ;;
	esac
}

# The suites, the slow passes first.
suites=()
if [ -n "${CNSCD_VALGRIND:-}" ]; then
	for t in "$top"/tests/cli/test_*.sh; do
		name=$(basename "$t" .sh)
		[ "${CNSCD_VALGRIND_ALL:-0}" = 1 ] || [[ "$vg_subset" == *" $name "* ]] && suites+=("valgrind/cli/$name")
	done
fi
if [ -n "$asan" ]; then
	suites+=(asan/unit)
	for t in "$top"/tests/cli/test_*.sh; do suites+=("asan/cli/$(basename "$t" .sh)"); done
fi
if [ -n "$fuzz" ]; then
	for src in "$top"/tests/fuzz/fuzz_*.c; do
		target=$(basename "$src" .c)
		suites+=("fuzz/${target#fuzz_}")
	done
fi
suites+=(meson unit)
for t in "$top"/tests/cli/test_*.sh "$top"/tests/e2e/test_*.sh; do
	suites+=("$(basename "$(dirname "$t")")/$(basename "$t" .sh)")
done
if [ -n "$filter" ]; then
	kept=()
	for s in "${suites[@]}"; do [[ "$s" == *"$filter"* ]] && kept+=("$s"); done
	suites=("${kept[@]}")
fi
# Longest first, by the last run's times or, before a first run, by those in
# tests/suite-times (a run on the development machine; they only set the
# order). A suite not timed yet keeps its place among the first.
timed=()
for f in "$times" "$top/tests/suite-times"; do [ -s "$f" ] && timed+=("$f"); done
if [ ${#timed[@]} -gt 0 ] && [ ${#suites[@]} -gt 0 ]; then
	mapfile -t suites < <(
		printf '%s\n' "${suites[@]}" | awk -v files=${#timed[@]} '
			FNR == 1 { f++ }
			f <= files { if (!($1 in t) && $1 !~ /^#/) t[$1] = $2; next }
			{ printf "%d %d %s\n", ($0 in t ? t[$0] : 999999), FNR, $0 }' "${timed[@]}" - |
			sort -k1,1nr -k2,2n | cut -d' ' -f3
	)
fi

passed=0 failed=0 skipped=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
started=0 shown=0
declare -A pass_cpu=()

# show_finished: reports the suites that have ended, in the order they
# started, and adds up their counts.
show_finished() {
	local name log rc t0 t1 t cpu pass p f s
	while [ "$shown" -lt "$started" ] && [ -f "$logs/$shown.rc" ]; do
		name=${suites[shown]} log=$logs/$shown.log
		read -r rc t0 t1 cpu <"$logs/$shown.rc"
		p=$(grep -c '^PASS ' "$log")
		f=$(grep -c '^FAIL ' "$log")
		s=$(grep -c '^SKIP ' "$log")
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			echo "FAIL $name: exited with status $rc" >>"$log"
			f=1
		fi
		t=$(((${t1/./} - ${t0/./}) / 1000000))
		echo "$name $t" >>"$logs/times"
		echo "== $name ($t s, CPU $cpu s)"
		pass=${name%%/*}
		case $pass in asan | valgrind | fuzz) ;; *) pass=plain ;; esac
		pass_cpu[$pass]=$(awk -v a="${pass_cpu[$pass]:-0}" -v b="$cpu" 'BEGIN { print a + b }')
		# Show failures with their details, and skips; keep passes quiet.
		if [ "$f" -gt 0 ]; then cat "$log"; else grep -E '^(SKIP|FAIL) ' "$log"; fi
		passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
		shown=$((shown + 1))
	done
}

for name in "${suites[@]}"; do
	while [ "$(jobs -pr | wc -l)" -ge "$jobs" ]; do
		wait -n
		show_finished
	done
	i=$started
	started=$((started + 1))
	(
		t0=$EPOCHREALTIME
		run_named "$name" >"$logs/$i.log" 2>&1 </dev/null
		rc=$?
		# CPU seconds of the suite's processes (user + system).
		# (times in this shell: a pipe would run it in a child, which has none.)
		times >"$logs/$i.cpu"
		cpu=$(awk 'NR == 2 { split($1, u, "m"); split($2, s, "m"); printf "%.1f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$logs/$i.cpu")
		echo "$rc $t0 $EPOCHREALTIME ${cpu:-0}" >"$logs/$i.rc.tmp" && mv "$logs/$i.rc.tmp" "$logs/$i.rc"
	) &
done
while [ -n "$(jobs -pr)" ]; do
	wait -n
	show_finished
done
wait
# A suite killed before it could write its status counts as failed.
for ((i = shown; i < started; i++)); do
	[ -f "$logs/$i.rc" ] || echo "1 0 0" >"$logs/$i.rc"
done
show_finished

# Keep this run's times (and those of suites it did not run) for the next.
if [ -f "$logs/times" ]; then
	cat "$logs/times" "$times" 2>/dev/null | awk '!seen[$1]++' >"$times.tmp"
	mv "$times.tmp" "$times"
fi

line=
for pass in plain asan valgrind fuzz; do
	[ -n "${pass_cpu[$pass]:-}" ] && line+="${line:+, }$pass ${pass_cpu[$pass]} s"
done
[ -n "$line" ] && echo "CPU time (user + system) by pass: $line"
echo
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
