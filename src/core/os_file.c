/* Reading a whole small file (cnscd/os.h), on both systems: through
 * cn_os_fopen, so that a UTF-8 path works on Windows too. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cnscd/os.h"
#include "cnscd/util.h"

char *cn_os_read_file(const char *path, size_t *len, cn_error *err)
{
	FILE *f = cn_os_fopen(path, "rb");
	if (!f) {
		cn_fail(err, CN_EIO, "Không mở được tệp %s: %s", path, strerror(errno));
		return NULL;
	}
	cn_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		cn_buf_add(&b, chunk, n);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		cn_buf_free(&b);
		cn_fail(err, CN_EIO, "Không đọc được tệp %s", path);
		return NULL;
	}
	if (len)
		*len = b.len;
	return cn_buf_steal(&b);
}
