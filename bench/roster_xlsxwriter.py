#!/usr/bin/python3
"""The national roster written with Python's xlsxwriter (Debian's
python3-xlsxwriter), for comparison with "cnscd export roster": the same
columns, a heading row per team, constant_memory. Reads the rows with
bench/roster.sql.  Usage: roster_xlsxwriter.py DB OUT.xlsx"""
import datetime
import os
import sqlite3
import sys

import xlsxwriter

HEADERS = ["STT", "Tỉnh", "Huyện", "Xã", "Thôn/Ấp", "Họ và tên", "Giới tính", "Năm sinh", "Vai trò",
           "Chức vụ/đoàn thể", "Điện thoại", "Số CCCD", "Ngày vào tổ"]
GENDER = {0: "", 1: "Nam", 2: "Nữ"}
ROLE = {1: "Tổ trưởng", 2: "Tổ phó", 3: "Thành viên"}


def main():
    db, out = sys.argv[1], sys.argv[2]
    sql = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "roster.sql"), encoding="utf-8").read()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("Danh sách thành viên")
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "bg_color": "#DDEBF7"})
    group = wb.add_format({"bold": True})
    text = wb.add_format({"border": 1})
    date = wb.add_format({"border": 1, "num_format": "dd/mm/yyyy"})
    for c, h in enumerate(HEADERS):
        ws.write_string(0, c, h, head)
    row, team, stt = 1, None, 0
    for r in con.execute(sql):
        if r[0] != team:
            team, stt = r[0], 0
            ws.write_string(row, 0, r[1], group)
            row += 1
        stt += 1
        ws.write_number(row, 0, stt, text)
        for c in range(4):
            ws.write_string(row, 1 + c, r[2 + c], text)
        ws.write_string(row, 5, r[6], text)
        ws.write_string(row, 6, GENDER.get(r[7], ""), text)
        if r[8]:
            ws.write_number(row, 7, r[8], text)
        else:
            ws.write_blank(row, 7, None, text)
        ws.write_string(row, 8, ROLE.get(r[9], ""), text)
        ws.write_string(row, 9, r[10], text)
        ws.write_string(row, 10, r[11], text)
        ws.write_string(row, 11, r[12], text)
        if r[13]:
            ws.write_datetime(row, 12, datetime.datetime.strptime(r[13], "%Y-%m-%d"), date)
        else:
            ws.write_blank(row, 12, None, date)
        row += 1
    wb.close()
    print(row - 1, "rows")


if __name__ == "__main__":
    main()
