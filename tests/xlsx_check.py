"""Reads back an xlsx written by cnscd and checks it, printing PASS/FAIL
lines for tests/run.sh. Run with /usr/bin/python3 (Debian's openpyxl).

  xlsx_check.py summary FILE DB   the field example's summary report
  xlsx_check.py hostile FILE      names that look like formulas stay text
  xlsx_check.py roster FILE DB    the field example's member roster
  xlsx_check.py trainings FILE DB UNIT FROM TO   sessions, against the database
  xlsx_check.py results FILE DB UNIT FROM TO     results by unit, against the database (kinds,
                                                 owed months as of $CNSCD_TODAY, approvals)
  xlsx_check.py official FILE DB                 no "›", no file path, the number line and rule
"""
import calendar
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
    check("subtitle names the unit in official prose",
          (ws["A6"].value or "").startswith("Đơn vị: huyện Hoà Bình, tỉnh Bạc Liêu – "), repr(ws["A6"].value))
    check("a short rule under the office", re.fullmatch(r"_{8,30}", ws["A2"].value or ""), repr(ws["A2"].value))
    eq("the number line, the number left blank", ws["A3"].value, "Số:          /BC-UBND")
    for rng in ["A1:D1", "A2:D2", "A3:D3", "E1:K1", "E2:K2", "E3:K3", "A5:K5", "A6:K6"]:
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
    check("notes name no file", not any(db in str(v) for row in values for v in row if v)
          and not any(row[0] == "Từ cơ sở dữ liệu" for row in values), repr(values))
    official(path, db)
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
    official(path, db)


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
    official(path, db)


def official(path, db):
    """What a document sent upward must not hold, in every sheet: the "›" of
    the screens, the database's path or folder; and the office's number
    line and rule."""
    wb = openpyxl.load_workbook(path)
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    folder = os.path.dirname(os.path.abspath(db))
    check("no › anywhere", not any("›" in t for t in texts), repr([t for t in texts if "›" in t][:3]))
    check("no file path anywhere", not any(db in t or folder in t for t in texts),
          repr([t for t in texts if folder in t][:3]))
    ws = wb.worksheets[0]
    check("subtitle in official prose", re.match(r"Đơn vị: (xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh|ấp|thôn|đặc khu) ",
                                                  ws["A6"].value or ""), repr(ws["A6"].value))


def today():
    """CNSCD_TODAY (dd/mm/yyyy) as cnscd reads it, else the clock's day."""
    env = os.environ.get("CNSCD_TODAY")
    if env:
        return datetime.datetime.strptime(env, "%d/%m/%Y").date()
    return datetime.date.today()


def months_of(start, end):
    y, m = int(start[:4]), int(start[5:])
    while f"{y:04d}-{m:02d}" <= end:
        last = datetime.date(y, m, calendar.monthrange(y, m)[1])
        yield f"{y:04d}-{m:02d}", datetime.date(y, m, 1), last
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def team_figures(con, start, end):
    """{team id: {indicator id: value}} of submitted reports in the period:
    a flow summed over the months, a stock from the latest month giving it."""
    out = {}
    for team, ind, kind, period, value in con.execute(
            "SELECT rp.team_id, res.indicator_id, i.aggregate, rp.period,"
            " CASE WHEN count(res.member_id) > 0 THEN sum(res.value) FILTER (WHERE res.member_id IS NOT NULL)"
            " ELSE sum(res.value) END"
            " FROM result res JOIN report rp ON rp.id = res.report_id JOIN indicator i ON i.id = res.indicator_id"
            " WHERE rp.status = 1 AND rp.period BETWEEN ? AND ? GROUP BY rp.id, res.indicator_id ORDER BY rp.period",
            (start, end)):
        per = out.setdefault(team, {})
        per[ind] = value if kind == "last" else per.get(ind, 0) + value
    return out


def rates_of(con, teams, start, end, due):
    """Owed, sent, on time over the months whose deadline passed, for TEAMS
    (id, established, dissolved, unit valid_to)."""
    owed = sent = on_time = 0
    for period, first, last in months_of(start, end):
        deadline = last + datetime.timedelta(days=due)
        if deadline >= today():
            continue
        for team, established, dissolved, valid_to in teams:
            if (established and established > last.isoformat()) or (dissolved and dissolved < first.isoformat()) \
                    or (valid_to and valid_to < first.isoformat()):
                continue
            owed += 1
            row = con.execute("SELECT submitted_at FROM report WHERE team_id = ? AND period = ? AND status = 1",
                              (team, period)).fetchone()
            if row:
                sent += 1
                at = datetime.datetime.strptime(row[0][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
                if at.astimezone().date() <= deadline:
                    on_time += 1
    return owed, sent, on_time


def results(path, db, unit, start, end):
    """The results report, both layouts, against the database: every figure
    by its kind, totals as SUM formulas with the right values, at most 12
    columns, part II with the owed rule and approvals, no codes."""
    wb = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    eq("sheets", wb.sheetnames, ["Kết quả hoạt động", "Ghi chú"])
    ws = wb.worksheets[0]
    official(path, db)
    check("at most 12 columns across", ws.max_column <= 12, str(ws.max_column))
    eq("title", ws["A5"].value, "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG")
    con = sqlite3.connect(db)
    uid, upath = con.execute("SELECT id, path FROM unit WHERE code = ?", (unit,)).fetchone()
    due = int((con.execute("SELECT value FROM setting WHERE key = 'report_due_days'").fetchone() or [5])[0] or 5)
    inds = con.execute("SELECT id, code, name, measure, aggregate FROM indicator WHERE active"
                       " ORDER BY sort_order, code").fetchall()
    codes = {c for _, c, _, _, _ in inds}
    check("no indicator code on the report", not any(c.value in codes for row in ws.iter_rows() for c in row),
          "codes are for the notes sheet")
    notes = [v[0] for v in notes_of(wb) if v[0]]
    check("codes on the notes sheet", all(any(n.startswith(c + ": ") for n in notes) for c in codes), repr(notes))
    figures = team_figures(con, start, end)
    children = con.execute("SELECT id, name, path FROM unit WHERE parent_id = ? AND (valid_to IS NULL OR valid_to >= ?)"
                           " ORDER BY code", (uid, start + "-01")).fetchall()
    own = con.execute("SELECT count(*) FROM team WHERE unit_id = ?", (uid,)).fetchone()[0] > 0
    name = con.execute("SELECT name FROM unit WHERE id = ?", (uid,)).fetchone()[0]
    units = ([(uid, "Riêng " + name, None)] if own else []) + children

    def teams_of(u):
        where, args = ("u.id = ?", (u[0],)) if u[2] is None else ("substr(u.path, 1, length(?)) = ?", (u[2], u[2]))
        return con.execute("SELECT t.id, t.established, t.dissolved, u.valid_to FROM team t JOIN unit u"
                           " ON u.id = t.unit_id WHERE " + where, args).fetchall()

    def figure(u, ind):
        return sum(figures.get(t[0], {}).get(ind, 0) for t in teams_of(u))

    several = start != end

    def label(i, measure_too):
        _, code, iname, measure, kind = i
        k = "số cuối kỳ" if kind == "last" else "cộng dồn"
        shown = kind == "last" or several
        if measure_too and measure:
            return f"{iname} ({measure}, {k})" if shown else f"{iname} ({measure})"
        return f"{iname} ({k})" if shown else iname

    def target(ind):
        row = con.execute("SELECT value FROM target WHERE unit_id = ? AND indicator_id = ? AND period_from <= ?"
                          " AND period_to >= ? ORDER BY period_to, period_from DESC LIMIT 1",
                          (uid, ind, start, end)).fetchone()
        return row[0] if row else None

    by_columns = ws["B8"].value == "Chỉ tiêu"
    eq("units as columns only for a handful", by_columns, len(units) <= 6)
    if by_columns:
        n = len(units)
        eq("header", [ws.cell(8, c).value for c in (1, 2, 3, 4, 4 + n, 5 + n, 6 + n)],
           ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả theo đơn vị", "Tổng cộng", "Chỉ tiêu giao", "% đạt"])
        eq("a column per unit", [ws.cell(9, 4 + k).value for k in range(n)], [u[1] for u in units])
        last = openpyxl.utils.get_column_letter(3 + n)
        for k, i in enumerate(inds):
            r = 12 + k
            eq(f"{i[1]}: named with its kind", ws.cell(r, 2).value, label(i, False))
            want = [figure(u, i[0]) for u in units]
            eq(f"{i[1]}: by unit", [ws.cell(r, 4 + x).value for x in range(n)], want)
            eq(f"{i[1]}: total is a SUM across", ws.cell(r, 4 + n).value, f"=SUM(D{r}:{last}{r})")
            eq(f"{i[1]}: its cached value", values.cell(r, 4 + n).value, sum(want))
            eq(f"{i[1]}: target", ws.cell(r, 5 + n).value, target(i[0]))
        part2 = 12 + len(inds) + 1
    else:
        r = 8
        per = None
        seen = 0
        while seen < len(inds):
            heads = [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
            eq(f"row {r}: a table's header", heads[:2], ["STT", "Đơn vị"])
            cols = [h for h in heads[2:] if h]
            part = inds[seen:seen + len(cols)]
            eq(f"row {r}: indicators named with measure and kind", cols, [label(i, True) for i in part])
            first = r + (3 if seen == 0 else 2)  # the first table's heading comes under its header
            eq(f"row {first}: a row per unit", [ws.cell(first + k, 2).value for k in range(len(units))],
               [u[1] for u in units])
            total = first + len(units)
            eq(f"row {total}: total", ws.cell(total, 2).value, "Tổng cộng")
            for x, i in enumerate(part):
                col = openpyxl.utils.get_column_letter(3 + x)
                want = [figure(u, i[0]) for u in units]
                eq(f"{i[1]}: by unit", [ws.cell(first + k, 3 + x).value for k in range(len(units))], want)
                eq(f"{i[1]}: total is a SUM", ws.cell(total, 3 + x).value, f"=SUM({col}{first}:{col}{total - 1})")
                eq(f"{i[1]}: its cached value", values.cell(total, 3 + x).value, sum(want))
            after = total + 1
            if any(target(i[0]) is not None for i in part):
                eq("targets under the total", ws.cell(after, 2).value, "Chỉ tiêu giao")
                eq("then % achieved", ws.cell(after + 1, 2).value, "% đạt")
                for x, i in enumerate(part):
                    col = openpyxl.utils.get_column_letter(3 + x)
                    eq(f"{i[1]}: target", ws.cell(after, 3 + x).value, target(i[0]))
                    if target(i[0]):
                        eq(f"{i[1]}: % is a formula", ws.cell(after + 1, 3 + x).value,
                           f'=IF(N({col}{after})=0,"",{col}{total}/{col}{after})')
                        check(f"{i[1]}: % value", abs(values.cell(after + 1, 3 + x).value -
                                                      sum(figure(u, i[0]) for u in units) / target(i[0])) < 1e-9)
                after += 2
            seen += len(part)
            r = after + 2  # a blank row, the next table's heading, its header
        part2 = r - 1
    eq("part II", (ws.cell(part2, 1).value, ws.cell(part2, 2).value), ("II", "Tình hình gửi báo cáo tháng và duyệt kết quả"))
    eq("part II has headers of its own", [ws.cell(part2 + 2, c).value for c in range(3, 8)],
       ["Phải gửi", "Đã gửi", "Gửi đúng hạn", "Tỷ lệ đã gửi", "Tỷ lệ đúng hạn"])
    eq("approval column", ws.cell(part2 + 1, 8).value, "Duyệt kết quả")
    first = part2 + 4
    total_rate = [0, 0, 0]
    for k, u in enumerate(units):
        r = first + k
        want = rates_of(con, teams_of(u), start, end, due)
        total_rate = [a + b for a, b in zip(total_rate, want)]
        eq(f"{u[1]}: owed, sent, on time", (ws.cell(r, 2).value, ws.cell(r, 3).value, ws.cell(r, 4).value,
                                            ws.cell(r, 5).value), (u[1],) + want)
        check(f"{u[1]}: an approval state", ws.cell(r, 8).value in (None, "Đã duyệt", "Chưa duyệt", "Không phải duyệt")
              or re.fullmatch(r"Đã duyệt \d+/\d+ tháng", ws.cell(r, 8).value), repr(ws.cell(r, 8).value))
        if want[0] == 0:
            eq(f"{u[1]}: no rate without reports owed", ws.cell(r, 6).value, None)
    total = first + len(units)
    eq("part II total", ws.cell(total, 2).value, "Cộng")
    eq("part II totals are SUMs", [ws.cell(total, c).value for c in (3, 4, 5)],
       [f"=SUM({c}{first}:{c}{total - 1})" for c in "CDE"])
    eq("their values", [values.cell(total, c).value for c in (3, 4, 5)], total_rate)
    eq("rates as formulas", ws.cell(total, 6).value, f'=IF(C{total}=0,"",D{total}/C{total})')
    check("notes: only submitted reports count", any("Chỉ tính các báo cáo tháng đã gửi" in n for n in notes))
    check("notes: the kinds", any("«số cuối kỳ»" in n for n in notes))
    check("notes: the rates", any(re.match(r"Tỷ lệ gửi báo cáo: [\d,]+% \(", n) for n in notes))


if __name__ == "__main__":
    checks = {"summary": summary, "hostile": hostile, "roster": roster, "trainings": trainings,
              "results": results, "official": official}
    checks[sys.argv[1]](*sys.argv[2:])
    sys.exit(1 if failed else 0)
