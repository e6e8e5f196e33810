#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.
Run again after changing a seed here; the files are kept in the repository.
Seeds cover what real files bring: Vietnamese text (NFC and NFD), a UTF-8
BOM, CRLF and lone CR, quotes inside fields, embedded newlines, many
columns, a large field, malformed UTF-8 and NUL bytes."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
NFD_NAME = 'Nguye\u0302\u0303n Va\u0306n An'  # "Nguyễn Văn An" decomposed
BAD_UTF8 = [b'\xc3\x28', b'\xff\xfe', b'\xc0\xaf', b'\xe1\xba', b'\xed\xa0\x80', b'\xf4\x90\x80\x80']

CSV = {
    'basic.csv': 'Mã,Tên,Loại,Cấp trên\n95,Tỉnh Bạc Liêu,Tỉnh,\n960,Huyện Hoà Bình,Huyện,95\n'.encode(),
    'bom_crlf.csv': b'\xef\xbb\xbf' + 'họ tên,số điện thoại\r\nNguyễn Văn An,0912345678\r\n'.encode(),
    'quotes.csv': b'a,"b,c","say ""hi""","line1\nline2",""\n"x""",y\n',
    'bad_quotes.csv': b'"unterminated,field\n"abc"def,x\nplain"quote,ok\n',
    'malformed_utf8.csv': b'ok,' + b','.join(BAD_UTF8) + b'\n\xe1\xba\xa1,\xe1\n',
    'nul.csv': b'a,b\x00c,d\n\x00\n,x\n',
    'large_field.csv': b'id,note\n1,"' + ('Ghi chú dài ' * 6000).encode() + b'"\n2,short\n',
    'many_columns.csv': (','.join(str(i) for i in range(999)) + '\n' +
                         ','.join('c' for _ in range(1002)) + '\n').encode(),
    'blank_lines.csv': b'\n\n a , b \r\r\nc,d\r\n\n,\n',
    'lone_cr.csv': b'a,b\rc,d\re,f',
    'nfd.csv': ('tên\n' + NFD_NAME + '\n').encode(),
    'partial_bom.csv': b'\xef\xbbx,y\n',
    'bom_only.csv': b'\xef\xbb\xbf',
}

VALIDATE = {
    'date_dmy': '05/12/2026', 'date_short': '5/1/2026', 'date_iso': '2026-12-05',
    'date_leap': '29/02/2024', 'date_bad_day': '31/02/2026', 'date_dots': '05.12.2026',
    'date_bad_month': '2026-13-01', 'date_long_year': '1/1/99999', 'date_spaces': '  05/12/2026  ',
    'month': '11/2026', 'month_iso': '2026-11',
    'phone': '0912345678', 'phone_intl': '+84 912 345 678', 'phone_84': '84912345678',
    'phone_land': '(028) 3812 3456', 'phone_short': '091234567', 'phone_long': '0' * 40,
    'id': '012345678901', 'id_short': '01234567890',
    'year': '1990', 'year_spaces': ' 1985 ', 'year_neg': '-1990',
    'name': '  Nguyễn   Văn  An ', 'name_nfd': NFD_NAME, 'name_ctrl': 'An\x01\x7f',
    'gender': 'Nữ', 'gender_plain': 'nu', 'gender_f': 'F', 'role': 'Tổ trưởng', 'role_plain': 'to pho',
    'long': 'Đ' * 1500,
}

TEXT = {
    'vietnamese': 'Tỉnh Bạc Liêu › Huyện Hoà Bình › Xã Vĩnh Mỹ A', 'nfd': NFD_NAME,
    'd_stroke': 'ĐĐđđ Đức Đoàn', 'tones': 'Hoà Hòa Thuỷ Thủy', 'wide': '中文字符 ｗｉｄｅ 한국어',
    'combining': 'e\u0301\u0302\u0303\u0309\u0323x', 'emoji': '👨‍👩‍👧 🇻🇳 ✔️',
    'controls': 'a\tb\nc\rd\x01\x1b[31m', 'spaces': '\u00a0 \u2007\u202f\u3000 x \t ',
    'zero_width': 'a\u200bb\u200dc\ufeffd', 'long': 'Nguyễn Thị Minh Khai ' * 250,
}


def write(target, name, data):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def main():
    for name, data in CSV.items():
        write('csv', name, data)
    for target, seeds in (('validate', VALIDATE), ('text', TEXT)):
        for name, data in seeds.items():
            write(target, name, data)
        for i, bad in enumerate(BAD_UTF8):
            write(target, f'malformed_{i}', 'Nguy'.encode() + bad + 'ễn'.encode())
        write(target, 'nul', b'05/12\x002026 Nguy\x00n')


if __name__ == '__main__':
    main()
