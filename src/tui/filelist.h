/* Files a user may want to import: the spreadsheets (.csv, .xlsx) of the
 * folders where downloads and documents land, and the completion of a
 * path being typed. The one place the interface lists folders. */
#ifndef CNSCD_TUI_FILELIST_H
#define CNSCD_TUI_FILELIST_H

#include <stdbool.h>
#include <time.h>

struct file_entry {
	char *path;  /* as it opens: "/home/an/Downloads/thanh-vien.xlsx" */
	char *shown; /* as the list shows it: "~/Downloads/thanh-vien.xlsx" */
	time_t mtime;
};

struct file_list {
	struct file_entry *e;
	int n, cap;
};

/* The .csv and .xlsx files of the current folder, ~/Downloads and
 * ~/Documents (and their Vietnamese names, "Tải về", "Tài liệu"), newest
 * first, at most 200. */
void files_find(struct file_list *out);
void files_clear(struct file_list *l);

/* "~/x" → "<home>/x"; other paths as they are. Malloc'd. */
char *files_expand(const char *path);

/* Completes the path TYPED as a shell does on Tab: to the one name it
 * can only be (a folder gets its '/'), or to what the names it can be
 * share. Malloc'd, or NULL when nothing completes; CHOICES (when not
 * NULL) receives those names when there are several. */
char *files_complete(const char *typed, struct file_list *choices);

#endif
