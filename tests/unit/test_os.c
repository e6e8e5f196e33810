/* The platform layer (cnscd/os.h) on Linux: the calls the rest of the
 * program counts on behave as it expects. The Windows side is checked
 * under wine by scripts/test-windows. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

TEST(os_lookup_names_a_link_as_a_link)
{
	const char *file = t_write_file("data.db", "12345");
	const char *link_path = t_path("link.db");
	CHECK_INT(symlink(file, link_path), 0);
	struct cn_os_entry e;
	CHECK_INT(cn_os_lookup(file, &e), 0);
	CHECK_INT(e.kind, CN_OS_FILE);
	CHECK_INT(e.size, 5);
	CHECK(e.own);
	CHECK_INT(cn_os_lookup(link_path, &e), 0);
	CHECK_INT(e.kind, CN_OS_LINK);
	CHECK_INT(cn_os_lookup(t_tmpdir(), &e), 0);
	CHECK_INT(e.kind, CN_OS_FOLDER);
	CHECK_INT(cn_os_lookup(t_path("missing"), &e), -1);
	CHECK_INT(errno, ENOENT);
}

TEST(os_plain_file_refuses_fifo_folder_and_device)
{
	enum cn_os_kind kind = 0;
	long long size = -1;
	int fd = cn_os_open_plain_file(t_write_file("b.cnscd", "abc"), &kind, &size);
	CHECK(fd >= 0);
	CHECK_INT(kind, CN_OS_FILE);
	CHECK_INT(size, 3);
	/* Blocking reads again: a file of data, not a non-blocking stream. */
	CHECK_INT(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	close(fd);
	const char *fifo = t_path("x.cnscd");
	CHECK_INT(mkfifo(fifo, 0600), 0);
	/* Returns at once (no writer is waited for) and refuses it. */
	CHECK_INT(cn_os_open_plain_file(fifo, &kind, &size), -1);
	CHECK_INT(errno, EINVAL);
	CHECK_INT(kind, CN_OS_OTHER);
	CHECK_INT(cn_os_open_plain_file(t_tmpdir(), &kind, &size), -1);
	CHECK_INT(errno, EINVAL);
	CHECK_INT(kind, CN_OS_FOLDER);
	CHECK_INT(cn_os_open_plain_file("/dev/null", &kind, &size), -1);
	CHECK_INT(kind, CN_OS_OTHER);
	CHECK_INT(cn_os_open_plain_file(t_path("missing"), &kind, &size), -1);
	CHECK_INT(errno, ENOENT);
}

TEST(os_temporary_names_and_files)
{
	char *t = cn_sprintf("%s/.copy-%ld-XXXXXX.tmp", t_tmpdir(), (long)getpid());
	int fd = cn_os_mkstemps(t, 4);
	CHECK(fd >= 0);
	CHECK(strstr(t, "XXXXXX") == NULL);
	CHECK(strcmp(t + strlen(t) - 4, ".tmp") == 0);
	cn_stat st;
	CHECK_INT(cn_os_stat(t, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	close(fd);
	free(t);
	FILE *f = cn_os_tmpfile();
	CHECK(f != NULL);
	CHECK(fputs("x", f) >= 0);
	fclose(f);
	setenv("TMPDIR", "/var/tmp/", 1);
	char *dir = cn_os_temp_dir();
	CHECK_STR(dir, "/var/tmp");
	free(dir);
	setenv("TMPDIR", "relative", 1);
	dir = cn_os_temp_dir();
	CHECK_STR(dir, "/tmp");
	free(dir);
	unsetenv("TMPDIR");
}

TEST(os_process_gone_only_when_it_is)
{
	CHECK(!cn_os_process_gone((long)getpid()));
	CHECK(!cn_os_process_gone(0));
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	CHECK(child > 0);
	int status;
	waitpid(child, &status, 0);
	CHECK(cn_os_process_gone((long)child));
}

TEST(os_files_and_folders_kept_to_their_owner)
{
	const char *db = t_write_file("open.db", "x");
	chmod(db, 0644);
	CHECK_INT(cn_os_open_to_others(db), 0644);
	CHECK_INT(cn_os_keep_to_owner(db), 0);
	CHECK_INT(cn_os_open_to_others(db), 0);
	/* A link is left alone, and so is what it leads to. */
	const char *target = t_write_file("target", "x");
	chmod(target, 0644);
	CHECK_INT(symlink(target, t_path("open.db-wal")), 0);
	CHECK_INT(cn_os_keep_to_owner(t_path("open.db-wal")), 0);
	CHECK_INT(cn_os_open_to_others(target), 0644);
	CHECK_INT(cn_os_keep_to_owner(t_path("missing")), -1);
	CHECK_INT(errno, ENOENT);
	char *dir = cn_sprintf("%s/backups", t_tmpdir());
	CHECK_INT(mkdir(dir, 0755), 0);
	CHECK_INT(cn_os_make_folder_private(dir), 0);
	cn_stat st;
	CHECK_INT(cn_os_stat(dir, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0700);
	free(dir);
	/* Another user's folder: root's /, when the tests do not run as root. */
	if (geteuid() != 0) {
		CHECK_INT(cn_os_make_folder_private("/"), -1);
		CHECK_INT(errno, EPERM);
	}
}

TEST(os_folder_work_never_follows_a_link)
{
	/* Elsewhere: a folder the sweep must not touch. */
	char *elsewhere = cn_sprintf("%s/elsewhere", t_tmpdir()), *shared = cn_sprintf("%s/shared", t_tmpdir());
	CHECK_INT(mkdir(elsewhere, 0700), 0);
	CHECK_INT(mkdir(shared, 0777), 0);
	char *precious = cn_sprintf("%s/lock", elsewhere);
	FILE *f = fopen(precious, "w");
	CHECK(f != NULL);
	fclose(f);
	char *planted = cn_sprintf("%s/.cnscd-tmp.planted", shared), *open_dir = cn_sprintf("%s/.cnscd-tmp.open", shared);
	CHECK_INT(symlink(elsewhere, planted), 0);
	CHECK_INT(mkdir(open_dir, 0755), 0);
	char *mine = cn_sprintf("%s/.cnscd-tmp.mine", shared);
	CHECK_INT(mkdir(mine, 0700), 0);

	cn_os_folder *d = cn_os_folder_open(shared);
	CHECK(d != NULL);
	int names = 0;
	for (const char *n; (n = cn_os_folder_next(d)) != NULL;)
		names++;
	CHECK_INT(names, 3);
	CHECK(cn_os_folder_open_at(d, ".cnscd-tmp.planted") == NULL);
	CHECK(errno == ELOOP || errno == ENOTDIR);
	CHECK(cn_os_folder_open_private(d, ".cnscd-tmp.planted") == NULL);
	CHECK(cn_os_folder_open_private(d, ".cnscd-tmp.open") == NULL); /* not 0700 */
	cn_os_folder *real = cn_os_folder_open_at(d, ".cnscd-tmp.open"); /* a real folder, if not private */
	CHECK(real != NULL);
	cn_os_folder_close(real);
	struct cn_os_entry e;
	CHECK_INT(cn_os_folder_lookup(d, ".cnscd-tmp.planted", &e), 0);
	CHECK_INT(e.kind, CN_OS_LINK);
	/* A file opened in it never goes through a link. */
	CHECK_INT(symlink(precious, t_path("shared/lock")), 0);
	CHECK_INT(cn_os_folder_open_file(d, "lock", O_RDWR, 0), -1);
	CHECK_INT(errno, ELOOP);
	/* Removing the link removes the link. */
	CHECK_INT(cn_os_folder_unlink(d, ".cnscd-tmp.planted"), 0);
	CHECK_INT(cn_os_access(precious, F_OK), 0);

	cn_os_folder *s = cn_os_folder_open_private(d, ".cnscd-tmp.mine");
	CHECK(s != NULL);
	int fd = cn_os_folder_open_file(s, "file", O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, "report", 6) == 6);
	close(fd);
	CHECK(time(NULL) - cn_os_folder_mtime(s) < 60);
	char *report = cn_sprintf("%s/report.csv", shared);
	CHECK_INT(cn_os_folder_move_out(s, "file", report), 0);
	CHECK_INT(cn_os_access(report, F_OK), 0);
	cn_os_folder_close(s);
	CHECK_INT(cn_os_folder_rmdir(d, ".cnscd-tmp.mine"), 0);
	CHECK_INT(cn_os_access(mine, F_OK), -1);
	cn_os_folder_close(d);
	free(report);
	free(mine);
	free(planted);
	free(open_dir);
	free(precious);
	free(shared);
	free(elsewhere);
}
