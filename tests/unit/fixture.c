/* The migrated database that fx_open copies. Creating and migrating a
 * database commits with synchronous=FULL, ~57 ms of fsyncs; copying a file
 * made once per run costs none, and the copy is the same database. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "fixture.h"

static char template_path[4096];

void t_prepare(const char *run_dir)
{
	snprintf(template_path, sizeof template_path, "%s/template.db", run_dir);
	cn_error err = {0};
	cn_db *db = cn_store_open(template_path, CN_DB_CREATE, &err);
	if (!db) {
		/* fx_open then creates each database itself. */
		fprintf(stderr, "template database %s: %s\n", template_path, err.msg);
		template_path[0] = '\0';
		return;
	}
	/* Closing the last connection checkpoints the WAL into the file. */
	cn_db_close(db);
}

/* Copies the template to PATH unless PATH exists (a test reopening its
 * database). False when the copy failed part-way. */
static bool copy_template(const char *path)
{
	if (!template_path[0])
		return true;
	int out = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (out < 0)
		return errno == EEXIST;
	int in = open(template_path, O_RDONLY);
	char buf[65536];
	ssize_t n = in < 0 ? -1 : 0;
	while (in >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	if (in >= 0)
		close(in);
	close(out);
	if (n < 0)
		unlink(path);
	return n == 0;
}

cn_db *fx_open(void)
{
	const char *path = t_path("test.db");
	if (!copy_template(path))
		t_fail(__FILE__, __LINE__, "copy of the template database to %s failed", path);
	cn_error err = {0};
	cn_db *db = cn_store_open(path, CN_DB_CREATE, &err);
	if (!db)
		t_fail(__FILE__, __LINE__, "open: %s", err.msg);
	return db;
}
