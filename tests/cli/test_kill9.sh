#!/usr/bin/env bash
# An export killed (kill -9) while it writes: nothing appears under the
# requested name, the only thing left is the private scratch folder beside
# it (".cnscd-tmp.XXXXXX", never taken for a report), the database is
# untouched, and the same export run again writes a whole workbook and
# sweeps that folder away.
# Needs the province-scale database from build/bench/cnscd-gen and the
# official unit list (written from the copy inside cnscd: tests/lib.sh).
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

GEN=$(dirname "$CNSCD")/bench/cnscd-gen
if [ ! -x "$GEN" ]; then
	skip "export killed halfway: $GEN not built (CNSCD_WITH_TEST_TOOLS=1 ./scripts/setup)"
	t_done
fi
"$GEN" --scale province --units "$OFFICIAL/units-2024.csv" -o "$DB" >"$T/gen.out" 2>&1 ||
	fail "generate a province database" "$(cat "$T/gen.out")"
before=$(sqlite3 -batch "$DB" "SELECT count(*) || ' ' || (SELECT count(*) FROM audit) FROM member")
# The daily backup is made once, before the kills, so that each run below
# goes straight to the export.
cn backup >/dev/null

OUTDIR=$T/out
mkdir -p "$OUTDIR"
# Starts the export and kills it as soon as its temporary file exists (it is
# writing); a run that ends first is tried again.
caught=0
for try in 1 2 3 4 5 6 7 8 9 10; do
	# shellcheck disable=SC2086
	${CNSCD_WRAPPER:-} "$CNSCD" --db "$DB" export roster -o "$OUTDIR/x.xlsx" >/dev/null 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if compgen -G "$OUTDIR/.cnscd-tmp.*/file" >/dev/null; then
			kill -9 "$pid"
			caught=1
			break
		fi
	done
	wait "$pid" 2>/dev/null
	[ "$caught" = 1 ] && break
	rm -rf "$OUTDIR"/x.xlsx "$OUTDIR"/.cnscd-tmp.*
done
if [ "$caught" = 1 ]; then pass "export killed (kill -9) while writing (try $try)"; else
	fail "export killed while writing" "the export always ended before its temporary file was seen"; fi

expect_eq "killed export: nothing under the requested name" "$(ls "$OUTDIR/x.xlsx" 2>/dev/null)" ""
# Left behind a kill can only be the export's private scratch folder
# (".cnscd-tmp.XXXXXX", 0700) with its lock, the file being written and the
# scratch files of libxlsxwriter's constant-memory mode, each private.
# Never a file under the name.
left=$(cd "$OUTDIR" && ls -A)
if grep -qvE '^\.cnscd-tmp\.[A-Za-z0-9]{6}$' <<<"$left"; then
	fail "killed export: stray files" "$left"
else
	pass "killed export: only the scratch folder is left"
fi
for d in $left; do
	expect_eq "the scratch folder $d is private (0700)" "$(stat -c %a "$OUTDIR/$d")" 700
	for f in "$OUTDIR/$d"/*; do
		expect_eq "$d/$(basename "$f") is private (0600)" "$(stat -c %a "$f")" 600
	done
done
expect_eq "killed export: the database passes integrity_check" "$(sqlite3 -batch "$DB" "PRAGMA integrity_check")" ok
expect_eq "killed export: the database is unchanged" \
	"$(sqlite3 -batch "$DB" "SELECT count(*) || ' ' || (SELECT count(*) FROM audit) FROM member")" "$before"

expect_ok "the export run again succeeds" export roster -o "$OUTDIR/x.xlsx"
if /usr/bin/python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None)' \
	"$OUTDIR/x.xlsx" 2>"$T/zip.err"; then
	pass "the export run again is a whole workbook"
	expect_eq "the next export swept what the killed one left" "$(cd "$OUTDIR" && ls -A)" "x.xlsx"
else
	fail "the export run again is a whole workbook" "$(cat "$T/zip.err")"
fi
t_done
