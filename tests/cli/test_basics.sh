#!/usr/bin/env bash
# The CLI's own behaviour: help, version, init, errors, search.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

cn --help
expect_eq "help exits 0" "$RC" 0
expect_out "help lists commands" "init .*tạo cơ sở dữ liệu"
cn --version
expect_out "version names the schema" "^cnscd [0-9.]+ \(lược đồ cơ sở dữ liệu [0-9]+"
expect_fail "unknown command is refused" "không có lệnh «frobnicate»" frobnicate
expect_fail "unknown option is refused" "không có tùy chọn --nope" search --nope x
expect_fail "search before init says how, with this --db" "cnscd --db $DB init" search anything

expect_ok "init creates the database" init --units none
expect_eq "database is private (0600)" "$(stat -c %a "$DB")" 600
expect_eq "journal is WAL" "$(sql 'PRAGMA journal_mode')" wal
expect_ok "init again is harmless" init

cn init --help
expect_out "command help" "Cách dùng: cnscd \[--db TỆP\] init"

# The default path follows XDG_DATA_HOME, and CNSCD_DB overrides it.
XDG_DATA_HOME=$T/xdg "$CNSCD" init >/dev/null 2>&1
if [ -f "$T/xdg/cnscd/cnscd.db" ]; then pass "default path under XDG_DATA_HOME"; else fail "default path under XDG_DATA_HOME"; fi
CNSCD_DB=$T/env.db "$CNSCD" init >/dev/null 2>&1
if [ -f "$T/env.db" ]; then pass "CNSCD_DB overrides the default"; else fail "CNSCD_DB overrides the default"; fi

sql "INSERT INTO unit(code, name, type, level, path, search_key) VALUES ('95', 'Tỉnh Bạc Liêu', 'Tỉnh', 1, '/1/', 'tinh bac lieu 95')"
cn search bac lieu
expect_out "search finds a unit without diacritics" "^Đơn vị	Tỉnh Bạc Liêu	Tỉnh Bạc Liêu$"
expect_fail "search with no hit exits 1" "Không tìm thấy" search "khong co gi"

t_done
