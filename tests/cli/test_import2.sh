#!/usr/bin/env bash
# cnscd import attendance / results, and every importer from Excel (.xlsx)
# workbooks written here with openpyxl, on real database files.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

count() { sql "SELECT count(*) FROM $1"; }
# Debian's python, which has openpyxl (python3 on PATH may be a pyenv shim).
PY=/usr/bin/python3

expect_ok "units" import units "$FIXTURES/gso-2024.csv"
expect_ok "members" import members "$FIXTURES/members-vinh-my-a.csv"
cn training add --unit 961 --title "Tập huấn kỹ năng số" --date 05/12/2026
expect_eq "a session to take attendance of" "$OUT" 1

# --- help ------------------------------------------------------------------
cn import --help
expect_out "help shows the attendance format" "full_name,phone,id_number,unit_code,position,status"
expect_out "help shows the results format" "period,unit_code,team,indicator_code,value"
expect_out "help explains --sheet" "--sheet TÊN"
expect_out "help explains --reopen" "--reopen"
expect_fail "attendance needs a session and a file" "thiếu số của lớp tập huấn và tên tệp" import attendance
expect_fail "a session number is a number" "«abc» không phải số của lớp tập huấn" import attendance abc x.csv
expect_fail "--submit is for results only" "--reopen, --submit và --by chỉ dùng với import results" \
	import members --submit x.csv

# --- attendance ----------------------------------------------------------------
cat >"$T/att.csv" <<'EOF'
full_name,phone,id_number,unit_code,position,status
Nguyễn V. An,,095085000123,,,x
Bình,0987 654 321,,,,Có mặt
Trần Văn Tùng,0987654321,,,,
le van cuong,,,31933,,Vắng
Phạm Văn X,0912000111,,Công an huyện,Phó trưởng công an,
Người Mới,,,31933,,Vắng có phép
EOF
expect_fail "unknown session" "Không tìm thấy lớp tập huấn số 9" import attendance 9 "$T/att.csv"
expect_ok "attendance import" import attendance 1 "$T/att.csv"
expect_eq "unmatched rows are listed as guests" "$(grep '^Không khớp' <<<"$OUT")" \
"Không khớp thành viên nào, ghi là khách mời: dòng 4 Trần Văn Tùng (0987654321)
Không khớp thành viên nào, ghi là khách mời: dòng 6 Phạm Văn X (0912000111)
Không khớp thành viên nào, ghi là khách mời: dòng 7 Người Mới"
expect_out "attendance summary" "^Nhập điểm danh: khớp thành viên 3, khách mời 3; thêm mới 6, cập nhật 0, không đổi 0, bị loại 0 dòng\.$"
expect_eq "members matched by ID, phone and name, with their status" \
	"$(sql "SELECT group_concat(full_name || '=' || status, ', ') FROM (SELECT m.full_name, a.status FROM attendance a
		JOIN member m ON m.id = a.member_id ORDER BY m.full_name)")" \
	"Lê Văn Cường=2, Nguyễn Văn An=1, Trần Thị Bình=1"
expect_eq "a guest's unit: the known unit's name, else the text" \
	"$(sql "SELECT group_concat(coalesce(guest_unit, ''), '|') FROM (SELECT guest_unit FROM attendance WHERE member_id IS NULL ORDER BY id)")" \
	"|Công an huyện|Xã Vĩnh Mỹ A"
expect_ok "attendance import again" import attendance 1 "$T/att.csv"
expect_out "again: nothing changes" "khớp thành viên 3, khách mời 3; thêm mới 0, cập nhật 0, không đổi 6, bị loại 0 dòng"
expect_eq "again: no duplicate guests" "$(count attendance)" 6

# A namesake in a village of the commune: a name alone, in a session whose
# list does not have either, no longer says who it is.
printf 'code,name,type,level,parent_code\n31933.01,Ấp Cây Dừa,Ấp,4,31933\n' >"$T/village.csv"
expect_ok "a village" import units "$T/village.csv"
printf 'unit_code,full_name\n31933.01,Lê Văn Cường\n' >"$T/namesake.csv"
expect_ok "a namesake in the village" import members "$T/namesake.csv"
cn training add --unit 961 --title "Lớp 2" --date 06/12/2026
printf 'full_name,status\nLê Văn Cường,x\n' >"$T/ambiguous.csv"
expect_fail "a name matching two members is a bad row asking for the ID or phone" \
	"dòng 2, cột 1 \(full_name\): Có 2 thành viên cùng họ tên «Lê Văn Cường» \(Tổ CNSCĐ Xã Vĩnh Mỹ A, Tổ CNSCĐ Ấp Cây Dừa\): hãy ghi thêm số CCCD hoặc số điện thoại" \
	import attendance 2 "$T/ambiguous.csv"
expect_ok "in session 1, the one already on its list" import attendance 1 "$T/ambiguous.csv"
expect_out "...whose status is updated" "khớp thành viên 1, khách mời 0; thêm mới 0, cập nhật 1,"
printf 'full_name,unit_code,status\nLê Văn Cường,31933,x\nLê Văn Cường,31933.01,vắng\n' >"$T/own.csv"
expect_ok "with the unit: its own teams first, then the units below" import attendance 2 "$T/own.csv"
expect_eq "...each namesake has its status" \
	"$(sql "SELECT group_concat(u.code || '=' || a.status, ' ') FROM attendance a JOIN member m ON m.id = a.member_id
		JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id WHERE a.training_id = 2 ORDER BY u.code")" \
	"31933=1 31933.01=2"
cn import attendance --skip-invalid 2 "$T/ambiguous.csv"
line=$(sed -n 2p "$T/ambiguous.loi.csv")
if [[ "$line" == 'Lê Văn Cường,x,"dòng 2, cột 1 (full_name): Có 2 thành viên'* ]]; then
	pass "--skip-invalid writes the reject file"
else
	fail "--skip-invalid writes the reject file" "$line"
fi

# --- results -------------------------------------------------------------------
printf 'unit_code,full_name,role\n95,Đỗ Văn Tỉnh,Tổ trưởng\n961,Mai Văn Huyện,Tổ trưởng\n' >"$T/teams.csv"
expect_ok "teams at the province and the district" import members "$T/teams.csv"
cat >"$T/results.csv" <<'EOF'
period,unit_code,team,indicator_code,value
2026-10,95,,VNEID_MUC2,1.234
10/2026,961,,vneid_muc2,"2,000"
2026-10,31933,,VNEID_MUC2,40
2026-10,31933,Tổ CNSCĐ Ấp Xẻo Gừa,VNEID_MUC2,1 500
2026-10,31933,,TUYEN_TRUYEN,3
2026-10,31933,,VSSID,
EOF
expect_fail "--submit needs a person: no name anywhere" \
	"Chưa biết họ tên người lập báo cáo: hãy ghi --by \"Họ tên\", hoặc đặt tên trong cài đặt \(cnscd settings preparer_name" \
	import results --submit "$T/results.csv"
expect_fail "--by is a person, not a login" "«root» không phải họ tên của một người" \
	import results --submit --by root "$T/results.csv"
expect_fail "--by is not a question mark" "«\?» không phải họ tên của một người" import results --submit --by "?" "$T/results.csv"
expect_eq "nothing written without a person" "$(sql "SELECT count(*) FROM report")" 0
expect_ok "the preparer in the settings" settings preparer_name "Lê Thị Lập"
expect_ok "results import with --submit" import results --submit "$T/results.csv"
expect_out "results summary" "^Nhập số liệu: thêm mới 5, cập nhật 0, không đổi 1, bị loại 0 dòng\. Đã gửi 4 báo cáo\.$"
vneid="SELECT sum(value) FROM result r JOIN indicator i ON i.id = r.indicator_id JOIN report p ON p.id = r.report_id
	WHERE i.code = 'VNEID_MUC2' AND p.status = 1"
expect_eq "values at three levels, thousands separators read" "$(sql "$vneid")" $((1234 + 2000 + 40 + 1500))
expect_ok "results again" import results --submit "$T/results.csv"
expect_out "results again: nothing changes, nothing resubmitted" "thêm mới 0, cập nhật 0, không đổi 6, bị loại 0 dòng\.$"
sed -i 's/^2026-10,31933,,VNEID_MUC2,40$/2026-10,31933,,VNEID_MUC2,41/' "$T/results.csv"
expect_fail "a submitted report is not changed without --reopen" \
	"dòng 4, cột 5 \(value\): Báo cáo tháng 2026-10 của Tổ CNSCĐ Xã Vĩnh Mỹ A đã gửi; hãy mở lại trước khi nhập" \
	import results "$T/results.csv"
expect_eq "submitted by the preparer" "$(sql "SELECT DISTINCT submitted_by FROM report")" "Lê Thị Lập"
expect_ok "--reopen changes it" import results --reopen --submit --by "  Trần Văn Bình " "$T/results.csv"
expect_out "--reopen: one update, one report reopened and submitted again" \
	"cập nhật 1, không đổi 5, bị loại 0 dòng\. Đã mở lại 1 báo cáo\. Đã gửi 1 báo cáo\.$"
expect_eq "the reopening is logged with the person of --by" \
	"$(sql "SELECT by || ': ' || note FROM report_log WHERE action = 'reopen'")" "Trần Văn Bình: nhập lại số liệu từ tệp results.csv"
printf 'period,unit_code,indicator_code,value\n2026-11,31933,VSSID,12.5\n2026-11,31933,TT_DIEN_TU,"1,23"\n' >"$T/bad-values.csv"
expect_fail "an unclear value is a clear error" "dòng 2, cột 4 \(value\): Số liệu «12.5» không hợp lệ: cần số nguyên không âm" \
	import results "$T/bad-values.csv"

# --- xlsx ------------------------------------------------------------------------
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	skip "xlsx: $PY has no openpyxl"
	t_done
fi

DB=$T/xlsx.db
expect_ok "units for the workbooks" import units "$FIXTURES/gso-2024.csv"
# Members in the second sheet, as Excel users type them: two title rows
# above the header, phones and ID numbers as numbers, dates as dates,
# empty cells.
"$PY" - "$T/members.xlsx" <<'EOF'
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
wb.active.title = "Hướng dẫn"
wb.active["A1"] = "Điền danh sách ở trang «Danh sách»"
ws = wb.create_sheet("Danh sách")
ws["A1"] = "UBND XÃ VĨNH MỸ A"
ws["A2"] = "DANH SÁCH THÀNH VIÊN TỔ CNSCĐ"
rows = {
    3: ["Mã đơn vị", "Tổ", "Họ và tên", "Giới tính", "Năm sinh", "Số điện thoại", "Số CCCD", "Vai trò", "Chức vụ", "Ngày vào tổ"],
    4: [31933, None, "Nguyễn Văn An", "Nam", 1985, 912345678, 95085000123, "Tổ trưởng", "Trưởng ấp", datetime.date(2024, 3, 1)],
    5: ["31933", None, "Trần Thị Bình", "Nữ", 1990.0, "+84 987 654 321", None, "Tổ phó", None, "01/03/2024"],
}
for r, cells in rows.items():
    for c, v in enumerate(cells, 1):
        ws.cell(row=r, column=c, value=v)
ws.cell(row=4, column=10).number_format = "dd/mm/yyyy"
ws["A7"] = "31933"; ws["C7"] = "Lê Văn Cường"; ws["F7"] = 393123456
ws["A8"] = "31933"; ws["C8"] = "Hồ Văn Sai"; ws["F8"] = 12345
wb.save(sys.argv[1])
EOF
expect_fail "the first sheet has no list" "thiếu cột bắt buộc" import members "$T/members.xlsx"
expect_fail "an unknown sheet: the sheets are named" "không có trang tính «Thành viên»\. Các trang tính trong tệp: «Hướng dẫn», «Danh sách»" \
	import members --sheet "Thành viên" "$T/members.xlsx"
expect_fail "problems name the sheet's row" "^dòng 8, cột 6 \(Số điện thoại\): Số điện thoại «12345» không hợp lệ" \
	import members --sheet "danh sach" "$T/members.xlsx"
expect_ok "--sheet with --skip-invalid" import members --sheet "Danh sách" --skip-invalid "$T/members.xlsx"
expect_out "three members from the workbook" "thêm mới 3, cập nhật 0, không đổi 0, bị loại 1 dòng"
expect_eq "phone, ID number and date stored as typed" \
	"$(sql "SELECT phone || ' ' || id_number || ' ' || joined || ' ' || birth_year FROM member WHERE full_name = 'Nguyễn Văn An'")" \
	"0912345678 095085000123 2024-03-01 1985"
expect_eq "a 9-digit phone got its 0 back" "$(sql "SELECT phone FROM member WHERE full_name = 'Lê Văn Cường'")" 0393123456
expect_eq "the reject file keeps the sheet's row" "$(sed -n 2p "$T/members.loi.csv" | tr -d '\r')" \
	'31933,,Hồ Văn Sai,,,12345,,,,,"dòng 8, cột 6 (Số điện thoại): Số điện thoại «12345» không hợp lệ: cần 10 chữ số bắt đầu bằng 0 (số bàn 11 chữ số bắt đầu bằng 02), hoặc dạng +84…"'

# Round trip: the list out to a workbook (numbers and dates as Excel keeps
# them), edited there, and back in.
sql "SELECT u.code, t.name, m.full_name, m.gender, coalesce(m.birth_year, ''), coalesce(m.phone, ''),
	coalesce(m.id_number, ''), m.role, coalesce(m.position, ''), coalesce(m.joined, '')
	FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id ORDER BY m.id" >"$T/members.txt"
"$PY" - "$T/members.txt" "$T/roundtrip.xlsx" <<'EOF'
import sys, datetime, openpyxl
roles = {"1": "Tổ trưởng", "2": "Tổ phó", "3": "Thành viên"}
genders = {"0": "", "1": "Nam", "2": "Nữ"}
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Thành viên"
ws.append(["unit_code", "team", "full_name", "gender", "birth_year", "phone", "id_number", "role", "position", "joined"])
for line in open(sys.argv[1], encoding="utf-8"):
    code, team, name, gender, year, phone, idn, role, pos, joined = line.rstrip("\n").split("|")
    ws.append([int(code), team, name, genders[gender], int(year) if year else None, int(phone) if phone else None,
               int(idn) if idn else None, roles[role], pos or None,
               datetime.datetime.strptime(joined, "%Y-%m-%d") if joined else None])
    ws.cell(ws.max_row, 10).number_format = "dd/mm/yyyy"
wb.save(sys.argv[2])
EOF
"$PY" - "$T/roundtrip.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Thành viên"]
for row in ws.iter_rows(min_row=2):
    if row[2].value == "Trần Thị Bình":
        row[8].value = "Hội Phụ nữ xã"
ws.append([31933, None, "Đặng Thị Mới", "Nữ", 2000, 868000111, None, "Thành viên", None, None])
wb.save(sys.argv[1])
EOF
expect_ok "round trip: the edited workbook imports" import members "$T/roundtrip.xlsx"
expect_out "round trip: one new, one changed, the rest unchanged" "thêm mới 1, cập nhật 1, không đổi 2, bị loại 0 dòng"
expect_eq "round trip: the edit is stored" "$(sql "SELECT position FROM member WHERE full_name = 'Trần Thị Bình'")" "Hội Phụ nữ xã"
expect_ok "round trip: again" import members "$T/roundtrip.xlsx"
expect_out "round trip again: all unchanged" "thêm mới 0, cập nhật 0, không đổi 4, bị loại 0 dòng"

# Attendance and results from a workbook; the month typed as a date.
cn training add --unit 961 --title "Lớp 2" --date 06/12/2026
"$PY" - "$T/book.xlsx" <<'EOF'
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Điểm danh"
ws.append(["STT", "Họ và tên", "SĐT", "Mã đơn vị", "Điểm danh"])
ws.append([1, "Trần Thị Bình", 987654321, None, "x"])
ws.append([2, "Khách Ở Xa", None, "Sở TT&TT", "Vắng"])
rs = wb.create_sheet("Số liệu")
rs.append(["Tháng", "Mã đơn vị", "Tổ", "Mã chỉ tiêu", "Số liệu"])
rs.append([datetime.date(2026, 10, 1), 31933, None, "VNEID_MUC2", 1234.0])
rs.append(["11/2026", 31933, None, "vneid_muc2", 12])
wb.save(sys.argv[1])
EOF
cn import attendance 1 "$T/book.xlsx"
expect_out "attendance from a workbook: a member by phone, a guest" "khớp thành viên 1, khách mời 1; thêm mới 2"
expect_ok "results from the second sheet" import results --sheet "Số liệu" "$T/book.xlsx"
expect_eq "months typed as dates, 1234.0 as 1234" \
	"$(sql "SELECT group_concat(period || '=' || value, ' ') FROM (SELECT period, value FROM result JOIN report ON report.id = result.report_id ORDER BY period)")" \
	"2026-10=1234 2026-11=12"

# Inline strings, rich text runs, a namespace prefix, cells without
# references, escapes: written by hand, as other programs write them.
"$PY" - "$T/inline.xlsx" <<'EOF'
import sys, zipfile
rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>'
book = '<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="Ẩn" sheetId="2" state="hidden" r:id="rId9"/><x:sheet name="Điểm danh" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>'
book_rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/dd.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="../xl/strings.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/hidden.xml"/></Relationships>'
def t(s): return '<x:c t="inlineStr"><x:is><x:t>%s</x:t></x:is></x:c>' % s
sheet = ('<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
  '<x:row r="2">' + t("full_name") + t("phone") + t("id_number") + t("status") + '</x:row>'
  '<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:r><x:t xml:space="preserve">Phạm </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>Thị Dung</x:t></x:r><x:rPh><x:t>PHIÊN ÂM</x:t></x:rPh></x:is></x:c>'
  '<x:c r="C4"><x:v>95195000456</x:v></x:c><x:c r="D4" t="inlineStr"><x:is><x:t>Có_x0020_mặt</x:t></x:is></x:c></x:row>'
  '<x:row r="5"><x:c r="A5" t="s"><x:v>1</x:v></x:c><x:c r="D5" t="str"><x:f>IF(1,"x","")</x:f><x:v>x</x:v></x:c></x:row>'
  '</x:sheetData></x:worksheet>')
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("_rels/.rels", rels)
    z.writestr("xl/workbook.xml", book)
    z.writestr("xl/_rels/workbook.xml.rels", book_rels)
    z.writestr("xl/worksheets/dd.xml", sheet)
    # Shared strings with a rich text run and a phonetic reading to leave out.
    z.writestr("xl/strings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si>'
               '<si><r><t xml:space="preserve">Võ </t></r><r><rPr><i/></rPr><t>Văn Em</t></r><rPh sb="0" eb="1"><t>VO</t></rPh></si></sst>')
    z.writestr("xl/worksheets/hidden.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')
EOF
DB=$T/test.db
cn training add --unit 961 --title "Lớp 3" --date 07/12/2026
expect_ok "inline strings from another program" import attendance 3 "$T/inline.xlsx"
expect_out "inline and shared strings: rich text joined, the ID number whole, both matched" "khớp thành viên 2, khách mời 0; thêm mới 2"
expect_eq "inline strings: both present" "$(sql "SELECT count(*) FROM attendance WHERE training_id = 3 AND status = 1 AND member_id IS NOT NULL")" 2

# Limits and broken files: refused with a message, never a crash.
"$PY" - "$T" <<'EOF'
import sys, zipfile, openpyxl
d = sys.argv[1]
# openpyxl cuts cells at Excel's 32,767 characters: these are written by
# hand, one cell over 1 MB inline and one in the shared strings.
def package(path, sheet, strings=None):
    ns = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
    t = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", '<Relationships %s><Relationship Id="r1" Type="%sofficeDocument" Target="xl/workbook.xml"/></Relationships>' % (ns, t))
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="%s"><sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>' % t[:-1])
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships %s><Relationship Id="r1" Type="%sworksheet" Target="worksheets/sheet1.xml"/><Relationship Id="r2" Type="%ssharedStrings" Target="sharedStrings.xml"/></Relationships>' % (ns, t, t))
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % sheet)
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>' % "".join("<si><t>%s</t></si>" % s for s in strings))
def inline(ref, s): return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, s)
head = '<row r="1">' + inline("A1", "unit_code") + inline("B1", "full_name") + '</row>'
package(d + "/longcell.xlsx", head + '<row r="2">' + inline("A2", "31933") + inline("B2", "A" * (1024 * 1024 + 10)) + '</row>'
        '<row r="3">' + inline("A3", "31933") + '<c r="B3" t="s"><v>0</v></c></row>', ["B" * (1024 * 1024 + 1)])
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["unit_code", "full_name"]); ws.append(["31933", "Lý Văn Rộng"]); ws.cell(row=2, column=1001, value="xa")
wb.save(d + "/wide.xlsx")
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["unit_code", "full_name"]); ws.append(["31933", "Lý Văn Thừa", None, "ghi chú"])
wb.save(d + "/extra.xlsx")
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["unit_code", "full_name"]); ws.append(["31933", "Lý Văn Bom"])
wb.save(d + "/bomb.xlsx")
# Declare the sheet 300 MB inflated, in both of the zip's headers.
data = bytearray(open(d + "/bomb.xlsx", "rb").read())
name = b"xl/worksheets/sheet1.xml"
for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
    i = 0
    while (i := data.find(sig, i)) >= 0:
        n = int.from_bytes(data[i + (26 if sig == b"PK\x03\x04" else 28):][:2], "little")
        start = i + (30 if sig == b"PK\x03\x04" else 46)
        if data[start:start + n] == name:
            data[i + size_at:i + size_at + 4] = (300 * 1024 * 1024).to_bytes(4, "little")
        i += 4
open(d + "/bomb.xlsx", "wb").write(data)
# Corrupted: bytes of the sheet's compressed data flipped.
good = open(d + "/longcell.xlsx", "rb").read()
with zipfile.ZipFile(d + "/longcell.xlsx") as z:
    info = z.getinfo("xl/worksheets/sheet1.xml")
start = info.header_offset + 30 + len(info.filename) + len(info.extra)
bad = bytearray(good)
for k in range(start + 5, start + 25):
    bad[k] ^= 0x5A
open(d + "/corrupt.xlsx", "wb").write(bad)
open(d + "/truncated.xlsx", "wb").write(good[: len(good) // 2])
EOF
DB=$T/limits.db
expect_ok "units for the limits" import units "$FIXTURES/gso-2024.csv"
expect_fail "a cell over 1 MB is a bad row" "dòng 2, cột 2 \(full_name\): ô dài hơn 1 MB, quá giới hạn đọc" \
	import members "$T/longcell.xlsx"
expect_eq "...and a shared string over 1 MB too" "$(grep -c '^dòng 3, cột 2 (full_name): ô dài hơn 1 MB' <<<"$ERR")" 1
expect_fail "a value past column 1,000 is a bad row" "dòng 2, cột 1001: ô ở cột thứ 1001: bảng có quá 1000 cột" \
	import members "$T/wide.xlsx"
expect_fail "a note past the header's columns is a bad row, with advice for a sheet" \
	"dòng 2, cột 4: ô thừa «ghi chú»: dòng tiêu đề chỉ có 2 cột \(hãy đặt tên cho cột này ở dòng tiêu đề, hoặc xóa ô\)" \
	import members "$T/extra.xlsx"
expect_fail "a part that would inflate past 200 MB is refused" "khi giải nén lớn hơn 200 MB, quá giới hạn đọc" \
	import members "$T/bomb.xlsx"
expect_fail "a corrupted workbook is refused" "bị hỏng: .*xl/worksheets/sheet1.xml" \
	import members "$T/corrupt.xlsx"
expect_fail "a truncated workbook is refused" "không phải tệp Excel .xlsx đọc được" import members "$T/truncated.xlsx"
if [ "$RC" -eq 1 ]; then pass "refusals exit with status 1, not a crash"; else fail "refusals exit with status 1" "exit $RC"; fi
expect_eq "nothing written by refused workbooks" "$(count member)" 0
printf 'x' >"$T/old.xls"
expect_fail "an .xls file: save as xlsx or CSV UTF-8" "lưu lại dạng \"Sổ làm việc Excel \(.xlsx\)\" hoặc \"CSV UTF-8\"" \
	import members "$T/old.xls"
t_done
