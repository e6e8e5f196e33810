#!/usr/bin/env bash
# The bulk path of "cnscd import" (issue 17) from the command line: a
# kill -9 at any moment leaves the database as it was; bad rows past the
# first 1,000 are counted, not printed; the progress bar goes to a terminal
# only; the rows an import writes travel in a bundle like any other.
# Not timed: bench/run measures the speed.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

GEN=$(dirname "$CNSCD")/bench/cnscd-gen
UNITS=$FIXTURES/gso-2024.csv
expect_ok "units" import units "$UNITS"

# --- 2,500 bad rows: the first 1,000 problems, then how many more.
{
	echo "unit_code,full_name,phone"
	for i in $(seq 1 2500); do echo "31933,Người số $i,12$i"; done
} >"$T/bad.csv"
expect_fail "a file of bad rows is refused" "có 2500 dòng lỗi" import members "$T/bad.csv"
expect_eq "the first 1,000 problems are printed" "$(grep -c '^dòng ' <<<"$ERR")" 1000
expect_eq "the first problem is the first line" "$(grep -m1 '^dòng ' <<<"$ERR" | cut -d, -f1)" "dòng 2"
if grep -q "… và 1500 lỗi nữa (chỉ in 1000 lỗi đầu tiên; tổng cộng 2500 lỗi)" <<<"$ERR"; then
	pass "then the count of the others"
else
	fail "then the count of the others" "$(tail -n 3 <<<"$ERR")"
fi
expect_eq "nothing written" "$(sql 'SELECT count(*) FROM member')" 0

# --- The rows of an import travel in a bundle (members with the uuids
# the bulk path gives them, the teams it made, the results).
cat >"$T/m.csv" <<'EOF'
unit_code,team,full_name,gender,birth_year,phone,id_number,role
31933,,Nguyễn Văn An,Nam,1985,0912345678,095085000123,Tổ trưởng
31933,,Trần Thị Bình,Nữ,1990,,,Thành viên
31933,Tổ CNSCĐ Ấp 3,Lê Văn Cường,Nam,1979,0987654321,095079000456,Tổ trưởng
EOF
cat >"$T/r.csv" <<'EOF'
period,unit_code,team,indicator_code,value
2026-10,31933,,VNEID_MUC2,40
2026-10,31933,Tổ CNSCĐ Ấp 3,VNEID_MUC2,12
EOF
expect_ok "members in bulk" import members "$T/m.csv"
expect_ok "results in bulk" import results --submit --by "Lê Thị Lập" "$T/r.csv"
expect_ok "bundle of the commune" bundle export --unit 31933 -o "$T/x.cnscd"
OFFICE=$DB
DB=$T/district.db
expect_ok "the district's units" import units "$UNITS"
expect_ok "the district's office unit" settings office_unit 961
expect_ok "the district takes the bundle" bundle import "$T/x.cnscd"
expect_eq "the members arrive with their uuids" \
	"$(sql 'SELECT group_concat(uuid, ",") FROM (SELECT uuid FROM member ORDER BY uuid)')" \
	"$(sqlite3 -batch "$OFFICE" 'SELECT group_concat(uuid, ",") FROM (SELECT uuid FROM member ORDER BY uuid)')"
expect_eq "the team the import made arrives" "$(sql "SELECT count(*) FROM team WHERE name = 'Tổ CNSCĐ Ấp 3'")" 1
expect_eq "the results arrive" "$(sql 'SELECT sum(value) FROM result')" 52
expect_eq "imported members are found by search" \
	"$(sql "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'binh' AND rowid >= 3 * 1099511627776")" 1
DB=$OFFICE

# --- kill -9 while the big file is checked, and while it is written.
if [ ! -x "$GEN" ]; then
	skip "kill -9 during an import: $GEN is absent"
	t_done
fi
DB=$T/big.db
expect_ok "the official unit list" import units "$OFFICIAL/units-2024.csv"
cp "$DB" "$T/units.db"
# back to the database with its units only
reset() { rm -f "$DB-wal" "$DB-shm"; cp "$T/units.db" "$DB"; }
"$GEN" --import-files "$T" --units "$OFFICIAL/units-2024.csv" --members 60000 --results 1000 >/dev/null ||
	fail "generate the import files"
before=$(sql "SELECT (SELECT count(*) FROM member) || ' ' || (SELECT count(*) FROM audit) || ' ' ||
	(SELECT count(*) FROM search_fts)")
# Starts the import and kills it when WHEN holds; a run that ends first is
# tried again.
kill_when() { # LABEL TEST-COMMAND
	local caught=0 try pid
	for try in 1 2 3 4 5; do
		# shellcheck disable=SC2086
		${CNSCD_WRAPPER:-} "$CNSCD" --db "$DB" import members "$T/members.csv" >/dev/null 2>&1 &
		pid=$!
		while kill -0 "$pid" 2>/dev/null; do
			if eval "$2"; then
				kill -9 "$pid"
				caught=1
				break
			fi
		done
		wait "$pid" 2>/dev/null
		[ "$caught" = 1 ] && break
		reset # it ended: start over
	done
	if [ "$caught" = 1 ]; then pass "import killed (kill -9) $1 (try $try)"; else
		fail "import killed $1" "the import always ended first"; fi
	expect_eq "killed $1: integrity_check" "$(sql 'PRAGMA integrity_check')" ok
	expect_eq "killed $1: the database is as it was" "$(sql "SELECT (SELECT count(*) FROM member) || ' ' ||
		(SELECT count(*) FROM audit) || ' ' || (SELECT count(*) FROM search_fts)")" "$before"
}
# Checking: the database's write-ahead log does not grow yet.
kill_when "while checking" 'sleep 0.3; true'
# Writing: the log grows past a few megabytes.
kill_when "while writing" '[ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -gt 4000000 ]'
expect_ok "the import run again" import members "$T/members.csv"
expect_out "writes every row" "thêm mới 60000"
expect_eq "the search index holds every member" \
	"$(sql 'SELECT count(*) FROM search_fts WHERE rowid >= 3 * 1099511627776')" 60000

# --- Progress: a bar on a terminal, nothing in a pipe or a file.
reset
# (shown from 0.2 s rather than 1 s: the import may take about a second)
CNSCD_PROGRESS_AFTER_MS=200 script -qec "'$CNSCD' --db '$DB' import members '$T/members.csv'" /dev/null >"$T/tty.out" 2>&1
if grep -q "dòng/giây" "$T/tty.out"; then pass "a terminal sees the progress bar"; else
	fail "a terminal sees the progress bar" "$(tr '\r' '\n' <"$T/tty.out" | tail -n 5)"; fi
reset
CNSCD_PROGRESS_AFTER_MS=200 expect_ok "the same import into a pipe" import members "$T/members.csv"
if grep -q "dòng/giây" <<<"$ERR"; then fail "no progress bar in a pipe" "$ERR"; else pass "no progress bar in a pipe"; fi
t_done
