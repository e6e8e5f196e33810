/* What the importers look up again and again (unit codes, team names),
 * kept in bounded caches, and the key of a team named in a row. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/succession.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "import_internal.h"

void cn_import_cache_put(cn_strmap *m, const char *key, long long value)
{
	if (value < LONG_MIN || value > LONG_MAX || value == -1)
		return; /* not kept: -1 is "absent" (and long is 32 bits on Windows) */
	if (m->count >= CN_IMPORT_CACHE_MAX)
		cn_strmap_free(m);
	cn_strmap_put(m, key, (long)value);
}

long long cn_import_unit_cell(cn_import *imp, const cn_import_row *row, int col, cn_strmap *cache, const char *closed,
			      cn_unit *u)
{
	const char *cell = cn_import_field(imp, row, col);
	long cached = cn_strmap_get(cache, cell);
	if (cached > 0)
		return cached;
	cn_error e = {0};
	char *code = NULL;
	long long id = 0;
	if (cn_parse_name("Mã đơn vị", cell, 32, &code, &e) != CN_OK || cn_unit_find_code(imp->db, code, u, &e) != CN_OK)
		cn_import_reject_err(imp, imp->rec, col, &e);
	else if (closed && u->valid_to && cn_unit_refuse_closed(imp->db, u->id, closed, &e) != CN_OK)
		cn_import_reject_err(imp, imp->rec, col, &e); /* naming its successor */
	else
		id = u->id;
	if (id)
		cn_import_cache_put(cache, cell, id);
	free(code);
	return id;
}

bool cn_import_team_cell(cn_import *imp, const cn_import_row *row, int col, long long unit_id, char **name,
			 char **key)
{
	cn_error e = {0};
	*name = *key = NULL;
	if (cn_parse_text_opt("Tên tổ", cn_import_field(imp, row, col), 150, name, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, col, &e);
		return false;
	}
	char *folded = *name ? cn_text_fold(*name) : NULL;
	/* "<unit id>|<folded>", once a row: no printf. */
	char id[24];
	int n = sizeof id;
	unsigned long long u = unit_id > 0 ? (unsigned long long)unit_id : 0;
	do
		id[--n] = (char)('0' + u % 10);
	while ((u /= 10) > 0 && n > 0);
	size_t len = folded ? strlen(folded) : 0, digits = sizeof id - (size_t)n;
	*key = cn_malloc(digits + len + 2);
	memcpy(*key, id + n, digits);
	(*key)[digits] = '|';
	memcpy(*key + digits + 1, folded ? folded : "", len + 1);
	free(folded);
	return true;
}

void cn_import_set(cn_import *imp, const char *sql, long long a, long long b, long long c)
{
	sqlite3_stmt *st = cn_import_sql(imp, sql, NULL);
	if (!st)
		return;
	long long v[3] = {a, b, c};
	for (int i = 0; i < 3 && i < sqlite3_bind_parameter_count(st); i++)
		cn_bind_int(st, i + 1, v[i]);
	sqlite3_step(st);
	sqlite3_reset(st);
}

