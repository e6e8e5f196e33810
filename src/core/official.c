#include "cnscd/official.h"

#include <stdio.h>
#include <string.h>

#include "cnscd/assets.h"
#include "cnscd/util.h"

static const cn_official_list lists[] = {
	{"2025", CN_OFFICIAL_SCHEME "units-2025.csv",
	 "Danh mục 2 cấp từ 01/07/2025 (34 tỉnh, thành phố; 3.321 xã, phường, đặc khu)", "2025-07-01", NULL, 34, 0,
	 3321, CN_OFFICIAL_SCHEME "mapping-2025.csv", "2024"},
	{"2024", CN_OFFICIAL_SCHEME "units-2024.csv",
	 "Danh mục 3 cấp 01/03/2025–30/06/2025 (63 tỉnh, thành phố; 696 huyện; 10.035 xã)", "2025-03-01",
	 "2025-06-30", 63, 696, 10035, NULL, NULL},
};

const cn_official_list *cn_official_lists(int *n)
{
	*n = (int)CN_ARRAY_LEN(lists);
	return lists;
}

const cn_official_list *cn_official_find(const char *name)
{
	for (size_t i = 0; name && i < CN_ARRAY_LEN(lists); i++)
		if (strcmp(lists[i].name, name) == 0)
			return &lists[i];
	return NULL;
}

const cn_official_list *cn_official_current(void)
{
	return &lists[0];
}

bool cn_official_data(const char *path, const char **data, size_t *len)
{
	size_t k = strlen(CN_OFFICIAL_SCHEME);
	if (!path || strncmp(path, CN_OFFICIAL_SCHEME, k) != 0)
		return false;
	char asset[64];
	snprintf(asset, sizeof asset, "official/%s", path + k);
	const struct cn_asset *a = cn_asset_find(asset);
	if (!a)
		return false;
	*data = a->data;
	*len = a->size;
	return true;
}
