#!/usr/bin/env bash
# What happens when things go wrong: another copy holding the write lock, a
# read-only database, a full disk, and cnscd killed in the middle of a large
# write. $CNSCD_CRASH_ROWS sets the size of that write (default 100,000).
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

FILL=$(dirname "$CNSCD")/tests/fill_members
ROWS=${CNSCD_CRASH_ROWS:-100000}
members() { sqlite3 -batch "$1" "SELECT count(*) FROM member"; }
integrity() { sqlite3 -batch "$1" "PRAGMA integrity_check"; }

# Runs cnscd in the background (wrapped like cn), stdout and stderr in files.
cn_bg() {
	# shellcheck disable=SC2086
	${CNSCD_WRAPPER:-} "$CNSCD" --db "$DB" "$@" >"$T/bg.out" 2>"$T/bg.err" &
	BG=$!
}
# wait_for FILE PATTERN SECONDS: true once FILE matches PATTERN.
wait_for() {
	local i
	for ((i = 0; i < $3 * 20; i++)); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}
# Holds the write lock with the sqlite3 shell until $T/release exists.
hold_lock() {
	rm -f "$T/release"
	(
		echo "BEGIN IMMEDIATE;"
		echo "INSERT OR REPLACE INTO setting VALUES ('holder', 'sqlite3');"
		echo "SELECT 'locked';"
		while [ ! -e "$T/release" ]; do sleep 0.05; done
		echo "COMMIT;"
	) | sqlite3 -batch "$DB" >"$T/holder.out" 2>&1 &
	HOLDER=$!
	wait_for "$T/holder.out" locked 10 || fail "the sqlite3 shell did not take the lock" "$(cat "$T/holder.out")"
}
release_lock() {
	touch "$T/release"
	wait "$HOLDER"
}

expect_ok "init" init --units none
sql "INSERT INTO unit(code, name, type, level, path, search_key) VALUES ('95', 'Tỉnh Bạc Liêu', 'Tỉnh', 1, '/1/', 'tinh bac lieu')"
expect_ok "the day's first command" log

# --- another copy is writing ----------------------------------------------------
hold_lock
cn log --limit 1
expect_eq "readers are not blocked by a writer" "$RC" 0
start=$(date +%s%N)
CNSCD_BUSY_TIMEOUT_MS=20000 cn_bg backup --keep 5
if wait_for "$T/bg.err" "đang chờ" 15; then pass "a waiting writer says so"; else fail "no waiting message" "$(cat "$T/bg.err")"; fi
expect_eq "the message (once)" "$(cat "$T/bg.err")" \
	"Cơ sở dữ liệu đang bận (một cửa sổ cnscd khác đang ghi), đang chờ…"
sleep 0.3
release_lock
wait "$BG"
rc=$?
waited=$((($(date +%s%N) - start) / 1000000))
expect_eq "the write succeeds once the lock is released" "$rc" 0
expect_eq "and did what it should" "$(sql "SELECT value FROM setting WHERE key = 'backup_keep'")" 5
expect_eq "the holder's write is there too" "$(sql "SELECT value FROM setting WHERE key = 'holder'")" sqlite3
if [ "$waited" -ge 1000 ]; then pass "it waited (${waited} ms)"; else fail "it did not wait" "$waited ms"; fi

hold_lock
start=$(date +%s%N)
CNSCD_BUSY_TIMEOUT_MS=1500 cn backup --keep 7
waited=$((($(date +%s%N) - start) / 1000000))
release_lock
expect_eq "a lock outlasting the timeout: exit 1" "$RC" 1
expect_eq "with the waiting notice and a clear message" "$ERR" \
	"Cơ sở dữ liệu đang bận (một cửa sổ cnscd khác đang ghi), đang chờ…
cnscd: Không lưu được thiết lập: cơ sở dữ liệu đang bận (một cửa sổ cnscd khác đang ghi). Hãy thử lại sau ít giây."
expect_eq "nothing was written" "$(sql "SELECT value FROM setting WHERE key = 'backup_keep'")" 5
if [ "$waited" -ge 1400 ]; then pass "it gave up after the timeout (${waited} ms)"; else fail "gave up too soon" "$waited ms"; fi

# --- read-only database -------------------------------------------------------------
# Root ignores file modes, so the check runs as nobody then, with a copy of
# the program in the test's folder: nobody may not reach the build (a clone
# under /root, mode 700).
RO=$T/ro
mkdir "$RO"
cn backup -o "$RO/ro.db"
chmod 0400 "$RO/ro.db"
as_user=()
RO_CNSCD=$CNSCD
if [ "$(id -u)" -eq 0 ]; then
	chmod 0755 "$T"
	chmod 0777 "$RO"
	chown 65534 "$RO/ro.db"
	RO_CNSCD=$T/cnscd
	cp "$CNSCD" "$RO_CNSCD"
	chmod 0755 "$RO_CNSCD"
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
# shellcheck disable=SC2086
"${as_user[@]}" ${CNSCD_WRAPPER:-} "$RO_CNSCD" --db "$RO/ro.db" backup --keep 3 >/dev/null 2>"$T/ro.err"
rc=$?
expect_eq "read-only database: exit 1, no crash" "$rc" 1
if grep -q "cnscd: Không ghi được vào cơ sở dữ liệu .*ro.db: tệp chỉ cho phép đọc" "$T/ro.err"; then
	pass "read-only database: a clear message"
else
	fail "read-only database: message" "$(cat "$T/ro.err")"
fi
expect_eq "read-only database untouched" "$(integrity "$RO/ro.db")" ok
# A writable file in a folder that is not: WAL cannot make its files there.
chmod 0600 "$RO/ro.db"
chmod 0555 "$RO"
[ "$(id -u)" -eq 0 ] && chown 65534 "$RO"
# shellcheck disable=SC2086
"${as_user[@]}" ${CNSCD_WRAPPER:-} "$RO_CNSCD" --db "$RO/ro.db" log >/dev/null 2>"$T/ro.err"
rc=$?
chmod 0755 "$RO"
expect_eq "read-only folder: exit 1, no crash" "$rc" 1
if grep -q "cnscd: Không mở được cơ sở dữ liệu .*ro.db: .*chỉ cho phép đọc .*thư mục" "$T/ro.err"; then
	pass "read-only folder: a clear message"
else
	fail "read-only folder: message" "$(cat "$T/ro.err")"
fi

# --- full disk (a file-size limit: writes past it fail with EFBIG) -------------------
FULL=$T/full.db
"$FILL" "$FULL" 1000 0 >/dev/null 2>&1
expect_eq "full disk: 1,000 members to start with" "$(members "$FULL")" 1000
(ulimit -f 2048 && "$FILL" "$FULL" 50000 0) >/dev/null 2>"$T/full.err"
rc=$?
expect_eq "full disk: the large write fails" "$rc" 1
if grep -q "đĩa đã đầy" "$T/full.err"; then pass "full disk: the \"đĩa đã đầy\" message"; else fail "full disk: message" "$(cat "$T/full.err")"; fi
expect_eq "full disk: integrity_check ok" "$(integrity "$FULL")" ok
expect_eq "full disk: the old data is intact" "$(members "$FULL")" 1000

# The same through cnscd: undoing those 1,000 additions needs room for 1,000
# more log rows; restoring a large file needs room for a copy of it.
(ulimit -f 300 && ${CNSCD_WRAPPER:-} "$CNSCD" --db "$FULL" log --undo) >/dev/null 2>"$T/full.err"
rc=$?
expect_eq "full disk: cnscd exits 1" "$rc" 1
if grep -q "^cnscd: .*đĩa đã đầy" "$T/full.err"; then pass "full disk: cnscd says the disk is full"; else fail "full disk: cnscd message" "$(cat "$T/full.err")"; fi
expect_eq "full disk: still intact" "$(integrity "$FULL") $(members "$FULL")" "ok 1000"
before=$(members "$DB")
(ulimit -f 1024 && ${CNSCD_WRAPPER:-} "$CNSCD" --db "$DB" restore "$FULL") >/dev/null 2>"$T/full.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "^cnscd: .*đĩa đã đầy" "$T/full.err"; then
	pass "full disk during a restore: refused with the message"
else
	fail "full disk during a restore" "exit $rc" "$(cat "$T/full.err")"
fi
expect_eq "full disk during a restore: database unchanged" "$(integrity "$DB") $(members "$DB")" "ok $before"
# An import and an export on a full disk: a clear message, nothing half-done.
awk 'BEGIN { print "code,name,type,level,parent_code"; print "T9,Tỉnh Thử,Tỉnh,1,";
	for (i = 1; i <= 20000; i++) printf "T9.%05d,Thôn %d,Thôn,4,T9\n", i, i }' >"$T/many-units.csv"
units_before=$(sqlite3 "$FULL" "SELECT count(*) FROM unit")
(ulimit -f 300 && ${CNSCD_WRAPPER:-} "$CNSCD" --db "$FULL" import units "$T/many-units.csv") >/dev/null 2>"$T/full.err"
rc=$?
if [ "$rc" -ne 0 ] && grep -q "đĩa đã đầy" "$T/full.err"; then
	pass "full disk during an import: refused with the message"
else
	fail "full disk during an import" "exit $rc" "$(cat "$T/full.err")"
fi
expect_eq "full disk during an import: nothing imported, intact" \
	"$(integrity "$FULL") $(sqlite3 "$FULL" "SELECT count(*) FROM unit")" "ok $units_before"
# The roster of 1,000 members is ~80 KB: past a 64 KB limit, but the database
# opens and reads within it.
(ulimit -f 64 && ${CNSCD_WRAPPER:-} "$CNSCD" --db "$FULL" export roster -o "$T/full-export.csv") >/dev/null 2>"$T/full.err"
rc=$?
if [ "$rc" -ne 0 ] && grep -qE "Không ghi được tệp «.*full-export.csv»: (tệp vượt quá kích thước cho phép|.*đầy)" "$T/full.err"; then
	pass "full disk during an export: refused with a message"
else
	fail "full disk during an export" "exit $rc" "$(cat "$T/full.err")"
fi
expect_eq "full disk during an export: no file under the name" "$(ls "$T" | grep -c '^full-export.csv$')" 0

# --- killed in the middle of a large write -------------------------------------------
CRASH=$T/crash.db
"$FILL" "$CRASH" 1000 0 >/dev/null 2>&1
sqlite3 "$CRASH" "SELECT full_name, phone FROM member ORDER BY id" >"$T/saved.txt"
half=$((ROWS / 2))
# kill9_at_half [hold]: runs the tool on $CRASH and kills it (kill -9) once it
# has added half of the rows, inside its transaction: while it goes on
# writing, or held still there (so that a slow check can run first).
kill9_at_half() {
	"$FILL" "$CRASH" "$ROWS" "$half" "$@" >"$T/progress" 2>&1 &
	pid=$!
	if ! wait_for "$T/progress" "^inserted $half\$" 300; then
		kill -9 "$pid" 2>/dev/null
		fail "the fill tool did not get half-way" "$(cat "$T/progress")"
		return 1
	fi
	if [ "${1:-}" = hold ]; then
		# A backup meanwhile holds what was committed, nothing of the rest.
		# shellcheck disable=SC2086
		${CNSCD_WRAPPER:-} "$CNSCD" --db "$CRASH" backup -o "$T/during.db" >/dev/null 2>"$T/during.err"
		expect_eq "a backup during the write: consistent" "$(integrity "$T/during.db") $(members "$T/during.db")" "ok 1000"
	fi
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	pass "killed (kill -9) after $half of $ROWS members, inside the transaction${1:+ (held)}"
}
for how in hold ""; do
	kill9_at_half $how
	expect_eq "after the kill: integrity_check ok" "$(integrity "$CRASH")" ok
	expect_eq "after the kill: none of the operation" "$(members "$CRASH")" 1000
	expect_eq "after the kill: everything saved before is there" \
		"$(sqlite3 "$CRASH" "SELECT full_name, phone FROM member ORDER BY id")" "$(cat "$T/saved.txt")"
done
"$FILL" "$CRASH" "$ROWS" 0 >"$T/progress" 2>&1
expect_eq "run to the end: all of the operation" "$(members "$CRASH")" $((1000 + ROWS))
expect_eq "run to the end: integrity_check ok" "$(integrity "$CRASH")" ok

# Killed while a restore replaces the database: the old content or the new
# one, nothing in between.
TARGET=$T/target.db
"$FILL" "$TARGET" 10 0 >/dev/null 2>&1
"$CNSCD" --db "$TARGET" restore "$CRASH" >/dev/null 2>&1 &
pid=$!
caught=no
for ((i = 0; i < 3000; i++)); do
	if [ "$(stat -c %s "$TARGET-wal" 2>/dev/null || echo 0)" -gt 2000000 ]; then
		kill -9 "$pid" 2>/dev/null && caught=yes
		break
	fi
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.01
done
wait "$pid" 2>/dev/null
expect_eq "restore killed half-way (caught: $caught): integrity_check ok" "$(integrity "$TARGET")" ok
n=$(members "$TARGET")
if [ "$n" = 10 ] || [ "$n" = $((1000 + ROWS)) ]; then
	pass "restore killed half-way: old or new content ($n members)"
else
	fail "restore killed half-way: a mix" "$n members"
fi

t_done
