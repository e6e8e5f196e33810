#!/usr/bin/env bash
# cnscd training add / list.
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

expect_ok "init" init --units none
sql "INSERT INTO unit(id, code, name, type, level, path, search_key) VALUES
	(1, '95', 'Tỉnh Bạc Liêu', 'Tỉnh', 1, '/1/', 'tinh bac lieu 95'),
	(2, '961', 'Huyện Hoà Bình', 'Huyện', 2, '/1/2/', 'huyen hoa binh 961')"

cn training add --unit 961 --title "Tập huấn nền tảng số" --date 05/12/2026 --end 06/12/2026 \
	--format "truc tuyen" --topics "Định danh điện tử VNeID;Thương mại điện tử" --planned 60
expect_eq "add prints the session number" "$OUT" 1
expect_eq "topics stored" "$(sql 'SELECT count(*) FROM training_topic WHERE training_id = 1')" 2
cn training add --unit 95 --title "Lớp cán bộ chủ chốt" --date 2026-11-01
expect_eq "ISO date accepted too" "$OUT" 2

expect_fail "bad date names the field" "Ngày bắt đầu «31/02/2026» không phải là ngày có thật" \
	training add --unit 961 --title X --date 31/02/2026
expect_fail "end before start refused" "Ngày kết thúc phải từ ngày bắt đầu" \
	training add --unit 961 --title X --date 05/12/2026 --end 01/12/2026
expect_fail "unknown format refused" "Hình thức «thư tay» không hợp lệ" \
	training add --unit 961 --title X --date 05/12/2026 --format "thư tay"
expect_fail "unknown unit refused" "không có đơn vị nào mang mã «999»" \
	training add --unit 999 --title X --date 05/12/2026
expect_fail "missing options named" "cần --unit" training add --title X
expect_eq "nothing written by refused adds" "$(sql 'SELECT count(*) FROM training')" 2

cn training list
expect_out "list newest first, counts under their words" "^1	05/12/2026	Tập huấn nền tảng số	Huyện Hoà Bình	Trực tuyến	0	0	60	Định danh điện tử VNeID; Thương mại điện tử"
expect_out "list header names present, invited, planned" "^Số	Ngày	Tên lớp	Đơn vị tổ chức	Hình thức	Có mặt	Được mời	Dự kiến	Chủ đề"
if [ "$(sed -n 2p <<<"$OUT" | cut -f1)" = 1 ] && [ "$(sed -n 3p <<<"$OUT" | cut -f1)" = 2 ]; then
	pass "list order is newest first"
else
	fail "list order is newest first" "$OUT"
fi
cn training list --unit 961
expect_no_out "list under a unit leaves out its parent's sessions" "Lớp cán bộ chủ chốt"
cn training --help
expect_out "help shows both subcommands" "cnscd training list"
t_done
