/* Files from assets/ compiled into the program (see scripts/embed.py). */
#ifndef CNSCD_ASSETS_H
#define CNSCD_ASSETS_H

#include <stddef.h>

struct cn_asset {
	const char *path; /* relative to assets/, e.g. "migrations/0001_init.sql" */
	const char *data; /* NUL-terminated */
	size_t size;
};

/* Terminated by an entry whose path is NULL; sorted by path. */
extern const struct cn_asset cn_assets[];

/* The asset at PATH, or NULL. */
const struct cn_asset *cn_asset_find(const char *path);

#endif
