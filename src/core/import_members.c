#include "import_internal.h"
int cn_import_members(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
		      cn_error *err)
{
	(void)db; (void)path; (void)opt; (void)res;
	return cn_fail(err, CN_EINVAL, "todo");
}
