#!/usr/bin/env bash
# "cnscd export summary": the field example to xlsx (read back with
# openpyxl) and CSV; formula injection; private files; failures that leave
# nothing behind.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
SEED=$(dirname "$CNSCD")/tests/seed_field_example
PY=/usr/bin/python3
export SUITE

"$SEED" "$DB" || fail "seed the field example"

# xlsx
expect_ok "export summary to xlsx" export summary --unit 961 -o "$T/tong-hop.xlsx"
expect_eq "prints the path written" "$OUT" "$T/tong-hop.xlsx"
expect_eq "xlsx is private (0600)" "$(stat -c %a "$T/tong-hop.xlsx")" 600
if $PY -c 'import openpyxl' 2>/dev/null; then
	$PY "$CNSCD_SOURCE_DIR/tests/xlsx_check.py" summary "$T/tong-hop.xlsx" "$DB" || t_failed=1
else
	skip "openpyxl missing for /usr/bin/python3: xlsx not read back"
fi

# The heading and signatures follow the settings.
sql "INSERT INTO setting(key, value) VALUES ('office_name', 'UBND xã Hòa An'), ('office_place', 'Hòa An'), ('signer_title', 'Chủ tịch'), ('signer_name', 'Trần Văn Bình'), ('preparer_name', 'Lê Thị Hoa'), ('report_number', '15/BC-UBND')"
expect_ok "export with settings" export summary --unit 961 -o "$T/settings.xlsx"
if $PY -c 'import openpyxl' 2>/dev/null; then
	got=$($PY - "$T/settings.xlsx" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print("|".join(str(ws[c].value) for c in ["A1", "A3", "E3", "A28", "E28", "A33", "E33"]))
PYEOF
)
	expect_eq "heading and signatures from settings" "$(sed -E 's/ngày [0-9]{2} tháng [0-9]{2} năm [0-9]{4}/ngày D/' <<<"$got")" \
		"UBND XÃ HÒA AN|Số: 15/BC-UBND|Hòa An, ngày D|NGƯỜI LẬP BIỂU|CHỦ TỊCH|Lê Thị Hoa|Trần Văn Bình"
fi
sql "DELETE FROM setting WHERE key IN ('office_name', 'office_place', 'signer_title', 'signer_name', 'preparer_name', 'report_number')"
# Another body than a people's committee: its own symbol, or none.
expect_ok "an office of another kind" settings office_name "Phòng Văn hóa và Thông tin"
expect_ok "summary of it" export summary --unit 961 -o "$T/phong.xlsx"
if $PY -c 'import openpyxl' 2>/dev/null; then
	expect_eq "the number line without UBND" \
		"$($PY -c 'import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1]).worksheets[0]["A3"].value)' "$T/phong.xlsx")" \
		"Số:          /BC"
fi
expect_ok "clear it" settings office_name ""

# CSV
expect_ok "export summary to csv" export summary --unit 961 -o "$T/tong-hop.csv"
expect_eq "csv is private (0600)" "$(stat -c %a "$T/tong-hop.csv")" 600
expect_eq "csv starts with a UTF-8 BOM" "$(head -c 3 "$T/tong-hop.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_eq "csv lines end in CRLF" "$(grep -c $'\r$' "$T/tong-hop.csv")" "$(wc -l <"$T/tong-hop.csv")"
csv=$(tr -d '\r' <"$T/tong-hop.csv" | sed '1s/^\xEF\xBB\xBF//')
expect_eq "csv header" "$(head -1 <<<"$csv")" "STT,Cấp / Đơn vị,Số đơn vị,Số đơn vị có tổ,Tỷ lệ có tổ,Số tổ,Số thành viên,Trong đó - Tổ trưởng,Trong đó - Tổ phó,Trong đó - Nữ,Trong đó - Dưới 35 tuổi"
OUT=$csv
expect_out "csv district row" "^1,Cấp huyện,1,1,100.0%,1,7,1,1,"
expect_out "csv commune row" "^2,Cấp xã,8,8,100.0%,8,77,8,8,"
expect_out "csv village row" "^3,Cấp thôn,68,68,100.0%,68,458,68,68,"
expect_eq "csv totals computed as numbers" "$(grep -c '^,Tổng cộng,77,77,100.0%,77,542,77,77,' <<<"$csv")" 2

cn export summary --unit 961 -o -
expect_eq "-o - writes the CSV to stdout" "$OUT" "$(cat "$T/tong-hop.csv")"

expect_ok "export of the whole database" export summary -o "$T/all.CSV"
expect_eq "whole database: part II lists the province" "$(grep -c '^1,Tỉnh Bạc Liêu,78,77,98.7%,77,542,' "$T/all.CSV")" 1

# Failures: a clear message, and no file at all.
expect_fail "unknown extension" "cần kết thúc bằng \.xlsx \(Excel\) hoặc \.csv" export summary -o "$T/x.pdf"
expect_fail "missing -o" "thiếu tệp ra" export summary
expect_fail "unknown report" "không có báo cáo «nope»" export nope -o "$T/x.csv"
expect_fail "missing report name" "thiếu tên báo cáo" export
expect_fail "unknown unit" "Không có đơn vị nào mang mã «999»" export summary --unit 999 -o "$T/x.xlsx"
expect_fail "missing directory" "Không ghi được tệp «/nonexistent/dir/x\.xlsx»: thư mục không tồn tại" export summary -o /nonexistent/dir/x.xlsx
touch "$T/plain"
expect_fail "a file where the directory should be" "không phải là thư mục" export summary -o "$T/plain/x.csv"
mkdir "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	chmod 555 "$T/ro"
	expect_fail "read-only directory" "không có quyền ghi" export summary -o "$T/ro/x.xlsx"
	expect_eq "read-only directory: nothing written" "$(ls -A "$T/ro")" ""
elif mount -t tmpfs -o ro,size=1m tmpfs "$T/ro" 2>/dev/null; then
	# Root ignores permissions, but not a read-only filesystem.
	expect_fail "read-only filesystem" "ổ đĩa chỉ cho phép đọc" export summary -o "$T/ro/x.xlsx"
	expect_eq "read-only filesystem: nothing written" "$(ls -A "$T/ro")" ""
	umount "$T/ro"
else
	skip "read-only directory (root ignores permissions and cannot mount here)"
fi
# Names that look like formulas stay text.
DB=$T/hostile.db
"$SEED" "$DB" --hostile || fail "seed hostile names"
expect_ok "export hostile names to csv" export summary --unit 961 -o "$T/h.csv"
for name in "=1+1" "@SUM(A1)" "-2+3" "+4"; do
	n=$(grep -cF ",'$name," "$T/h.csv")
	expect_eq "csv quotes $name as text" "$n" 1
done
expect_ok "export hostile names to xlsx" export summary --unit 961 -o "$T/h.xlsx"
if $PY -c 'import openpyxl' 2>/dev/null; then
	$PY "$CNSCD_SOURCE_DIR/tests/xlsx_check.py" hostile "$T/h.xlsx" || t_failed=1
fi

# Lists of people in Vietnamese order: by given name, then family and
# middle names; Đ after D, tones after the letters.
DB=$T/order.db
cn init --units none
printf 'code,name,type,level,parent_code\n95,Tỉnh Bạc Liêu,Tỉnh,1,\n' >"$T/u.csv"
cn import units "$T/u.csv"
printf 'unit_code,full_name,role\n95,Đặng Văn Bình,\n95,Dương Văn Bình,\n95,Nguyễn Thị Ánh,\n95,Trần Văn An,\n95,Lê Bá An,Tổ trưởng\n' \
	>"$T/m.csv"
expect_ok "members to order" import members "$T/m.csv"
expect_ok "roster to csv" export roster --unit 95 -o "$T/order.csv"
expect_eq "roster in Vietnamese order (leader first)" \
	"$(tr -d '\r' <"$T/order.csv" | grep -oE 'Lê Bá An|Trần Văn An|Nguyễn Thị Ánh|Dương Văn Bình|Đặng Văn Bình' | paste -sd ';')" \
	"Lê Bá An;Trần Văn An;Nguyễn Thị Ánh;Dương Văn Bình;Đặng Văn Bình"

t_done
