#!/usr/bin/env bash
# The catalogue screens of the interface: an indicator added (a bad code
# and a duplicate refused in the form), moved up; a target set for a unit;
# the settings form filled (the office's unit picked from the list, a bad
# number refused); then the results report exported and read back with
# openpyxl: the new indicator's row, the target, the % achieved and the
# heading from the settings.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"
PY=/usr/bin/python3

"$(dirname "$CNSCD")/tests/seed_field_example" "$DB" || fail "seed the field example"
# VNEID_MUC2 has a figure: its code is fixed, and F8 retires it.
printf 'period,unit_code,team,indicator_code,value\n2026-09,31891,,VNEID_MUC2,5\n' >"$T/used.csv"
expect_ok "a figure for VNEID_MUC2" import results "$T/used.csv"
tui_start

# The keys are in the help of the browser, from the same table.
keys F1
wait_for "Trợ giúp"
keys End
expect_screen "help lists the catalogue" "Danh mục chỉ tiêu (thêm, sửa, sắp xếp)"
expect_screen "help lists the settings" "Thiết lập: cơ quan, người ký"
keys Escape
wait_gone "Trợ giúp"

# The catalogue.
keys c
expect_screen "c opens the catalogue" "Danh mục chỉ tiêu kết quả hoạt động"
expect_screen "shipped indicators listed" "VNEID_MUC2"
expect_screen "status line offers the targets" "j Chỉ tiêu giao"

expect_screen "the info line names the unit whose targets g opens" "g: chỉ tiêu giao của Tỉnh Bạc Liêu"

keys Down Down F4
expect_screen "F4 opens the indicator" "Sửa chỉ tiêu"
keys BTab
expect_screen "the hint says the code is fixed" "Chỉ tiêu đã có số liệu: mã giữ nguyên"
keys C-u
type_text "VNEID2"
keys F2
expect_screen "a used code cannot change" "đã có số liệu hoặc chỉ tiêu giao: không đổi mã được nữa"
keys Escape
wait_for "Có thay đổi chưa lưu"
keys b
wait_gone "Sửa chỉ tiêu"
keys F8
expect_screen "F8 on a used indicator offers to retire it" "Ngừng dùng ]"
keys n
expect_screen "retired" "Đã chuyển chỉ tiêu sang ngừng dùng."
expect_eq "inactive, kept" "$(sql "SELECT active FROM indicator WHERE code = 'VNEID_MUC2'")" 0
expect_eq "its figure kept" "$(sql "SELECT count(*) FROM result")" 1
keys F4
wait_for "Sửa chỉ tiêu"
keys Tab Tab Tab Tab Right F2
expect_screen "back in use" "Đã lưu chỉ tiêu."
expect_eq "active again" "$(sql "SELECT active FROM indicator WHERE code = 'VNEID_MUC2'")" 1
keys End

keys F7
expect_screen "F7 opens the form" "Thêm chỉ tiêu"
type_text "zalo oa"
keys Tab
expect_screen "a bad code is refused as the cursor leaves" "Mã chỉ tiêu «zalo oa» không hợp lệ"
keys BTab C-u
type_text "zalo_oa"
keys Tab
type_text "Tài khoản Zalo OA được tạo"
keys Tab
type_text "tài khoản"
keys F2
expect_screen "saved" "Đã thêm chỉ tiêu."
expect_screen "the new row, code upper-cased" "ZALO_OA"
expect_eq "stored" "$(sql "SELECT code || '|' || name || '|' || measure || '|' || sort_order || '|' || active || '|' || aggregate FROM indicator WHERE code = 'ZALO_OA'")" \
	"ZALO_OA|Tài khoản Zalo OA được tạo|tài khoản|120|1|sum"
expect_screen "the list shows how each adds up" "cộng dồn"
line=$(screen_line "HO_SMARTPHONE")
if [[ "$line" == *"số cuối kỳ"* ]]; then pass "a shipped stock shown as such"; else fail "stock kind" "$line"; fi
# The kind is a field of the form: a stock now, then a flow again.
keys F4
wait_for "Sửa chỉ tiêu"
expect_screen "the form has the kind" "Cách cộng các tháng"
keys Tab Tab Right F2
expect_screen "saved as a stock" "Đã lưu chỉ tiêu."
expect_eq "stored as last" "$(sql "SELECT aggregate FROM indicator WHERE code = 'ZALO_OA'")" last
keys F4
wait_for "Sửa chỉ tiêu"
keys Tab Tab Right F2
expect_screen "saved as a flow again" "Đã lưu chỉ tiêu."
expect_eq "stored as sum" "$(sql "SELECT aggregate FROM indicator WHERE code = 'ZALO_OA'")" sum

# A duplicate code: the core's message beside the field, nothing saved.
keys F7
wait_for "Thêm chỉ tiêu"
type_text "Zalo_OA"
keys Tab
type_text "Khác"
keys F2
expect_screen "duplicate code refused" "Mã chỉ tiêu «ZALO_OA» đã có"
keys Escape
wait_for "Có thay đổi chưa lưu"
keys b
wait_gone "Thêm chỉ tiêu"
expect_eq "no second indicator" "$(sql "SELECT count(*) FROM indicator")" 12

# Reorder: the new one (last, under the cursor) moves up past BDHVS.
keys -
# BDHVS showed 110 before: wait for the new one's line to change.
end=$((SECONDS + 5))
until [[ "$(screen_line ZALO_OA)" == *" 110 Đang dùng"* ]] || [ "$SECONDS" -gt "$end" ]; do sleep 0.1; done
if [[ "$(screen_line ZALO_OA)" == *" 110 Đang dùng"* ]]; then pass "moved up"; else fail "moved up" "$(screen)"; fi
expect_eq "orders swapped" "$(sql "SELECT group_concat(code || '=' || sort_order, ' ') FROM (SELECT * FROM indicator WHERE code IN ('ZALO_OA', 'BDHVS') ORDER BY code)")" \
	"BDHVS=120 ZALO_OA=110"

# Its target for the province (the unit under the browser's cursor).
keys j
expect_screen "j opens the targets" "Tỉnh Bạc Liêu › Chỉ tiêu giao"
expect_screen "no target yet" "Đơn vị này chưa có chỉ tiêu giao"
keys F7
expect_screen "target form on the chosen indicator" "Tài khoản Zalo OA được tạo"
type_text "20266"
keys Tab
expect_screen "a bad period is refused" "Kỳ «20266» không hợp lệ"
keys BTab C-u
type_text "2026"
keys Tab
type_text "84"
keys F2
expect_screen "target saved" "Đã lưu chỉ tiêu giao."
expect_screen "target listed for the year" "Năm 2026"
expect_eq "target stored" "$(sql "SELECT u.code || ' ' || period_from || ' ' || period_to || ' ' || value FROM target t JOIN unit u ON u.id = t.unit_id")" \
	"95 2026-01 2026-12 84"
keys Escape
wait_for "Danh mục chỉ tiêu kết quả hoạt động"
keys Escape
wait_for "Danh sách đơn vị"

# The settings: the office's unit from the pick list, then the texts.
keys o
expect_screen "o opens the settings" "Đơn vị của cơ quan"
expect_screen "every setting has its field" "Số bản sao lưu giữ lại"
keys Enter
expect_screen "the pick list offers the district" "Huyện Hoà Bình (mã 961)"
keys Down Enter
wait_gone "Tỉnh Bạc Liêu (mã 95)"
keys Tab
type_text "UBND XÃ HÒA AN"
keys Tab
type_text "Hòa An"
keys Tab
type_text "Chủ tịch"
keys Tab
type_text "Nguyễn Văn An"
keys Tab Tab
type_text "abc"
keys F2
expect_screen "a bad number is refused" "Hạn gửi báo cáo (ngày): giá trị «abc» không hợp lệ"
expect_eq "nothing saved while a field is wrong" "$(sql "SELECT count(*) FROM setting WHERE value IS NOT NULL AND key <> 'database_id'")" 0
keys C-u
type_text "7"
keys F2
expect_screen "settings saved" "Đã lưu thiết lập"
expect_eq "settings stored" "$(sql "SELECT group_concat(key || '=' || value, '|') FROM (SELECT * FROM setting WHERE value IS NOT NULL AND key <> 'database_id' ORDER BY key)")" \
	"office_name=UBND XÃ HÒA AN|office_place=Hòa An|office_unit=961|report_due_days=7|signer_name=Nguyễn Văn An|signer_title=Chủ tịch"
keys o
expect_screen "the form shows the unit by name when opened again" "Huyện Hoà Bình (mã 961)"
keys Escape
wait_gone "Đơn vị của cơ quan"

keys q
tui_exited_ok "quits cleanly"

# Figures for the new indicator, then the results report of the province.
printf 'period,unit_code,team,indicator_code,value\n2026-10,31891,,ZALO_OA,30\n2026-10,31891.01,,ZALO_OA,12\n' >"$T/results.csv"
expect_ok "import figures" import results "$T/results.csv" --submit --by "Cán bộ tỉnh"
expect_ok "export results" export results --unit 95 --from 2026-10 --to 2026-10 -o "$T/results.xlsx"
if $PY -c 'import openpyxl' 2>/dev/null; then
	got=$($PY - "$T/results.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True).worksheets[0]
header = None
for row in ws.iter_rows(values_only=True):
    if "Tổng cộng" in row and "Chỉ tiêu giao" in row:
        header = row
    if header and row[1] == "Tài khoản Zalo OA được tạo":
        print(row[1], row[header.index("Tổng cộng")], row[header.index("Chỉ tiêu giao")], row[header.index("% đạt")])
print(ws["A1"].value)
print(any(c.value and str(c.value).startswith("Hòa An, ngày") for r in ws.iter_rows() for c in r))
print(any(c.value == "Nguyễn Văn An" for r in ws.iter_rows() for c in r))
PY
)
	expect_eq "xlsx: the new indicator's row with target and %, heading and signer from the settings" "$got" \
		"$(printf 'Tài khoản Zalo OA được tạo 42 84 0.5\nUBND XÃ HÒA AN\nTrue\nTrue')"
else
	skip "openpyxl missing for /usr/bin/python3: xlsx not read back"
fi
t_done
