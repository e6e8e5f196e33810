#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tools/field_example.h"
#include "cnscd/os.h"
#include "cnscd/report.h"
#include "fixture.h"

/* A source over a fixed list of rows; FAIL_AT > 0 makes it fail there. */
enum { C_NAME, C_UNITS, C_WITH, C_PCT, C_SINCE, NC };

static const cn_report_col cols[NC] = {
	[C_NAME] = {"Tên", NULL, CN_COL_TEXT, 20, "Tên đơn vị", false, false, 0, 0, false, 0, 0},
	[C_UNITS] = {"Số đơn vị", NULL, CN_COL_INTEGER, 0, "Đơn vị", true, false, 0, 0, false, 0, 0},
	[C_WITH] = {"Có tổ", "Trong đó", CN_COL_INTEGER, 0, "Có tổ", true, false, 0, 0, false, 0, 0},
	[C_PCT] = {"Tỷ lệ", "Trong đó", CN_COL_PERCENT, 0, "Tỷ lệ", false, true, C_WITH, C_UNITS, false, 0, 0},
	[C_SINCE] = {"Từ ngày", NULL, CN_COL_DATE, 0, "Ngày", false, false, 0, 0, false, 0, 0},
};

struct fixed_row {
	int kind;
	const char *label, *stt;
	const char *name;
	long long units, with;
	const char *since;
};

struct fixed_src {
	const struct fixed_row *rows;
	int n, at, fail_at;
	cn_report_cell cells[NC];
};

static int fixed_next(void *ctx, cn_report_row *row, cn_error *err)
{
	struct fixed_src *s = ctx;
	if (s->fail_at && s->at == s->fail_at)
		return cn_fail(err, CN_EDB, "nguồn dữ liệu hỏng giữa chừng");
	if (s->at >= s->n)
		return 0;
	const struct fixed_row *f = &s->rows[s->at++];
	row->kind = f->kind;
	row->label = f->label;
	row->stt = f->stt;
	memset(s->cells, 0, sizeof s->cells);
	s->cells[C_NAME].text = f->name;
	s->cells[C_UNITS].num = f->units;
	s->cells[C_WITH].num = f->with;
	s->cells[C_SINCE].text = f->since;
	row->cells = s->cells;
	return 1;
}

static const struct fixed_row sample[] = {
	{CN_ROW_GROUP, "Nhóm A", "I", NULL, 0, 0, NULL},
	{CN_ROW_DATA, NULL, NULL, "Xã Một", 4, 3, "2025-07-01"},
	{CN_ROW_DATA, NULL, NULL, "=1+1", 6, 6, NULL},
	{CN_ROW_SUBTOTAL, "Cộng nhóm A", NULL, NULL, 0, 0, NULL},
	{CN_ROW_GROUP, "Nhóm B", "II", NULL, 0, 0, NULL},
	{CN_ROW_DATA, NULL, NULL, "@SUM(A1)", 0, 0, NULL},
	{CN_ROW_DATA, NULL, NULL, "Xã, \"Hai\"", 10, 1, NULL},
	{CN_ROW_SUBTOTAL, "Cộng nhóm B", NULL, NULL, 0, 0, NULL},
	{CN_ROW_TOTAL, "Tổng cộng", NULL, NULL, 0, 0, NULL},
};

static cn_report *sample_report(int fail_at)
{
	cn_report *r = cn_report_new("Báo cáo thử", "Thử", cols, NC);
	struct fixed_src *s = cn_calloc(1, sizeof *s);
	s->rows = sample;
	s->n = (int)CN_ARRAY_LEN(sample);
	s->fail_at = fail_at;
	r->rows = (cn_report_source){fixed_next, free, s};
	r->subtitle = cn_strdup("Kỳ thử");
	cn_report_add_note(r, "Ghi chú số %d", 1);
	return r;
}

/* Names in the test directory other than the database: nothing may be left
 * behind by a writer but the file it was asked for. */
static char *dir_listing(void)
{
	cn_buf b = {0};
	DIR *d = opendir(t_tmpdir());
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		if (strncmp(e->d_name, "test.db", 7) == 0)
			continue;
		cn_buf_adds(&b, e->d_name);
		cn_buf_addc(&b, ' ');
	}
	closedir(d);
	return cn_buf_steal(&b);
}

TEST(report_csv_has_bom_crlf_sums_and_quoted_formulas)
{
	cn_report *r = sample_report(0);
	cn_error err = {0};
	const char *path = t_path("out.csv");
	CHECK_INT(cn_report_write_csv(r, path, &err), CN_OK);
	cn_report_free(r);
	size_t len;
	char *text = cn_os_read_file(path, &len, &err);
	CHECK_STR(text, "\xEF\xBB\xBF"
			"STT,Tên,Số đơn vị,Trong đó - Có tổ,Trong đó - Tỷ lệ,Từ ngày\r\n"
			"I,Nhóm A,,,,\r\n"
			"1,Xã Một,4,3,75.0%,01/07/2025\r\n"
			"2,'=1+1,6,6,100.0%,\r\n"
			",Cộng nhóm A,10,9,90.0%,\r\n"
			"II,Nhóm B,,,,\r\n"
			"1,'@SUM(A1),0,0,,\r\n"
			"2,\"Xã, \"\"Hai\"\"\",10,1,10.0%,\r\n"
			",Cộng nhóm B,10,1,10.0%,\r\n"
			",Tổng cộng,20,10,50.0%,\r\n");
	free(text);
	struct stat st;
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	char *left = dir_listing();
	CHECK_STR(left, "out.csv ");
	free(left);
}

TEST(report_xlsx_is_written_private_without_leftovers)
{
	cn_report *r = sample_report(0);
	cn_error err = {0};
	const char *path = t_path("out.xlsx");
	CHECK_INT(cn_report_write(r, path, &err), CN_OK);
	cn_report_free(r);
	struct stat st;
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	CHECK(st.st_size > 1000);
	/* A zip file: "PK\3\4". */
	FILE *f = fopen(path, "rb");
	char magic[4] = {0};
	CHECK_INT(fread(magic, 1, 4, f), 4);
	fclose(f);
	CHECK(memcmp(magic, "PK\x03\x04", 4) == 0);
	char *left = dir_listing();
	CHECK_STR(left, "out.xlsx ");
	free(left);
}

/* A source that fails halfway: no file under the name, no temporary file,
 * and an older file of that name is left as it was. */
TEST(report_writers_leave_nothing_half_written)
{
	const char *kinds[] = {"a.xlsx", "a.csv"};
	for (int i = 0; i < 2; i++) {
		const char *path = t_path(kinds[i]);
		cn_report *r = sample_report(4);
		cn_error err = {0};
		CHECK_INT(cn_report_write(r, path, &err), CN_EDB);
		CHECK_HAS(err.msg, "hỏng giữa chừng");
		cn_report_free(r);
		CHECK(access(path, F_OK) != 0);
		char *left = dir_listing();
		CHECK_STR(left, "");
		free(left);
	}
	const char *old = t_write_file("old.csv", "bản cũ\n");
	cn_report *r = sample_report(2);
	cn_error err = {0};
	CHECK(cn_report_write(r, old, &err) != CN_OK);
	cn_report_free(r);
	char *text = cn_os_read_file(old, NULL, &err);
	CHECK_STR(text, "bản cũ\n");
	free(text);
}

/* Rows made on the fly: enough to outgrow a small file size limit. */
static int many_next(void *ctx, cn_report_row *row, cn_error *err)
{
	(void)err;
	struct fixed_src *s = ctx;
	if (s->at >= s->n)
		return 0;
	s->at++;
	memset(s->cells, 0, sizeof s->cells);
	s->cells[C_NAME].text = "Thôn có một cái tên khá dài để tệp lớn nhanh";
	s->cells[C_UNITS].num = s->at;
	s->cells[C_WITH].num = s->at / 2;
	row->kind = CN_ROW_DATA;
	row->cells = s->cells;
	return 1;
}

/* A write that fails halfway, as on a full disk (here a file size limit,
 * which this test's own process sets): a clear message, and nothing left. */
TEST(report_writers_fail_cleanly_when_the_disk_is_full)
{
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit lim = {64 * 1024, 64 * 1024};
	CHECK_INT(setrlimit(RLIMIT_FSIZE, &lim), 0);
	const char *names[] = {"big.csv", "big.xlsx"};
	for (int i = 0; i < 2; i++) {
		cn_report *r = cn_report_new("Lớn", "Lớn", cols, NC);
		struct fixed_src *s = cn_calloc(1, sizeof *s);
		s->n = 20000;
		r->rows = (cn_report_source){many_next, free, s};
		cn_error err = {0};
		const char *path = t_path(names[i]);
		CHECK_INT(cn_report_write(r, path, &err), CN_EFULL);
		CHECK_HAS(err.msg, "Không ghi được tệp «");
		CHECK_HAS(err.msg, "tệp vượt quá kích thước cho phép");
		cn_report_free(r);
		char *left = dir_listing();
		CHECK_STR(left, "");
		free(left);
	}
}

TEST(report_write_errors_are_clear)
{
	cn_error err = {0};
	cn_report *r = sample_report(0);
	CHECK_INT(cn_report_write(r, "/nonexistent/dir/x.xlsx", &err), CN_EIO);
	CHECK_STR(err.msg, "Không ghi được tệp «/nonexistent/dir/x.xlsx»: thư mục không tồn tại");
	CHECK_INT(cn_report_write(r, "/nonexistent/dir/x.csv", &err), CN_EIO);
	CHECK_HAS(err.msg, "thư mục không tồn tại");
	CHECK_INT(cn_report_write(r, t_path("x.pdf"), &err), CN_EINVAL);
	CHECK_HAS(err.msg, ".xlsx");
	/* A file where a directory should be. */
	const char *file = t_write_file("plain", "x");
	char *inside = cn_sprintf("%s/x.csv", file);
	CHECK_INT(cn_report_write(r, inside, &err), CN_EIO);
	CHECK_HAS(err.msg, "không phải là thư mục");
	free(inside);
	/* A directory under the name. */
	CHECK_INT(cn_report_write(r, t_tmpdir(), &err) != CN_OK, 1);
	cn_report_free(r);
	CHECK_INT(cn_report_format_for("a.XLSX"), CN_REPORT_XLSX);
	CHECK_INT(cn_report_format_for("a.Csv"), CN_REPORT_CSV);
	CHECK_INT(cn_report_format_for("-"), CN_REPORT_CSV);
	CHECK_INT(cn_report_format_for("dir.xlsx/file"), CN_REPORT_UNKNOWN);
	CHECK_INT(cn_report_format_for("noext"), CN_REPORT_UNKNOWN);
}

TEST(report_sheet_names_are_made_valid)
{
	cn_report *r = sample_report(0);
	free(r->sheet_name);
	r->sheet_name = cn_strdup("'Tổng hợp [2025]: a/b\\c*d?e — một tên rất dài quá 31 ký tự'");
	cn_error err = {0};
	CHECK_INT(cn_report_write_xlsx(r, t_path("s.xlsx"), &err), CN_OK);
	cn_report_free(r);
}

TEST(report_totals_sum_data_rows_per_group_and_block)
{
	cn_report *r = sample_report(0);
	cn_report_totals t;
	cn_report_totals_init(&t, r);
	cn_report_row row;
	cn_error err = {0};
	const cn_report_cell *last = NULL;
	int subtotals = 0;
	while (cn_report_next(r, &row, &err) == 1) {
		const cn_report_cell *c = cn_report_totals_feed(&t, r, &row);
		if (row.kind == CN_ROW_SUBTOTAL && ++subtotals == 1) {
			CHECK_INT(c[C_UNITS].num, 10);
			CHECK_INT(c[C_WITH].num, 9);
			CHECK(c[C_PCT].ratio > 0.899 && c[C_PCT].ratio < 0.901);
			CHECK(c[C_NAME].empty);
		}
		if (row.kind == CN_ROW_TOTAL)
			last = c;
	}
	CHECK(last != NULL);
	CHECK_INT(last[C_UNITS].num, 20);
	CHECK_INT(last[C_WITH].num, 10);
	CHECK(last[C_PCT].ratio == 0.5);
	cn_report_totals_free(&t);
	cn_report_free(r);
}

/* The screen, xlsx and CSV writers all ask these two: one rule each. */
TEST(report_total_label_and_blank_percent_rules)
{
	cn_report_cell own[NC] = {[C_NAME] = {.text = "Cộng riêng"}};
	cn_report_row total = {.kind = CN_ROW_TOTAL, .label = "Tổng cộng"};
	CHECK_STR(cn_row_label(&total, cols, NC), "Tổng cộng");
	total.cells = own; /* the source wrote its own label */
	CHECK(cn_row_label(&total, cols, NC) == NULL);
	cn_report_row plain = {.kind = CN_ROW_PLAIN, .label = "Chỉ tiêu giao", .cells = own};
	CHECK(cn_row_label(&plain, cols, NC) == NULL);
	cn_report_row ratio = {.kind = CN_ROW_RATIO, .label = "% đạt"};
	CHECK_STR(cn_row_label(&ratio, cols, NC), "% đạt");
	/* A first column of figures keeps its figure. */
	CHECK(cn_row_label(&ratio, &cols[C_UNITS], NC - 1) == NULL);
	cn_report_row data = {.kind = CN_ROW_DATA, .label = "x", .cells = own};
	CHECK(cn_row_label(&data, cols, NC) == NULL);
	cn_report_row unlabelled = {.kind = CN_ROW_TOTAL};
	CHECK(cn_row_label(&unlabelled, cols, NC) == NULL);

	double v = 1;
	cn_report_cell row[NC] = {[C_UNITS] = {.num = 4}, [C_WITH] = {.num = 1}};
	CHECK(cn_report_percent(&cols[C_PCT], &row[C_PCT], row, &v));
	CHECK(v == 0.25);
	row[C_UNITS].num = 0; /* nothing to divide by */
	CHECK(!cn_report_percent(&cols[C_PCT], &row[C_PCT], row, &v));
	const cn_report_col given = {.kind = CN_COL_PERCENT};
	cn_report_cell blank = {.empty = true}, half = {.ratio = 0.5};
	CHECK(!cn_report_percent(&given, &blank, NULL, &v));
	CHECK(cn_report_percent(&given, &half, NULL, &v) && v == 0.5);
}

TEST(report_summary_of_the_field_example)
{
	cn_db *db = fx_open();
	struct field_example fx;
	cn_error err = {0};
	CHECK_INT(field_example_build(db, &fx, &err), CN_OK);
	cn_setting_set(db, "office_name", "UBND huyện Hoà Bình", &err);
	cn_report *r = cn_report_summary(db, &(cn_report_params){.unit_id = fx.district}, &err);
	CHECK(r != NULL);
	CHECK_STR(r->heading.office, "UBND huyện Hoà Bình");
	CHECK_STR(r->heading.place, "Hoà Bình");
	CHECK_HAS(r->subtitle, "Đơn vị: huyện Hoà Bình, tỉnh Bạc Liêu – ");
	CHECK_STR(r->heading.number, "Số:          /BC-UBND");
	const char *path = t_path("summary.csv");
	CHECK_INT(cn_report_write(r, path, &err), CN_OK);
	cn_report_free(r);
	char *text = cn_os_read_file(path, NULL, &err);
	CHECK_HAS(text, "\r\n1,Cấp huyện,1,1,100.0%,1,7,1,1,");
	CHECK_HAS(text, "\r\n2,Cấp xã,8,8,100.0%,8,77,8,8,");
	CHECK_HAS(text, "\r\n3,Cấp thôn,68,68,100.0%,68,458,68,68,");
	char *total = cn_sprintf("\r\n,Tổng cộng,77,77,100.0%%,77,542,77,77,%lld,%lld\r\n", fx.women, fx.young);
	CHECK_HAS(text, total);
	/* Both parts end with the same total. */
	char *second = strstr(text, "II,Theo đơn vị trực thuộc");
	CHECK(second != NULL);
	CHECK_HAS(second, total);
	CHECK_HAS(second, "\r\n1,Riêng Huyện Hoà Bình,1,1,100.0%,1,7,");
	CHECK_HAS(second, "\r\n2,Thị trấn Hòa Bình,10,10,100.0%,10,73,");
	free(total);
	free(text);

	r = cn_report_summary(db, &(cn_report_params){0}, &err);
	CHECK(r != NULL);
	CHECK(r->heading.office == NULL || strcmp(r->heading.office, "UBND huyện Hoà Bình") == 0);
	CHECK_INT(cn_report_write(r, t_path("all.xlsx"), &err), CN_OK);
	cn_report_free(r);
	CHECK(cn_report_summary(db, &(cn_report_params){.unit_id = 12345}, &err) == NULL);
	cn_db_close(db);
}
