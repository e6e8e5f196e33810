#!/usr/bin/env bash
# A short run of each libFuzzer target (built by tests/fuzz/build.sh into
# $CNSCD_FUZZ_BUILD), $CNSCD_FUZZ_SECONDS seconds each (default 20), from the
# seed corpus in tests/fuzz/corpus/<target>/. A crash or a broken promise
# fails; its input is kept in $CNSCD_FUZZ_BUILD/crashes/ to replay with
# "build-fuzz/fuzz_<target> FILE". $CNSCD_FUZZ_TARGET (e.g. fuzz_csv) runs
# that target only (tests/run.sh runs the targets side by side).
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

FUZZ=${CNSCD_FUZZ_BUILD:?built by tests/fuzz/build.sh}
SECONDS_EACH=${CNSCD_FUZZ_SECONDS:-20}
CORPUS=$CNSCD_SOURCE_DIR/tests/fuzz/corpus

for src in "$CNSCD_SOURCE_DIR"/tests/fuzz/fuzz_*.c; do
	target=$(basename "$src" .c)
	[ -n "${CNSCD_FUZZ_TARGET:-}" ] && [ "$target" != "$CNSCD_FUZZ_TARGET" ] && continue
	bin=$FUZZ/$target
	name=${target#fuzz_}
	if [ ! -x "$bin" ]; then
		fail "$target: not built (tests/fuzz/build.sh)"
		continue
	fi
	work=$T/$name
	mkdir -p "$work/corpus" "$work/crashes"
	max_len=8192
	[ "$name" = csv ] && max_len=131072 # room for the large-field seed
	[ "$name" = xlsx ] && max_len=16384 # a workbook from Excel is a few KB at least
	# New inputs go to the first (temporary) folder; the seeds stay as they are.
	"$bin" -max_total_time="$SECONDS_EACH" -max_len=$max_len -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$work/crashes/" "$work/corpus" "$CORPUS/$name" >"$work/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		pass "$target: ${SECONDS_EACH} s, ${execs:-?} runs, ${cov:-cov: ?}, no crash"
	else
		mkdir -p "$FUZZ/crashes"
		cp "$work"/crashes/* "$FUZZ/crashes/" 2>/dev/null
		fail "$target: exit $rc (inputs kept in $FUZZ/crashes/)" "$(grep -E 'broken promise|ERROR|SUMMARY|#[0-9]+ in ' "$work/log" | head -20)"
	fi
done

t_done
