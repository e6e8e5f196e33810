#!/usr/bin/env bash
# The bundle screen: a conflict left by a bundle import shows both
# versions; n takes the incoming one after a confirmation; Tab shows when
# each commune last sent its bundle.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

COMMUNE=$T/commune.db
DB=$T/district.db
for db in "$COMMUNE" "$DB"; do
	"$CNSCD" --db "$db" import units "$FIXTURES/gso-2024.csv" >/dev/null || fail "import units"
done
"$CNSCD" --db "$DB" settings office_unit 961 >/dev/null || fail "office unit"
"$CNSCD" --db "$COMMUNE" import members "$FIXTURES/members-vinh-my-a.csv" >/dev/null || fail "import members"
"$CNSCD" --db "$COMMUNE" bundle export --unit 31933 -o "$T/1.cnscd" >/dev/null || fail "export 1"
"$CNSCD" --db "$DB" bundle import "$T/1.cnscd" >/dev/null || fail "import 1"
touch_sql="updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
sqlite3 "$DB" "UPDATE member SET phone = '0911111111', $touch_sql WHERE full_name = 'Nguyễn Văn An'"
sqlite3 "$COMMUNE" "UPDATE member SET phone = '0922222222', $touch_sql WHERE full_name = 'Nguyễn Văn An'"
"$CNSCD" --db "$COMMUNE" bundle export --unit 31933 -o "$T/2.cnscd" >/dev/null || fail "export 2"
"$CNSCD" --db "$DB" bundle import "$T/2.cnscd" >/dev/null || fail "import 2"

tui_start 110 30
keys b
expect_screen "the bundle screen opens on the conflicts" "xung đột cần giải quyết"
expect_screen "the conflict is listed" "thành viên «Nguyễn Văn An»"
expect_screen "the local version" "0911111111"
expect_screen "the incoming version" "0922222222"
line=$(screen_line "Điện thoại")
if [[ "$line" == *0911111111*0922222222* ]]; then pass "both versions on one line, local first"; else
	fail "both versions on one line, local first" "$line"; fi
keys N
expect_screen "taking the incoming version asks first" "Lấy bản nhận về cho thành viên «Nguyễn Văn An»?"
keys l
expect_screen "resolved" "Đã giải quyết xung đột #1: lấy bản nhận về"
expect_screen "no conflict left" "Không có xung đột nào cần giải quyết"
expect_eq "the incoming phone is saved" "$(sqlite3 "$DB" "SELECT phone FROM member WHERE full_name = 'Nguyễn Văn An'")" 0922222222
keys Tab
expect_screen "arrivals per commune" "tình trạng gửi gói"
expect_screen "the commune that sent" "0 ngày trước"
line=$(screen_line "31891")
if [[ "$line" == *"chưa nhận gói nào"*"QUÁ HẠN"* ]]; then pass "a commune that never sent is overdue"; else
	fail "a commune that never sent is overdue" "$line" "$(screen)"; fi
keys Escape
expect_screen "back in the browser" "Tổ công nghệ số cộng đồng"
keys q
wait_for "Thoát cnscd?" 2 && keys Enter
tui_exited_ok "quits cleanly"
t_done
