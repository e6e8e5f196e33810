"""Reads back an xlsx written by cnscd and checks it, printing PASS/FAIL
lines for tests/run.sh. Run with /usr/bin/python3 (Debian's openpyxl).

  xlsx_check.py summary FILE DB   the field example's summary report
  xlsx_check.py hostile FILE      names that look like formulas stay text
"""
import os
import re
import sys

import openpyxl

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


if __name__ == "__main__":
    if sys.argv[1] == "summary":
        summary(sys.argv[2], sys.argv[3])
    else:
        hostile(sys.argv[2])
    sys.exit(1 if failed else 0)
