#!/usr/bin/env bash
# Issue 18: copies of the personal data that a killed run leaves behind
# (backup -o, the daily backup, a restore, a bundle's private copy) are
# swept by the next run, never through a link and never someone else's.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

FILL=$(dirname "$CNSCD")/tests/fill_members
ROWS=${CNSCD_CRASH_ROWS:-40000}
BIG=$T/big.db
"$FILL" "$BIG" "$ROWS" 0 >/dev/null 2>&1 || fail "fill_members"

# waits until a file matching GLOB exists, then kills PID (kill -9).
kill_when() {
	local pid=$1 glob=$2
	for ((i = 0; i < 3000; i++)); do
		if compgen -G "$glob" >/dev/null; then
			kill -9 "$pid" 2>/dev/null && echo yes
			return
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.005
	done
	echo no
}

# --- backup -o killed --------------------------------------------------------------
mkdir -p "$T/out"
caught=no
for try in 1 2 3 4 5; do
	"$CNSCD" --db "$BIG" backup -o "$T/out/copy$try.db" >/dev/null 2>&1 &
	pid=$!
	caught=$(kill_when "$pid" "$T/out/.copy$try.db.cnscd-backup-*.tmp")
	wait "$pid" 2>/dev/null
	[ "$caught" = yes ] && break
done
if [ "$caught" = yes ]; then
	left=$(cd "$T/out" && ls -A | grep -c 'cnscd-backup-.*\.tmp')
	expect_eq "killed backup -o left its copy (the case to sweep)" "$left" 1
	expect_eq "that copy is private (0600)" "$(stat -c %a "$T"/out/.*cnscd-backup-*.tmp)" 600
	DB=$BIG expect_ok "the next backup -o into that folder" backup -o "$T/out/again.db"
	expect_eq "swept what the killed one left" "$(cd "$T/out" && ls -A | grep -c 'cnscd-backup-')" 0
else
	skip "backup -o always ended before it could be killed"
fi

# --- what killed runs leave in the backups folder ------------------------------------
DB=$T/test.db
expect_ok "a database" import units "$FIXTURES/gso-2024.csv"
mkdir -p "$T/backups"
sh -c 'exit 0' &
dead=$!
wait "$dead"
for kind in backup restore bundle; do
	echo "personal data" >"$T/backups/.test-$kind-$dead-AbC123.tmp"
done
echo "journal" >"$T/backups/.test-restore-$dead-AbC123.tmp-journal"
# A live run's copy stays; so does a file that only looks like one, a link
# to someone's file, and a file of the right name made by hand long ago is
# taken once it is over an hour old.
echo "in use" >"$T/backups/.test-backup-$$-ZyX987.tmp"
echo "notes" >"$T/backups/.test-notes.tmp"
echo "precious" >"$T/precious.txt"
ln -s "$T/precious.txt" "$T/backups/.test-backup-$dead-LiNk00.tmp"
echo "old" >"$T/backups/.test-bundle-$$-OlD000.tmp"
touch -d '2 hours ago' "$T/backups/.test-bundle-$$-OlD000.tmp"
expect_ok "the next command opens the database" stats
expect_eq "killed runs' copies are gone" \
	"$(cd "$T/backups" && ls -A | grep -c -- "-$dead-AbC123")" 0
expect_eq "a live run's copy stays" "$(cat "$T/backups/.test-backup-$$-ZyX987.tmp")" "in use"
expect_eq "other names stay" "$(cat "$T/backups/.test-notes.tmp")" "notes"
expect_eq "a link is never followed" "$(cat "$T/precious.txt")" "precious"
if [ -e "$T/backups/.test-bundle-$$-OlD000.tmp" ]; then fail "an hour-old copy is swept"; else
	pass "an hour-old copy is swept"; fi

# --- restore killed while it copies the file -----------------------------------------
TARGET=$T/target.db
"$FILL" "$TARGET" 10 0 >/dev/null 2>&1
"$CNSCD" --db "$TARGET" restore "$BIG" >/dev/null 2>&1 &
pid=$!
caught=$(kill_when "$pid" "$T/backups/.target-restore-*.tmp")
wait "$pid" 2>/dev/null
if [ "$caught" = yes ]; then
	expect_ok "after a killed restore, the next command" --db "$TARGET" stats
	expect_eq "the restore's copy is gone" "$(cd "$T/backups" && ls -A | grep -c '^\.target-restore-')" 0
	expect_eq "the database is whole" "$(sqlite3 "$TARGET" 'PRAGMA integrity_check')" ok
else
	skip "restore ended before it could be killed"
fi

# --- a database file open to others is tightened -----------------------------------------
DB=$T/test.db
chmod 0644 "$DB"
expect_ok "a command on a 0644 database" stats
expect_eq "it is 0600 now" "$(stat -c %a "$DB")" 600
if grep -q "lưu ý: Tệp cơ sở dữ liệu .* (quyền 0644); đã đổi thành 0600" <<<"$ERR"; then pass "and the user is told"; else
	fail "and the user is told" "$ERR"; fi
expect_ok "the next command" stats
if grep -q "lưu ý" <<<"$ERR"; then fail "told once, not every time" "$ERR"; else pass "told once, not every time"; fi

# --- a damaged database is not copied as if it were good ------------------------------
SICK=$T/sick/sick.db
mkdir -p "$T/sick"
"$FILL" "$SICK" 3000 0 >/dev/null 2>&1
DB=$SICK expect_ok "a good backup first" backup -o "$T/good.db"
size=$(stat -c %s "$SICK")
# Garbage over pages in the middle, past the schema (page headers that
# claim a leaf page with cells far out of the page).
printf '\x0d\x00\x00\x00\xff\xff\xff\xff%.0s' {1..2000} |
	dd of="$SICK" bs=1 seek=$((size / 2 / 4096 * 4096)) conv=notrunc status=none
DB=$SICK expect_fail "backup -o of a damaged database is refused" "đang bị hỏng" backup -o "$T/bad.db"
if [ -e "$T/bad.db" ]; then fail "no copy made of it"; else pass "no copy made of it"; fi
kept=$(find "$T/sick/backups" -name 'sick-*.db' 2>/dev/null | wc -l)
DB=$SICK expect_fail "a backup into the folder too, keeping the good ones" "Các bản sao lưu đã có được giữ nguyên" backup
expect_eq "the kept backups are untouched" "$(find "$T/sick/backups" -name 'sick-*.db' 2>/dev/null | wc -l)" "$kept"
DB=$SICK expect_ok "restore the good copy" restore "$T/good.db"
expect_eq "the damaged data is kept, and says so" \
	"$(find "$T/sick/backups" -name 'sick-*-before-restore-damaged.db' | wc -l)" 1
expect_eq "the restored database is sound" "$(sqlite3 "$SICK" 'PRAGMA integrity_check')" ok

t_done
