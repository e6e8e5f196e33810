#!/usr/bin/env bash
# Issue 18: the unit tree stays a tree. A move and its undo bring paths and
# tallies with them; a loop is refused wherever it would come from; a loop
# already in the data (another SQLite tool) cannot make a report endless.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
SEED=$(dirname "$CNSCD")/tests/seed_field_example

"$SEED" "$DB" || fail "seed the field example"
teams() { cn stats --unit "$1"; awk '/^Tổng cộng/ {print $(NF-1)}' <<<"$OUT"; }
fingerprint() { sql "SELECT group_concat(id || ':' || coalesce(parent_id, 0) || ':' || path, ',') FROM unit"; }

# --- a move and its undo --------------------------------------------------------------
district=$(teams 961)
a=$(teams 31933)
b=$(teams 31924)
printf 'code,name,type,level,parent_code\n31933,Xã Vĩnh Mỹ A,Xã,3,31924\n' >"$T/move.csv"
expect_ok "commune 31933 moved under 31924 by an import" import units "$T/move.csv"
expect_eq "31924 now counts 31933's teams" "$(teams 31924)" $((b + a))
expect_eq "the district counts them once" "$(teams 961)" "$district"
expect_eq "the moved commune's villages moved with it" \
	"$(sql "SELECT count(*) FROM unit v JOIN unit c ON v.parent_id = c.id WHERE c.code = '31933'
		AND v.path NOT LIKE (SELECT path FROM unit WHERE code = '31924') || '%'")" 0
expect_ok "undo the move" log --undo
expect_eq "after the undo 31924 counts its own teams only" "$(teams 31924)" "$b"
expect_eq "and 31933 its own" "$(teams 31933)" "$a"
expect_eq "the district still counts them once" "$(teams 961)" "$district"
expect_eq "every path is its parent's and its id" \
	"$(sql "SELECT count(*) FROM unit u LEFT JOIN unit p ON p.id = u.parent_id
		WHERE u.path <> coalesce(p.path, '/') || u.id || '/'")" 0
expect_eq "every tally's path is its unit's" \
	"$(sql "SELECT count(*) FROM unit_tally t JOIN unit u ON u.id = t.unit_id WHERE t.path <> u.path")" 0

# --- a loop is refused -------------------------------------------------------------------
before=$(fingerprint)
printf 'code,name,type,level,parent_code\n961,Huyện Hoà Bình,Huyện,2,31891\n' >"$T/loop.csv"
expect_fail "an import that puts the district under its own commune" "vòng lặp" import units "$T/loop.csv"
expect_eq "nothing changed" "$(fingerprint)" "$before"
printf 'code,name,type,level,parent_code\nL1,Xã Một,Xã,3,L2\nL2,Xã Hai,Xã,3,L1\n' >"$T/loop2.csv"
expect_fail "two new units under each other" "vòng lặp" import units "$T/loop2.csv"
expect_eq "nothing added" "$(sql "SELECT count(*) FROM unit WHERE code IN ('L1', 'L2')")" 0

# --- a loop already in the data ------------------------------------------------------------
# Left by another tool: 961 -> 31891 -> 961.
sql "UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = '31891') WHERE code = '961'"
timeout 60 "$CNSCD" --db "$DB" export roster --unit 961 -o "$T/roster.csv" >/dev/null 2>"$T/err"
rc=$?
if [ "$rc" -ne 124 ]; then pass "a roster over a loop ends (exit $rc)"; else fail "a roster over a loop never ends"; fi
timeout 60 "$CNSCD" --db "$DB" search "Vĩnh Mỹ" >/dev/null 2>&1
if [ "$?" -ne 124 ]; then pass "search over a loop ends"; else fail "search over a loop never ends"; fi
expect_fail "the next move meets the loop and is refused" "vòng lặp|sâu quá" import units "$T/move.csv"

t_done
