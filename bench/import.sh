#!/usr/bin/env bash
# The import figures of bench/README.md ("Imports"): cnscd's imports side by
# side with SQLite's own shell on the same generated files.
#
#   bench/import.sh [--scale national|province|commune] [--runs N] [--dir DIR]
#                   [--no-big]
#
# The files come from cnscd-gen --import-files (DIR, default
# $CNSCD_BENCH_IMPORT_DIR or /tmp/cnscd-bench-import; kept between runs): national 300,000 members
# over every commune and 1,000,000 results, plus the 200 MB files (2.25
# million valid rows, 2.15 million bad rows) unless --no-big; province
# 30,000 and 100,000; commune 3,000 and 10,000. Each figure: the median
# wall time of N runs (each on a fresh copy of its database, the copy not
# timed), the CPU time (user + system) and the peak RSS of that run.
# The unit list is the official 2024 list inside cnscd (3 levels, 10,794
# units: the members spread over its 10,035 communes), or CNSCD_UNITS.
set -euo pipefail
cd "$(dirname "$0")/.."

scale=national runs=3 dir=${CNSCD_BENCH_IMPORT_DIR:-/tmp/cnscd-bench-import} big=1
while [ $# -gt 0 ]; do
	case $1 in
	--scale) scale=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--no-big) big=0; shift ;;
	-h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench/import.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
case $scale in
national) members=300000 results=1000000 ;;
province) members=30000 results=100000 big=0 ;;
commune) members=3000 results=10000 big=0 ;;
*) echo "bench/import.sh: bad --scale $scale" >&2; exit 2 ;;
esac
build=${CNSCD_BUILD:-build}
build=$(cd "$build" && pwd)
cnscd=$build/cnscd
command -v sqlite3 >/dev/null || { echo "imports: skipped, the sqlite3 shell is missing"; exit 0; }
export LANG=C.UTF-8 LC_ALL=C.UTF-8

files=$dir/$scale
mkdir -p "$files"
units=${CNSCD_UNITS:-}
if [ -z "$units" ]; then
	units=$dir/units-2024.csv
	"$cnscd" units official 2024 -o "$units"
fi
[ -f "$units" ] || { echo "bench/import.sh: $units is missing (CNSCD_UNITS)" >&2; exit 1; }
stamp="$members $results $big $(stat -c %Y "$build/bench/cnscd-gen")"
if [ "$(cat "$files/.made" 2>/dev/null)" != "$stamp" ]; then
	echo "generating the import files in $files..."
	gen=("$build/bench/cnscd-gen" --import-files "$files" --units "$units" --members "$members" --results "$results")
	[ "$big" = 1 ] && gen+=(--big)
	nice "${gen[@]}" >/dev/null
	echo "$stamp" >"$files/.made"
fi
work=$(mktemp -d /tmp/cnscd-bench-imp.XXXXXX)
trap 'rm -rf "$work"' EXIT

# fresh FROM : the database $work/x.db as a copy of FROM (no time counted),
# on disk before the run starts: the kernel writing out the copy (or the
# last run's hundreds of megabytes) would otherwise be timed with the run.
fresh() {
	rm -f "$work/x.db" "$work/x.db-wal" "$work/x.db-shm"
	if [ -n "$1" ]; then cp "$1" "$work/x.db"; fi
	sync
}
# run_timed LABEL ROWS FROM COMMAND... : COMMAND $runs times, each on a
# fresh copy of FROM ("" for none); prints the median wall time, rows per
# second, CPU and peak RSS of the median run; keeps the median wall time in
# $med and the last run's stdout and stderr in $work/out, $work/err.
run_timed() {
	local label=$1 rows=$2 from=$3 i
	shift 3
	: >"$work/times"
	for i in $(seq 1 "$runs"); do
		fresh "$from"
		/usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >"$work/out" 2>"$work/err" ||
			[ "${allow_fail:-0}" = 1 ] || {
			echo "$label: failed: $(tail -n 3 "$work/err")" >&2
			return 1
		}
		grep -v '^Command exited' "$work/t" | tail -n 1 >"$work/t1"
		mv "$work/t1" "$work/t"
		cat "$work/t" >>"$work/times"
	done
	read -r med cpu rss < <(sort -n "$work/times" | awk -v n="$runs" 'NR == int((n + 1) / 2) {
		printf "%s %.2f %.1f\n", $1, $2 + $3, $4 / 1024 }')
	awk -v l="$label" -v w="$med" -v c="$cpu" -v m="$rss" -v r="$rows" -v n="$runs" 'BEGIN {
		printf "  %-58s %7.2f s", l, w
		if (r > 0) printf "  %9.0f rows/s", r / (w > 0 ? w : 0.001)
		printf "  (CPU %.2f s, %.1f MB; median of %d)\n", c, m, n }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }

sq_members() { # the SQLite shell's import of a members file
	sqlite3 "$work/x.db" ".import --csv '$1' m" \
		"CREATE VIRTUAL TABLE m_fts USING fts5(full_name, tokenize = 'unicode61 remove_diacritics 2')" \
		"INSERT INTO m_fts(rowid, full_name) SELECT rowid, full_name FROM m" \
		"CREATE UNIQUE INDEX m_id_number ON m(id_number)"
}
sq_results() {
	sqlite3 "$work/x.db" ".import --csv '$1' r" \
		"CREATE UNIQUE INDEX r_key ON r(period, unit_code, team, indicator_code)"
}
sq_units() {
	sqlite3 "$work/x.db" ".import --csv '$1' u" "CREATE UNIQUE INDEX u_code ON u(code)"
}
export -f sq_members sq_results sq_units
export work

echo
echo "== imports (bench/import.sh, files of cnscd-gen --import-files in $files)"
fresh ""
"$cnscd" --db "$work/x.db" init --units none >/dev/null
cp "$work/x.db" "$work/empty.db"

# init loads the list in force from inside cnscd (2025: 3,355 units) through
# the same importer, read from memory.
run_timed "cnscd init, the 2025 list inside cnscd (new database)" 3355 "" \
	"$cnscd" --db "$work/x.db" init
grep -q "3.355 đơn vị" "$work/out" || { echo "unexpected: $(cat "$work/out")" >&2; exit 1; }

n_units=$(($(wc -l <"$units") - 1))
run_timed "SQLite shell: .import units + unique index on code" "$n_units" "" bash -c 'sq_units "$0"' "$units"
shell_units=$med
run_timed "cnscd import units, the official list" "$n_units" "$work/empty.db" \
	"$cnscd" --db "$work/x.db" import units "$units"
echo "    cnscd / shell: $(ratio "$med" "$shell_units") (target: < 0.5 s)"
cp "$work/x.db" "$work/units.db"

run_timed "SQLite shell: .import $members members + FTS5 + unique index" "$members" "" \
	bash -c 'sq_members "$0"' "$files/members.csv"
shell_members=$med
run_timed "cnscd import members, $members new" "$members" "$work/units.db" \
	"$cnscd" --db "$work/x.db" import members "$files/members.csv"
grep -q "thêm mới $members," "$work/out" || { echo "unexpected: $(cat "$work/out")" >&2; exit 1; }
echo "    cnscd / shell: $(ratio "$med" "$shell_members") (target: ≤ 5×, peak RSS < 64 MB)"
cp "$work/x.db" "$work/members.db"
run_timed "cnscd import members, the same file again (all unchanged)" "$members" "$work/members.db" \
	"$cnscd" --db "$work/x.db" import members "$files/members.csv"
grep -q "không đổi $members," "$work/out" || { echo "unexpected: $(cat "$work/out")" >&2; exit 1; }
echo "    (target: < 3 s)"

run_timed "SQLite shell: .import $results results + unique index" "$results" "" \
	bash -c 'sq_results "$0"' "$files/results.csv"
run_timed "cnscd import results, $results new values" "$results" "$work/members.db" \
	"$cnscd" --db "$work/x.db" import results "$files/results.csv"
echo "    (target: ≥ 200,000 values/s)"

# 100,000 new members into 9 teams that hold 11,000 each, and into the
# same 9 teams when they hold one member each: the same rows per second.
more=$(($(wc -l <"$files/members-more.csv") - 1)) in_teams=$(($(wc -l <"$files/members-teams.csv") - 1))
head -n 1 "$files/members-teams.csv" >"$work/first.csv"
awk -F, 'NR > 1 && !seen[$2]++' "$files/members-teams.csv" >>"$work/first.csv"
fresh "$work/units.db"
"$cnscd" --db "$work/x.db" import members "$work/first.csv" >/dev/null
cp "$work/x.db" "$work/small-teams.db"
"$cnscd" --db "$work/x.db" import members "$files/members-teams.csv" >/dev/null
cp "$work/x.db" "$work/big-teams.db"
# teams_pair LABEL SMALL-LABEL SMALL-DB SMALL-FILE BIG-LABEL BIG-DB : the rows
# of SMALL-FILE into SMALL-DB and those of members-more.csv into BIG-DB,
# timed, then the ratio of the two times per row.
teams_pair() {
	local small
	run_timed "$2" "$more" "$3" "$cnscd" --db "$work/x.db" import members "$4"
	small=$med
	run_timed "$5" "$more" "$6" "$cnscd" --db "$work/x.db" import members "$files/members-more.csv"
	echo "    $1: $(ratio "$med" "$small") per row (target: about 1×)"
}
teams_pair "big teams / small teams" "cnscd import members, $more into 9 teams of 1 member" "$work/small-teams.db" \
	"$files/members-more.csv" "cnscd import members, $more into 9 teams of $((in_teams / 9))" "$work/big-teams.db"
# The same rows into 9 other teams of the same units, of 1 member each, in
# the database that holds the 9 big teams: only the size of the teams
# differs, not that of the database and its indexes.
other="Tổ CNSCĐ khu dân cư mới"
# other_team FILE : FILE with the team of every row renamed to $other.
other_team() { awk -F, -v OFS=, -v t="$other" 'NR > 1 { $3 = t } { print }' "$1"; }
# (their first members without a CCCD: other people than the big teams' first)
other_team "$work/first.csv" | awk -F, -v OFS=, 'NR > 1 { $8 = "" } { print }' >"$work/first-other.csv"
other_team "$files/members-more.csv" >"$work/more-other.csv"
fresh "$work/big-teams.db"
"$cnscd" --db "$work/x.db" import members "$work/first-other.csv" >"$work/out"
grep -q "thêm mới 9," "$work/out" || { echo "unexpected: $(cat "$work/out")" >&2; exit 1; }
cp "$work/x.db" "$work/both.db"
teams_pair "in one database, big teams / small teams" "  the same, into 9 teams of 1 beside the 9 of $((in_teams / 9))" \
	"$work/both.db" "$work/more-other.csv" "  the same, into the 9 teams of $((in_teams / 9)) beside those" "$work/both.db"

if [ "$big" = 1 ]; then
	size=$(du -m "$files/members-big.csv" | cut -f1)
	runs_saved=$runs runs=1
	run_timed "cnscd import members, ${size} MB file, 2,250,000 rows" 2250000 "$work/units.db" \
		"$cnscd" --db "$work/x.db" import members "$files/members-big.csv"
	echo "    (target: peak RSS < 64 MB)"
	allow_fail=1 run_timed "cnscd import members, 2,150,000 bad rows (refused)" 2150000 "$work/units.db" \
		"$cnscd" --db "$work/x.db" import members "$files/members-bad.csv"
	echo "    problems printed: $(grep -c '^dòng ' "$work/err"), then: $(grep -v '^dòng ' "$work/err" | head -n 2 | tr '\n' ' ')"
	runs=$runs_saved
fi
