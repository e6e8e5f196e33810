#include "keys.h"

#include <stdio.h>
#include <string.h>

#include "cnscd/util.h"

#define ENTER_KEYS '\n', '\r', TK_K(KEY_ENTER)
#define BACKSPACE_KEYS 127, '\b', TK_K(KEY_BACKSPACE)
#define ESC 27
#define ATTENDANCE_SHEET_HELP "Danh sách người tham dự: xem, xuất tệp để ký"

/* The keys of each action: the single place where keys are chosen. The
 * first key is the one shown on the status line. */
static const struct {
	int action;
	int keys[6];
} action_keys[] = {
	{ACT_HELP, {TK_F(1), '?'}},
	{ACT_SEARCH, {'/'}},
	{ACT_QUIT, {TK_F(10), 'q'}},
	{ACT_INTERRUPT, {TK_INTERRUPT}},
	{ACT_UP, {TK_K(KEY_UP)}},
	{ACT_DOWN, {TK_K(KEY_DOWN)}},
	{ACT_PAGE_UP, {TK_K(KEY_PPAGE)}},
	{ACT_PAGE_DOWN, {TK_K(KEY_NPAGE)}},
	{ACT_FIRST, {TK_K(KEY_HOME)}},
	{ACT_LAST, {TK_K(KEY_END)}},
	{ACT_OPEN, {ENTER_KEYS, TK_K(KEY_RIGHT)}},
	{ACT_BACK, {TK_K(KEY_LEFT), BACKSPACE_KEYS, ESC}},
	{ACT_TEAMS, {'t'}},
	{ACT_TRAININGS, {'l'}},
	{ACT_INVITE, {TK_F(6), 'i'}},
	/* Check-in's statuses: keys that type nothing in its name line and mean
	 * nothing else anywhere (F2, F3 and F5 are Lưu, Chọn and Đọc lại). */
	{ACT_MARK_PRESENT, {TK_CTRL('t')}}, {ACT_MARK_ABSENT, {TK_CTRL('k')}}, {ACT_MARK_EXCUSED, {TK_CTRL('p')}},
	{ACT_NEW, {TK_F(7), 'n', 'a', TK_K(KEY_IC), TK_CTRL('n')}},
	{ACT_EDIT, {TK_F(4), 'e'}},
	{ACT_DELETE, {TK_F(8), 'd', TK_K(KEY_DC)}},
	{ACT_SORT, {'s'}},
	{ACT_REVERSE, {'r'}},
	{ACT_INACTIVE, {'h'}},
	{ACT_REFRESH, {TK_F(5), TK_CTRL('l')}},
	{ACT_SAVE, {TK_F(2), TK_CTRL('s')}},
	{ACT_CANCEL, {ESC, TK_F(10)}},
	{ACT_NEXT_FIELD, {'\t', TK_K(KEY_DOWN), ENTER_KEYS}},
	{ACT_PREV_FIELD, {TK_K(KEY_BTAB), TK_K(KEY_UP)}},
	{ACT_CHOOSE, {TK_F(3)}},
	{ACT_CHAR_LEFT, {TK_K(KEY_LEFT)}},
	{ACT_CHAR_RIGHT, {TK_K(KEY_RIGHT)}},
	{ACT_LINE_START, {TK_K(KEY_HOME), TK_CTRL('a')}},
	{ACT_LINE_END, {TK_K(KEY_END), TK_CTRL('e')}},
	{ACT_DEL_PREV, {BACKSPACE_KEYS}},
	{ACT_DEL_CHAR, {TK_K(KEY_DC)}},
	{ACT_CLEAR, {TK_CTRL('u')}},
	{ACT_NEXT_BUTTON, {TK_K(KEY_RIGHT), '\t'}},
	{ACT_PREV_BUTTON, {TK_K(KEY_LEFT), TK_K(KEY_BTAB)}},
	{ACT_REPORT, {TK_F(9), 'x'}},
	{ACT_MONTH_RESULTS, {'k'}},
	{ACT_EXPORT, {TK_F(9), 'x'}},
	{ACT_SUBMIT, {'g'}},
	{ACT_REOPEN, {'m'}},
	{ACT_PREV_PERIOD, {'<', ','}},
	{ACT_NEXT_PERIOD, {'>', '.'}},
	{ACT_PERIOD_KIND, {'p'}},
	{ACT_HISTORY, {'H'}},
	{ACT_UNDO, {'u', TK_CTRL('z')}},
	{ACT_APPROVE, {'D'}},
	{ACT_UNAPPROVE, {'B'}},
	{ACT_INDICATORS, {'c'}},
	{ACT_SETTINGS, {'o'}},
	{ACT_TARGETS, {'j'}},
	{ACT_MOVE_UP, {'-'}},
	{ACT_MOVE_DOWN, {'+', '='}},
	{ACT_MEMBER_COLS, {'T'}},
	{ACT_NEXT_CELL, {'\t'}},
	{ACT_PREV_CELL, {TK_K(KEY_BTAB)}},
	{ACT_BY_LEVEL, {'C'}},
	{ACT_TRANSFER, {'M'}},
	{ACT_MERGE, {'J'}},
	{ACT_DUPLICATES, {'W'}},
	{ACT_VILLAGES, {'R'}},
	{ACT_BUNDLES, {'b'}}, {ACT_TAKE_LOCAL, {'L'}}, {ACT_TAKE_INCOMING, {'N'}}, {ACT_SWITCH_VIEW, {'\t'}},
	{ACT_UNIT_GRID, {'K'}},
	{ACT_SUBMIT_ALL, {'G'}},
	{ACT_OFFICE, {'v'}},
	{ACT_IMPORT, {'f'}},
	{ACT_LOAD_CURRENT, {'1'}},
	{ACT_LOAD_OLD, {'2'}},
	{ACT_COMPLETE, {'\t'}},
};

/* Which actions each screen offers, in the order the status line and the
 * help screen show them. LABEL (short) puts the action on the status line;
 * HELP is the sentence of the help screen. */
static const struct binding {
	int action;
	unsigned ctx;
	const char *label;
	const char *help;
} bindings[] = {
	{ACT_HELP, CTX_LISTS | CTX_FORMS | CTX_SEARCH | CTX_HISTORY | CTX_PLACE | CTX_FILES, "Giúp",
	 "Trợ giúp: các phím của màn hình này"},
	{ACT_OPEN, CTX_UNITS, "Mở", "Vào đơn vị; ở thôn, ấp: mở các tổ của nó"},
	{ACT_OPEN, CTX_TEAMS, "Thành viên", "Xem thành viên của tổ"},
	{ACT_OPEN, CTX_MEMBERS, NULL, "Sửa thành viên đang chọn"},
	{ACT_TEAMS, CTX_UNITS, "Các tổ", "Xem các tổ của đơn vị đang chọn"},
	{ACT_BACK, CTX_LISTS, NULL, "Trở lên cấp trên"},
	{ACT_SEARCH, CTX_LISTS, "Tìm", "Tìm đơn vị, tổ, thành viên (không cần gõ dấu)"},
	{ACT_NEW, CTX_UNITS, "Thêm", "Thêm đơn vị trực thuộc (ví dụ thôn, ấp)"},
	{ACT_NEW, CTX_TEAMS, "Thêm", "Thêm tổ cho đơn vị"},
	{ACT_NEW, CTX_MEMBERS, "Thêm", "Thêm thành viên vào tổ"},
	{ACT_EDIT, CTX_UNITS, "Sửa", "Sửa đơn vị đang chọn"},
	{ACT_EDIT, CTX_TEAMS, "Sửa", "Sửa tổ đang chọn"},
	{ACT_EDIT, CTX_MEMBERS, "Sửa", "Sửa thành viên đang chọn"},
	{ACT_DELETE, CTX_UNITS, "Xóa", "Xóa đơn vị (chỉ khi trống) hoặc đóng đơn vị"},
	{ACT_DELETE, CTX_TEAMS, "Xóa", "Xóa tổ cùng các thành viên của tổ (hoàn tác được)"},
	{ACT_DELETE, CTX_MEMBERS, "Rời/Xóa", "Ghi ngày rời tổ, hoặc xóa hẳn thành viên"},
	{ACT_TRANSFER, CTX_MEMBERS, "Chuyển tổ",
	 "Chuyển thành viên đang chọn sang tổ khác (chọn tổ bằng tìm kiếm, ghi ngày chuyển; giữ lịch sử)"},
	{ACT_TRANSFER, CTX_TEAMS, NULL,
	 "Chuyển cả tổ đang chọn sang đơn vị khác (như tổ cấp huyện cũ về một xã); chọn đơn vị bằng tìm kiếm"},
	{ACT_MERGE, CTX_TEAMS, "Gộp tổ",
	 "Gộp tổ đang chọn vào một tổ khác của đơn vị: thành viên, báo cáo tháng chuyển sang, chọn tổ trưởng"},
	{ACT_DUPLICATES, CTX_LISTS, NULL,
	 "Hồ sơ có thể trùng (cùng họ tên và năm sinh, hoặc cùng họ tên và điện thoại): xem và gộp"},
	{ACT_VILLAGES, CTX_UNITS, NULL, "Thôn trùng tên trong cùng xã sau sáp nhập: xem và đổi tên"},
	{ACT_QUIT, CTX_LISTS, "Thoát", "Thoát cnscd (mọi thay đổi đã được lưu)"},
	{ACT_TRAININGS, CTX_UNITS, "Lớp", "Lớp tập huấn của đơn vị đang chọn và cấp dưới"},
	{ACT_TRAININGS, CTX_MEMBERS, "Tập huấn", "Lịch sử tập huấn của thành viên đang chọn"},
	{ACT_SORT, CTX_LISTS, "Sắp xếp", "Đổi cột sắp xếp"},
	{ACT_REVERSE, CTX_LISTS, NULL, "Đảo chiều sắp xếp"},
	{ACT_HISTORY, CTX_LISTS, "Lịch sử", "Lịch sử thay đổi của mục đang chọn"},
	{ACT_UNDO, CTX_LISTS, "Hoàn tác", "Hoàn tác thay đổi gần nhất (hỏi trước, cho biết sẽ hoàn tác gì)"},
	{ACT_INACTIVE, CTX_UNITS, NULL, "Hiện/ẩn đơn vị đã đóng (giải thể, sáp nhập)"},
	{ACT_INACTIVE, CTX_TEAMS, NULL, "Hiện/ẩn tổ đã giải thể"},
	{ACT_INACTIVE, CTX_MEMBERS, NULL, "Hiện/ẩn người đã rời tổ"},
	{ACT_UP, CTX_LISTS | CTX_SEARCH | CTX_HELP | CTX_CHOICE | CTX_HISTORY, NULL, "Lên một dòng"},
	{ACT_DOWN, CTX_LISTS | CTX_SEARCH | CTX_HELP | CTX_CHOICE | CTX_HISTORY, NULL, "Xuống một dòng"},
	{ACT_PAGE_UP, CTX_LISTS | CTX_SEARCH | CTX_HELP | CTX_CHOICE | CTX_HISTORY, NULL, "Lên một trang"},
	{ACT_PAGE_DOWN, CTX_LISTS | CTX_SEARCH | CTX_HELP | CTX_CHOICE | CTX_HISTORY, NULL, "Xuống một trang"},
	{ACT_FIRST, CTX_LISTS | CTX_HELP | CTX_CHOICE | CTX_HISTORY, NULL, "Về đầu danh sách"},
	{ACT_LAST, CTX_LISTS | CTX_HELP | CTX_CHOICE | CTX_HISTORY, NULL, "Xuống cuối danh sách"},
	{ACT_REFRESH, CTX_LISTS, NULL, "Đọc lại dữ liệu và vẽ lại màn hình"},

	{ACT_SAVE, CTX_FORM, "Lưu", "Lưu (chỉ lưu khi mọi ô đều hợp lệ)"},
	{ACT_CANCEL, CTX_FORM, "Hủy", "Đóng, hỏi trước khi bỏ thay đổi"},
	/* A form that only asks (a period, a file name): nothing is saved. */
	{ACT_SAVE, CTX_ASK, "Xong", "Dùng các giá trị đã gõ (khi mọi ô đều hợp lệ)"},
	{ACT_CANCEL, CTX_ASK, "Thôi", "Đóng, không làm gì"},
	{ACT_CHOOSE, CTX_FORMS, "Chọn", "Mở danh sách để chọn (ô có dấu ▾; ở đó cả Enter, Space)"},
	{ACT_NEXT_FIELD, CTX_FORMS, "Ô sau", "Sang ô sau"},
	{ACT_PREV_FIELD, CTX_FORMS, NULL, "Về ô trước"},
	{ACT_CHAR_LEFT, CTX_FORMS | CTX_SEARCH | CTX_CHECKIN, NULL, "Lùi con trỏ"},
	{ACT_CHAR_RIGHT, CTX_FORMS | CTX_SEARCH | CTX_CHECKIN, NULL, "Tiến con trỏ"},
	{ACT_LINE_START, CTX_FORMS | CTX_SEARCH | CTX_CHECKIN, NULL, "Về đầu ô"},
	{ACT_LINE_END, CTX_FORMS | CTX_SEARCH | CTX_CHECKIN, NULL, "Về cuối ô"},
	{ACT_DEL_PREV, CTX_FORMS | CTX_SEARCH | CTX_CHECKIN, NULL, "Xóa chữ trước con trỏ"},
	{ACT_DEL_CHAR, CTX_FORMS | CTX_SEARCH | CTX_CHECKIN, NULL, "Xóa chữ tại con trỏ"},
	{ACT_CLEAR, CTX_FORMS | CTX_SEARCH | CTX_CHECKIN, NULL, "Xóa cả ô"},

	/* Check-in: the key line shows the statuses first (they fit in 80
	 * columns); Enter after a name is said on the line under the input. */
	{ACT_MARK_PRESENT, CTX_CHECKIN, "Có mặt", "Ghi có mặt người đang chọn (cả người đã ghi vắng)"},
	{ACT_MARK_ABSENT, CTX_CHECKIN, "Vắng", "Ghi vắng người đang chọn"},
	{ACT_MARK_EXCUSED, CTX_CHECKIN, "Có phép", "Ghi vắng có phép người đang chọn"},
	{ACT_UNDO, CTX_CHECKIN, "Hoàn tác", "Hoàn tác thay đổi điểm danh gần nhất, lùi dần"},
	{ACT_NEW, CTX_CHECKIN, "Người ngoài", "Thêm người ngoài danh sách, ghi có mặt luôn"},
	{ACT_REPORT, CTX_CHECKIN, "Danh sách", ATTENDANCE_SHEET_HELP},
	{ACT_EDIT, CTX_CHECKIN, "Sửa", "Sửa người đang chọn (khách mời hoặc thành viên)"},
	{ACT_DELETE, CTX_CHECKIN, NULL, "Bỏ người đang chọn khỏi danh sách (hỏi trước)"},
	{ACT_HELP, CTX_TRAININGS | CTX_CHECKIN, "Giúp", "Trợ giúp: các phím của màn hình này"},
	{ACT_OPEN, CTX_TRAININGS, "Điểm danh", "Điểm danh lớp đang chọn"},
	{ACT_NEW, CTX_TRAININGS, "Thêm", "Thêm lớp tập huấn"},
	{ACT_EDIT, CTX_TRAININGS, "Sửa", "Sửa lớp đang chọn"},
	{ACT_DELETE, CTX_TRAININGS, "Xóa", "Xóa lớp đang chọn cùng danh sách tham dự (hoàn tác được)"},
	{ACT_UNDO, CTX_TRAININGS | CTX_INDICATORS | CTX_TARGETS, NULL,
	 "Hoàn tác thay đổi gần nhất (hỏi trước, cho biết sẽ hoàn tác gì)"},
	{ACT_INVITE, CTX_TRAININGS | CTX_CHECKIN, "Mời", "Mời: một tổ, mọi tổ, hay người chưa tập huấn"},
	{ACT_REPORT, CTX_TRAININGS, "Danh sách", ATTENDANCE_SHEET_HELP},
	{ACT_BACK, CTX_TRAININGS, "Quay lại", "Về cây đơn vị"},
	{ACT_UP, CTX_TRAININGS | CTX_CHECKIN, NULL, "Lên một dòng"},
	{ACT_DOWN, CTX_TRAININGS | CTX_CHECKIN, NULL, "Xuống một dòng"},
	{ACT_PAGE_UP, CTX_TRAININGS | CTX_CHECKIN, NULL, "Lên một trang"},
	{ACT_PAGE_DOWN, CTX_TRAININGS | CTX_CHECKIN, NULL, "Xuống một trang"},
	{ACT_FIRST, CTX_TRAININGS, NULL, "Về đầu danh sách"},
	{ACT_LAST, CTX_TRAININGS, NULL, "Xuống cuối danh sách"},
	{ACT_QUIT, CTX_TRAININGS, NULL, "Về cây đơn vị"},
	{ACT_OPEN, CTX_CHECKIN, NULL, "Ghi có mặt người khớp đang chọn (ô trống: không làm gì)"},
	{ACT_CANCEL, CTX_CHECKIN, "Đóng", "Xóa ô gõ; khi ô đã trống: đóng màn hình điểm danh"},

	{ACT_OPEN, CTX_SEARCH, "Đến", "Đến mục đang chọn trong cây đơn vị"},
	{ACT_CANCEL, CTX_SEARCH, "Đóng", "Đóng tìm kiếm"},

	{ACT_CANCEL, CTX_HELP, "Đóng", "Đóng trợ giúp"},
	{ACT_PAGE_DOWN, CTX_HELP, "Trang sau", "Xuống một trang"},
	{ACT_PAGE_UP, CTX_HELP, "Trang trước", "Lên một trang"},
	{ACT_HELP, CTX_HELP, NULL, "Đóng trợ giúp"},
	{ACT_QUIT, CTX_HELP, NULL, "Đóng trợ giúp"},

	{ACT_OPEN, CTX_HISTORY, "Xem hết", "Xem đầy đủ thay đổi đang chọn"},
	{ACT_CANCEL, CTX_HISTORY, "Đóng", "Đóng lịch sử"},
	{ACT_HISTORY, CTX_HISTORY, NULL, "Đóng lịch sử"},

	{ACT_OPEN, CTX_CHOICE, "Chọn", "Chọn mục này"},
	{ACT_CANCEL, CTX_CHOICE, "Thôi", "Đóng danh sách, không đổi gì"},

	{ACT_REPORT, CTX_UNITS | CTX_TEAMS, "Báo cáo", "Xem và xuất báo cáo của đơn vị đang xem"},
	{ACT_MONTH_RESULTS, CTX_UNITS, "Kết quả", "Xem kết quả hoạt động của đơn vị đang xem theo đơn vị trực thuộc"},
	{ACT_MONTH_RESULTS, CTX_TEAMS, "Kết quả tháng", "Nhập kết quả hoạt động của tổ đang chọn theo tháng"},
	{ACT_UNIT_GRID, CTX_UNITS, NULL,
	 "Nhập kết quả tháng của mọi tổ thuộc đơn vị đang chọn (cả thôn, ấp) trong một bảng"},
	{ACT_UNIT_GRID, CTX_TEAMS, NULL, "Nhập kết quả tháng của mọi tổ thuộc đơn vị đang xem trong một bảng"},

	{ACT_HELP, CTX_REPORT | CTX_GRID | CTX_RESULTS, "Giúp", "Trợ giúp: các phím của màn hình này"},
	{ACT_EXPORT, CTX_REPORT, "Xuất tệp", "Xuất báo cáo ra tệp Excel (.xlsx) hoặc CSV (.csv)"},
	{ACT_CANCEL, CTX_REPORT, "Đóng", "Đóng báo cáo"},
	{ACT_CHAR_LEFT, CTX_REPORT, NULL, "Xem các cột bên trái"},
	{ACT_CHAR_RIGHT, CTX_REPORT, NULL, "Xem các cột bên phải"},
	/* After Left/Right, which scroll the columns here. */
	{ACT_OPEN, CTX_REPORT, "Chi tiết",
	 "Mở báo cáo của dòng đang chọn: một đơn vị cấp dưới, một cấp, đến các tổ và thành viên"},
	{ACT_BACK, CTX_REPORT, "Lên", "Trở lại báo cáo cấp trên (ở báo cáo đầu tiên: đóng)"},
	{ACT_UP, CTX_REPORT, NULL, "Lên một dòng"},
	{ACT_DOWN, CTX_REPORT, NULL, "Xuống một dòng"},
	{ACT_PAGE_UP, CTX_REPORT, NULL, "Lên một trang"},
	{ACT_PAGE_DOWN, CTX_REPORT, NULL, "Xuống một trang"},
	{ACT_FIRST, CTX_REPORT, NULL, "Về dòng đầu"},
	{ACT_LAST, CTX_REPORT, NULL, "Xuống dòng cuối"},

	{ACT_CHAR_LEFT, CTX_RESULTS, NULL, "Xem các cột bên trái"},
	{ACT_CHAR_RIGHT, CTX_RESULTS, NULL, "Xem các cột bên phải"},
	{ACT_OPEN, CTX_RESULTS, "Xem cấp dưới",
	 "Xem kết quả của dòng đang chọn theo cấp dưới: đơn vị, rồi các tổ, rồi thành viên của tổ"},
	{ACT_BACK, CTX_RESULTS, "Lên", "Trở lên đơn vị cấp trên (ở đơn vị đầu tiên: đóng)"},
	{ACT_APPROVE, CTX_RESULTS, "Duyệt", "Duyệt kết quả tháng: tình trạng duyệt của đơn vị và các đơn vị trực thuộc"},
	{ACT_MONTH_RESULTS, CTX_RESULTS, NULL, "Mở bảng nhập kết quả tháng của tổ đang chọn (ở danh sách các tổ)"},
	{ACT_BY_LEVEL, CTX_RESULTS, "Theo cấp",
	 "Xem theo cấp (huyện, xã, thôn) của đơn vị đang xem; Enter trên một cấp: các đơn vị của cấp đó"},
	{ACT_EXPORT, CTX_RESULTS, "Xuất tệp", "Xuất báo cáo kết quả hoạt động của đơn vị và kỳ đang xem ra tệp"},
	{ACT_PERIOD_KIND, CTX_RESULTS, "Tháng/Quý/Năm", "Đổi kỳ: tháng, quý, năm"},
	{ACT_PREV_PERIOD, CTX_RESULTS, "Kỳ trước", "Sang kỳ trước"},
	{ACT_NEXT_PERIOD, CTX_RESULTS, "Kỳ sau", "Sang kỳ sau"},
	{ACT_UP, CTX_RESULTS, NULL, "Lên một dòng"},
	{ACT_DOWN, CTX_RESULTS, NULL, "Xuống một dòng"},
	{ACT_PAGE_UP, CTX_RESULTS, NULL, "Lên một trang"},
	{ACT_PAGE_DOWN, CTX_RESULTS, NULL, "Xuống một trang"},
	{ACT_FIRST, CTX_RESULTS | CTX_BUNDLE | CTX_START, NULL, "Về dòng đầu"},
	{ACT_LAST, CTX_RESULTS | CTX_BUNDLE | CTX_START, NULL, "Xuống dòng cuối"},
	{ACT_QUIT, CTX_RESULTS, "Đóng", "Đóng màn hình kết quả"},

	{ACT_NEXT_CELL, CTX_GRID, "Ô sau", "Lưu số vừa gõ và sang ô bên phải (hết dòng: xuống chỉ tiêu sau)"},
	{ACT_PREV_CELL, CTX_GRID, NULL, "Lưu số vừa gõ và về ô bên trái"},
	{ACT_NEXT_FIELD, CTX_GRID, NULL, "Lưu số vừa gõ và xuống chỉ tiêu sau"},
	{ACT_PREV_FIELD, CTX_GRID, NULL, "Lưu số vừa gõ và lên chỉ tiêu trước"},
	{ACT_CHAR_LEFT, CTX_GRID, NULL, "Lưu số vừa gõ và sang cột bên trái"},
	{ACT_CHAR_RIGHT, CTX_GRID, NULL, "Lưu số vừa gõ và sang cột bên phải"},
	{ACT_MEMBER_COLS, CTX_GRID, "Thành viên", "Hiện/ẩn cột từng thành viên (số của cả tổ là tổng của họ)"},
	{ACT_SAVE, CTX_GRID, "Lưu", "Lưu số vừa gõ"},
	{ACT_DEL_PREV, CTX_GRID, NULL, "Xóa chữ số cuối"},
	{ACT_CLEAR, CTX_GRID, NULL, "Xóa giá trị của ô"},
	{ACT_PREV_PERIOD, CTX_GRID, "Tháng trước", "Sang tháng trước"},
	{ACT_NEXT_PERIOD, CTX_GRID, "Tháng sau", "Sang tháng sau"},
	{ACT_SUBMIT, CTX_GRID, "Gửi", "Gửi báo cáo tháng (sau khi gửi không sửa được)"},
	{ACT_REOPEN, CTX_GRID, "Mở lại", "Mở lại báo cáo đã gửi để sửa (có ghi nhật ký)"},
	{ACT_CANCEL, CTX_GRID, "Đóng", "Lưu số vừa gõ và đóng"},

	{ACT_HELP, CTX_UNIT_GRID, "Giúp", "Trợ giúp: các phím của màn hình này"},
	{ACT_NEXT_CELL, CTX_UNIT_GRID, "Ô sau", "Lưu số vừa gõ và sang chỉ tiêu bên phải (hết dòng: tổ sau)"},
	{ACT_PREV_CELL, CTX_UNIT_GRID, NULL, "Lưu số vừa gõ và về chỉ tiêu bên trái"},
	{ACT_NEXT_FIELD, CTX_UNIT_GRID, NULL, "Lưu số vừa gõ và xuống tổ sau"},
	{ACT_PREV_FIELD, CTX_UNIT_GRID, NULL, "Lưu số vừa gõ và lên tổ trước"},
	{ACT_CHAR_LEFT, CTX_UNIT_GRID, NULL, "Lưu số vừa gõ và sang cột bên trái"},
	{ACT_CHAR_RIGHT, CTX_UNIT_GRID, NULL, "Lưu số vừa gõ và sang cột bên phải"},
	{ACT_SAVE, CTX_UNIT_GRID, "Lưu", "Lưu số vừa gõ"},
	{ACT_DEL_PREV, CTX_UNIT_GRID, NULL, "Xóa chữ số cuối"},
	{ACT_CLEAR, CTX_UNIT_GRID, NULL, "Xóa giá trị của ô"},
	{ACT_SUBMIT, CTX_UNIT_GRID, "Gửi tổ", "Gửi báo cáo tháng của tổ đang chọn"},
	{ACT_SUBMIT_ALL, CTX_UNIT_GRID, "Gửi tất cả", "Gửi báo cáo tháng của mọi tổ còn nháp (hỏi trước)"},
	{ACT_REOPEN, CTX_UNIT_GRID, "Mở lại", "Mở lại báo cáo đã gửi của tổ đang chọn (có ghi nhật ký)"},
	{ACT_PREV_PERIOD, CTX_UNIT_GRID, "Tháng trước", "Sang tháng trước"},
	{ACT_NEXT_PERIOD, CTX_UNIT_GRID, "Tháng sau", "Sang tháng sau"},
	{ACT_CANCEL, CTX_UNIT_GRID, "Đóng", "Lưu số vừa gõ và đóng"},

	{ACT_HELP, CTX_APPROVAL, "Giúp", "Trợ giúp: các phím của màn hình này"},
	{ACT_APPROVE, CTX_APPROVAL, "Duyệt", "Duyệt kết quả tháng của đơn vị đang chọn (khi mọi tổ đã gửi, mọi cấp dưới đã duyệt)"},
	{ACT_UNAPPROVE, CTX_APPROVAL, "Bỏ duyệt", "Bỏ duyệt đơn vị đang chọn: hỏi lý do, ghi nhật ký; bỏ từ cấp trên xuống"},
	{ACT_OPEN, CTX_APPROVAL, "Xem cấp dưới", "Xem tình trạng duyệt các đơn vị trực thuộc đơn vị đang chọn"},
	{ACT_BACK, CTX_APPROVAL, "Lên", "Trở lên đơn vị cấp trên (ở đơn vị đầu tiên: đóng)"},
	{ACT_PREV_PERIOD, CTX_APPROVAL, "Tháng trước", "Sang tháng trước"},
	{ACT_NEXT_PERIOD, CTX_APPROVAL, "Tháng sau", "Sang tháng sau"},
	{ACT_UP, CTX_APPROVAL, NULL, "Lên một dòng"},
	{ACT_DOWN, CTX_APPROVAL, NULL, "Xuống một dòng"},
	{ACT_PAGE_UP, CTX_APPROVAL, NULL, "Lên một trang"},
	{ACT_PAGE_DOWN, CTX_APPROVAL, NULL, "Xuống một trang"},
	{ACT_FIRST, CTX_APPROVAL, NULL, "Về dòng đầu"},
	{ACT_LAST, CTX_APPROVAL, NULL, "Xuống dòng cuối"},
	{ACT_QUIT, CTX_APPROVAL, "Đóng", "Đóng màn hình duyệt"},
	{ACT_INDICATORS, CTX_LISTS, "Chỉ tiêu", "Danh mục chỉ tiêu (thêm, sửa, sắp xếp) và chỉ tiêu giao của đơn vị"},
	{ACT_SETTINGS, CTX_LISTS, "Thiết lập", "Thiết lập: cơ quan, người ký, hạn gửi báo cáo, số bản sao lưu"},

	{ACT_HELP, CTX_INDICATORS | CTX_TARGETS, "Giúp", "Trợ giúp: các phím của màn hình này"},
	{ACT_NEW, CTX_INDICATORS, "Thêm", "Thêm chỉ tiêu vào danh mục"},
	{ACT_EDIT, CTX_INDICATORS, "Sửa", "Sửa chỉ tiêu đang chọn (mã chỉ đổi được khi chưa có số liệu)"},
	{ACT_OPEN, CTX_INDICATORS, NULL, "Sửa chỉ tiêu đang chọn"},
	{ACT_DELETE, CTX_INDICATORS, "Ngừng/Xóa", "Xóa chỉ tiêu chưa dùng; chỉ tiêu đã có số liệu thì ngừng dùng"},
	{ACT_MOVE_UP, CTX_INDICATORS, "Lên", "Đưa chỉ tiêu đang chọn lên trên một bậc"},
	{ACT_MOVE_DOWN, CTX_INDICATORS, "Xuống", "Đưa chỉ tiêu đang chọn xuống dưới một bậc"},
	{ACT_TARGETS, CTX_INDICATORS, "Chỉ tiêu giao", "Chỉ tiêu giao của đơn vị theo năm hoặc theo kỳ"},
	{ACT_NEW, CTX_TARGETS, "Thêm", "Đặt chỉ tiêu giao cho một chỉ tiêu, theo năm hoặc theo kỳ"},
	{ACT_EDIT, CTX_TARGETS, "Sửa", "Sửa chỉ tiêu giao đang chọn"},
	{ACT_OPEN, CTX_TARGETS, NULL, "Sửa chỉ tiêu giao đang chọn"},
	{ACT_DELETE, CTX_TARGETS, "Xóa", "Xóa chỉ tiêu giao đang chọn"},
	{ACT_CANCEL, CTX_INDICATORS | CTX_TARGETS, "Đóng", "Đóng màn hình này"},
	{ACT_BACK, CTX_INDICATORS | CTX_TARGETS, NULL, "Đóng màn hình này"},
	{ACT_QUIT, CTX_INDICATORS | CTX_TARGETS, NULL, "Đóng màn hình này"},
	{ACT_UP, CTX_INDICATORS | CTX_TARGETS, NULL, "Lên một dòng"},
	{ACT_DOWN, CTX_INDICATORS | CTX_TARGETS, NULL, "Xuống một dòng"},
	{ACT_PAGE_UP, CTX_INDICATORS | CTX_TARGETS, NULL, "Lên một trang"},
	{ACT_PAGE_DOWN, CTX_INDICATORS | CTX_TARGETS, NULL, "Xuống một trang"},
	{ACT_FIRST, CTX_INDICATORS | CTX_TARGETS, NULL, "Về đầu danh sách"},
	{ACT_LAST, CTX_INDICATORS | CTX_TARGETS, NULL, "Xuống cuối danh sách"},
	{ACT_BUNDLES, CTX_UNITS, NULL, "Gói dữ liệu: xung đột cần giải quyết, đơn vị cấp dưới gửi gói khi nào"},
	{ACT_TAKE_LOCAL, CTX_BUNDLE, "Giữ bản ở đây", "Giải quyết xung đột đang chọn: giữ bản ở đây"},
	{ACT_TAKE_INCOMING, CTX_BUNDLE, "Lấy bản nhận về", "Giải quyết xung đột đang chọn: lấy bản trong gói nhận về"},
	{ACT_SWITCH_VIEW, CTX_BUNDLE, "Xung đột/Tình trạng", "Chuyển giữa danh sách xung đột và tình trạng gửi gói"},
	{ACT_HELP, CTX_BUNDLE, "Giúp", "Trợ giúp: các phím của màn hình này"},
	{ACT_UP, CTX_BUNDLE, NULL, "Lên một dòng"},
	{ACT_DOWN, CTX_BUNDLE, NULL, "Xuống một dòng"},
	{ACT_PAGE_UP, CTX_BUNDLE, NULL, "Lên một trang"},
	{ACT_PAGE_DOWN, CTX_BUNDLE, NULL, "Xuống một trang"},
	{ACT_CANCEL, CTX_BUNDLE, "Đóng", "Về cây đơn vị"},
	{ACT_QUIT, CTX_BUNDLE, NULL, "Về cây đơn vị"},

	{ACT_HELP, CTX_DUPLICATES | CTX_VILLAGES, "Giúp", "Trợ giúp: các phím của màn hình này"},
	{ACT_OPEN, CTX_DUPLICATES, "Gộp", "Gộp hai hồ sơ đang chọn làm một (hỏi giữ hồ sơ nào; hoàn tác được)"},
	{ACT_MERGE, CTX_DUPLICATES, NULL, "Gộp hai hồ sơ đang chọn làm một"},
	{ACT_OPEN, CTX_VILLAGES, "Đổi tên", "Đổi tên thôn đang chọn"},
	{ACT_EDIT, CTX_VILLAGES, NULL, "Đổi tên thôn đang chọn"},
	{ACT_CANCEL, CTX_DUPLICATES | CTX_VILLAGES, "Đóng", "Về danh sách"},
	{ACT_BACK, CTX_DUPLICATES | CTX_VILLAGES, NULL, "Về danh sách"},
	{ACT_QUIT, CTX_DUPLICATES | CTX_VILLAGES, NULL, "Về danh sách"},
	{ACT_UP, CTX_DUPLICATES | CTX_VILLAGES, NULL, "Lên một dòng"},
	{ACT_DOWN, CTX_DUPLICATES | CTX_VILLAGES, NULL, "Xuống một dòng"},
	{ACT_PAGE_UP, CTX_DUPLICATES | CTX_VILLAGES, NULL, "Lên một trang"},
	{ACT_PAGE_DOWN, CTX_DUPLICATES | CTX_VILLAGES, NULL, "Xuống một trang"},
	{ACT_FIRST, CTX_DUPLICATES | CTX_VILLAGES, NULL, "Về đầu danh sách"},
	{ACT_LAST, CTX_DUPLICATES | CTX_VILLAGES, NULL, "Xuống cuối danh sách"},

	{ACT_NEXT_BUTTON, CTX_DIALOG, NULL, "Nút sau"},
	{ACT_PREV_BUTTON, CTX_DIALOG, NULL, "Nút trước"},
	{ACT_OPEN, CTX_DIALOG, "Chọn", "Bấm nút đang chọn"},
	{ACT_CANCEL, CTX_DIALOG, "Thôi", "Đóng hộp thoại"},

	{ACT_OFFICE, CTX_LISTS, "Đơn vị của bạn", "Về đơn vị của cơ quan bạn (chọn lần đầu), từ bất cứ màn hình nào"},
	{ACT_IMPORT, CTX_LISTS, "Nhập tệp", "Nhập đơn vị, thành viên hoặc kết quả tháng từ tệp CSV hay Excel"},
	{ACT_IMPORT, CTX_TRAININGS, "Nhập tệp", "Nhập điểm danh của lớp đang chọn từ tệp CSV hay Excel"},

	{ACT_LOAD_CURRENT, CTX_START, "Danh mục 2025", "Nạp danh mục đơn vị hành chính đang áp dụng (có sẵn trong cnscd)"},
	{ACT_LOAD_OLD, CTX_START, "Danh mục 2024", "Nạp danh mục 3 cấp trước ngày 01/07/2025 (có sẵn trong cnscd)"},
	{ACT_IMPORT, CTX_START, "Nhập tệp", "Nhập danh sách đơn vị từ tệp CSV hay Excel"},
	{ACT_NEW, CTX_START, "Tự thêm", "Tự thêm tỉnh/thành phố, rồi xã, thôn"},
	{ACT_OPEN, CTX_START, "Chọn", "Làm theo dòng đang chọn"},
	{ACT_HELP, CTX_START | CTX_PROBLEMS, "Giúp", "Trợ giúp: các phím của màn hình này"},
	{ACT_QUIT, CTX_START, "Thoát", "Thoát cnscd"},
	{ACT_UP, CTX_START | CTX_PLACE | CTX_FILES | CTX_PROBLEMS, NULL, "Lên một dòng"},
	{ACT_DOWN, CTX_START | CTX_PLACE | CTX_FILES | CTX_PROBLEMS, NULL, "Xuống một dòng"},
	{ACT_PAGE_UP, CTX_PLACE | CTX_FILES | CTX_PROBLEMS, NULL, "Lên một trang"},
	{ACT_PAGE_DOWN, CTX_PLACE | CTX_FILES | CTX_PROBLEMS, NULL, "Xuống một trang"},
	{ACT_FIRST, CTX_PROBLEMS, NULL, "Về dòng đầu"},
	{ACT_LAST, CTX_PROBLEMS, NULL, "Xuống dòng cuối"},

	/* Before Enter/→ and Esc/←: in a line being typed the arrows move the cursor. */
	{ACT_CHAR_LEFT, CTX_PLACE | CTX_FILES, NULL, "Lùi con trỏ"},
	{ACT_CHAR_RIGHT, CTX_PLACE | CTX_FILES, NULL, "Tiến con trỏ"},
	{ACT_LINE_START, CTX_PLACE | CTX_FILES, NULL, "Về đầu ô"},
	{ACT_LINE_END, CTX_PLACE | CTX_FILES, NULL, "Về cuối ô"},
	{ACT_DEL_PREV, CTX_PLACE | CTX_FILES, NULL, "Xóa chữ trước con trỏ"},
	{ACT_DEL_CHAR, CTX_PLACE | CTX_FILES, NULL, "Xóa chữ tại con trỏ"},
	{ACT_CLEAR, CTX_PLACE | CTX_FILES, NULL, "Xóa cả ô"},
	{ACT_OPEN, CTX_PLACE, "Chọn", "Chọn đơn vị đang chọn làm đơn vị của bạn"},
	{ACT_CANCEL, CTX_PLACE, "Để sau", "Đóng, chưa chọn (chọn sau bằng phím v, hoặc trong Thiết lập)"},
	{ACT_COMPLETE, CTX_FILES, "Điền tiếp", "Điền tiếp tên thư mục, tên tệp đang gõ"},
	{ACT_OPEN, CTX_FILES, "Nhập", "Nhập tệp đã gõ, hoặc tệp đang chọn trong danh sách"},
	{ACT_CANCEL, CTX_FILES, "Thôi", "Đóng, không nhập gì"},
	{ACT_SAVE, CTX_PROBLEMS, "Nhập phần đúng",
	 "Nhập các dòng đúng; các dòng lỗi (kèm lý do) ghi ra tệp .loi.csv cạnh tệp nhập"},
	{ACT_CANCEL, CTX_PROBLEMS, "Thôi", "Đóng, không ghi gì (sửa tệp rồi nhập lại)"},
	{ACT_OFFICE, CTX_REPORT | CTX_GRID | CTX_RESULTS | CTX_TRAININGS | CTX_HISTORY | CTX_APPROVAL |
	 CTX_INDICATORS | CTX_TARGETS | CTX_BUNDLE | CTX_DUPLICATES | CTX_VILLAGES, NULL, "Về đơn vị của bạn"},

	/* The runner's (screen.c), in every screen; pop-ups treat Ctrl-C as Esc. */
	{ACT_INTERRUPT, CTX_SCREENS, NULL, "Hỏi rồi thoát cnscd"},
};

/* The key bar's first actions, in this order, where the table's order is
 * not the best: so that the most used show at 80 columns. The others
 * follow in the table's order. */
static const struct {
	unsigned ctx;
	int action;
} bar_first[] = {
	{CTX_LISTS, ACT_OPEN}, {CTX_LISTS, ACT_SEARCH}, {CTX_LISTS, ACT_HELP}, {CTX_UNITS, ACT_TEAMS},
	{CTX_TEAMS, ACT_MONTH_RESULTS}, {CTX_LISTS, ACT_NEW}, {CTX_LISTS, ACT_EDIT}, {CTX_LISTS, ACT_REPORT},
	{CTX_UNITS, ACT_MONTH_RESULTS}, {CTX_UNITS | CTX_MEMBERS, ACT_TRAININGS}, {CTX_LISTS, ACT_DELETE},
	{CTX_LISTS, ACT_QUIT},
	{CTX_RESULTS, ACT_OPEN}, {CTX_RESULTS, ACT_BACK}, {CTX_RESULTS, ACT_HELP}, {CTX_RESULTS, ACT_EXPORT},
	{CTX_RESULTS, ACT_PERIOD_KIND}, {CTX_RESULTS, ACT_PREV_PERIOD}, {CTX_RESULTS, ACT_NEXT_PERIOD},
	{CTX_REPORT, ACT_OPEN}, {CTX_REPORT, ACT_BACK}, {CTX_REPORT, ACT_EXPORT}, {CTX_REPORT, ACT_HELP},
};

/* Actions on the place shown (the unit being viewed) rather than on the
 * highlighted row: "x Báo cáo" of the units list is the report of the unit
 * whose list it is, while "t Các tổ" opens the teams of the row. */
static const struct {
	unsigned ctx;
	int action;
} on_place[] = {
	{CTX_UNITS | CTX_TEAMS, ACT_REPORT}, {CTX_UNITS, ACT_MONTH_RESULTS}, {CTX_UNITS | CTX_TEAMS, ACT_NEW},
	{CTX_TEAMS, ACT_UNIT_GRID}, {CTX_UNITS, ACT_BUNDLES},
};

/* Keys meant to do different things on different screens: always things
 * of one kind. Every other key means one action wherever it works
 * (keys_conflicts, tests/cli/test_keymap.sh). */
static const int families[][7] = {
	/* Enter, →: go on, into, confirm */
	{ACT_OPEN, ACT_NEXT_FIELD, ACT_CHAR_RIGHT, ACT_NEXT_BUTTON},
	/* Esc, F10, q, ←, Backspace: back, out, close (in text: erase, move left) */
	{ACT_BACK, ACT_CANCEL, ACT_QUIT, ACT_CHAR_LEFT, ACT_PREV_BUTTON, ACT_DEL_PREV},
	/* Tab: the next field, cell, button, view, or the rest of a path */
	{ACT_NEXT_FIELD, ACT_NEXT_CELL, ACT_NEXT_BUTTON, ACT_SWITCH_VIEW, ACT_COMPLETE},
	/* Shift-Tab: the previous one */
	{ACT_PREV_FIELD, ACT_PREV_CELL, ACT_PREV_BUTTON},
	/* ↑ ↓: a line, or a field */
	{ACT_UP, ACT_PREV_FIELD},
	{ACT_DOWN, ACT_NEXT_FIELD},
	/* Home, End: of a list, or of the text typed */
	{ACT_FIRST, ACT_LINE_START},
	{ACT_LAST, ACT_LINE_END},
	/* Del: the row, or the character at the cursor */
	{ACT_DELETE, ACT_DEL_CHAR},
	/* x, F9: the report of the place shown, or the file of the report shown */
	{ACT_REPORT, ACT_EXPORT},
};

static bool in_family(const int *actions, int n)
{
	for (size_t f = 0; f < CN_ARRAY_LEN(families); f++) {
		bool all = true;
		for (int i = 0; i < n && all; i++) {
			bool found = false;
			for (int k = 0; k < 7 && families[f][k] && !found; k++)
				found = families[f][k] == actions[i];
			all = found;
		}
		if (all)
			return true;
	}
	return false;
}

static bool acts_on_place(unsigned ctx, int action)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(on_place); i++)
		if ((on_place[i].ctx & ctx) && on_place[i].action == action)
			return true;
	return false;
}

static const int *keys_of(int action)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(action_keys); i++)
		if (action_keys[i].action == action)
			return action_keys[i].keys;
	return NULL;
}

static bool action_has_key(int action, int key)
{
	const int *k = keys_of(action);
	for (int i = 0; k && i < 6 && k[i]; i++)
		if (k[i] == key)
			return true;
	return false;
}

/* In forms and the search box a printable character is text, whatever
 * else it may mean elsewhere ('?', 'q', 'e', ' '). */
static bool typed_as_text(unsigned ctx, int key)
{
	return (ctx & (CTX_FORMS | CTX_SEARCH | CTX_CHECKIN | CTX_PLACE | CTX_FILES)) && !(key & TK_FN) && key >= 32 &&
	       key != 127;
}

int keys_action(unsigned ctx, int key)
{
	if (typed_as_text(ctx, key))
		return ACT_NONE;
	for (size_t i = 0; i < CN_ARRAY_LEN(bindings); i++)
		if ((bindings[i].ctx & ctx) && action_has_key(bindings[i].action, key))
			return bindings[i].action;
	return ACT_NONE;
}

const char *keys_name(int key, char buf[16])
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{'\n', "Enter"}, {'\r', "Enter"}, {TK_K(KEY_ENTER), "Enter"}, {27, "Esc"}, {'\t', "Tab"},
		{TK_K(KEY_BTAB), "Shift-Tab"}, {127, "Backspace"}, {'\b', "Backspace"},
		{TK_K(KEY_BACKSPACE), "Backspace"}, {TK_K(KEY_UP), "↑"}, {TK_K(KEY_DOWN), "↓"},
		{TK_K(KEY_LEFT), "←"}, {TK_K(KEY_RIGHT), "→"}, {TK_K(KEY_PPAGE), "PgUp"},
		{TK_K(KEY_NPAGE), "PgDn"}, {TK_K(KEY_HOME), "Home"}, {TK_K(KEY_END), "End"},
		{TK_K(KEY_DC), "Del"}, {TK_K(KEY_IC), "Ins"}, {' ', "Space"}, {TK_INTERRUPT, "Ctrl-C"},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(names); i++)
		if (names[i].key == key)
			return names[i].name;
	if ((key & TK_FN) && (key & ~TK_FN) >= KEY_F(1) && (key & ~TK_FN) <= KEY_F(12))
		snprintf(buf, 16, "F%d", (key & ~TK_FN) - KEY_F0);
	else if (key > 0 && key < 32)
		snprintf(buf, 16, "Ctrl-%c", key + 'A' - 1);
	else if (key < 128)
		snprintf(buf, 16, "%c", key);
	else
		snprintf(buf, 16, "?");
	return buf;
}

void keys_describe(unsigned ctx, int action, int style, char *out, int size)
{
	const int *k = keys_of(action);
	int len = 0;
	out[0] = '\0';
	char last[16] = "";
	bool fkey = false;
	for (int i = 0; k && i < 6 && k[i] && len < size; i++) {
		char buf[16];
		/* Only the keys that do this here: Right opens a unit but moves
		 * the cursor in the search box. */
		if (keys_action(ctx, k[i]) != action)
			continue;
		const char *name = keys_name(k[i], buf);
		if (last[0] && strcmp(last, name) == 0)
			continue; /* '\n' and '\r' are both "Enter" */
		/* The bar: a letter where there is one, else the first key. */
		if (style == KEYS_BAR && !(k[i] & TK_FN) && k[i] > ' ' && k[i] < 127) {
			snprintf(out, (size_t)size, "%s", name);
			return;
		}
		if (style == KEYS_BAR)
			continue;
		if (style == KEYS_SHORT && last[0]) {
			/* The status line shows "F4/e": the F-key and its letter. */
			if (!fkey || k[i] < 'a' || k[i] > 'z')
				break;
			len += snprintf(out + len, (size_t)(size - len), "/%s", name);
			break;
		}
		if (!last[0])
			fkey = (k[i] & TK_FN) && (k[i] & ~TK_FN) >= KEY_F(1) && (k[i] & ~TK_FN) <= KEY_F(12);
		len += snprintf(out + len, (size_t)(size - len), "%s%s", last[0] ? ", " : "", name);
		snprintf(last, sizeof last, "%s", name);
	}
}

/* ITEMS[0..N) already holds ACTION. */
static bool listed(const struct key_bar_item *items, int n, int action)
{
	for (int i = 0; i < n; i++)
		if (items[i].action == action)
			return true;
	return false;
}

/* Adds binding B of CTX to the bar when it has a label and a key here. */
static int bar_add(unsigned ctx, const struct binding *b, struct key_bar_item *items, int n, int max)
{
	if (n >= max || !b->label || !(b->ctx & ctx) || listed(items, n, b->action))
		return n;
	struct key_bar_item *it = &items[n];
	keys_describe(ctx, b->action, KEYS_BAR, it->keys, sizeof it->keys);
	if (!it->keys[0])
		keys_describe(ctx, b->action, KEYS_SHORT, it->keys, sizeof it->keys);
	if (!it->keys[0])
		return n;
	it->action = b->action;
	it->label = b->label;
	it->place = acts_on_place(ctx, b->action);
	return n + 1;
}

int keys_bar(unsigned ctx, struct key_bar_item *items, int max)
{
	int n = 0;
	for (size_t f = 0; f < CN_ARRAY_LEN(bar_first); f++)
		for (size_t i = 0; (bar_first[f].ctx & ctx) && i < CN_ARRAY_LEN(bindings); i++)
			if (bindings[i].action == bar_first[f].action)
				n = bar_add(ctx, &bindings[i], items, n, max);
	for (size_t i = 0; i < CN_ARRAY_LEN(bindings); i++)
		n = bar_add(ctx, &bindings[i], items, n, max);
	return n;
}

/* What ACTION does, in a few words: the first label (or help) it has. */
static const char *action_words(int action)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(bindings); i++)
		if (bindings[i].action == action && bindings[i].label)
			return bindings[i].label;
	for (size_t i = 0; i < CN_ARRAY_LEN(bindings); i++)
		if (bindings[i].action == action)
			return bindings[i].help;
	return "?";
}

int keys_conflicts(void (*line)(const char *text, void *ctx), void *ctx)
{
	int bad = 0;
	for (size_t a = 0; a < CN_ARRAY_LEN(action_keys); a++)
		for (int k = 0; k < 6 && action_keys[a].keys[k]; k++) {
			int key = action_keys[a].keys[k], actions[32], n = 0;
			for (int bit = 0; bit < 32; bit++) {
				int act = keys_action(1u << bit, key);
				bool seen = act == ACT_NONE;
				for (int i = 0; i < n && !seen; i++)
					seen = actions[i] == act;
				if (!seen)
					actions[n++] = act;
			}
			if (n < 2 || in_family(actions, n))
				continue;
			/* Each key once: at the first action that has it. */
			bool first = true;
			for (size_t b = 0; b < a && first; b++)
				for (int j = 0; j < 6 && action_keys[b].keys[j]; j++)
					first = first && action_keys[b].keys[j] != key;
			if (!first)
				continue;
			bad++;
			char name[16], text[256];
			int len = snprintf(text, sizeof text, "%s:", keys_name(key, name));
			for (int i = 0; i < n && len < (int)sizeof text; i++)
				len += snprintf(text + len, sizeof text - (size_t)len, "%s «%s»", i ? "," : "",
						action_words(actions[i]));
			line(text, ctx);
		}
	return bad;
}

void keys_markdown(unsigned ctx, void (*line)(const char *text, void *ctx), void *ctx_arg)
{
	line("| Phím | Tác dụng |", ctx_arg);
	line("|---|---|", ctx_arg);
	int pos = 0, action;
	const char *label, *help;
	while (keys_next(ctx, false, &pos, &action, &label, &help)) {
		char keys[96], text[512];
		keys_describe(ctx, action, KEYS_ALL, keys, sizeof keys);
		if (!keys[0])
			continue;
		/* "|" would end the cell. */
		for (char *p = keys; *p; p++)
			if (*p == '|')
				*p = '/';
		snprintf(text, sizeof text, "| %s | %s%s |", keys, help, acts_on_place(ctx, action) ? " (ở đây)" : "");
		line(text, ctx_arg);
	}
}

const char *keys_short(unsigned ctx, int action)
{
	static char ring[4][48];
	static int next;
	char *out = ring[next++ % 4];
	keys_describe(ctx, action, KEYS_SHORT, out, sizeof ring[0]);
	return out;
}

bool keys_next(unsigned ctx, bool status_only, int *pos, int *action, const char **label, const char **help)
{
	for (; *pos < (int)CN_ARRAY_LEN(bindings); (*pos)++) {
		const struct binding *b = &bindings[*pos];
		if (!(b->ctx & ctx) || (status_only && !b->label))
			continue;
		*action = b->action;
		*label = b->label;
		*help = b->help;
		(*pos)++;
		return true;
	}
	return false;
}
