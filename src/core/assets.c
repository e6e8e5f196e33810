#include "cnscd/assets.h"

#include <string.h>

const struct cn_asset *cn_asset_find(const char *path)
{
	for (const struct cn_asset *a = cn_assets; a->path; a++)
		if (strcmp(a->path, path) == 0)
			return a;
	return NULL;
}
