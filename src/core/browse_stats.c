/* Figures the browser shows beside each unit and in its dialogs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "cnscd/browse.h"
#include "cnscd/unit.h"
#include "db_internal.h"

static long long count_one(cn_db *db, sqlite3_stmt *st, int *rc, cn_error *err)
{
	long long n = 0;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else if (*rc == CN_OK)
		*rc = cn_db_fail(db, err, "Không đọc được số liệu");
	sqlite3_reset(st);
	return n;
}

/* Lower-case copy of a unit type for "68/68 ấp có tổ". */
static void lower_noun(const char *s, char *out, size_t size)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	size_t o = 0;
	while (len > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &c);
		if (n <= 0)
			break;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_tolower(c), enc);
		if (o + (size_t)k + 1 > size)
			break;
		memcpy(out + o, enc, (size_t)k);
		o += (size_t)k;
		p += n;
		len -= n;
	}
	out[o] = '\0';
}

/* Children, their common type (or level) and how many have a team. */
static int child_figures(cn_db *db, long long unit_id, cn_unit_stats *out, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT count(*), count(DISTINCT type), min(type), min(level) FROM unit "
		"WHERE parent_id IS ?1 AND valid_to IS NULL", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int_or_null(st, 1, unit_id);
	int rc = CN_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->children = sqlite3_column_int64(st, 0);
		if (out->children > 0 && sqlite3_column_int(st, 1) == 1)
			lower_noun(cn_col_text(st, 2), out->child_noun, sizeof out->child_noun);
		else if (out->children > 0)
			snprintf(out->child_noun, sizeof out->child_noun, "%s",
				 cn_level_noun(sqlite3_column_int(st, 3)));
	} else {
		rc = cn_db_fail(db, err, "Không đọc được số liệu");
	}
	sqlite3_reset(st);
	if (rc != CN_OK || out->children == 0)
		return rc;
	st = cn_db_stmt(db,
		"SELECT count(*) FROM unit c WHERE c.parent_id IS ?1 AND c.valid_to IS NULL AND EXISTS ("
		" SELECT 1 FROM unit_tally d"
		" WHERE d.path >= c.path AND d.path < substr(c.path, 1, length(c.path) - 1) || '0'"
		" AND d.teams > 0)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int_or_null(st, 1, unit_id);
	out->covered = count_one(db, st, &rc, err);
	return rc;
}

int cn_browse_unit_stats(cn_db *db, long long unit_id, cn_unit_stats *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	char *path = NULL;
	if (unit_id) {
		sqlite3_stmt *st = cn_db_stmt(db, "SELECT path FROM unit WHERE id = ?", err);
		if (!st)
			return err ? err->code : CN_EDB;
		cn_bind_int(st, 1, unit_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			path = cn_col_dup(st, 0);
		sqlite3_reset(st);
		if (!path)
			return cn_fail(err, CN_ENOTFOUND, "Không tìm thấy đơn vị");
	} else {
		path = cn_strdup("/"); /* every path starts with '/' */
	}
	char *end = cn_path_end(path);
	int rc = child_figures(db, unit_id, out, err);
	/* unit_tally (migration 0007) holds each unit's own active teams and
	 * members: a subtree adds up one small row per unit. */
	sqlite3_stmt *st = rc == CN_OK ? cn_db_stmt(db,
		"SELECT coalesce(sum(teams), 0), coalesce(sum(members), 0) FROM unit_tally "
		"WHERE path >= ?1 AND path < ?2", err) : NULL;
	if (st) {
		cn_bind_text(st, 1, path);
		cn_bind_text(st, 2, end);
		if (sqlite3_step(st) == SQLITE_ROW) {
			out->teams = sqlite3_column_int64(st, 0);
			out->members = sqlite3_column_int64(st, 1);
		} else if (rc == CN_OK) {
			rc = cn_db_fail(db, err, "Không đọc được số liệu");
		}
		sqlite3_reset(st);
	}
	free(path);
	free(end);
	return rc;
}

int cn_browse_ancestors(cn_db *db, long long unit_id, long long *ids, int max)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT path FROM unit WHERE id = ?", NULL);
	if (!st || max <= 0)
		return 0;
	cn_bind_int(st, 1, unit_id);
	int n = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		/* The path '/1/7/42/' lists the ancestors from the top. */
		for (const char *p = cn_col_text(st, 0); *p && n < max; p++)
			if (*p == '/' && p[1])
				ids[n++] = strtoll(p + 1, NULL, 10);
	}
	sqlite3_reset(st);
	return n;
}

int cn_browse_team_members(cn_db *db, long long team_id, long long *active, long long *all)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT coalesce(max(active), 0), coalesce(max(total), 0) FROM team_tally WHERE team_id = ?", NULL);
	*active = *all = 0;
	if (!st)
		return CN_EDB;
	cn_bind_int(st, 1, team_id);
	int rc = CN_EDB;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*active = sqlite3_column_int64(st, 0);
		*all = sqlite3_column_int64(st, 1);
		rc = CN_OK;
	}
	sqlite3_reset(st);
	return rc;
}
