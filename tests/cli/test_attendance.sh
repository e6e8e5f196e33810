#!/usr/bin/env bash
# The attendance sheet of a session (cnscd export attendance): the list
# after the workshop and the sign-in sheet before it (--blank), in Excel
# read back with openpyxl and in CSV; short dates on the command line; the
# counts under the same words in "training list".
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
SEED=$(dirname "$CNSCD")/tests/seed
PY=/usr/bin/python3
"$SEED" workshop "$DB" || fail "seed workshop database"
year=$(date +%Y)

# Dates as people type them: d/m is this year, d/m/yy this century.
cn training add --unit 31873 --title "Kỹ năng số cơ bản" --date 6/12 --end 7/12/$((year % 100)) \
	--location "Nhà văn hóa ấp Vĩnh Mẫu" --trainers "Nguyễn Giảng Viên" --planned 40 --topics "Kỹ năng số cơ bản"
expect_eq "training add takes d/m and d/m/yy" "$OUT" 1
expect_eq "stored as this year's dates" "$(sql "SELECT start_date || ' ' || end_date FROM training")" \
	"$year-12-06 $year-12-07"
expect_fail "a bad date keeps its clear message" "Ngày bắt đầu «32/12» không phải là ngày có thật" \
	training add --unit 31873 --title X --date 32/12
expect_fail "a date of three-digit year refused" "không đúng dạng ngày dd/mm/yyyy" \
	training add --unit 31873 --title X --date 6/12/202
expect_ok "export trainings takes short dates" export trainings --unit 31873 --from 1/1 --to 31/12 -o "$T/t.csv"
expect_eq "the session is in that period" "$(grep -c "Kỹ năng số cơ bản" "$T/t.csv")" 1

# The list: the village's team and the district's, statuses and a guest,
# as a trainer would type them into a sheet.
cat >"$T/in.csv" <<'EOF'
Họ và tên,Điện thoại,Đơn vị,Chức vụ,Trạng thái
Nguyễn Văn An,0912345678,,,Có mặt
Trần Thị Bình,0987654321,,,Vắng
Lê Văn Cường,,31873.01,,Vắng có phép
Phạm Thị Dung,0911222333,,,Được mời
Đặng Văn Đức,,31873.02,,Có mặt
Võ Văn Huyện,0919000111,,,Có mặt
Hoàng Văn Khách,0909111222,UBND xã Vĩnh Mỹ A,Công chức văn hóa,Có mặt
EOF
expect_ok "attendance imported" import attendance 1 "$T/in.csv"

cn training list
expect_out "training list: present, invited, planned under their words" \
	"^1	06/12/$year	Kỹ năng số cơ bản	Xã Vĩnh Mỹ A	Trực tiếp	4	7	40	Kỹ năng số cơ bản$"

expect_ok "export attendance to Excel" export attendance --session 1 -o "$T/a.xlsx"
expect_eq "prints the file written" "$OUT" "$T/a.xlsx"
expect_ok "export the sign-in sheet" export attendance --session 1 --blank -o "$T/blank.xlsx"
if [ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null; then
	SUITE=$SUITE "$PY" "$CNSCD_SOURCE_DIR/tests/attendance_check.py" sheet "$T/a.xlsx" "$DB" 1 || t_failed=1
	SUITE="$SUITE blank" "$PY" "$CNSCD_SOURCE_DIR/tests/attendance_check.py" blank "$T/blank.xlsx" "$DB" 1 ||
		t_failed=1
else
	skip "python3-openpyxl is missing: the workbooks are not read back"
fi

# CSV: the same columns, members by unit, the guest last.
expect_ok "export attendance to CSV" export attendance --session 1 -o "$T/a.csv"
expect_eq "CSV header: the same columns" "$(head -1 "$T/a.csv" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r')" \
	'STT,Họ và tên,"Đơn vị (thôn/ấp, xã)",Chức vụ/đoàn thể,Điện thoại,Trạng thái,Giờ đến,Ký tên'
expect_eq "CSV: the district's team first (tree order), the guest last" \
	"$(tr -d '\r' <"$T/a.csv" | cut -d, -f1 | grep -E '^[IVX]+$' | tr '\n' ' ')" "I II III IV "
last=$(tr -d '\r' <"$T/a.csv" | tail -1)
if [[ "$last" == "7,Hoàng Văn Khách,Khách mời – UBND xã Vĩnh Mỹ A,Công chức văn hóa,0909111222,Có mặt,"* ]]; then
	pass "CSV: the guest is the last row, marked"
else
	fail "CSV: the guest is the last row, marked" "$last"
fi
expect_eq "CSV: an unmarked person says so, no time" \
	"$(tr -d '\r' <"$T/a.csv" | grep -F 'Phạm Thị Dung' | grep -o ',0911222333,.*$')" ",0911222333,Chưa điểm danh,,"
cn export attendance --session 1 --blank -o -
expect_no_out "the blank sheet to the screen has no status" "Có mặt,|Vắng,"
expect_out "the blank sheet lists everyone invited" "Phạm Thị Dung"

# Asked wrongly: said so, nothing written.
expect_fail "--session required" "thiếu --session" export attendance -o "$T/x.csv"
expect_fail "--session is a number" "--session cần số của lớp" export attendance --session ba -o "$T/x.csv"
expect_fail "an unknown session is named" "Không tìm thấy lớp tập huấn số 9" export attendance --session 9 -o "$T/x.csv"
expect_fail "--unit is not for a session's list" "không dùng --unit" export attendance --session 1 --unit 31873 \
	-o "$T/x.csv"
expect_fail "--blank only for attendance" "chỉ dùng với báo cáo attendance" export roster --blank -o "$T/x.csv"
[ -e "$T/x.csv" ] && fail "nothing written on refusal" || pass "nothing written on refusal"
cn export --help
expect_out "help describes attendance and --blank" "--blank: mẫu ký tên in trước buổi học"
t_done
