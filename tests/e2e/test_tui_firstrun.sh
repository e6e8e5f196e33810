#!/usr/bin/env bash
# The first run: an empty database offers, one key each, the official
# lists inside cnscd, a file or units by hand; then "Đơn vị của bạn",
# where cnscd opens from then on and where v leads back from anywhere.
# Imports from the screen: a file with a bad row writes nothing, lists the
# line, and F2 imports the good rows with the bad ones saved beside it; a
# file of many bad rows counts them all and lists the first 1,000.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"
. "$CNSCD_SOURCE_DIR/tests/e2e/tmux.sh"

# fresh_start: cnscd on a database that does not exist yet, 80x24.
fresh_start() {
	rm -f "$T/exit" "$T/stty"
	tmux -L "$SOCK" new-session -d -x 80 -y 24 -c "$T" \
		"env LANG=C.UTF-8 TERM=xterm-256color HOME='$T/home' '$CNSCD' --db '$DB'; echo \$? > '$T/exit.tmp'; stty -a > '$T/stty' 2>&1; mv '$T/exit.tmp' '$T/exit'"
}
mkdir -p "$T/home/Downloads"

# --- an empty database, the list in force, your unit -----------------------------
DB=$T/first.db
fresh_start
expect_screen "an empty database starts on «Bắt đầu»" "Cơ sở dữ liệu còn trống: chưa có đơn vị nào"
expect_screen "...offers the list in force, with its date" "1      Nạp danh mục 2 cấp từ 01/07/2025: 34 tỉnh, 3.321 xã (đang áp dụng)"
expect_screen "...and the 2024 list" "2      Nạp danh mục 3 cấp đến 30/06/2025: 63 tỉnh, 696 huyện, 10.035 xã"
expect_screen "...a file" "f      Nhập danh sách đơn vị từ tệp CSV hoặc Excel"
expect_screen "...by hand" "n      Tự thêm tỉnh/thành phố"
if screen | tr -s ' \n' '  ' | grep -qF "cnscd --db $DB init --units"; then pass "the command it names has this --db"; else fail "--db in the command" "$(screen)"; fi
keys 1
expect_screen "loading leads to «Đơn vị của bạn»" "Đơn vị của bạn — tỉnh, xã hay phường"
expect_eq "the 2025 list is in: 34 provinces, 3,321 communes" \
	"$(sql "SELECT group_concat(n, ' ') FROM (SELECT count(*) n FROM unit GROUP BY level ORDER BY level)")" "34 3321"
type_text "hoa binh ca mau"
expect_screen "the commune is found with its province" "Xã Hòa Bình"
line=$(screen_line "Xã Hòa Bình")
if [[ "$line" == *"Tỉnh Cà Mau"* ]]; then pass "...its province on the row"; else fail "province on the row" "$line"; fi
keys Enter
expect_screen "the tree opens inside your unit" "Tỉnh Cà Mau › Xã Hòa Bình"
expect_eq "...kept as the office's unit" "$(sql "SELECT value FROM setting WHERE key = 'office_unit'")" 31891
keys q

# --- from then on ---------------------------------------------------------------------
tui_exited_ok "quit at your unit"
fresh_start
expect_screen "cnscd opens at your unit" "Tỉnh Cà Mau › Xã Hòa Bình"
keys BSpace BSpace
expect_screen "Backspace goes up to every unit" "Tất cả đơn vị"
keys v
expect_screen "v goes back to your unit" "Tỉnh Cà Mau › Xã Hòa Bình"
keys BSpace c
expect_screen "another screen (the indicators)" "Danh mục chỉ tiêu"
keys v
expect_screen "v from there too" "Tỉnh Cà Mau › Xã Hòa Bình"
expect_not_screen "...the indicators closed" "Danh mục chỉ tiêu"

# --- an import from the screen with a bad row -------------------------------------------
printf 'unit_code,full_name,phone\n31891,Nguyễn Văn An,0912345678\n31891,Trần Thị Bình,12\n' >"$T/home/Downloads/thanh-vien.csv"
keys f
expect_screen "f asks what to import" "Nhập gì?"
keys Enter
expect_screen "members: the file picker" "Nhập thành viên từ tệp"
expect_screen "...lists the spreadsheets of Downloads" "~/Downloads/thanh-vien.csv"
keys Enter
expect_screen "a bad row: nothing written, the problems listed" "Tệp có 1 dòng lỗi — chưa nhập thành viên"
expect_screen "...the line and column" "dòng 3, cột 3 (phone): Số điện thoại «12» không hợp lệ"
expect_eq "...nothing written" "$(sql 'SELECT count(*) FROM member')" 0
keys Escape
expect_screen "Esc: back to the file picker, still nothing written" "Chưa ghi gì: tệp có dòng lỗi"
expect_eq "...nothing written after Esc" "$(sql 'SELECT count(*) FROM member')" 0
type_text "~/Dow"
keys Tab
expect_screen "Tab completes the folder" "~/Downloads/"
type_text "th"
keys Tab Enter
expect_screen "...and the file: the same problems" "dòng 3, cột 3 (phone)"
keys F2
expect_screen "F2 imports the good rows and says where the bad ones went" "thanh-vien.loi.csv"
expect_eq "...one member written" "$(sql 'SELECT full_name FROM member')" "Nguyễn Văn An"
if [ -f "$T/home/Downloads/thanh-vien.loi.csv" ] && grep -q "Trần Thị Bình" "$T/home/Downloads/thanh-vien.loi.csv"; then
	pass "...the bad row saved beside the file"
else
	fail "bad row saved beside the file" "$(ls -la "$T/home/Downloads")"
fi
# A file of 1,500 bad rows: every bad row counted, the first 1,000 listed,
# then how many more.
{
	echo "unit_code,full_name,phone"
	for i in $(seq 1 1500); do echo "31891,Người số $i,12$i"; done
} >"$T/home/Downloads/nhieu-loi.csv"
keys f
expect_screen "f again" "Nhập gì?"
keys Enter
type_text "~/Downloads/nhieu-loi.csv"
keys Enter
expect_screen "1,500 bad rows: all counted in the title" "Tệp có 1500 dòng lỗi — chưa nhập thành viên"
keys End
expect_screen "...after the first 1,000 problems, the count of the others" "… và 500 lỗi nữa (chỉ hiện 1000 lỗi đầu tiên"
keys Escape
expect_eq "...nothing written" "$(sql 'SELECT count(*) FROM member')" 1
keys Escape
keys q
tui_exited_ok "quit after the import"

# --- the 2024 list, your unit left for later ------------------------------------------
DB=$T/old.db
fresh_start
expect_screen "another empty database" "Bắt đầu"
keys 2
expect_screen "the 2024 list leads to «Đơn vị của bạn» too" "Đơn vị của bạn"
expect_eq "the 2024 list: 63 / 696 / 10,035" \
	"$(sql "SELECT group_concat(n, ' ') FROM (SELECT count(*) n FROM unit GROUP BY level ORDER BY level)")" "63 696 10035"
keys Escape
expect_screen "Esc leaves it for later: the whole tree" "Tất cả đơn vị"
keys q
tui_exited_ok "quit without a unit of your own"

# --- by hand ----------------------------------------------------------------------------
DB=$T/hand.db
fresh_start
expect_screen "a third empty database" "Bắt đầu"
keys n
expect_screen "n opens the form of a first province" "Thêm tỉnh/thành phố"
keys Escape
wait_for "Tất cả đơn vị"
keys q
tui_exited_ok "quit from an empty tree"
t_done
