#!/usr/bin/env bash
# Approving from the screen: results view of Huyện Hòa Bình, d opens the
# approval screen for last month; a commune with a team still to send is
# refused in a dialog naming the team; a ready commune is approved after a
# confirmation; the approval is withdrawn with a reason, logged.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

# The results view opens on last month.
# The middle of this month: last month is the latest whose reports are owed.
export CNSCD_TODAY=$(date +15/%m/%Y)
month=$(date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
shown=$(date -d "$month-15" +%m/%Y)
cn import units "$FIXTURES/gso-2024.csv"
cat >"$T/teams.csv" <<'EOF'
unit_code,team,full_name,role
31933,,Nguyễn Văn An,Tổ trưởng
31933,Tổ CNSCĐ Ấp Xẻo Gừa,Phạm Thị Dung,Tổ trưởng
31924,,Lê Văn Bé,Tổ trưởng
EOF
cn import members "$T/teams.csv"
printf 'period,unit_code,team,indicator_code,value\n%s,31933,,VNEID_MUC2,40\n%s,31924,,VNEID_MUC2,25\n' \
	"$month" "$month" >"$T/results.csv"
cn import results --submit --by "Cán bộ xã" "$T/results.csv"
expect_eq "two of three teams submitted" "$(sql "SELECT count(*) FROM report WHERE status = 1")" 2

tui_start
keys Down Enter
wait_for "Huyện Hòa Bình ›" || fail "into Tỉnh Bạc Liêu" "$(screen)"
keys k
expect_screen "the results view" "Kết quả hoạt động tháng $shown — Tỉnh Bạc Liêu"
expect_screen "the status line offers the approval" "D Duyệt"
keys Enter
expect_screen "drilled into the district" "Kết quả hoạt động tháng $shown — Tỉnh Bạc Liêu › Huyện Hòa Bình"
keys D
expect_screen "D opens the approval screen" "Duyệt kết quả tháng $shown — Tỉnh Bạc Liêu › Huyện Hòa Bình"
expect_screen "the status line has the approval keys" "D Duyệt B Bỏ duyệt"
keys F1
expect_screen "F1: the keys of this screen, from the key table" "Bỏ duyệt đơn vị đang chọn: hỏi lý do, ghi nhật ký"
keys Escape
wait_gone "hỏi lý do, ghi nhật ký" || fail "help closes" "$(screen)"
line=$(screen_line "Xã Vĩnh Mỹ A")
if [[ "$line" =~ Đang\ chờ\ +1/2\ +0%\ +0/0 ]]; then pass "Vĩnh Mỹ A waits for one team; sent late, none on time"
else fail "Vĩnh Mỹ A waits" "$line"; fi
expect_screen "the month's deadline is said" "Hạn gửi 05/$(date +%m/%Y) (đã qua)"
line=$(screen_line "Xã Vĩnh Mỹ B")
if [[ "$line" =~ Sẵn\ sàng\ duyệt\ +1/1 ]]; then pass "Vĩnh Mỹ B is ready"; else fail "Vĩnh Mỹ B ready" "$line"; fi

# Refused: the reason from the core, in a dialog.
keys End D
expect_screen "refusal in a dialog" "Chưa duyệt được"
expect_screen "the missing team named" "Tổ CNSCĐ Ấp Xẻo Gừa"
keys Escape
wait_gone "Chưa duyệt được" || fail "the dialog closes" "$(screen)"
expect_eq "nothing approved" "$(sql "SELECT count(*) FROM approval")" 0

# Approved after the question.
keys Up D
expect_screen "approval asks first" "Duyệt kết quả tháng $shown của Xã Vĩnh Mỹ B?"
keys d
expect_screen "then who approves, once (no signer in the settings)" "Họ tên người duyệt"
type_text "root"
keys F2
expect_screen "a login name is refused" "«root» không phải họ tên của một người"
keys C-u
type_text "Nguyễn Văn Ký"
keys F2
expect_screen "approved" "Đã duyệt kết quả tháng $shown của Xã Vĩnh Mỹ B."
expect_eq "approved by the person named, kept as the signer" \
	"$(sql "SELECT a.approved_by || '|' || s.value FROM approval a, setting s WHERE s.key = 'signer_name'")" \
	"Nguyễn Văn Ký|Nguyễn Văn Ký"
line=$(screen_line "Xã Vĩnh Mỹ B")
if [[ "$line" =~ ✓\ Xã\ Vĩnh\ Mỹ\ B\ +Đã\ duyệt.*Nguyễn\ Văn\ Ký ]]; then pass "the row shows it approved, and by whom"
else fail "approved row" "$line"; fi
expect_eq "approval stored" "$(sql "SELECT u.code || ':' || a.status FROM approval a JOIN unit u ON u.id = a.unit_id")" \
	"31924:1"

# Withdrawn: a question, then the reason.
keys B
expect_screen "withdrawal asks first" "Bỏ duyệt kết quả tháng $shown của Xã Vĩnh Mỹ B?"
keys b
expect_screen "then the reason" "Lý do"
type_text "xã xin sửa số liệu"
keys F2
expect_screen "withdrawn" "Đã bỏ duyệt kết quả tháng $shown của Xã Vĩnh Mỹ B."
expect_eq "withdrawal logged with its reason" \
	"$(sql "SELECT group_concat(action || ':' || coalesce(note, ''), ',') FROM approval_log")" \
	"approve:,unapprove:xã xin sửa số liệu"

# Back out: approval screen, results, then quit.
keys q
expect_screen "q closes the approval screen" "Kết quả hoạt động tháng $shown"
keys q
wait_for "Danh sách đơn vị"
keys q
tui_exited_ok "quit after approving"

# The lock seen from a team's month: approved, it cannot be reopened.
cn approve 31924 "$month" --by "Cán bộ huyện"
expect_eq "approved again from the command line" "$RC" 0
tui_start
keys Down Enter
wait_for "Huyện Hòa Bình ›" || fail "into Tỉnh Bạc Liêu" "$(screen)"
keys End Enter
wait_for "Xã Vĩnh Mỹ B" || fail "into Huyện Hòa Bình" "$(screen)"
keys Down t
expect_screen "the teams of Vĩnh Mỹ B" "Tổ CNSCĐ Xã Vĩnh Mỹ B"
keys k
expect_screen "the team's month: approved, locked" "Đã duyệt — khóa"
expect_not_screen "no reopening offered" "m: mở lại"
keys m
expect_screen "m says why, whole, instead of asking" "Kết quả tháng $shown của Xã Vĩnh Mỹ B đã được"
expect_screen "to its end" "Xã Vĩnh Mỹ B trước"
expect_eq "the report is still submitted" "$(sql "SELECT p.status FROM report p JOIN team t ON t.id = p.team_id
	JOIN unit u ON u.id = t.unit_id WHERE u.code = '31924'")" 1
t_done
