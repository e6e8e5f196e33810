/* libFuzzer target: the CSV reader (src/core/csv.c), fed any bytes as a
 * file. Besides not crashing (ASan, UBSan), it checks what the reader
 * promises: it ends, every error has a message, rows hold valid UTF-8,
 * their line numbers never go back; a row written back with the CSV
 * writer reads back the same; the same bytes in memory (the official lists
 * inside cnscd) read as the same rows, and both readers count every byte. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/csv.h"
#include "cnscd/text.h"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_csv: broken promise: %s\n", what);
		abort();
	}
}

/* Writes ROW with cn_csv_put_row after a first row "x" (so a BOM-looking
 * start of the row stays data), reads both back, compares. */
static void round_trip(const cn_csv_row *row)
{
	/* The writer puts one empty field as an empty line, which readers skip:
	 * a known limit (no export writes one-column rows). */
	if (row->count == 1 && row->fields[0][0] == '\0')
		return;
	char *text = NULL;
	size_t len = 0;
	FILE *w = open_memstream(&text, &len);
	const char *first = "x";
	cn_csv_put_row(w, &first, 1);
	cn_csv_put_row(w, (const char *const *)row->fields, row->count);
	fclose(w);
	FILE *r = fmemopen(text, len, "rb");
	cn_csv_reader *back = cn_csv_reader_new(r);
	cn_csv_row got;
	cn_error err = {0};
	check(cn_csv_read(back, &got, &err) == 1 && got.count == 1 && strcmp(got.fields[0], "x") == 0,
	      "round trip: first row");
	check(cn_csv_read(back, &got, &err) == 1, "round trip: the row reads back");
	check(got.count == row->count, "round trip: same number of fields");
	for (int i = 0; i < row->count; i++)
		check(strcmp(got.fields[i], row->fields[i]) == 0, "round trip: same field");
	check(cn_csv_read(back, &got, &err) == 0, "round trip: nothing after");
	cn_csv_free(back);
	fclose(r);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0; /* fmemopen wants a buffer */
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	cn_csv_reader *r = cn_csv_reader_new(f), *m = cn_csv_reader_new_mem((const char *)data, size);
	long last_line = 0;
	size_t reads = 0;
	for (;;) {
		cn_csv_row row;
		cn_error err = {0};
		int rc = cn_csv_read(r, &row, &err);
		cn_csv_row mrow;
		cn_error merr = {0};
		int mrc = cn_csv_read(m, &mrow, &merr);
		check(mrc == rc, "in memory: the same outcome");
		if (rc > 0) {
			check(mrow.count == row.count && mrow.line == row.line, "in memory: the same row");
			for (int i = 0; i < row.count; i++)
				check(strcmp(mrow.fields[i], row.fields[i]) == 0, "in memory: the same fields");
		}
		if (rc == 0)
			break;
		check(++reads <= size + 1, "the reader ends");
		if (rc < 0) {
			check(err.msg[0] != '\0', "an error has a message");
			continue;
		}
		check(rc == 1 && row.count >= 1 && row.count <= CN_CSV_MAX_COLUMNS, "a row has 1..1000 fields");
		check(row.line >= last_line && row.line >= 1, "line numbers never go back");
		last_line = row.line;
		for (int i = 0; i < row.count; i++)
			check(cn_utf8_valid(row.fields[i], strlen(row.fields[i])), "fields are valid UTF-8");
		round_trip(&row);
	}
	check(cn_csv_offset(r) == (long long)size && cn_csv_offset(m) == (long long)size, "every byte counted");
	cn_csv_free(r);
	cn_csv_free(m);
	fclose(f);
	return 0;
}
