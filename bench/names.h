/* Vietnamese family, middle and given names with rough frequencies, for the
 * benchmark data generator. Facts of the language, not anyone's data. */
#ifndef CNSCD_BENCH_NAMES_H
#define CNSCD_BENCH_NAMES_H

struct weighted {
	const char *text;
	int weight; /* per mille, roughly */
};

static const struct weighted family_names[] = {
	{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 30}, {"Huỳnh", 20}, {"Phan", 45},
	{"Vũ", 20}, {"Võ", 19}, {"Đặng", 21}, {"Bùi", 20}, {"Đỗ", 14}, {"Hồ", 13}, {"Ngô", 13}, {"Dương", 10},
	{"Lý", 5}, {"Đinh", 8}, {"Trương", 8}, {"Lương", 5}, {"Mai", 5}, {"Tạ", 3}, {"Thái", 3}, {"Triệu", 3},
	{"Lò", 2}, {"Hà", 6}, {"Cao", 4}, {"Quách", 2}, {"Kim", 2}, {"Châu", 3}, {"Lâm", 4}, {"Đoàn", 6},
};

static const char *const male_middle[] = {"Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân",
					  "Hoàng", "Trọng", "Ngọc", "Đình", "Quang", "Tuấn", "Bá"};
static const char *const female_middle[] = {"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ",
					    "Hồng", "Thùy", "Phương", "Diệu", "Bích", "Khánh"};
static const char *const male_given[] = {
	"An", "Anh", "Bảo", "Bình", "Cường", "Công", "Dũng", "Duy", "Đạt", "Đức", "Giang", "Hải", "Hào",
	"Hiếu", "Hòa", "Hoàng", "Hùng", "Huy", "Khang", "Khánh", "Kiên", "Lâm", "Long", "Lộc", "Luân",
	"Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài",
	"Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Khoa",
	"Thuận", "Tiến", "Định", "Điền", "Lực", "Hưng", "Kiệt", "Thái", "Tú", "Quý", "Sang"};
static const char *const female_given[] = {
	"An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
	"Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Hường", "Huyền", "Khánh", "Lan", "Liên", "Linh", "Loan",
	"Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo",
	"Thơ", "Thủy", "Thuỷ", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến", "Hoà", "Khoẻ"};

#endif
