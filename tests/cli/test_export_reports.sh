#!/usr/bin/env bash
# "cnscd export roster|trainings|untrained|results" to xlsx (read back with
# openpyxl and compared with the database) and CSV; "cnscd settings".
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
SEED=$(dirname "$CNSCD")/tests/seed_field_example
GEN=$(dirname "$CNSCD")/bench/cnscd-gen
PY=/usr/bin/python3
export SUITE

# xlsx_check.py CHECK ARGS... when openpyxl is there.
xlsx_check() {
	if $PY -c 'import openpyxl' 2>/dev/null; then
		$PY "$CNSCD_SOURCE_DIR/tests/xlsx_check.py" "$@" || t_failed=1
	else
		skip "openpyxl missing for /usr/bin/python3: $1 not read back"
	fi
}

# csv_text FILE: the CSV without BOM and CR.
csv_text() { tr -d '\r' <"$1" | sed '1s/^\xEF\xBB\xBF//'; }
bom_and_crlf() { # NAME FILE
	expect_eq "$1: UTF-8 BOM" "$(head -c 3 "$2" | od -An -tx1 | tr -d ' ')" "efbbbf"
	expect_eq "$1: CRLF line ends" "$(grep -c $'\r$' "$2")" "$(wc -l <"$2")"
}

"$SEED" "$DB" || fail "seed the field example"

# Help documents every report and option.
expect_ok "export --help" export --help
for word in summary roster trainings untrained results "--all" "--from NGÀY --to NGÀY" "--from THÁNG --to THÁNG" \
	"cnscd settings"; do
	expect_out "export --help mentions $word" "$(sed 's/[][]/\\&/g' <<<"$word")"
done

# Settings: list, set, read, refuse.
expect_ok "settings lists the keys" settings
for key in office_unit office_name office_place signer_title signer_name preparer_name report_due_days backup_keep bundle_overdue_days report_number; do
	expect_out "settings lists $key" "^$key +\(chưa đặt; mặc định: "
done
expect_out "default due days shown" "^report_due_days +\(chưa đặt; mặc định: 5\)"
expect_ok "set office_name" settings office_name "UBND xã Hòa An"
expect_eq "set prints the new value" "$OUT" "office_name  UBND xã Hòa An"
expect_ok "read office_name" settings office_name
expect_eq "read prints the value" "$OUT" "UBND xã Hòa An"
expect_ok "set report_due_days" settings report_due_days " 7 "
expect_eq "number stored as a number" "$(sql "SELECT value FROM setting WHERE key = 'report_due_days'")" 7
expect_fail "due days must be a number" "Hạn gửi báo cáo \(ngày\): giá trị «7 ngày» không hợp lệ, cần một số nguyên từ 0 đến 366" \
	settings report_due_days "7 ngày"
expect_fail "due days in range" "từ 0 đến 366" settings report_due_days 400
expect_fail "backup_keep at least 1" "Số bản sao lưu giữ lại: giá trị «0» không hợp lệ, cần một số nguyên từ 1 đến 1000" \
	settings backup_keep 0
expect_eq "a refused value changes nothing" "$(sql "SELECT value FROM setting WHERE key = 'report_due_days'")" 7
expect_fail "unknown key" "không có thiết lập «office»" settings office
expect_eq "unknown key lists the known ones" "$(grep -c '^  [a-z_]*$' <<<"$ERR")" 10
expect_fail "too many arguments" "thừa tham số" settings office_name a b
expect_ok "help" settings --help
expect_out "help explains report_due_days" "report_due_days +số ngày sau khi hết tháng"
expect_ok "clear with an empty value" settings report_due_days ""
expect_eq "cleared" "$(sql "SELECT count(*) FROM setting WHERE key = 'report_due_days' AND value IS NOT NULL")" 0
expect_ok "set signer" settings signer_title "Chủ tịch"
expect_ok "set signer name" settings signer_name "Trần Văn Bình"

# Roster of the field example: 542 members in 77 teams.
sql "UPDATE member SET phone = '0912345678', id_number = '095080001234', joined = '2025-03-15' WHERE id = 1"
expect_ok "roster heading from settings" export roster --unit 961 -o "$T/settings.xlsx"
if $PY -c 'import openpyxl' 2>/dev/null; then
	got=$($PY - "$T/settings.xlsx" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
last = ws.max_row
print("|".join(str(ws[c].value) for c in ["A1", "F1"]) + "|" + str(ws.cell(last - 5, 6).value))
PYEOF
)
	expect_eq "office and signer from settings" "$got" "UBND XÃ HÒA AN|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CHỦ TỊCH"
fi
expect_ok "clear office_name" settings office_name ""
expect_ok "export roster to xlsx" export roster --unit 961 -o "$T/roster.xlsx"
expect_eq "prints the path written" "$OUT" "$T/roster.xlsx"
expect_eq "xlsx is private (0600)" "$(stat -c %a "$T/roster.xlsx")" 600
xlsx_check roster "$T/roster.xlsx" "$DB"

expect_ok "export roster to csv" export roster --unit 961 -o "$T/roster.csv"
bom_and_crlf "roster csv" "$T/roster.csv"
csv=$(csv_text "$T/roster.csv")
expect_eq "roster csv header" "$(head -1 <<<"$csv")" \
	"STT,Tỉnh,Huyện,Xã,Thôn/Ấp,Họ và tên,Giới tính,Năm sinh,Vai trò,Chức vụ/đoàn thể,Điện thoại,Số CCCD,Ngày vào tổ"
expect_eq "roster csv: first team and its leader" "$(sed -n 2,3p <<<"$csv")" \
	",Tổ CNSCĐ Huyện Hoà Bình — Tỉnh Bạc Liêu: 7 người,,,,,,,,,,,
1,Tỉnh Bạc Liêu,Huyện Hoà Bình,,,Nguyễn Văn An,Nữ,2006,Tổ trưởng,,0912345678,095080001234,15/03/2025"
expect_eq "roster csv: 542 member rows" "$(grep -c '^[0-9]' <<<"$csv")" 542
expect_eq "roster csv: 77 team rows" "$(grep -c '^,Tổ CNSCĐ ' <<<"$csv")" 77
expect_eq "roster csv: total" "$(tail -1 <<<"$csv")" ",Tổng cộng: 542 người,,,,,,,,,,,"
expect_eq "roster csv: a village row has four levels" \
	"$(grep -c '^[0-9]*,Tỉnh Bạc Liêu,Huyện Hoà Bình,Xã Vĩnh Mỹ A,Ấp 1,' <<<"$csv")" \
	"$(sql "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id WHERE u.name = 'Ấp 1' AND u.parent_id = (SELECT id FROM unit WHERE code = '31933')")"

# Who left is listed only with --all.
sql "UPDATE member SET left_on = '2026-09-30' WHERE id = 3"
name3=$(sql "SELECT full_name FROM member WHERE id = 3")
expect_ok "roster without those who left" export roster --unit 961 -o "$T/active.csv"
expect_eq "one member fewer" "$(grep -c '^[0-9]' "$T/active.csv")" 541
expect_eq "the team heading counts the active" "$(grep -c '^,Tổ CNSCĐ Huyện Hoà Bình — Tỉnh Bạc Liêu: 6 người,' "$T/active.csv")" 1
expect_ok "roster --all" export roster --unit 961 --all -o "$T/all.csv"
csv=$(csv_text "$T/all.csv")
expect_eq "--all adds the date left" "$(head -1 <<<"$csv" | awk -F, '{print $NF}')" "Ngày rời tổ"
expect_eq "--all lists who left, with the date" "$(grep -c ",$name3,.*,30/09/2026\$" <<<"$csv")" 1
expect_eq "--all: 542 rows" "$(grep -c '^[0-9]' <<<"$csv")" 542

# Untrained: nobody was ever trained in the field example.
expect_ok "untrained to csv" export untrained --unit 961 -o "$T/untrained.csv"
bom_and_crlf "untrained csv" "$T/untrained.csv"
csv=$(csv_text "$T/untrained.csv")
expect_eq "untrained header" "$(head -1 <<<"$csv")" "STT,Tỉnh,Huyện,Xã,Thôn/Ấp,Tổ,Họ và tên,Vai trò,Điện thoại"
expect_eq "untrained: every active member" "$(grep -c '^[0-9]' <<<"$csv")" 541
expect_eq "untrained: one row each, numbered through" "$(tail -2 <<<"$csv" | head -1 | cut -d, -f1)" 541

# Options a report has no use for are refused.
expect_fail "roster takes no period" "export roster: báo cáo này không theo kỳ" export roster --from 01/01/2026 -o "$T/x.csv"
expect_fail "results takes no --all" "tùy chọn --all chỉ dùng với báo cáo roster" export results --all -o "$T/x.csv"
expect_fail "untrained takes no --all" "--all chỉ dùng với báo cáo roster" export untrained --all -o "$T/x.csv"
expect_fail "summary takes no period" "không theo kỳ" export summary --to 2026-01 -o "$T/x.csv"
expect_fail "a bad date" "Từ ngày" export trainings --from 31/02/2026 -o "$T/x.csv"
expect_fail "dates the wrong way round" "trước từ ngày" export trainings --from 02/02/2026 --to 01/02/2026 -o "$T/x.csv"
expect_fail "a bad month" "Đến tháng" export results --from 2026-01 --to 2026-13 -o "$T/x.csv"
expect_fail "months the wrong way round" "trước từ tháng" export results --from 2026-05 --to 2026-01 -o "$T/x.csv"
expect_eq "failures leave no file" "$(ls "$T"/x.* 2>/dev/null | wc -l)" 0

# Trainings, untrained and results on the generated commune.
DB=$T/commune.db
"$GEN" --scale commune -o "$DB" >/dev/null 2>&1 || fail "generate the commune"
# The units of the commune's subtree, for the SQL that checks the figures.
SUBTREE="unit_id IN (SELECT id FROM unit WHERE path LIKE (SELECT path FROM unit WHERE code = '31933') || '%')"
expect_ok "trainings to xlsx" export trainings --unit 31933 --from 01/01/2025 --to 31/12/2026 -o "$T/trainings.xlsx"
xlsx_check trainings "$T/trainings.xlsx" "$DB" 31933 2025-01-01 2026-12-31
expect_ok "trainings to csv" export trainings --unit 31933 --from 01/01/2025 --to 31/12/2026 -o "$T/trainings.csv"
bom_and_crlf "trainings csv" "$T/trainings.csv"
csv=$(csv_text "$T/trainings.csv")
expect_eq "trainings csv: a row per session" "$(grep -c '^[0-9]' <<<"$csv")" "$(sql 'SELECT count(*) FROM training')"
present=$(sql "SELECT count(*) FROM attendance WHERE status = 1")
invited=$(sql "SELECT count(*) FROM attendance")
expect_eq "trainings csv: totals" "$(tail -1 <<<"$csv" | cut -d, -f2,9,10)" "Tổng cộng,$invited,$present"
first=$(sql "SELECT strftime('%d/%m/%Y', min(start_date)) FROM training")
expect_eq "trainings csv: oldest first, dd/mm/yyyy" "$(sed -n 2p <<<"$csv" | cut -d, -f2)" "$first"
expect_ok "trainings in a period" export trainings --unit 31933 --from 01/01/2026 -o "$T/t2026.csv"
expect_eq "trainings in a period: only 2026" "$(grep -c '^[0-9]' "$T/t2026.csv")" \
	"$(sql "SELECT count(*) FROM training WHERE start_date >= '2026-01-01'")"

expect_ok "untrained on the commune" export untrained --unit 31933 -o "$T/u.csv"
expect_eq "untrained: active members never present" "$(grep -c '^[0-9]' "$T/u.csv")" \
	"$(sql "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id WHERE t.$SUBTREE AND left_on IS NULL AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.member_id = m.id AND a.status = 1)")"

sql "INSERT INTO target(unit_id, indicator_id, period_from, period_to, value) SELECT u.id, i.id, '2026-01', '2026-12', 2000 FROM unit u, indicator i WHERE u.code = '31933' AND i.code = 'VNEID_MUC2'"
# Reports are owed once their deadline has passed: today is fixed for the checks.
export CNSCD_TODAY=06/12/2026
expect_ok "results to xlsx" export results --unit 31933 --from 2026-01 --to 2026-11 -o "$T/results.xlsx"
xlsx_check results "$T/results.xlsx" "$DB" 31933 2026-01 2026-11
expect_ok "results to csv" export results --unit 31933 --from 01/2026 --to 2026-11 -o "$T/results.csv"
bom_and_crlf "results csv" "$T/results.csv"
csv=$(csv_text "$T/results.csv")
villages=$(sql "SELECT count(*) FROM unit WHERE parent_id = (SELECT id FROM unit WHERE code = '31933')")
expect_eq "results csv: a row per village and the commune's own" \
	"$(awk -F, '/^II,/ {part2 = 1} part2 && $1 ~ /^[0-9]+$/' <<<"$csv" | wc -l)" $((villages + 1))
vneid=$(sql "SELECT sum(value) FROM result r JOIN report rp ON rp.id = r.report_id JOIN team t ON t.id = rp.team_id JOIN indicator i ON i.id = r.indicator_id WHERE t.$SUBTREE AND i.code = 'VNEID_MUC2' AND rp.status = 1 AND rp.period BETWEEN '2026-01' AND '2026-11'")
expect_eq "results csv: VNeID total, target and %" \
	"$(grep -A2 '^,Tổng cộng,' <<<"$csv" | head -3 | cut -d, -f5 | tr '\n' ,)" \
	"$vneid,2000,$(awk -v v="$vneid" 'BEGIN { printf "%.1f%%", v * 100 / 2000 }'),"
expect_eq "results csv: the rates in a table of their own" "$(grep -c '^STT,Đơn vị,Báo cáo tháng của các tổ - Phải gửi,' <<<"$csv")" 1

# The default period: the last month already owed (before 05/12 that is October).
expect_ok "results with the default period" export results --unit 31933 -o "$T/default.xlsx"
if $PY -c 'import openpyxl' 2>/dev/null; then
	a6() { $PY -c 'import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1]).worksheets[0]["A6"].value)' "$1"; }
	expect_eq "default period: the last month owed" "$(a6 "$T/default.xlsx")" \
		"Đơn vị: xã Vĩnh Mỹ A, huyện Hoà Bình, tỉnh Bạc Liêu – kết quả tháng 11/2026"
	CNSCD_TODAY=03/12/2026 cn export results --unit 31933 -o "$T/default2.xlsx"
	expect_eq "before November's deadline: October" "$(a6 "$T/default2.xlsx")" \
		"Đơn vị: xã Vĩnh Mỹ A, huyện Hoà Bình, tỉnh Bạc Liêu – kết quả tháng 10/2026"
	CNSCD_TODAY=06/01/2027 cn export results --unit 31933 -o "$T/default3.xlsx"
	expect_eq "once December is owed: the quarter" "$(a6 "$T/default3.xlsx")" \
		"Đơn vị: xã Vĩnh Mỹ A, huyện Hoà Bình, tỉnh Bạc Liêu – kết quả từ tháng 10/2026 đến tháng 12/2026"
fi
CNSCD_TODAY=31/11/2026 cn export results -o "$T/x.csv"
if [ "$RC" -eq 2 ] && grep -q "CNSCD_TODAY=«31/11/2026» không phải một ngày có thật" <<<"$ERR" && [ ! -e "$T/x.csv" ]; then
	pass "a wrong CNSCD_TODAY is refused"
else
	fail "a wrong CNSCD_TODAY is refused" "exit $RC" "$ERR"
fi

# A province of the tree since 1 July 2025: no district, 100+ communes as rows.
DB=$T/p91.db
"$GEN" --scale province --province 91 --units "$OFFICIAL/units-2025.csv" -o "$DB" >/dev/null 2>&1 ||
	fail "generate province 91 (2025)"
sql "INSERT INTO target(unit_id, indicator_id, period_from, period_to, value) SELECT u.id, i.id, '2026', '2026', 90000 FROM unit u, indicator i WHERE u.code = '91' AND i.code = 'HO_HUONG_DAN'"
sql "UPDATE target SET period_from = '2026-01', period_to = '2026-12'"
expect_ok "results of a province" export results --unit 91 --from 2026-10 --to 2026-11 -o "$T/wide.xlsx"
xlsx_check results "$T/wide.xlsx" "$DB" 91 2026-10 2026-11
expect_ok "roster without districts" export roster --unit 91 -o "$T/p91.csv"
expect_eq "no district: the Huyện column is empty" \
	"$(csv_text "$T/p91.csv" | grep '^[0-9]' | awk -F, '$3 != ""' | wc -l)" 0
expect_eq "no district: communes in the Xã column" \
	"$(csv_text "$T/p91.csv" | grep -c '^[0-9]*,[^,]*,,\(Xã\|Phường\|Đặc khu\) ')" \
	"$(sql "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id WHERE u.level >= 3")"
expect_ok "roster of the province to xlsx" export roster --unit 91 -o "$T/p91.xlsx"
xlsx_check official "$T/p91.xlsx" "$DB"
unset CNSCD_TODAY

# Names that look like formulas stay text.
DB=$T/hostile.db
"$SEED" "$DB" --hostile || fail "seed hostile names"
expect_ok "hostile roster to csv" export roster --unit 961 -o "$T/h.csv"
for name in "=1+1" "@SUM(A1)" "-2+3" "+4"; do
	expect_eq "roster csv quotes $name as text" "$(grep -cF ",'$name," "$T/h.csv")" 1
	expect_eq "roster csv: no bare $name" "$(grep -cF ",$name," "$T/h.csv")" 0
done
expect_ok "hostile roster to xlsx" export roster --unit 961 -o "$T/h.xlsx"
xlsx_check hostile "$T/h.xlsx"
expect_ok "hostile untrained to xlsx" export untrained --unit 961 -o "$T/hu.xlsx"
xlsx_check hostile "$T/hu.xlsx"

t_done
