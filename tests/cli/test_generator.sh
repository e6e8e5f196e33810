#!/usr/bin/env bash
# The benchmark data generator at its small scale: deterministic, complete,
# and made through the core (so search and the tree are right).
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
GEN=$(dirname "$CNSCD")/bench/cnscd-gen

"$GEN" --scale commune --seed 7 -o "$DB" >"$T/gen1.txt" 2>&1
expect_eq "commune scale builds" "$?" 0
expect_eq "integrity check" "$(sql 'PRAGMA integrity_check')" ok
expect_eq "10 villages under the commune" \
	"$(sql "SELECT count(*) FROM unit WHERE parent_id = (SELECT id FROM unit WHERE code = '31933')")" 10
expect_eq "every unit has its path" "$(sql "SELECT count(*) FROM unit WHERE path NOT LIKE '/%/'")" 0
expect_eq "one leader at most per team" \
	"$(sql 'SELECT count(*) FROM (SELECT team_id FROM member WHERE role = 1 GROUP BY team_id HAVING count(*) > 1)')" 0
expect_eq "names carry Vietnamese marks" \
	"$(sql "SELECT count(*) > 0 FROM member WHERE full_name GLOB '*[ễờạđĐ]*' OR full_name LIKE 'Nguyễn%'")" 1
"$GEN" --scale commune --seed 7 -o "$T/again.db" >"$T/gen2.txt" 2>&1
a=$(sqlite3 "$DB" "SELECT group_concat(full_name || phone, ',') FROM (SELECT * FROM member ORDER BY id)")
b=$(sqlite3 "$T/again.db" "SELECT group_concat(full_name || phone, ',') FROM (SELECT * FROM member ORDER BY id)")
expect_eq "the same seed makes the same data" "$(md5sum <<<"$a")" "$(md5sum <<<"$b")"
name=$(sql "SELECT full_name FROM member ORDER BY id LIMIT 1")
folded=$(sql "SELECT search_key FROM member ORDER BY id LIMIT 1" | cut -d' ' -f1-2)
cn search "$folded"
expect_out "a generated member is found without diacritics" "$name"
"$GEN" --scale nowhere -o "$T/x.db" >/dev/null 2>&1
expect_eq "a bad scale is refused" "$?" 2
t_done
