"""Reads back an attendance sheet written by cnscd (export attendance) and
checks it against the database, printing PASS/FAIL lines for tests/run.sh.
Run with /usr/bin/python3 (Debian's openpyxl).

  attendance_check.py sheet FILE DB SESSION   the list after check-in
  attendance_check.py blank FILE DB SESSION   the sign-in sheet (--blank)
"""
import sqlite3
import sys

import openpyxl

from xlsx_check import check, eq
import xlsx_check

COLUMNS = ["STT", "Họ và tên", "Đơn vị (thôn/ấp, xã)", "Chức vụ/đoàn thể", "Điện thoại", "Trạng thái",
           "Giờ đến", "Ký tên"]
STATUS = {0: "Chưa điểm danh", 1: "Có mặt", 2: "Vắng", 3: "Vắng có phép"}


def texts(ws):
    """Every non-empty cell of column A: row -> value."""
    return {r: ws.cell(r, 1).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None}


def read(path, db, session, blank):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    con = sqlite3.connect(db)
    title, date, location, planned = con.execute(
        "SELECT title, start_date, location, planned FROM training WHERE id = ?", (session,)).fetchone()
    people = con.execute(
        "SELECT coalesce(m.full_name, a.guest_name), a.status, a.member_id IS NULL FROM attendance a "
        "LEFT JOIN member m ON m.id = a.member_id WHERE a.training_id = ?", (session,)).fetchall()
    col_a = texts(ws)
    eq("title in capitals", ws["A5"].value, "DANH SÁCH NGƯỜI THAM DỰ")
    check("subtitle names the session", title in (ws["A6"].value or ""), repr(ws["A6"].value))
    check("nation's motto in the heading", any(ws.cell(1, c).value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
                                               for c in range(1, 9)))
    details = [v for v in col_a.values() if isinstance(v, str)]
    d, m, y = date[8:], date[5:7], date[:4]
    check("session's name, date and place under the title",
          f"Tên lớp: {title}" in details and any(f"{d}/{m}/{y}" in v for v in details if v.startswith("Thời gian"))
          and (not location or f"Địa điểm: {location}" in details), repr(details[:12]))
    header = next(r for r, v in col_a.items() if v == "STT")
    eq("columns, with an empty one to sign", [ws.cell(header, c).value for c in range(1, 9)], COLUMNS)
    sign_width = ws.column_dimensions["H"].width
    check("Ký tên wide enough to sign", sign_width and sign_width >= 15, repr(sign_width))
    rows, groups, guests_group = [], [], None
    r = header + 2
    while ws.cell(r, 2).value is not None:
        stt, name = ws.cell(r, 1).value, ws.cell(r, 2).value
        if isinstance(stt, str):
            groups.append(name)
            if name.startswith("Khách mời"):
                guests_group = len(groups)
        else:
            rows.append((stt, name, ws.cell(r, 3).value, ws.cell(r, 6).value, ws.cell(r, 7).value,
                         ws.cell(r, 8).value, len(groups), ws.row_dimensions[r].height))
        r += 1
    eq("everyone on the list, once", sorted(n for _, n, *_ in rows), sorted(p[0] for p in people))
    eq("STT runs 1..N across the groups", [s for s, *_ in rows], list(range(1, len(rows) + 1)))
    check("grouped by unit: a heading per unit with its count",
          len(groups) >= 2 and all(g.endswith(" người") for g in groups), repr(groups))
    guests = {p[0] for p in people if p[2]}
    if guests:
        eq("guests last, under their own heading", guests_group, len(groups))
        check("guests marked", all(u.startswith("Khách mời") for _, n, u, *_ in rows if n in guests),
              repr([(n, u) for _, n, u, *_ in rows if n in guests]))
        check("members never marked as guests",
              not any((u or "").startswith("Khách mời") for _, n, u, *_ in rows if n not in guests))
    check("nobody signs for anyone: Ký tên empty", all(sig is None for *_, sig, _g, _h in rows))
    check("rows tall enough to sign", all(h and h >= 20 for *_, h in rows), repr([h for *_, h in rows][:3]))
    status = {p[0]: p[1] for p in people}
    if blank:
        check("no status or time on the sign-in sheet", all(st is None and t is None for _, _, _, st, t, *_ in rows))
    else:
        eq("status of each person as in the database",
           {n: st for _, n, _, st, *_ in rows}, {n: STATUS[s] for n, s in status.items()})
        check("arrival time of those present", all((t is not None) == (st == "Có mặt") for _, _, _, st, t, *_ in rows),
              repr([(n, st, t) for _, n, _, st, t, *_ in rows]))
    present = sum(1 for s in status.values() if s == 1)
    plan = str(planned) if planned else "–"
    want = f"Được mời {len(people)} / Dự kiến {plan}" if blank else \
        f"Có mặt {present} / Được mời {len(people)} / Dự kiến {plan}"
    check("counts under the table: " + want, want in col_a.values(), repr(list(col_a.values())[-8:]))
    sign = {ws.cell(rr, c).value for rr in range(r, ws.max_row + 1) for c in range(1, 9)}
    check("signature block", {"NGƯỜI LẬP DANH SÁCH", "ĐẠI DIỆN ĐƠN VỊ TỔ CHỨC"} <= sign, repr(sign))
    eq("notes sheet", wb.sheetnames[1], "Ghi chú")


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("sheet", "blank"):
        print(__doc__)
        sys.exit(2)
    read(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[1] == "blank")
    sys.exit(1 if xlsx_check.failed else 0)
