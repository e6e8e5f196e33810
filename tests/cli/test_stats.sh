#!/usr/bin/env bash
# "cnscd stats" on the field example (built through the core API).
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
SEED=$(dirname "$CNSCD")/tests/seed_field_example

expect_fail "stats before init says how" "cnscd --db .* init" stats
"$SEED" "$DB" || fail "seed the field example"

expect_ok "stats of the district" stats --unit 961
expect_out "names the unit" "^Thống kê Tổ CNSCĐ: Tỉnh Bạc Liêu › Huyện Hoà Bình$"
expect_out "header row" "^Cấp        Số đơn vị  Có tổ  Tỷ lệ có tổ  Số tổ  Thành viên$"
expect_out "district row" "^Cấp huyện          1      1         100%      1           7$"
expect_out "commune row" "^Cấp xã             8      8         100%      8          77$"
expect_out "village row" "^Cấp thôn          68     68         100%     68         458$"
expect_out "total row" "^Tổng cộng         77     77         100%     77         542$"
expect_out "field-report sentence" "^77 tổ với 542 thành viên: 1 tổ cấp huyện \(7 thành viên\), 8 tổ cấp xã \(77\), 68 tổ cấp thôn \(458\); 68/68 thôn có tổ \(100%\)\.$"
expect_no_out "no province row under a district" "^Cấp tỉnh"

# Columns line up by display width: every row of the table is as wide.
widths=$(sed -n '3,7p' <<<"$OUT" | while IFS= read -r line; do printf '%s' "$line" | wc -m; done | sort -u | wc -l)
expect_eq "rows have the same display width" "$widths" 1

expect_ok "stats of the whole database" stats
expect_out "province row has no team" "^Cấp tỉnh           1      0           0%      0           0$"
expect_out "total with the province" "^Tổng cộng         78     77        98,7%     77         542$"

expect_ok "stats of one commune" stats --unit 31933
expect_out "commune's villages" "^Cấp thôn           8      8         100%      8          48$"
expect_fail "unknown unit code" "Không có đơn vị nào mang mã «999»" stats --unit 999
expect_fail "stray argument" "thừa tham số" stats 961

# Members who left and dissolved teams drop out of the counts.
sql "UPDATE member SET left_on = '2025-01-01' WHERE team_id = (SELECT t.id FROM team t JOIN unit u ON u.id = t.unit_id WHERE u.code = '961')"
cn stats --unit 961
expect_out "members who left are not counted" "^Cấp huyện          1      1         100%      1           0$"
sql "UPDATE team SET dissolved = '2025-02-01' WHERE unit_id = (SELECT id FROM unit WHERE code = '31891.01')"
cn stats --unit 961
expect_out "dissolved team leaves its village uncovered" "^Cấp thôn          68     67        98,5%     67         451$"
expect_out "sentence shows coverage" "67/68 thôn có tổ \(98,5%\)\.$"

t_done
