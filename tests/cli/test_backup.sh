#!/usr/bin/env bash
# Backups (daily, on demand, before an upgrade), restore and its refusals,
# and the audit log: cnscd backup / restore / log.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

BK=$T/backups
count_backups() { find "$BK" -maxdepth 1 -name "${1:-test-}*" 2>/dev/null | wc -l; }
# The database's content as text (the file's bytes may differ after a checkpoint).
content() { sqlite3 -batch "$1" "SELECT code, name FROM unit ORDER BY id; SELECT full_name, phone FROM member ORDER BY id"; }

expect_ok "init" init --units none
cn backup --list
expect_eq "no daily backup of an empty database" "$(count_backups)" 0

# Changes made with any SQLite tool are in the log too (triggers).
sql "INSERT INTO unit(code, name, type, level, path, search_key) VALUES ('95', 'Tỉnh Bạc Liêu', 'Tỉnh', 1, '/1/', 'tinh bac lieu');
     INSERT INTO team(unit_id, name) VALUES (1, 'Tổ CNSCĐ Tỉnh Bạc Liêu');
     INSERT INTO member(team_id, full_name, phone, role) VALUES (1, 'Nguyễn Văn An', '0912345678', 1);"
sleep 0.01
sql "UPDATE member SET phone = '0987654321' WHERE full_name = 'Nguyễn Văn An'"

# --- daily backup -----------------------------------------------------------
expect_ok "first command of the day" log --limit 1
expect_eq "it made the day's backup" "$(count_backups)" 1
daily=$(find "$BK" -name 'test-*.db' | head -1)
expect_eq "backup folder is private (0700)" "$(stat -c %a "$BK")" 700
expect_eq "daily backup is private (0600)" "$(stat -c %a "$daily")" 600
if [[ $(basename "$daily") =~ ^test-[0-9]{8}-[0-9]{6}\.db$ ]]; then pass "backup name test-YYYYMMDD-HHMMSS.db"; else fail "backup name" "$daily"; fi
expect_eq "daily backup holds the data" "$(sqlite3 "$daily" 'SELECT full_name FROM member')" "Nguyễn Văn An"
expect_ok "second command of the day" log --limit 1
expect_eq "no second daily backup" "$(count_backups)" 1

# --- log ------------------------------------------------------------------
cn log
expect_out "log: newest first, readable Vietnamese" \
	"^[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2} Sửa thành viên «Nguyễn Văn An»: số điện thoại 0912345678 → 0987654321$"
expect_eq "log: one line per change" "$(wc -l <<<"$OUT")" 4
expect_out "log: insert of a unit" "Thêm đơn vị «Tỉnh Bạc Liêu»$"
cn log --limit 1
expect_eq "log --limit" "$(wc -l <<<"$OUT")" 1
cn log --since 01/01/2000
expect_eq "log --since a past date" "$(wc -l <<<"$OUT")" 4
cn log --since "$(date -d tomorrow +%d/%m/%Y)"
expect_eq "log --since tomorrow shows nothing" "$OUT" ""
expect_fail "log --since checks the date" "không phải là ngày có thật" log --since 31/02/2026
expect_fail "log --limit checks the number" "số dương" log --limit 0

expect_ok "log --undo" log --undo
expect_out "undo says what it reverted" "^Đã hoàn tác: Sửa thành viên «Nguyễn Văn An»: số điện thoại 0912345678 → 0987654321$"
expect_eq "undo restored the old phone" "$(sql "SELECT phone FROM member")" 0912345678
cn log --limit 2
expect_out "the undo is in the log" "\(hoàn tác\) Sửa thành viên «Nguyễn Văn An»: số điện thoại 0987654321 → 0912345678"
expect_out "the reverted change is marked" "\[đã hoàn tác\]"

# --- backup on demand -------------------------------------------------------
expect_ok "backup" backup
made=$OUT
if [[ "$made" == "$BK"/test-*.db && -f "$made" ]]; then pass "backup prints its path in the folder"; else fail "backup path" "$made"; fi
expect_eq "backup is private" "$(stat -c %a "$made")" 600
expect_eq "backup passes integrity_check" "$(sqlite3 "$made" 'PRAGMA integrity_check')" ok
expect_ok "backup -o FILE" backup -o "$T/copy.db"
expect_eq "backup -o prints the file" "$OUT" "$T/copy.db"
expect_eq "backup -o is private" "$(stat -c %a "$T/copy.db")" 600
expect_fail "backup -o refuses to overwrite" "đã có" backup -o "$T/copy.db"
cn backup --list
expect_eq "backup --list lists them, newest first" "$(head -1 <<<"$OUT")" "$made"

# Only the newest N are kept; other databases' backups and other files stay.
touch "$BK/test-20200101-000000.db" "$BK/test-20200102-000000-before-upgrade.db" "$BK/other-20200101-000000.db" "$BK/notes.txt"
expect_ok "backup --keep 2" backup --keep 2
expect_eq "keeps the newest 2" "$(count_backups test-)" 2
expect_eq "the old ones went first" "$(count_backups test-2020)" 0
expect_eq "another database's backups stay" "$(count_backups other-)" 1
if [ -f "$BK/notes.txt" ]; then pass "other files stay"; else fail "other files stay"; fi
expect_eq "--keep is remembered" "$(sql "SELECT value FROM setting WHERE key = 'backup_keep'")" 2
expect_fail "--keep checks the number" "từ 1 đến 1000" backup --keep 0

# --- restore ----------------------------------------------------------------
good=$T/good.db
cn backup -o "$good"
sql "UPDATE member SET full_name = 'Nguyễn Văn Sai'; DELETE FROM unit WHERE 0"
before=$(content "$DB")
expect_ok "restore a backup" restore "$good"
expect_out "restore says where the replaced data is" "Dữ liệu trước khi khôi phục được giữ ở: $BK/test-[0-9]{8}-[0-9]{6}-before-restore.db"
expect_eq "restored data is back" "$(sql "SELECT full_name FROM member")" "Nguyễn Văn An"
kept=$(find "$BK" -name 'test-*-before-restore.db' | head -1)
expect_eq "the replaced data is kept" "$(content "$kept")" "$before"
expect_eq "kept copy is private" "$(stat -c %a "$kept")" 600
expect_eq "restored database passes integrity_check" "$(sql 'PRAGMA integrity_check')" ok

# Refusals: nothing changes, not even a before-restore backup.
refused() { # name pattern file
	local sum kept_before
	sum=$(content "$DB")
	kept_before=$(count_backups 'test-*-before-restore')
	expect_fail "restore refuses $1" "$2" restore "$3"
	expect_eq "refused $1: database unchanged" "$(content "$DB")" "$sum"
	expect_eq "refused $1: no backup made" "$(count_backups 'test-*-before-restore')" "$kept_before"
}
cp "$good" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
refused "a newer schema" "phiên bản cnscd mới hơn .*lược đồ 99" "$T/newer.db"
printf 'họ tên,điện thoại\nAn,0912345678\n' >"$T/list.csv"
refused "a CSV file" "không phải cơ sở dữ liệu cnscd" "$T/list.csv"
sqlite3 "$T/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
refused "another program's database" "không phải cơ sở dữ liệu cnscd" "$T/foreign.db"
# A damaged backup: a valid header with scribbled pages behind it.
sqlite3 "$T/damaged.db" "PRAGMA page_size = 4096; PRAGMA application_id = $((0x434E5344)); PRAGMA user_version = 2;
	CREATE TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
	INSERT INTO t SELECT printf('%0200d', i) FROM n; CREATE INDEX t_x ON t(x);"
printf '\x0d\x00\x00\x00\xff\xff\xff\xff%.0s' {1..400} | dd of="$T/damaged.db" bs=1 seek=$((4096 * 3 + 8)) conv=notrunc status=none
refused "a damaged file" "bị hỏng" "$T/damaged.db"
expect_fail "restore of a missing file" "Không đọc được tệp" restore "$T/nothing.db"
# On a new machine: a good backup makes the database, a bad one makes nothing.
"$CNSCD" --db "$T/new/cnscd.db" restore "$T/list.csv" >/dev/null 2>&1
if [ ! -e "$T/new/cnscd.db" ]; then pass "a refused restore creates no database"; else fail "a refused restore created a database"; fi
"$CNSCD" --db "$T/new/cnscd.db" restore "$good" >/dev/null 2>&1
expect_eq "a restore onto a new machine" "$(sqlite3 "$T/new/cnscd.db" "SELECT full_name FROM member")" "Nguyễn Văn An"
expect_eq "the new database is private" "$(stat -c %a "$T/new/cnscd.db")" 600

# --- upgrade of an older database --------------------------------------------
OLD=$T/old/cnscd.db
mkdir -p "$T/old"
sqlite3 "$OLD" <"$CNSCD_SOURCE_DIR/assets/migrations/0001_init.sql"
sqlite3 "$OLD" "PRAGMA journal_mode = WAL; PRAGMA user_version = 1; PRAGMA application_id = $((0x434E5344));
	INSERT INTO unit(code, name, type, level, path) VALUES ('95', 'Tỉnh Bạc Liêu', 'Tỉnh', 1, '/1/')" >/dev/null
"$CNSCD" --db "$OLD" init >/dev/null 2>&1
up=$(find "$T/old/backups" -name 'cnscd-*-before-upgrade.db' 2>/dev/null | head -1)
if [ -n "$up" ]; then pass "upgrade made cnscd-…-before-upgrade.db"; else fail "no before-upgrade backup" "$(ls -la "$T/old" "$T/old/backups" 2>&1)"; fi
expect_eq "it holds the old schema" "$(sqlite3 "$up" 'PRAGMA user_version')" 1
expect_eq "and the old data" "$(sqlite3 "$up" 'SELECT name FROM unit')" "Tỉnh Bạc Liêu"
expect_eq "the database is upgraded" "$(sqlite3 "$OLD" 'PRAGMA user_version')" "$(sqlite3 "$DB" 'PRAGMA user_version')"

# Restoring an old backup upgrades it too.
expect_ok "restore a schema-1 backup" restore "$up"
expect_out "and upgrades it" "Lược đồ cơ sở dữ liệu: ([2-9]|[1-9][0-9])$"
expect_eq "its data is there" "$(sql "SELECT name FROM unit")" "Tỉnh Bạc Liêu"

t_done
