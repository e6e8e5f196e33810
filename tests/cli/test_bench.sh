#!/usr/bin/env bash
# Smoke run of bench/run at the commune scale: every benchmark runs and
# prints its figure (the figures themselves are for bench/README.md).
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
if ! command -v script >/dev/null; then
	skip "script(1) is missing: the start-up and key benchmarks need a pseudo-terminal"
	t_done
fi

out=$(CNSCD_BUILD=$(dirname "$CNSCD") CNSCD_BENCH_IMPORT_DIR=$T/imp "$CNSCD_SOURCE_DIR/bench/run" --scale commune \
	--runs 1 --no-python --db "$T/bench.db" 2>&1)
expect_eq "bench/run at the commune scale succeeds" "$?" 0
for what in "machine: " "start-up to first screen " "Down, province list " "s, sort members " \
	"peak RSS while browsing: " "search-as-you-type: " "export summary, national " \
	"cnscd export roster -o .csv " "raw libxlsxwriter: " "every keystroke (list + search past it) " \
	"type a name (list + whole database) " "Enter, check in the first match "; do
	if grep -qF -- "$what" <<<"$out"; then pass "prints «$what»"; else fail "no «$what» in: $out"; fi
done
# The import figures, side by side with SQLite's shell (their files spread
# over the communes of the 2024 list inside cnscd).
for what in "cnscd init, the 2025 list inside cnscd" "SQLite shell: .import 3000 members" \
	"cnscd import members, 3000 new" "cnscd / shell: " "cnscd import results, 10000 new values" \
	"big teams / small teams: " "in one database, big teams / small teams: "; do
	if grep -qF -- "$what" <<<"$out"; then pass "prints «$what»"; else fail "no «$what» in: $out"; fi
done
# The key figures are real: 30 Down keys were replayed and timed.
expect_eq "the key script was replayed" "$(grep -c '30 keys  median' <<<"$out")" 1
expect_eq "the check-in session was removed after" "$(sqlite3 "$T/bench.db" "SELECT count(*) FROM training WHERE title LIKE 'Đo điểm danh%'")" 0

# The start-up hook leaves after the first screen, with status 0.
script -qec "stty rows 24 cols 80; CNSCD_EXIT_AFTER_DRAW=1 timeout --foreground 20 '$CNSCD' --db '$T/bench.db'" /dev/null \
	>/dev/null </dev/null
expect_eq "CNSCD_EXIT_AFTER_DRAW=1 exits after drawing" "$?" 0
t_done
