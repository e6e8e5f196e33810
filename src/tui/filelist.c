/* Listing folders for the import screen (filelist.h), through the
 * platform layer (cnscd/os.h): the same on Linux and Windows. */
#include "filelist.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnscd/os.h"
#include "cnscd/util.h"

#define MAX_FILES 200

static void add(struct file_list *l, char *path, char *shown, time_t mtime)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->e = cn_reallocarray(l->e, (size_t)l->cap, sizeof *l->e);
	}
	l->e[l->n++] = (struct file_entry){path, shown, mtime};
}

void files_clear(struct file_list *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->e[i].path);
		free(l->e[i].shown);
	}
	free(l->e);
	memset(l, 0, sizeof *l);
}

static bool spreadsheet(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && ((n > 4 && strcasecmp(name + n - 4, ".csv") == 0) ||
				  (n > 5 && strcasecmp(name + n - 5, ".xlsx") == 0));
}

char *files_expand(const char *path)
{
	return cn_os_expand_home(path);
}

/* The spreadsheets of DIR (shown as SHOWN_DIR). */
static void scan(struct file_list *out, const char *dir, const char *shown_dir)
{
	cn_os_dir *d = cn_os_opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while (out->n < MAX_FILES && (e = cn_os_readdir(d))) {
		if (!spreadsheet(e->d_name))
			continue;
		char *path = cn_sprintf("%s/%s", dir, e->d_name);
		cn_stat st;
		if (cn_os_stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		add(out, path, cn_sprintf("%s%s", shown_dir, e->d_name), st.st_mtime);
	}
	cn_os_closedir(d);
}

static int newest_first(const void *a, const void *b)
{
	const struct file_entry *x = a, *y = b;
	return x->mtime < y->mtime ? 1 : x->mtime > y->mtime ? -1 : strcmp(x->shown, y->shown);
}

void files_find(struct file_list *out)
{
	memset(out, 0, sizeof *out);
	scan(out, ".", "");
	static const char *const folders[] = {"Downloads", "Documents", "Tải về", "Tài liệu", "Desktop"};
	for (size_t i = 0; i < CN_ARRAY_LEN(folders); i++) {
		char *shown = cn_sprintf("~/%s/", folders[i]);
		char *dir = cn_os_expand_home(shown);
		if (strcmp(dir, shown) != 0) /* there is a home folder */
			scan(out, dir, shown);
		free(dir);
		free(shown);
	}
	if (out->n > 1)
		qsort(out->e, (size_t)out->n, sizeof *out->e, newest_first);
}

char *files_complete(const char *typed, struct file_list *choices)
{
	if (choices)
		memset(choices, 0, sizeof *choices);
	/* "~/Do" → folder "<home>/" and the start "Do"; shown as typed. */
	const char *slash = strrchr(typed, '/');
	char *dir_typed = slash ? cn_strndup(typed, (size_t)(slash - typed + 1)) : cn_strdup("");
	const char *start = slash ? slash + 1 : typed;
	char *dir = files_expand(*dir_typed ? dir_typed : ".");
	cn_os_dir *d = cn_os_opendir(dir);
	char *common = NULL;
	int matches = 0;
	bool only_dir = false;
	struct dirent *e;
	while (d && (e = cn_os_readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strncmp(e->d_name, start, strlen(start)) != 0 || (e->d_name[0] == '.' && start[0] != '.'))
			continue;
		char *full = cn_sprintf("%s/%s", dir, e->d_name);
		cn_stat st;
		bool is_dir = cn_os_stat(full, &st) == 0 && S_ISDIR(st.st_mode);
		if (!is_dir && !spreadsheet(e->d_name)) {
			free(full);
			continue;
		}
		matches++;
		only_dir = is_dir;
		if (!common) {
			common = cn_strdup(e->d_name);
		} else {
			size_t k = 0;
			while (common[k] && common[k] == e->d_name[k])
				k++;
			common[k] = '\0';
		}
		if (choices && choices->n < MAX_FILES)
			add(choices, full, cn_sprintf("%s%s%s", dir_typed, e->d_name, is_dir ? "/" : ""), st.st_mtime);
		else
			free(full);
	}
	if (d)
		cn_os_closedir(d);
	free(dir);
	char *out = NULL;
	if (common && (matches == 1 || strlen(common) > strlen(start)))
		out = cn_sprintf("%s%s%s", dir_typed, common, matches == 1 && only_dir ? "/" : "");
	if (choices && matches < 2)
		files_clear(choices);
	else if (choices && choices->n > 1)
		qsort(choices->e, (size_t)choices->n, sizeof *choices->e, newest_first);
	free(common);
	free(dir_typed);
	return out;
}
