/* libFuzzer target: the Excel workbook reader of the importers
 * (src/core/import_xlsx*.c: libzip, expat), fed any bytes as a .xlsx file
 * and read to the end as the importers read it, the first row as the
 * header and the cells of the next ones in the formats an importer asks
 * for (phone, date, month, padded code). Besides not crashing (ASan,
 * UBSan), it checks the row source's promises: a file that cannot be
 * opened or a row that cannot be read says why; fields are valid UTF-8;
 * every row has a line; reading ends. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnscd/text.h"
#include "import_xlsx_internal.h"

#define MAX_ROWS 100000

static char dir[] = "/tmp/cnscd-fuzz-xlsx-XXXXXX";
static char input[256];

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_xlsx: broken promise: %s\n", what);
		abort();
	}
}

static void remove_dir(void)
{
	unlink(input);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	check(mkdtemp(dir) != NULL, "temporary folder");
	snprintf(input, sizeof input, "%s/input.xlsx", dir);
	atexit(remove_dir);
	/* Small limits, so that a large part or cell is refused quickly. */
	cn_xlsx_limits.part_bytes = 4u << 20;
	cn_xlsx_limits.cell_bytes = 64u << 10;
	return 0;
}

static const cn_cell_format formats[] = {
	{CN_CELL_TEXT, 0}, {CN_CELL_PHONE, 0}, {CN_CELL_DATE, 0}, {CN_CELL_MONTH, 0}, {CN_CELL_TEXT, 5},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(input, "wb");
	check(f && fwrite(data, 1, size, f) == size && fclose(f) == 0, "the input file is written");
	cn_error err = {0};
	cn_row_source *src = cn_row_source_open(input, NULL, &err);
	if (!src) {
		check(err.msg[0] != '\0', "a refused workbook has a message");
		return 0;
	}
	check(src->spreadsheet, "a workbook is a spreadsheet source");
	for (int n = 0;; n++) {
		check(n < MAX_ROWS, "reading ends");
		cn_import_row row = {0};
		long line = 0;
		int column = 0;
		memset(&err, 0, sizeof err);
		int rc = src->read(src, &row, &line, &column, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			check(err.msg[0] != '\0', "an unreadable row has a message");
			check(cn_utf8_valid(err.msg, strlen(err.msg)), "the message is valid UTF-8");
			check(column >= 0, "the column is not negative");
			if (rc == CN_EIO)
				break;
			continue;
		}
		check(row.line > 0, "a row has a line");
		for (int i = 0; i < row.count; i++)
			check(row.fields[i] && cn_utf8_valid(row.fields[i], strlen(row.fields[i])),
			      "fields are valid UTF-8");
		if (n == 0 && src->set_formats)
			src->set_formats(src, formats, (int)(sizeof formats / sizeof *formats));
	}
	src->close(src);
	return 0;
}
