"""Reads back an xlsx written by cnscd and checks it, printing PASS/FAIL
lines for tests/run.sh. Run with /usr/bin/python3 (Debian's openpyxl).

  xlsx_check.py summary FILE DB   the field example's summary report
  xlsx_check.py hostile FILE      names that look like formulas stay text
  xlsx_check.py roster FILE DB    the field example's member roster
  xlsx_check.py trainings FILE DB UNIT FROM TO   sessions, against the database
  xlsx_check.py results FILE DB UNIT FROM TO     results by child, against the database
  xlsx_check.py wide FILE DB UNIT                a results report with 100+ unit columns
"""
import datetime
import os
import re
import sqlite3
import sys

import openpyxl
import openpyxl.utils

SUITE = os.environ.get("SUITE", "xlsx")
failed = False


def check(name, ok, detail=""):
    global failed
    if ok:
        print(f"PASS {SUITE}: {name}")
    else:
        failed = True
        print(f"FAIL {SUITE}: {name}")
        if detail:
            print(f"    {detail}")


def eq(name, got, want):
    check(name, got == want, f"got {got!r}, expected {want!r}")


def rows_by_label(ws, first, last):
    """Label in column B -> row number, for rows FIRST..LAST."""
    return {ws.cell(r, 2).value: r for r in range(first, last + 1)}


def summary(path, db):
    wb = openpyxl.load_workbook(path)
    eq("sheets", wb.sheetnames, ["Tổng hợp Tổ CNSCĐ", "Ghi chú"])
    ws = wb.worksheets[0]
    merged = {str(r) for r in ws.merged_cells.ranges}

    # Official heading block.
    eq("office top left", ws["A1"].value, "UBND HUYỆN HOÀ BÌNH")
    eq("nation top right", ws["E1"].value, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    eq("motto", ws["E2"].value, "Độc lập - Tự do - Hạnh phúc")
    check("place and date line",
          re.fullmatch(r"Hoà Bình, ngày \d\d tháng \d\d năm \d{4}", ws["E3"].value or ""),
          repr(ws["E3"].value))
    eq("title in capitals", ws["A5"].value, "BÁO CÁO TỔNG HỢP TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG")
    check("subtitle names the unit", "Tỉnh Bạc Liêu › Huyện Hoà Bình" in (ws["A6"].value or ""),
          repr(ws["A6"].value))
    for rng in ["A1:D1", "E1:K1", "E2:K2", "E3:K3", "A5:K5", "A6:K6"]:
        check(f"heading merged {rng}", rng in merged, sorted(merged))
    check("title is bold", ws["A5"].font.b)

    # Two-row header, STT, column numbers.
    eq("header row 1", [c.value for c in ws[8]],
       ["STT", "Cấp / Đơn vị", "Số đơn vị", "Số đơn vị có tổ", "Tỷ lệ có tổ", "Số tổ", "Số thành viên",
        "Trong đó", None, None, None])
    eq("header row 2", [c.value for c in ws[9]][7:], ["Tổ trưởng", "Tổ phó", "Nữ", "Dưới 35 tuổi"])
    eq("column numbers", [c.value for c in ws[10]], [f"({i})" for i in range(1, 12)])
    check("group header merged H8:K8", "H8:K8" in merged, sorted(merged))
    for col in "ABCDEFG":
        check(f"header {col} merged over two rows", f"{col}8:{col}9" in merged)
    check("header bold and bordered", ws["C8"].font.b and ws["C8"].border.left.style == "thin")

    # Part I, by level.
    eq("part I heading", (ws["A11"].value, ws["B11"].value), ("I", "Theo cấp hành chính"))
    lv = rows_by_label(ws, 12, 14)
    for label, teams, members in [("Cấp huyện", 1, 7), ("Cấp xã", 8, 77), ("Cấp thôn", 68, 458)]:
        r = lv.get(label)
        check(f"{label} row", r is not None, repr(lv))
        if r:
            eq(f"{label}: teams, members", (ws.cell(r, 6).value, ws.cell(r, 7).value), (teams, members))
            eq(f"{label}: coverage 100%", ws.cell(r, 5).value, 1)
    eq("village units", (ws["C14"].value, ws["D14"].value), (68, 68))
    eq("commune units", (ws["C13"].value, ws["D13"].value), (8, 8))
    eq("STT numbers", [ws.cell(r, 1).value for r in range(12, 15)], [1, 2, 3])
    eq("integer format", ws["G14"].number_format, "#,##0")
    eq("percent format", ws["E14"].number_format, "0.0%")
    check("numbers right-aligned", ws["G14"].alignment.horizontal == "right")
    check("text cells are text", ws["B12"].data_type == "s" and ws["B12"].number_format == "@")

    eq("total I label", ws["B15"].value, "Tổng cộng")
    eq("total I teams formula", ws["F15"].value, "=SUM(F12:F14)")
    eq("total I members formula", ws["G15"].value, "=SUM(G12:G14)")
    eq("total I units formula", ws["C15"].value, "=SUM(C12:C14)")
    eq("total I coverage formula", ws["E15"].value, '=IF(C15=0,"",D15/C15)')
    eq("part I sums to 77 teams, 542 members",
       (sum(ws.cell(r, 6).value for r in range(12, 15)), sum(ws.cell(r, 7).value for r in range(12, 15))),
       (77, 542))

    # Part II, by child unit.
    eq("part II heading", (ws["A16"].value, ws["B16"].value), ("II", "Theo đơn vị trực thuộc"))
    ch = rows_by_label(ws, 17, 25)
    check("own teams row", "Riêng Huyện Hoà Bình" in ch, repr(ch))
    check("8 communes listed", all(n in ch for n in ["Thị trấn Hòa Bình", "Xã Minh Diệu", "Xã Vĩnh Thịnh"]))
    eq("total II formula", ws["G26"].value, "=SUM(G17:G25)")
    eq("part II sums to 77 teams, 542 members",
       (sum(ws.cell(r, 6).value for r in range(17, 26)), sum(ws.cell(r, 7).value for r in range(17, 26))),
       (77, 542))

    # Signatures.
    eq("preparer", ws["A28"].value, "NGƯỜI LẬP BIỂU")
    eq("signature hints", (ws["A29"].value, ws["E29"].value), ("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"))

    # Sheet and print settings.
    eq("freeze panes under the header", ws.freeze_panes, "A11")
    eq("autofilter", ws.auto_filter.ref, "A10:K25")
    eq("print title rows", ws.print_title_rows, "$8:$10")
    eq("landscape", ws.page_setup.orientation, "landscape")
    eq("A4", str(ws.page_setup.paperSize), "9")
    check("fit to one page wide", ws.sheet_properties.pageSetUpPr.fitToPage
          and ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0,
          f"{ws.page_setup.fitToWidth} x {ws.page_setup.fitToHeight}")
    check("name column wide enough", ws.column_dimensions["B"].width >= 25,
          repr(ws.column_dimensions["B"].width))

    # Notes sheet.
    notes = wb["Ghi chú"]
    values = [[c.value for c in row] for row in notes.iter_rows()]
    eq("notes title", notes["A1"].value, "Ghi chú")
    check("notes explain each column", ["(7)", "Số thành viên", "Số thành viên đang tham gia (chưa rời tổ)"]
          in values, repr(values))
    check("notes name the database", ["Từ cơ sở dữ liệu", db, None] in values, repr(values))
    check("notes say when", any(v[0] == "Lập lúc" and re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", v[1] or "")
                                for v in values))


def hostile(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for name in ["=1+1", "@SUM(A1)", "-2+3", "+4"]:
        c = cells.get(name)
        check(f"{name} is a text cell", c is not None and c.data_type == "s",
              f"{c.data_type if c else 'missing'}")
    formulas = [c.value for row in ws.iter_rows() for c in row if c.data_type == "f"]
    check("only SUM/IF formulas", all(re.match(r"=(SUM|SUBTOTAL|IF)\(", f) for f in formulas), repr(formulas))


def common_layout(ws, title, header_rows, ncols):
    """Heading block, title, header, print settings shared by every report."""
    last = openpyxl.utils.get_column_letter(ncols)
    merged = {str(r) for r in ws.merged_cells.ranges}
    eq("nation top right", [ws.cell(1, c).value for c in range(1, ncols + 1)
                            if ws.cell(1, c).value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
       ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    eq("title in capitals", ws["A5"].value, title)
    check("title merged over the table", f"A5:{last}5" in merged, sorted(merged)[:20])
    numbers = 8 + header_rows
    eq("column numbers", [c.value for c in ws[numbers]][:ncols], [f"({i})" for i in range(1, ncols + 1)])
    eq("freeze panes under the header", ws.freeze_panes, f"A{numbers + 1}")
    eq("print title rows", ws.print_title_rows, f"$8:${numbers}")
    eq("A4", str(ws.page_setup.paperSize), "9")
    check("fit to one page wide", ws.sheet_properties.pageSetUpPr.fitToPage
          and ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0)
    return merged


def data_rows(ws, first):
    """Rows from FIRST whose STT is a number, until the signatures."""
    return [r for r in range(first, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]


def notes_of(wb):
    return [[c.value for c in row] for row in wb["Ghi chú"].iter_rows()]


def roster(path, db):
    wb = openpyxl.load_workbook(path)
    eq("sheets", wb.sheetnames, ["Danh sách thành viên", "Ghi chú"])
    ws = wb.worksheets[0]
    merged = common_layout(ws, "DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", 1, 13)
    eq("office top left", ws["A1"].value, "UBND HUYỆN HOÀ BÌNH")
    eq("header", [c.value for c in ws[8]],
       ["STT", "Tỉnh", "Huyện", "Xã", "Thôn/Ấp", "Họ và tên", "Giới tính", "Năm sinh", "Vai trò",
        "Chức vụ/đoàn thể", "Điện thoại", "Số CCCD", "Ngày vào tổ"])
    check("header bold and bordered", ws["F8"].font.b and ws["F8"].border.left.style == "thin")
    eq("first team heading", (ws["A10"].value, ws["B10"].value),
       (None, "Tổ CNSCĐ Huyện Hoà Bình — Tỉnh Bạc Liêu: 7 người"))
    check("team heading merged across", "B10:M10" in merged)
    check("team heading bold", ws["B10"].font.b)
    eq("leader first", [ws.cell(11, c).value for c in range(1, 10)],
       [1, "Tỉnh Bạc Liêu", "Huyện Hoà Bình", None, None, "Nguyễn Văn An", "Nữ", "2006", "Tổ trưởng"])
    eq("deputy second", (ws["A12"].value, ws["I12"].value), (2, "Tổ phó"))
    eq("phone, ID and year are text", [ws[c].data_type for c in ["K11", "L11", "H11"]], ["s", "s", "s"])
    eq("phone as typed", (ws["K11"].value, ws["L11"].value), ("0912345678", "095080001234"))
    check("joined is a date", isinstance(ws["M11"].value, datetime.datetime) and ws["M11"].number_format == "dd/mm/yyyy",
          f"{ws['M11'].value!r} {ws['M11'].number_format}")
    rows = data_rows(ws, 10)
    eq("542 members", len(rows), 542)
    con = sqlite3.connect(db)
    want = con.execute("SELECT count(*) FROM member WHERE left_on IS NULL").fetchone()[0]
    eq("as many rows as active members in the database", len(rows), want)
    headings = [r for r in range(10, ws.max_row + 1) if ws.cell(r, 1).value is None
                and str(ws.cell(r, 2).value or "").startswith("Tổ CNSCĐ")]
    eq("77 team headings", len(headings), 77)
    eq("each team heading merged", sum(f"B{r}:M{r}" in merged for r in headings), 77)
    village = [r for r in rows if ws.cell(r, 5).value == "Ấp 1" and ws.cell(r, 4).value == "Xã Vĩnh Mỹ A"]
    check("a village member has all four levels", len(village) > 0 and
          [ws.cell(village[0], c).value for c in range(2, 6)] == ["Tỉnh Bạc Liêu", "Huyện Hoà Bình", "Xã Vĩnh Mỹ A", "Ấp 1"])
    total = rows[-1] + 1
    eq("total row", ws.cell(total, 2).value, "Tổng cộng: 542 người")
    eq("signatures under the total", ws.cell(total + 2, 1).value, "NGƯỜI LẬP BIỂU")
    eq("autofilter", ws.auto_filter.ref, f"A9:M{rows[-1]}")
    eq("landscape", ws.page_setup.orientation, "landscape")
    check("name column wide enough", ws.column_dimensions["F"].width >= 20)
    values = notes_of(wb)
    check("notes explain the Huyện column", any(v[1] == "Huyện" and "01/07/2025" in (v[2] or "") for v in values))
    check("notes say who is listed", any("chưa rời tổ" in (v[0] or "") for v in values))


def trainings(path, db, unit, start, end):
    wb = openpyxl.load_workbook(path)
    eq("sheets", wb.sheetnames, ["Tập huấn", "Ghi chú"])
    ws = wb.worksheets[0]
    merged = common_layout(ws, "TỔNG HỢP CÁC LỚP TẬP HUẤN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", 2, 16)
    eq("header row 1", [c.value for c in ws[8]],
       ["STT", "Ngày", "Tên lớp", "Chủ đề", "Hình thức", "Đơn vị tổ chức", "Địa điểm", "Dự kiến", "Được mời",
        "Có mặt", "Tỷ lệ có mặt", "Người có mặt theo cấp", None, None, None, None])
    eq("header row 2", [c.value for c in ws[9]][11:], ["Cấp tỉnh", "Cấp huyện", "Cấp xã", "Cấp thôn", "Ngoài tổ"])
    check("level group merged L8:P8", "L8:P8" in merged)
    con = sqlite3.connect(db)
    path_of = con.execute("SELECT path FROM unit WHERE code = ?", (unit,)).fetchone()[0]
    sessions = con.execute(
        "SELECT t.id, t.start_date, t.title, coalesce(t.planned, 0),"
        " (SELECT count(*) FROM attendance a WHERE a.training_id = t.id),"
        " (SELECT count(*) FROM attendance a WHERE a.training_id = t.id AND a.status = 1),"
        " (SELECT count(*) FROM attendance a JOIN member m ON m.id = a.member_id JOIN team mt ON mt.id = m.team_id"
        "  JOIN unit mu ON mu.id = mt.unit_id WHERE a.training_id = t.id AND a.status = 1 AND mu.level >= 4)"
        " FROM training t JOIN unit u ON u.id = t.unit_id WHERE substr(u.path, 1, length(?)) = ?"
        " AND t.start_date BETWEEN ? AND ? ORDER BY t.start_date, t.id", (path_of, path_of, start, end)).fetchall()
    rows = data_rows(ws, 11)
    check("some sessions", len(sessions) > 0)
    eq("one row per session", len(rows), len(sessions))
    for r, (tid, date, title, planned, invited, present, village) in zip(rows, sessions):
        got = (ws.cell(r, 2).value.date().isoformat() if ws.cell(r, 2).value else None, ws.cell(r, 3).value,
               ws.cell(r, 8).value, ws.cell(r, 9).value, ws.cell(r, 10).value, ws.cell(r, 15).value)
        eq(f"session {tid}", got, (date, title, planned or None, invited, present, village))
        levels = sum(ws.cell(r, c).value for c in range(12, 17))
        eq(f"session {tid}: levels add up to the present", levels, present)
        check(f"session {tid}: rate", abs(ws.cell(r, 11).value - present / invited) < 1e-9)
    eq("date format", ws.cell(rows[0], 2).number_format, "dd/mm/yyyy")
    total = rows[-1] + 1
    eq("total label", ws.cell(total, 2).value, "Tổng cộng")
    first, last = rows[0], rows[-1]
    eq("total formulas", [ws.cell(total, c).value for c in (8, 9, 10, 12, 16)],
       [f"=SUM({col}{first}:{col}{last})" for col in "HIJLP"])
    eq("total rate formula", ws.cell(total, 11).value, f'=IF(I{total}=0,"",J{total}/I{total})')
    check("total row bold", ws.cell(total, 9).font.b)
    values = notes_of(wb)
    check("notes explain the level columns", any("Ngoài tổ" in (v[0] or "") for v in values))


def results(path, db, unit, start, end):
    wb = openpyxl.load_workbook(path)
    eq("sheets", wb.sheetnames, ["Kết quả hoạt động", "Ghi chú"])
    ws = wb.worksheets[0]
    con = sqlite3.connect(db)
    uid, upath = con.execute("SELECT id, path FROM unit WHERE code = ?", (unit,)).fetchone()
    children = con.execute("SELECT id, name, path FROM unit WHERE parent_id = ? AND valid_to IS NULL ORDER BY code",
                           (uid,)).fetchall()
    own = con.execute("SELECT count(*) FROM team WHERE unit_id = ?", (uid,)).fetchone()[0] > 0
    units = ([(uid, "Riêng " + con.execute("SELECT name FROM unit WHERE id = ?", (uid,)).fetchone()[0], None)]
             if own else []) + children
    ncols = 1 + 3 + len(units) + 3
    merged = common_layout(ws, "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", 2, ncols)
    eq("header row 1", [ws.cell(8, c).value for c in (1, 2, 3, 4, 5, ncols - 2, ncols - 1, ncols)],
       ["STT", "Mã", "Tên chỉ tiêu", "Đơn vị tính", "Kết quả theo đơn vị", "Tổng", "Chỉ tiêu giao", "% đạt"])
    eq("a column per unit", [ws.cell(9, c).value for c in range(5, 5 + len(units))], [u[1] for u in units])
    last_unit = openpyxl.utils.get_column_letter(4 + len(units))
    if len(units) > 1:
        check("unit group merged", f"E8:{last_unit}8" in merged, sorted(merged)[:30])
    eq("part I", (ws["A11"].value, ws["B11"].value), ("I", "Kết quả thực hiện các chỉ tiêu"))

    def figure(where, args):
        return con.execute(
            "SELECT coalesce(sum(res.value), 0) FROM result res JOIN report rp ON rp.id = res.report_id"
            " JOIN team t ON t.id = rp.team_id JOIN unit u ON u.id = t.unit_id JOIN indicator i ON i.id = res.indicator_id"
            " WHERE rp.status = 1 AND rp.period BETWEEN ? AND ? AND i.code = ? AND " + where,
            (start, end) + args).fetchone()[0]

    indicators = [c for (c,) in con.execute("SELECT code FROM indicator WHERE active ORDER BY sort_order, code")]
    for i, code in enumerate(indicators):
        r = 12 + i
        eq(f"{code}: row", ws.cell(r, 2).value, code)
        got = [ws.cell(r, 5 + k).value for k in range(len(units))]
        want = []
        for u in units:
            if u[2] is None:
                want.append(figure("u.id = ?", (code, u[0])))
            else:
                want.append(figure("substr(u.path, 1, length(?)) = ?", (code, u[2], u[2])))
        eq(f"{code}: by unit", got, want)
        total = ws.cell(r, ncols - 2).value
        eq(f"{code}: total is the sum of the units", total, sum(got))
        eq(f"{code}: total is the teams' figures", total, figure("substr(u.path, 1, length(?)) = ?",
                                                                 (code, upath, upath)))
        target = con.execute("SELECT value FROM target t JOIN indicator i ON i.id = t.indicator_id"
                             " WHERE t.unit_id = ? AND i.code = ? AND period_from <= ? AND period_to >= ?",
                             (uid, code, start, end)).fetchone()
        eq(f"{code}: target", ws.cell(r, ncols - 1).value, target[0] if target else None)
        pct = ws.cell(r, ncols).value
        if target:
            check(f"{code}: % achieved", abs(pct - total / target[0]) < 1e-9, repr(pct))
            eq(f"{code}: percent format", ws.cell(r, ncols).number_format, "0.0%")
        else:
            eq(f"{code}: no target, no %", pct, None)
    part2 = 12 + len(indicators)
    eq("part II", (ws.cell(part2, 1).value, ws.cell(part2, 2).value), ("II", "Tình hình gửi báo cáo tháng của các tổ"))
    owed, sent, on_time = (part2 + 1, part2 + 2, part2 + 3)
    eq("rate rows", [ws.cell(r, 2).value for r in (owed, sent, on_time)], ["BC_PHAI_GUI", "BC_DA_GUI", "BC_DUNG_HAN"])
    submitted = con.execute(
        "SELECT count(*) FROM report rp JOIN team t ON t.id = rp.team_id JOIN unit u ON u.id = t.unit_id"
        " WHERE rp.status = 1 AND rp.period BETWEEN ? AND ? AND substr(u.path, 1, length(?)) = ?",
        (start, end, upath, upath)).fetchone()[0]
    eq("reports sent", ws.cell(sent, ncols - 2).value, submitted)
    for r in (owed, sent, on_time):
        eq(f"row {r}: total is the sum of the units", ws.cell(r, ncols - 2).value,
           sum(ws.cell(r, 5 + k).value for k in range(len(units))))
    eq("owed is the base of both rates", (ws.cell(sent, ncols - 1).value, ws.cell(on_time, ncols - 1).value),
       (ws.cell(owed, ncols - 2).value, ws.cell(owed, ncols - 2).value))
    check("reporting rate", abs(ws.cell(sent, ncols).value - submitted / ws.cell(owed, ncols - 2).value) < 1e-9)
    values = notes_of(wb)
    check("notes: only submitted reports count", any("Chỉ tính các báo cáo tháng đã gửi" in (v[0] or "") for v in values))
    check("notes: the rates", any(re.match(r"Tỷ lệ gửi báo cáo: [\d,]+% \(", v[0] or "") for v in values))


def wide(path, db, unit):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    con = sqlite3.connect(db)
    uid = con.execute("SELECT id FROM unit WHERE code = ?", (unit,)).fetchone()[0]
    n = con.execute("SELECT count(*) FROM unit WHERE parent_id = ? AND valid_to IS NULL", (uid,)).fetchone()[0]
    check("more than 100 child units", n > 100, str(n))
    units = [c.value for c in ws[9]][4:-3]
    eq("a column per child, and one for the unit's own teams", len(units), n + 1)
    check("own teams first", str(units[0]).startswith("Riêng "), repr(units[0]))
    eq("sheet columns", ws.max_column, 1 + 3 + n + 1 + 3)
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(5, 5 + n + 1)]
    check("unit columns stay narrow", all(7 <= w <= 16 for w in widths), f"{min(widths)}..{max(widths)}")
    eq("landscape", ws.page_setup.orientation, "landscape")
    check("header wraps", ws["E9"].alignment.wrap_text)


if __name__ == "__main__":
    checks = {"summary": summary, "hostile": hostile, "roster": roster, "trainings": trainings,
              "results": results, "wide": wide}
    checks[sys.argv[1]](*sys.argv[2:])
    sys.exit(1 if failed else 0)
