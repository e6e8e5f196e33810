#!/usr/bin/env bash
# The indicator catalogue and the targets from the command line: list,
# add, edit, retire; targets by year and by range of months; the results
# report read back with openpyxl shows the new indicator's row, the target
# and the % achieved; the office's own unit names the report's heading.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
PY=/usr/bin/python3

"$(dirname "$CNSCD")/tests/seed_field_example" "$DB" || fail "seed the field example"

# The shipped catalogue.
expect_ok "indicator list" indicator list
expect_eq "header and 11 default indicators" "$(wc -l <<<"$OUT")" 12
expect_out "a default indicator with its measure, kind and order" $'^VNEID_MUC2\tTài khoản định danh điện tử VNeID mức 2 được kích hoạt\ttài khoản\tcộng dồn\t30\tđang dùng$'
expect_out "the list names the kind" $'^Mã\tTên chỉ tiêu\tĐơn vị tính\tCách cộng\tThứ tự\tTrạng thái$'
expect_eq "the shipped stocks are last-of-period, the rest add up" \
	"$(awk -F'\t' 'NR > 1 && $4 == "số cuối kỳ" {print $1}' <<<"$OUT" | sort | tr '\n' ' ')" "CUA_HANG_SO HO_SMARTPHONE "
expect_eq "nine flows" "$(awk -F'\t' 'NR > 1 && $4 == "cộng dồn"' <<<"$OUT" | wc -l)" 9

# Adding: the code is upper-cased; without --order it goes last.
expect_ok "add an indicator" indicator add zalo_oa "Tài khoản Zalo OA được tạo" --measure "tài khoản"
expect_eq "add prints the row" "$OUT" $'ZALO_OA\tTài khoản Zalo OA được tạo\ttài khoản\tcộng dồn\t120\tđang dùng'
expect_eq "stored once" "$(sql "SELECT count(*) FROM indicator WHERE code = 'ZALO_OA'")" 1
expect_ok "add with an order" indicator add SO_HOA_NONG_SAN "Nông sản được số hóa" --order 15
cn indicator list
expect_eq "order 15 puts it second" "$(sed -n 3p <<<"$OUT" | cut -f1)" SO_HOA_NONG_SAN

# What is refused, in Vietnamese, naming the value.
expect_fail "duplicate code" "Mã chỉ tiêu «ZALO_OA» đã có" indicator add Zalo_OA "Khác"
expect_fail "duplicate name, other case and marks" "Tên chỉ tiêu «Tài khoản Zalo OA được tạo» đã có \(mã ZALO_OA\)" \
	indicator add ZALO2 "tai khoan zalo oa duoc tao"
expect_fail "bad code" "Mã chỉ tiêu «số hóa» không hợp lệ" indicator add "số hóa" "Số hóa"
expect_fail "name required" "Tên chỉ tiêu" indicator add EMPTY_NAME ""
expect_fail "order must be a number" "--order cần một số nguyên" indicator add X1 "Một" --order abc
expect_fail "unknown code on edit" "không có chỉ tiêu nào mang mã «NOPE»" indicator edit NOPE --name "X"
expect_fail "active is 0 or 1" "--active cần 1 \(đang dùng\) hoặc 0" indicator edit ZALO_OA --active 2
expect_fail "the kind is sum or last" "--aggregate: Cách cộng «average» không hợp lệ: sum \(cộng dồn các tháng\) hoặc last \(số cuối kỳ\)" \
	indicator add AVG1 "Trung bình" --aggregate average
expect_eq "nothing added by the refusals" "$(sql "SELECT count(*) FROM indicator")" 13

# The kind: given when adding, changed by edit (in Vietnamese too).
expect_ok "add a stock" indicator add DIEM_WIFI "Điểm wifi công cộng đang hoạt động" --measure "điểm" --aggregate last
expect_eq "add prints its kind" "$(cut -f4 <<<"$OUT")" "số cuối kỳ"
expect_ok "edit the kind" indicator edit DIEM_WIFI --aggregate "cộng dồn"
expect_eq "stored as sum" "$(sql "SELECT aggregate FROM indicator WHERE code = 'DIEM_WIFI'")" sum
expect_ok "edit it back" indicator edit DIEM_WIFI --aggregate last
expect_eq "stored as last" "$(sql "SELECT aggregate FROM indicator WHERE code = 'DIEM_WIFI'")" last
expect_ok "remove it" indicator delete DIEM_WIFI

# Editing; the code may change only while nothing uses it.
expect_ok "edit name, measure, order" indicator edit ZALO_OA --name "Tài khoản Zalo OA" --measure "tài khoản" --order 55
expect_eq "edit prints the row" "$OUT" $'ZALO_OA\tTài khoản Zalo OA\ttài khoản\tcộng dồn\t55\tđang dùng'
expect_ok "rename an unused code" indicator edit SO_HOA_NONG_SAN --code NONG_SAN
expect_eq "renamed" "$(sql "SELECT count(*) FROM indicator WHERE code = 'NONG_SAN'")" 1

# Figures for the new indicator, submitted, then targets.
printf 'period,unit_code,team,indicator_code,value\n2026-10,31891,,ZALO_OA,30\n2026-10,31891.01,,ZALO_OA,12\n2026-10,31891,,VNEID_MUC2,50\n' >"$T/results.csv"
expect_ok "import figures" import results "$T/results.csv" --submit --by "Cán bộ huyện"
expect_fail "a used code stays" "đã có số liệu hoặc chỉ tiêu giao: không đổi mã được nữa" indicator edit ZALO_OA --code ZALO
expect_fail "a failed edit changes nothing" "không đổi mã" indicator edit ZALO_OA --name "Tên mới" --code ZALO
expect_eq "name kept after the failed edit" "$(sql "SELECT name FROM indicator WHERE code = 'ZALO_OA'")" "Tài khoản Zalo OA"

expect_ok "target for a year" target set 961 ZALO_OA 84 --year 2026
expect_out "set lists the unit's targets" $'^961\tHuyện Hoà Bình\tZALO_OA\tTài khoản Zalo OA\tNăm 2026\t84$'
expect_ok "target for a range of months, dotted number" target set 961 VNEID_MUC2 "1.000" --from 10/2026 --to 2026-12
expect_eq "stored range" "$(sql "SELECT period_from || ' ' || period_to || ' ' || value FROM target t JOIN indicator i ON i.id = t.indicator_id WHERE i.code = 'VNEID_MUC2'")" "2026-10 2026-12 1000"
expect_ok "setting again replaces" target set 961 ZALO_OA 80 --year 2026
expect_eq "one target, new value" "$(sql "SELECT count(*) || ' ' || max(value) FROM target t JOIN indicator i ON i.id = t.indicator_id WHERE i.code = 'ZALO_OA'")" "1 80"
expect_ok "target for another unit" target set 31891 ZALO_OA 40 --year 2027
expect_fail "year or range, not both" "cần --year NĂM, hoặc --from THÁNG --to THÁNG" target set 961 ZALO_OA 1 --year 2026 --from 2026-01 --to 2026-02
expect_fail "range backwards" "tháng kết thúc trước tháng bắt đầu" target set 961 ZALO_OA 1 --from 2026-05 --to 2026-01
expect_fail "bad value" "Chỉ tiêu giao «nhiều» không hợp lệ" target set 961 ZALO_OA nhiều --year 2026
expect_fail "bad year" "--year cần một năm" target set 961 ZALO_OA 1 --year 26
expect_fail "unknown unit" "«99999»" target set 99999 ZALO_OA 1 --year 2026
expect_fail "unknown indicator" "không có chỉ tiêu nào mang mã «NOPE»" target set 961 NOPE 1 --year 2026

expect_ok "target list by unit" target list --unit 961
expect_eq "two targets of the district" "$(tail -n +2 <<<"$OUT" | cut -f3,5,6 | tr '\t' ' ')" \
	"$(printf 'VNEID_MUC2 10/2026 – 12/2026 1000\nZALO_OA Năm 2026 80')"
expect_ok "target list by year" target list --year 2027
expect_eq "only the 2027 target" "$(tail -n +2 <<<"$OUT" | cut -f1,3,6 | tr '\t' ' ')" "31891 ZALO_OA 40"
expect_ok "target list, everything" target list
expect_eq "three targets" "$(tail -n +2 <<<"$OUT" | wc -l)" 3

# The office's own unit: a code or a name only one unit bears.
expect_fail "ambiguous or unknown unit name" "Không có đơn vị nào mã hoặc tên «Không Có»" settings office_unit "Không Có"
expect_ok "office unit by name" settings office_unit "Huyện Hoà Bình"
expect_eq "stored as the code" "$(sql "SELECT value FROM setting WHERE key = 'office_unit'")" 961
expect_eq "shown with its name" "$OUT" "office_unit  961 (Huyện Hoà Bình)"
expect_ok "office unit by code" settings office_unit 961

# The results report: the new indicator's row, its target and % achieved.
expect_ok "export results" export results --unit 31891 --from 2026-10 --to 2026-10 -o "$T/commune.xlsx"
expect_ok "export results of the district" export results --unit 961 --from 2026-10 --to 2026-10 -o "$T/results.xlsx"
if $PY -c 'import openpyxl' 2>/dev/null; then
	got=$($PY - "$T/results.xlsx" "$T/commune.xlsx" <<'PY'
import sys, openpyxl
# The district has more than a handful of communes: units as rows, a
# column per indicator, the total, the target and % under each table.
ws = openpyxl.load_workbook(sys.argv[1], data_only=True).worksheets[0]
names = {"Tài khoản định danh điện tử VNeID mức 2 được kích hoạt (tài khoản)": "VNEID_MUC2",
         "Tài khoản Zalo OA (tài khoản)": "ZALO_OA"}
header, found = None, {}
for row in ws.iter_rows(values_only=True):
    if row[0] == "STT" and row[1] == "Đơn vị":
        header = row
    elif header and row[1] in ("Tổng cộng", "Chỉ tiêu giao", "% đạt"):
        for c, h in enumerate(header):
            if h in names:
                found.setdefault(names[h], []).append(row[c])
for code in sorted(found):
    print(code, *found[code])
# The heading names the office's own unit, even for a report on a commune.
print(openpyxl.load_workbook(sys.argv[2]).worksheets[0]["A1"].value)
PY
)
	# October lies in both targets' periods: the year's and the quarter's.
	expect_eq "xlsx: the new indicator's total, target and %; VNeID against the range's target" "$got" \
		"$(printf 'VNEID_MUC2 50 1000 0.05\nZALO_OA 42 80 0.525\nUBND HUYỆN HOÀ BÌNH')"
else
	skip "openpyxl missing for /usr/bin/python3: xlsx not read back"
fi

# Retiring: an indicator with figures is made inactive, not deleted; its
# row leaves the report, the figures stay.
expect_ok "delete a used indicator" indicator delete ZALO_OA
expect_out "says it was deactivated" "chuyển sang ngừng dùng"
expect_eq "still there, inactive" "$(sql "SELECT active FROM indicator WHERE code = 'ZALO_OA'")" 0
expect_eq "figures kept" "$(sql "SELECT count(*) FROM result r JOIN indicator i ON i.id = r.indicator_id WHERE i.code = 'ZALO_OA'")" 2
cn indicator list
expect_out "listed as inactive" $'^ZALO_OA\t.*\tngừng dùng$'
expect_ok "export without the retired indicator" export results --unit 961 --from 2026-10 --to 2026-10 -o "$T/retired.csv"
if grep -q ZALO_OA "$T/retired.csv"; then fail "retired indicator left out of the report"; else pass "retired indicator left out of the report"; fi
expect_ok "bring it back" indicator edit ZALO_OA --active 1
expect_eq "active again" "$(sql "SELECT active FROM indicator WHERE code = 'ZALO_OA'")" 1
expect_ok "delete an unused indicator" indicator delete NONG_SAN
expect_eq "gone" "$(sql "SELECT count(*) FROM indicator WHERE code = 'NONG_SAN'")" 0

expect_ok "delete a target" target delete 961 ZALO_OA --year 2026
expect_eq "target gone" "$(sql "SELECT count(*) FROM target WHERE unit_id = (SELECT id FROM unit WHERE code = '961')")" 1
expect_fail "delete a missing target" "không có chỉ tiêu giao «ZALO_OA» cho kỳ Năm 2026" target delete 961 ZALO_OA --year 2026

expect_ok "indicator --help" indicator --help
expect_out "help shows edit" "cnscd indicator edit MÃ"
expect_ok "target --help" target --help
expect_out "help shows set" "cnscd target set MÃ-ĐƠN-VỊ MÃ-CHỈ-TIÊU GIÁ-TRỊ"
t_done
