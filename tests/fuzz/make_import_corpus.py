#!/usr/bin/python3
"""Writes the seed corpora of fuzz_import (CSV files for the four importers)
and fuzz_xlsx (small workbooks made with openpyxl) into
tests/fuzz/corpus/import/ and tests/fuzz/corpus/xlsx/. Run with the system
python (/usr/bin/python3), which has openpyxl; the files are kept in the
repository. The codes match the database fuzz_import sets up: province 96,
commune 32014, village 32014.01 with two members."""
import datetime
import os
import zipfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))

IMPORT = {
    'units.csv': 'code,name,type,level,parent_code\n96,Tỉnh Cà Mau,Tỉnh,1,\n'
                 '32014.02,Ấp Tân Hòa,Ấp,4,32014\n32020,Xã Mới,Xã,2,96\nbad,,,,99\n',
    'units_gso.csv': '\ufeffMã TP,Tỉnh / Thành Phố,Mã QH,Quận Huyện,Mã PX,Phường Xã,Cấp\n'
                     '96,Tỉnh Cà Mau,964,Huyện Thới Bình,32014,Xã Tân Hưng,Xã\n',
    'members.csv': 'unit_code,team,full_name,gender,birth_year,phone,id_number,role,position,joined\n'
                   '32014.01,,Nguyễn Văn An,Nam,1985,0912345678,095085000123,Tổ trưởng,Trưởng ấp,01/03/2024\n'
                   '32014.01,Tổ CNSCĐ Mới,Lê Thị Cúc,Nữ,1999,+84 987 000 111,,Thành viên,,\n'
                   '32014.01,,X,?,3000,12,abc,Sếp,,31/02/2024\n',
    'attendance.csv': 'full_name,phone,id_number,unit_code,position,status\n'
                      'Nguyễn Văn An,,,32014.01,,Có mặt\nTrần Thị Bình,0987654321,,,,Vắng có phép\n'
                      'Khách Mời,0900000000,,32014,Công an,x\nAi Đó,,,,,Lạ\n',
    'results.csv': 'period,unit_code,team,indicator_code,value\n2025-03,32014.01,,HO_HUONG_DAN,12\n'
                   '03/2025,32014.01,,vneid_muc2,"1.234"\n2025-13,32014.01,,NOPE,-1\n',
}


def workbook(rows, path, title='Thành viên', extra_sheet=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    if extra_sheet:
        hidden = wb.create_sheet('Ẩn')
        hidden.append(['ẩn', 1])
        hidden.sheet_state = 'hidden'
    wb.save(path)


XLSX = {
    'members.xlsx': ([['unit_code', 'team', 'full_name', 'gender', 'birth_year', 'phone', 'joined'],
                      ['32014.01', None, 'Nguyễn Văn An', 'Nam', 1985, 912345678, datetime.date(2024, 3, 1)],
                      ['32014.01', 'Tổ CNSCĐ', 'Trần Thị Bình', 'Nữ', 1990.0, '0987654321', '01/03/2024']], {}),
    'results.xlsx': ([['period', 'unit_code', 'team', 'indicator_code', 'value'],
                      [datetime.date(2025, 3, 1), 32014, None, 'HO_HUONG_DAN', 12],
                      ['2025-04', '32014.01', None, 'VNEID_MUC2', 1.5e3]], {'title': 'Kết quả'}),
    'sheets.xlsx': ([['Mã', 'Tên'], [None, None], ['96', 'Tỉnh Cà Mau'], [1.25, True], ['=1+1', 'dòng\nmới']],
                    {'extra_sheet': True}),
}


def stored_copy(src, dst):
    """The same workbook with its parts stored, not deflated, so that
    mutations reach the XML instead of breaking the compressed stream;
    without the theme and document properties, which the reader never
    opens, to stay small."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_STORED) as zout:
        for item in zin.infolist():
            if item.filename.startswith(('xl/theme/', 'docProps/')):
                continue
            zout.writestr(item.filename, zin.read(item.filename))


def main():
    d = os.path.join(HERE, 'corpus', 'import')
    os.makedirs(d, exist_ok=True)
    for name, text in IMPORT.items():
        with open(os.path.join(d, name), 'wb') as f:
            f.write(text.encode())
    d = os.path.join(HERE, 'corpus', 'xlsx')
    os.makedirs(d, exist_ok=True)
    for name, (rows, kw) in XLSX.items():
        workbook(rows, os.path.join(d, name), **kw)
    stored_copy(os.path.join(d, 'members.xlsx'), os.path.join(d, 'members_stored.xlsx'))


if __name__ == '__main__':
    main()
