/* The platform layer (cnscd/os.h) on Linux: the calls the rest of the
 * program counts on behave as it expects. The Windows side is checked
 * under wine by scripts/test-windows. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnscd/os.h"
#include "cnscd/util.h"
#include "t.h"

TEST(os_same_file_sees_links_not_copies)
{
	const char *a = t_write_file("a.db", "x");
	const char *copy = t_write_file("copy.db", "x");
	char *link_path = cn_sprintf("%s/link.db", t_tmpdir());
	CHECK_INT(cn_os_link(a, link_path), 0);
	CHECK(cn_os_same_file(a, link_path));
	CHECK(!cn_os_same_file(a, copy));
	CHECK(!cn_os_same_file(a, t_path("missing.db")));
	CHECK_INT(cn_os_link(a, link_path), -1); /* never replaces */
	CHECK_INT(errno, EEXIST);
	free(link_path);
}

TEST(os_replace_takes_the_place_of_a_file)
{
	const char *from = t_write_file("new.txt", "new");
	const char *to = t_write_file("old.txt", "old");
	CHECK_INT(cn_os_replace(from, to), 0);
	FILE *f = cn_os_fopen(to, "r");
	char buf[8] = "";
	CHECK(f && fgets(buf, sizeof buf, f));
	CHECK_STR(buf, "new");
	fclose(f);
	CHECK_INT(cn_os_access(from, F_OK), -1);
}

TEST(os_lock_is_held_against_another_open)
{
	const char *path = t_write_file("lock", "");
	int a = cn_os_open(path, O_RDWR | O_CLOEXEC, 0), b = cn_os_open(path, O_RDWR | O_CLOEXEC, 0);
	CHECK(a >= 0 && b >= 0);
	CHECK_INT(cn_os_lock(a, false), 0);
	CHECK_INT(cn_os_lock(b, false), -1);
	CHECK_INT(errno, EWOULDBLOCK);
	close(a);
	CHECK_INT(cn_os_lock(b, false), 0);
	close(b);
}

TEST(os_temporary_folder_and_file_are_private)
{
	char *dir = cn_sprintf("%s/.tmp.XXXXXX", t_tmpdir());
	CHECK(cn_os_mkdtemp(dir) == dir);
	cn_stat st;
	CHECK_INT(cn_os_stat(dir, &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_INT(st.st_mode & 0777, 0700);
	char *file = cn_sprintf("%s/f.XXXXXX", dir);
	int fd = cn_os_mkstemp(file);
	CHECK(fd >= 0);
	CHECK_INT(cn_os_stat(file, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	close(fd);
	CHECK_INT(cn_os_unlink(file), 0);
	CHECK_INT(cn_os_rmdir(dir), 0);
	free(file);
	free(dir);
}

TEST(os_folder_listing_gives_utf8_names)
{
	t_write_file("báo cáo tháng 7.xlsx", "");
	cn_os_dir *d = cn_os_opendir(t_tmpdir());
	CHECK(d != NULL);
	bool seen = false;
	struct dirent *e;
	while ((e = cn_os_readdir(d)) != NULL)
		seen = seen || strcmp(e->d_name, "báo cáo tháng 7.xlsx") == 0;
	cn_os_closedir(d);
	CHECK(seen);
}

TEST(os_wide_text_to_utf8_and_columns)
{
	/* As the interface runs: in a UTF-8 locale (cn_os_terminal_utf8). */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		t_skip("no C.UTF-8 locale");
	const wchar_t *w = L"Lý Thị Mỹ Hạnh";
	char buf[64];
	size_t n = cn_os_wcs_to_utf8(buf, w, sizeof buf - 1);
	buf[n] = '\0';
	CHECK_STR(buf, "Lý Thị Mỹ Hạnh");
	CHECK_INT(cn_os_wcswidth(w, wcslen(w)), 14);
	/* Never half a character when the room runs out: "Lý" is 3 bytes. */
	n = cn_os_wcs_to_utf8(buf, w, 2);
	CHECK_INT(n, 1);
}

TEST(os_default_folders)
{
	setenv("HOME", "/home/u", 1);
	unsetenv("XDG_DATA_HOME");
	char *data = cn_os_data_home(), *docs = cn_os_documents_dir(), *typed = cn_os_expand_home("~/x.xlsx");
	CHECK_STR(data, "/home/u/.local/share");
	CHECK_STR(docs, "/home/u");
	CHECK_STR(typed, "/home/u/x.xlsx");
	free(data);
	free(docs);
	free(typed);
}
