/* The official lists of administrative units that ship inside cnscd
 * (assets/official/, compiled in): the 2-level list in force since
 * 01/07/2025, the last 3-level list (2024) and the 2024 → 2025 mapping.
 * Their sources and licences are in assets/official/SOURCE.md.
 *
 * Each list has a path of its own, "cnscd:units-2025.csv", that every
 * reader of files (the importers, the reorganisation) opens as if it
 * were a file: so a user names a list ("2025") where a file could go. */
#ifndef CNSCD_OFFICIAL_H
#define CNSCD_OFFICIAL_H

#include <stdbool.h>
#include <stddef.h>

/* What starts the path of a list inside the program. No file path does:
 * a Windows drive is one letter. */
#define CN_OFFICIAL_SCHEME "cnscd:"

typedef struct cn_official_list {
	const char *name;     /* what the commands take: "2025", "2024" */
	const char *path;     /* "cnscd:units-2025.csv" */
	const char *title;    /* "Danh mục 2 cấp từ 01/07/2025 (34 tỉnh, 3.321 xã)" */
	const char *in_force; /* ISO: the first day the list applied */
	const char *until;    /* ISO: its last day, NULL while in force */
	int provinces, districts, communes;
	/* The reorganisation that led to this list: the mapping's path
	 * ("cnscd:mapping-2025.csv") and the list it starts from, or NULLs. */
	const char *mapping, *mapped_from;
} cn_official_list;

/* The lists, newest first (the first is the one in force); *N the count. */
const cn_official_list *cn_official_lists(int *n);
/* The list called NAME ("2025", "2024"), or NULL. */
const cn_official_list *cn_official_find(const char *name);
/* The list in force today. */
const cn_official_list *cn_official_current(void);

/* True (DATA, LEN set) when PATH names a list or mapping inside cnscd. */
bool cn_official_data(const char *path, const char **data, size_t *len);

#endif
