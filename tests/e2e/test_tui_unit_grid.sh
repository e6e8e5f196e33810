#!/usr/bin/env bash
# A commune's month in one grid: K on Xã Vĩnh Mỹ A opens its teams (its own
# and its villages') as rows, the indicators as columns; values typed in
# place are saved through the same checks as a team's grid; F9 sends the
# team under the cursor, G every draft left, in the name of the preparer;
# a sent team is read-only; an approved month is locked and says why.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

# The middle of this month: the grid opens on last month.
export CNSCD_TODAY=$(date +15/%m/%Y)
month=$(date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
shown=$(date -d "$month-15" +%m/%Y)
cn import units "$FIXTURES/gso-2024.csv"
printf 'code,name,type,level,parent_code\n31933.01,Ấp 1,Ấp,,31933\n31933.02,Ấp 2,Ấp,,31933\n' >"$T/villages.csv"
cn import units "$T/villages.csv"
cat >"$T/teams.csv" <<'EOF'
unit_code,team,full_name,role
31933,,Nguyễn Văn An,Tổ trưởng
31933.01,,Phạm Thị Dung,Tổ trưởng
31933.02,,Lê Văn Bé,Tổ trưởng
31924,,Trần Văn Cư,Tổ trưởng
EOF
cn import members "$T/teams.csv"
expect_eq "four teams, three of them in Vĩnh Mỹ A" "$(sql "SELECT count(*) FROM team")" 4
cn settings preparer_name "Lê Thị Lập"

tui_start
keys Down Enter
wait_for "Huyện Hòa Bình ›" || fail "into Tỉnh Bạc Liêu" "$(screen)"
keys End Enter
wait_for "Xã Vĩnh Mỹ A" || fail "into Huyện Hòa Bình" "$(screen)"
keys End
keys F1 End
expect_screen "F1 lists the key of the grid, from the key table" "Nhập kết quả tháng của mọi tổ thuộc"
keys Escape
wait_gone "Nhập kết quả tháng của mọi tổ" || fail "help closes" "$(screen)"
keys K
expect_screen "K opens the commune's grid for last month" "Kết quả tháng $shown — các tổ của Xã Vĩnh Mỹ A"
expect_screen "the commune's own team" "Tổ CNSCĐ Xã Vĩnh Mỹ A"
expect_screen "a village's team" "Tổ CNSCĐ Ấp 1"
expect_screen "the other village's team" "Tổ CNSCĐ Ấp 2"
expect_not_screen "no team of another commune" "Vĩnh Mỹ B"
expect_screen "indicators by name in the header" "Hộ gia"
expect_screen "nothing typed yet" "3 tổ: 0 đã gửi, 0 nháp, 3 chưa có số"

# Typing: each value saved as the cursor leaves it; Tab goes right.
keys 5 Tab 7 Tab
wait_for "Ô: Tổ CNSCĐ Xã Vĩnh Mỹ A, Tài khoản định danh"
keys Down
type_text "3"
keys F2
q="SELECT group_concat(t.name || ':' || i.code || '=' || r.value, ' ') FROM (SELECT * FROM result ORDER BY id) r
   JOIN report p ON p.id = r.report_id JOIN team t ON t.id = p.team_id JOIN indicator i ON i.id = r.indicator_id
   WHERE p.period = '$month'"
expect_sql "values saved, each in its team's report" "$q" \
	"Tổ CNSCĐ Xã Vĩnh Mỹ A:HO_HUONG_DAN=5 Tổ CNSCĐ Xã Vĩnh Mỹ A:NGUOI_HUONG_DAN=7 Tổ CNSCĐ Ấp 1:VNEID_MUC2=3"
expect_screen "two drafts" "3 tổ: 0 đã gửi, 2 nháp, 1 chưa có số"

# A bad key is refused, nothing typed.
keys x
expect_screen "letters refused" "Chỉ gõ chữ số (0–9)"

# F9: the team under the cursor, after a question.
keys g
expect_screen "F9 asks first" "Gửi báo cáo tháng $shown của Tổ CNSCĐ Ấp 1?"
keys g
expect_screen "sent" "Đã gửi báo cáo tháng $shown của Tổ CNSCĐ Ấp 1."
expect_eq "sent in the preparer's name" \
	"$(sql "SELECT t.name || ':' || p.status || ':' || p.submitted_by FROM report p JOIN team t ON t.id = p.team_id WHERE p.status = 1")" \
	"Tổ CNSCĐ Ấp 1:1:Lê Thị Lập"
keys 9
expect_screen "a sent team is read-only" "đã gửi: chỉ xem"

# G: every draft left.
keys G
expect_screen "G asks first, counting the drafts" "Gửi báo cáo tháng $shown của 1 tổ còn nháp?"
keys g
expect_screen "all sent" "Đã gửi báo cáo tháng $shown của 1 tổ."
expect_eq "both reports sent, the empty team not" "$(sql "SELECT count(*) FROM report WHERE status = 1")" 2
expect_screen "the line says so" "3 tổ: 2 đã gửi, 0 nháp, 1 chưa có số"

# An approved month is locked and says why.
keys Escape
wait_for "Danh sách đơn vị" || fail "Esc closes the grid" "$(screen)"
sql "INSERT INTO approval(unit_id, period, status, approved_by, approved_at) SELECT id, '$month', 1, 'Nguyễn Văn Ký',
	strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM unit WHERE code = '31933'"
keys K
expect_screen "the grid again" "các tổ của Xã Vĩnh Mỹ A"
expect_screen "approved teams marked" "Đã duyệt"
keys End 4
expect_screen "typing in an approved month: why, whole" "(bởi Nguyễn"
keys Escape Escape
wait_for "Danh sách đơn vị" || fail "closed" "$(screen)"
keys q
tui_exited_ok "quits cleanly"
t_done
