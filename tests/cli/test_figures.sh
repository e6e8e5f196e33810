#!/usr/bin/env bash
# Figures an official can sign (issue 11), as its "Done when" states them:
# a stock and a flow over October–November for one team of Huyện Hòa
# Bình (961), the owed months on both sides of November's deadline, a
# quarter with a missed month, and the results workbook read back.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
PY=/usr/bin/python3
export SUITE

expect_ok "units" import units "$FIXTURES/gso-2024.csv"
printf 'unit_code,team,full_name,role\n31933,,Nguyễn Văn An,Tổ trưởng\n31924,,Lê Văn Bé,Tổ trưởng\n' >"$T/teams.csv"
expect_ok "a team in each of two communes" import members "$T/teams.csv"
expect_ok "the preparer" settings preparer_name "Lê Thị Lập"

month() { # PERIOD SMARTPHONE GUIDED: Vĩnh Mỹ A's figures for the month
	printf 'period,unit_code,team,indicator_code,value\n%s,31933,,HO_SMARTPHONE,%s\n%s,31933,,HO_HUONG_DAN,%s\n' \
		"$1" "$2" "$1" "$3" >"$T/month.csv"
}
# October sent on 04/11 (on time), November on 06/12 (a day late).
month 2026-10 180 10
CNSCD_TODAY=04/11/2026 cn import results --submit "$T/month.csv"
expect_eq "October sent on time" "$RC" 0
month 2026-11 182 12
CNSCD_TODAY=06/12/2026 cn import results --submit "$T/month.csv"
expect_eq "November sent after its deadline" "$RC" 0

# --- cnscd export results --unit 961 --from 2026-10 --to 2026-11 -----------------
export CNSCD_TODAY=06/12/2026
expect_ok "the district's results" export results --unit 961 --from 2026-10 --to 2026-11 -o "$T/r.xlsx"
expect_ok "the same as CSV" export results --unit 961 --from 2026-10 --to 2026-11 -o "$T/r.csv"
csv=$(tr -d '\r' <"$T/r.csv" | sed '1s/^\xEF\xBB\xBF//')
expect_eq "the stock is November's, the flow October's and November's, by unit and in the total" \
	"$(grep -E '^[0-9]+,(Hộ gia đình có điện thoại thông minh|Hộ gia đình được hướng dẫn)' <<<"$csv")" \
	"1,Hộ gia đình được hướng dẫn (cộng dồn),hộ,0,0,22,22,,
10,Hộ gia đình có điện thoại thông minh (số cuối kỳ),hộ,0,0,182,182,,"
expect_eq "per unit: owed, sent, on time, rates, approval" "$(grep -A4 '^STT,Đơn vị,' <<<"$csv" | tail -4)" \
	"1,Thị trấn Hòa Bình,0,0,0,,,Không phải duyệt
2,Xã Vĩnh Mỹ B,2,0,0,0.0%,0.0%,Chưa duyệt
3,Xã Vĩnh Mỹ A,2,2,1,100.0%,50.0%,Chưa duyệt
,Cộng,4,2,1,50.0%,25.0%,Chưa duyệt"
if $PY -c 'import openpyxl' 2>/dev/null; then
	got=$($PY - "$T/r.xlsx" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
values = openpyxl.load_workbook(sys.argv[1], data_only=True).worksheets[0]
ws = wb.worksheets[0]
heads = [c.value for c in ws[9]]
col = heads.index("Xã Vĩnh Mỹ A") + 1
total = [c.value for c in ws[8]].index("Tổng cộng") + 1
for r in range(12, ws.max_row + 1):
    name = ws.cell(r, 2).value or ""
    if name.startswith("Hộ gia đình có điện thoại") or name.startswith("Hộ gia đình được hướng dẫn"):
        print(name, ws.cell(r, col).value, ws.cell(r, total).value, values.cell(r, total).value)
texts = [str(c.value) for s in wb.worksheets for row in s.iter_rows() for c in row if c.value is not None]
print("›" in "".join(texts), any(t in ("HO_SMARTPHONE", "HO_HUONG_DAN") for t in
                                 [str(c.value) for row in ws.iter_rows() for c in row]),
      any("/" in t and t.startswith("/") for t in texts), ws.max_column <= 12)
PYEOF
)
	expect_eq "xlsx: 182 and 22 for Vĩnh Mỹ A and in the total, a SUM formula with its value" "$got" \
		"Hộ gia đình được hướng dẫn (cộng dồn) 22 =SUM(D12:F12) 22
Hộ gia đình có điện thoại thông minh (số cuối kỳ) 182 =SUM(D21:F21) 182
False False False True"
	$PY "$CNSCD_SOURCE_DIR/tests/xlsx_check.py" results "$T/r.xlsx" "$DB" 961 2026-10 2026-11 || t_failed=1
else
	skip "openpyxl missing for /usr/bin/python3: xlsx not read back"
fi

# --- owed months on both sides of November's deadline (05/12/2026) ---------------
owed() { # the "Cộng" row of part II: owed, sent, on time
	tr -d '\r' <"$1" | grep '^,Cộng,' | cut -d, -f3-5
}
CNSCD_TODAY=03/12/2026 cn export results --from 2026-10 --to 2026-12 -o "$T/before.csv"
expect_eq "03/12/2026: only October is owed (2 teams)" "$(owed "$T/before.csv")" "2,1,1"
expect_eq "03/12/2026: the notes say November and December are not yet due" \
	"$(CNSCD_TODAY=03/12/2026 "$CNSCD" --db "$DB" export results --from 2026-10 --to 2026-12 -o "$T/b.xlsx" >/dev/null &&
		$PY -c 'import sys, openpyxl; print([r[0] for r in openpyxl.load_workbook(sys.argv[1])["Ghi chú"].iter_rows(values_only=True) if r[0] and "chưa đến hạn" in r[0]])' "$T/b.xlsx" 2>/dev/null)" \
	"['Tính đến ngày 03/12/2026, chưa đến hạn gửi: tháng 11/2026 (hạn 05/12/2026), tháng 12/2026 (hạn 05/01/2027); các tháng này chưa tính vào số báo cáo phải gửi.']"
CNSCD_TODAY=05/12/2026 cn export results --from 2026-10 --to 2026-12 -o "$T/deadline.csv"
expect_eq "05/12/2026, the deadline itself: still only October" "$(owed "$T/deadline.csv")" "2,1,1"
CNSCD_TODAY=06/12/2026 cn export results --from 2026-10 --to 2026-12 -o "$T/after.csv"
expect_eq "06/12/2026: October and November are owed" "$(owed "$T/after.csv")" "4,2,1"
CNSCD_TODAY=06/01/2027 cn export results --from 2026-10 --to 2026-12 -o "$T/later.csv"
expect_eq "06/01/2027: December too (missed)" "$(owed "$T/later.csv")" "6,2,1"
sql "UPDATE team SET established = '2026-11-10' WHERE unit_id = (SELECT id FROM unit WHERE code = '31924')"
CNSCD_TODAY=06/01/2027 cn export results --from 2026-10 --to 2026-12 -o "$T/lifetime.csv"
expect_eq "a team established in November owes no October" "$(owed "$T/lifetime.csv")" "5,2,1"

# --- a quarter with a missed month: the stock is the latest month sent ------------
CNSCD_TODAY=06/01/2027 cn export results --unit 31933 --from 2026-10 --to 2026-12 -o "$T/q4.csv"
expect_eq "Q4 without December: the stock 182, the flow 22" \
	"$(tr -d '\r' <"$T/q4.csv" | grep -E '^(1|10),Hộ gia đình' | cut -d, -f2,4)" \
	"Hộ gia đình được hướng dẫn (cộng dồn),22
Hộ gia đình có điện thoại thông minh (số cuối kỳ),182"
month 2026-12 185 7
CNSCD_TODAY=06/01/2027 cn import results --by "Trần Văn Bình" "$T/month.csv"
CNSCD_TODAY=06/01/2027 cn export results --unit 31933 --from 2026-10 --to 2026-12 -o "$T/q4-draft.csv"
expect_eq "a December draft does not count" "$(tr -d '\r' <"$T/q4-draft.csv" | grep -E '^10,Hộ gia đình' | cut -d, -f4)" 182
CNSCD_TODAY=06/01/2027 cn import results --submit --by "Trần Văn Bình" "$T/month.csv"
CNSCD_TODAY=06/01/2027 cn export results --unit 31933 --from 2026-10 --to 2026-12 -o "$T/q4-sent.csv"
expect_eq "sent, December is the stock's figure and adds to the flow" \
	"$(tr -d '\r' <"$T/q4-sent.csv" | grep -E '^(1|10),Hộ gia đình' | cut -d, -f4 | tr '\n' ' ')" "29 185 "
expect_eq "submitted by the person named" "$(sql "SELECT submitted_by FROM report WHERE period = '2026-12'")" "Trần Văn Bình"
t_done
