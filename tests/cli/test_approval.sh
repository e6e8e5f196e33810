#!/usr/bin/env bash
# cnscd approve / unapprove / approval on a real database: Huyện Hòa Bình
# (961) with three communes; teams submit by import; communes approved only
# when every team sent, the district only when every commune is approved;
# approved figures locked against import; withdrawal top-down and logged.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

expect_ok "units" import units "$FIXTURES/gso-2024.csv"
cat >"$T/teams.csv" <<'EOF'
unit_code,team,full_name,role
31933,,Nguyễn Văn An,Tổ trưởng
31933,Tổ CNSCĐ Ấp Xẻo Gừa,Phạm Thị Dung,Tổ trưởng
31924,,Lê Văn Bé,Tổ trưởng
EOF
expect_ok "three teams in two communes" import members "$T/teams.csv"

# --- arguments -------------------------------------------------------------
expect_fail "approve needs a unit and a month" "cần MÃ_ĐƠN_VỊ và tháng YYYY-MM" approve 31933
expect_fail "a bad month is named" "13/2026" approve 31933 13/2026
expect_fail "an unknown unit is named" "99999" approve 99999 2026-10
cn approve --help
expect_out "help explains the rule" "mọi tổ của đơn vị"

# Dates on both sides of October's deadline (05/11/2026, five days after the month).
export CNSCD_TODAY=03/11/2026

# --- nothing sent yet ------------------------------------------------------
expect_ok "approval status of the district" approval --unit 961 2026-10
expect_out "the header names the columns" $'^Mã\tĐơn vị\tTrạng thái\tTổ đã gửi\tGửi đúng hạn\tHạn gửi\tĐơn vị dưới đã duyệt\tNgười duyệt\tLúc duyệt$'
expect_out "the district waits for its two communes with teams, the month not yet due" \
	"^961	Huyện Hòa Bình	Đang chờ	0/3	0/3	05/11/2026 \(chưa đến hạn\)	0/2		$"
expect_no_out "a commune without teams is not listed: nothing to approve" "^31891	"
expect_out "Vĩnh Mỹ A waits for two teams" "^31933	Xã Vĩnh Mỹ A	Đang chờ	0/2	0/2	05/11/2026 \(chưa đến hạn\)	0/0		$"
expect_ok "the team-less commune asked by itself" approval --unit 31891 2026-10
expect_out "it needs no approval" "^31891	Thị trấn Hòa Bình	Không phải duyệt	0/0	0/0	05/11/2026 \(chưa đến hạn\)	0/0		$"
expect_fail "approving it is refused, saying why" \
	"Thị trấn Hòa Bình không phải duyệt kết quả tháng 10/2026: không có tổ nào thuộc đơn vị phải báo cáo tháng này" \
	approve 31891 2026-10 --by "Cán bộ huyện"

cat >"$T/results.csv" <<'EOF'
period,unit_code,team,indicator_code,value
2026-10,31933,,VNEID_MUC2,40
2026-10,31924,,VNEID_MUC2,25
EOF
expect_ok "two teams submit before the deadline" import results --submit --by "Cán bộ xã" "$T/results.csv"
export CNSCD_TODAY=06/11/2026
expect_fail "approving a ready commune needs a person's name: none in the settings" \
	"Chưa biết họ tên người duyệt: hãy ghi --by \"Họ tên\", hoặc đặt tên trong cài đặt \(cnscd settings signer_name" \
	approve 31924 2026-10
expect_fail "without a name, what else is missing is said first" "Chưa thể duyệt Xã Vĩnh Mỹ A tháng 10/2026: 1 tổ" \
	approve 31933 2026-10
expect_fail "a login name is not a person" "«root» không phải họ tên của một người" approve 31924 2026-10 --by root
expect_fail "nor an empty name" "Họ tên người thực hiện" approve 31924 2026-10 --by " "
expect_ok "the signer in the settings" settings signer_name "Nguyễn Văn Ký"
expect_fail "a commune with a team still to send is refused, the team named" \
	"^cnscd: Chưa thể duyệt Xã Vĩnh Mỹ A tháng 10/2026: 1 tổ chưa gửi báo cáo tháng 10/2026 \(Tổ CNSCĐ Ấp Xẻo Gừa\)$" \
	approve 31933 2026-10
expect_eq "nothing approved" "$(sql "SELECT count(*) FROM approval")" 0

# --- bottom-up ---------------------------------------------------------------
expect_ok "Vĩnh Mỹ B approved" approve 31924 2026-10 --by "Cán bộ huyện"
expect_out "approve says what it did" "^Đã duyệt kết quả tháng 10/2026 của Xã Vĩnh Mỹ B\.$"
expect_fail "approved twice: said so" "đã được duyệt kết quả tháng 10/2026 \(bởi Cán bộ huyện" approve 31924 2026-10
expect_fail "the district waits for its communes, named" \
	"Chưa thể duyệt Huyện Hòa Bình tháng 10/2026: 1 tổ chưa gửi báo cáo .*; Xã Vĩnh Mỹ A chưa được duyệt$" \
	approve 961 2026-10
printf 'period,unit_code,team,indicator_code,value\n2026-10,31933,Tổ CNSCĐ Ấp Xẻo Gừa,VNEID_MUC2,15\n' >"$T/xeo-gua.csv"
expect_ok "the last team submits, after the deadline" import results --submit --by "Cán bộ xã" "$T/xeo-gua.csv"
expect_ok "status once all sent" approval --unit 31933 2026-10
expect_out "two sent, one on time, the month due" "^31933	Xã Vĩnh Mỹ A	Sẵn sàng duyệt	2/2	1/2	05/11/2026	0/0		$"
expect_ok "Vĩnh Mỹ A approved by the signer of the settings" approve 31933 2026-10
expect_eq "recorded with the signer's name" \
	"$(sql "SELECT approved_by FROM approval a JOIN unit u ON u.id = a.unit_id WHERE u.code = '31933'")" "Nguyễn Văn Ký"
expect_ok "the district approved: the team-less commune does not hold it up" approve 961 2026-10 --by "Cán bộ tỉnh"
expect_ok "status after" approval --unit 961 2026-10
expect_out "the district approved, by whom" \
	"^961	Huyện Hòa Bình	Đã duyệt	3/3	2/3	05/11/2026	2/2	Cán bộ tỉnh	[0-9]{2}/11/2026 [0-9]{2}:[0-9]{2}$"
expect_ok "top units without --unit" approval 2026-10
expect_out "the province is ready: its only district with teams approved" "^95	Tỉnh Bạc Liêu	Sẵn sàng duyệt	3/3	2/3	05/11/2026	1/1"

# --- locked ------------------------------------------------------------------
printf 'period,unit_code,team,indicator_code,value\n2026-10,31933,,VNEID_MUC2,41\n' >"$T/change.csv"
expect_fail "import into an approved month is refused" "dòng 2.*Kết quả tháng 10/2026 của Xã Vĩnh Mỹ A đã được duyệt.*bỏ duyệt từ Huyện Hòa Bình xuống trước" \
	import results --reopen "$T/change.csv"
expect_eq "the approved figure is unchanged, still submitted" \
	"$(sql "SELECT r.value || '/' || p.status FROM result r JOIN report p ON p.id = r.report_id JOIN team t ON t.id = p.team_id
		JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933' AND t.name NOT LIKE '%Xẻo Gừa'")" "40/1"
expect_ok "the same figures again change nothing" import results "$T/results.csv"
sed 's/2026-10/2026-11/' "$T/results.csv" >"$T/november.csv"
expect_ok "another month is open" import results --submit --by "Cán bộ xã" "$T/november.csv"

# --- top-down withdrawal, logged -----------------------------------------------
expect_fail "a commune cannot be withdrawn under an approved district" \
	"Chưa thể bỏ duyệt Xã Vĩnh Mỹ A tháng 10/2026: cấp trên Huyện Hòa Bình đã duyệt \(bởi Cán bộ tỉnh" \
	unapprove 31933 2026-10
expect_ok "the district withdrawn" unapprove 961 2026-10 --by "Cán bộ tỉnh" --note "xã xin sửa"
expect_out "unapprove says what it did" "^Đã bỏ duyệt kết quả tháng 10/2026 của Huyện Hòa Bình\.$"
expect_fail "still locked by the commune's own approval" "của Xã Vĩnh Mỹ A đã được duyệt.*bỏ duyệt Xã Vĩnh Mỹ A trước" \
	import results --reopen "$T/change.csv"
expect_ok "the commune withdrawn" unapprove 31933 2026-10 --note "sai số VNeID"
expect_fail "withdrawn twice: said so" "chưa được duyệt kết quả tháng 10/2026" unapprove 31933 2026-10
expect_ok "the correction goes in" import results --reopen --submit --by "Cán bộ xã" "$T/change.csv"
expect_ok "the log" approval --unit 31933 2026-10 --log
expect_out "the approval logged" "^[0-9/]{10} [0-9:]{5}	Duyệt	Nguyễn Văn Ký	$"
expect_out "the withdrawal logged with its note, by the signer" "^[0-9/]{10} [0-9:]{5}	Bỏ duyệt	Nguyễn Văn Ký	sai số VNeID$"
expect_eq "log rows in the database" "$(sql "SELECT group_concat(action, ',') FROM approval_log WHERE unit_id =
	(SELECT id FROM unit WHERE code = '961')")" "approve,unapprove"
expect_ok "approved again after the correction" approve 31933 2026-10
expect_eq "one approval row per unit and month, uuid kept" \
	"$(sql "SELECT count(*), count(DISTINCT uuid) FROM approval WHERE period = '2026-10'")" "3|3"
expect_ok "the change log" log --limit 200
expect_out "a month sent, in words: the team, the person, the local time of that day" \
	"^[0-9/]{10} [0-9:]{5} Gửi báo cáo tháng 10/2026 của Tổ CNSCĐ Ấp Xẻo Gừa \(Xã Vĩnh Mỹ A\) — Cán bộ xã, 06/11/2026 [0-9]{2}:[0-9]{2}$"
expect_out "a figure changed on reopening, in words" \
	"Sửa số liệu: Tổ CNSCĐ Xã Vĩnh Mỹ A \(Huyện Hòa Bình\), tháng 10/2026, Tài khoản định danh điện tử VNeID mức 2 được kích hoạt: 40 → 41$"
expect_out "a reopening with who and why" "Mở lại báo cáo tháng 10/2026 của Tổ CNSCĐ Xã Vĩnh Mỹ A \(Huyện Hòa Bình\) — Cán bộ xã, 06/11/2026 [0-9:]{5} \(lý do: nhập lại số liệu từ tệp change.csv\)$"
expect_out "an approval in words" "Duyệt kết quả tháng 10/2026 của Xã Vĩnh Mỹ B — Cán bộ huyện, 06/11/2026 [0-9:]{5}$"
expect_out "a withdrawal with its reason" "Bỏ duyệt kết quả tháng 10/2026 của Huyện Hòa Bình — Cán bộ tỉnh, 06/11/2026 [0-9:]{5} \(lý do: xã xin sửa\)$"
expect_no_out "no ids, ISO stamps or column names" "#[0-9]|[0-9]T[0-9]|status|submitted_|2026-1[01]"
expect_eq "no login name anywhere" "$(sql "SELECT count(*) FROM approval_log WHERE by IS NULL OR by IN ('', '?', 'root')")" 0
t_done
