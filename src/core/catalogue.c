/* The indicator catalogue as the user keeps it (reading one, renaming its
 * code while unused, retiring, reordering) and the targets (chỉ tiêu giao)
 * set for units: listing, deleting, and the periods they cover. The
 * catalogue is small (tens of rows): checks walk it in C. */
#include "cnscd/catalogue.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/validate.h"
#include "catalogue_internal.h"
#include "db_internal.h"

void cn_indicator_clear(cn_indicator *ind)
{
	free((char *)ind->code);
	free((char *)ind->name);
	free((char *)ind->measure);
	memset(ind, 0, sizeof *ind);
}

int cn_indicator_get(cn_db *db, long long id, cn_indicator *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT code, name, measure, sort_order, active, aggregate = 'last' "
					  "FROM indicator WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = cn_step_row(db, st, err, "Không tìm thấy chỉ tiêu", "Không đọc được chỉ tiêu");
	if (rc != CN_OK)
		return rc;
	*out = (cn_indicator){id, cn_strdup(cn_col_text(st, 0)), cn_strdup(cn_col_text(st, 1)),
			      cn_strdup(cn_col_text(st, 2)), sqlite3_column_int(st, 3), sqlite3_column_int(st, 4) != 0,
			      sqlite3_column_int(st, 5) ? CN_AGG_LAST : CN_AGG_SUM};
	sqlite3_reset(st);
	return CN_OK;
}

void cn_indicator_read(sqlite3_stmt *st, int first, cn_indicator *ind)
{
	ind->id = sqlite3_column_int64(st, first);
	ind->code = cn_col_text(st, first + 1);
	ind->name = cn_col_text(st, first + 2);
	ind->measure = cn_col_text(st, first + 3);
	ind->sort_order = sqlite3_column_int(st, first + 4);
	ind->active = sqlite3_column_int(st, first + 5) != 0;
	ind->aggregate = strcmp(cn_col_text(st, first + 6), "last") == 0 ? CN_AGG_LAST : CN_AGG_SUM;
}

int cn_indicator_list(cn_db *db, bool include_inactive, int (*fn)(const cn_indicator *ind, void *ctx), void *ctx,
		      cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT " INDICATOR_COLUMNS " FROM indicator i WHERE ?1 OR i.active ORDER BY i.sort_order, i.code", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, include_inactive);
	int rc;
	cn_indicator ind;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_indicator_read(st, 0, &ind);
		if (fn(&ind, ctx))
			break;
	}
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được chỉ tiêu");
	sqlite3_reset(st);
	return result;
}

long long cn_indicator_id_by_code(cn_db *db, const char *code)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT id FROM indicator WHERE code = upper(trim(?))", NULL);
	if (!st)
		return 0;
	cn_bind_text(st, 1, code);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

int cn_indicator_add(cn_db *db, const char *code, const char *name, const char *measure, long long *id,
		     cn_error *err)
{
	return cn_indicator_add_at(db, code, name, measure, -1, id, err);
}

int cn_indicator_add_at(cn_db *db, const char *code, const char *name, const char *measure, int sort_order,
			long long *id, cn_error *err)
{
	char *c = NULL;
	int rc = cn_indicator_code_check(code, &c, err);
	if (rc != CN_OK)
		return rc;
	if (cn_indicator_id_by_code(db, c)) {
		cn_fail_field(err, "code", CN_EEXIST, "Mã chỉ tiêu «%s» đã có", c);
		free(c);
		return CN_EEXIST;
	}
	char *n = NULL, *m = NULL;
	rc = cn_check_text("name", "Tên chỉ tiêu", name, 200, true, &n, err);
	if (rc == CN_OK)
		rc = cn_check_text("measure", "Đơn vị tính", measure, 40, false, &m, err);
	if (rc == CN_OK)
		rc = cn_indicator_check(db, 0, n, sort_order < 0 ? 0 : sort_order, err);
	/* Without an order it goes last. */
	sqlite3_stmt *st = rc == CN_OK ? cn_db_stmt(db,
		"INSERT INTO indicator(code, name, measure, sort_order) "
		"VALUES (?, ?, ?, CASE WHEN ?4 >= 0 THEN ?4 ELSE (SELECT coalesce(max(sort_order), 0) + 10 FROM indicator) END)",
		err) : NULL;
	if (st) {
		cn_bind_text(st, 1, c);
		cn_bind_text(st, 2, n);
		cn_bind_text(st, 3, m ? m : "");
		cn_bind_int(st, 4, sort_order);
		rc = cn_step_done(db, st, err, "Không thêm được chỉ tiêu");
		if (rc == CN_OK && id)
			*id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
	} else if (rc == CN_OK) {
		rc = err ? err->code : CN_EDB;
	}
	free(c);
	free(n);
	free(m);
	return rc;
}

int cn_indicator_update(cn_db *db, long long id, const char *name, const char *measure, int sort_order,
			bool active, cn_error *err)
{
	char *n = NULL, *m = NULL;
	int rc = cn_check_text("name", "Tên chỉ tiêu", name, 200, true, &n, err);
	if (rc == CN_OK)
		rc = cn_check_text("measure", "Đơn vị tính", measure, 40, false, &m, err);
	if (rc == CN_OK)
		rc = cn_indicator_check(db, id, n, sort_order, err);
	sqlite3_stmt *st = rc == CN_OK ? cn_db_stmt(db,
		"UPDATE indicator SET name = ?, measure = ?, sort_order = ?, active = ?, updated_at = " CN_SQL_NOW
		" WHERE id = ?", err) : NULL;
	if (st) {
		cn_bind_text(st, 1, n);
		cn_bind_text(st, 2, m ? m : "");
		cn_bind_int(st, 3, sort_order);
		cn_bind_int(st, 4, active);
		cn_bind_int(st, 5, id);
		rc = cn_step_done(db, st, err, "Không lưu được chỉ tiêu");
	} else if (rc == CN_OK) {
		rc = err ? err->code : CN_EDB;
	}
	free(n);
	free(m);
	return rc;
}const char *cn_aggregate_name(int aggregate)
{
	return aggregate == CN_AGG_LAST ? "số cuối kỳ" : "cộng dồn";
}

const char *cn_aggregate_code(int aggregate)
{
	return aggregate == CN_AGG_LAST ? "last" : "sum";
}

int cn_parse_aggregate(const char *in, int *out, cn_error *err)
{
	char *folded = cn_text_fold(in ? in : "");
	int rc = CN_OK;
	if (strcmp(folded, "sum") == 0 || strcmp(folded, "cong don") == 0)
		*out = CN_AGG_SUM;
	else if (strcmp(folded, "last") == 0 || strcmp(folded, "so cuoi ky") == 0)
		*out = CN_AGG_LAST;
	else
		rc = cn_fail_field(err, "aggregate", CN_EINVAL,
				   "Cách cộng «%s» không hợp lệ: sum (cộng dồn các tháng) hoặc last (số cuối kỳ)", in ? in : "");
	free(folded);
	return rc;
}

int cn_indicator_set_aggregate(cn_db *db, long long id, int aggregate, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE indicator SET aggregate = ?, updated_at = " CN_SQL_NOW
					  " WHERE id = ? AND aggregate <> ?1", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, cn_aggregate_code(aggregate));
	cn_bind_int(st, 2, id);
	return cn_step_done(db, st, err, "Không lưu được cách cộng của chỉ tiêu");
}

long long cn_indicator_uses(cn_db *db, long long id)
{
	return cn_count_where(db,
		"SELECT (SELECT count(*) FROM result WHERE indicator_id = ?1)"
		" + (SELECT count(*) FROM target WHERE indicator_id = ?1)", id);
}

int cn_indicator_check(cn_db *db, long long id, const char *name, int sort_order, cn_error *err)
{
	if (sort_order < 0 || sort_order > CN_INDICATOR_ORDER_MAX)
		return cn_fail_field(err, "sort_order", CN_EINVAL, "Thứ tự %d không hợp lệ: cần một số từ 0 đến %d",
				     sort_order, CN_INDICATOR_ORDER_MAX);
	if (cn_str_empty(name))
		return CN_OK; /* the name's own check says so */
	/* Two indicators whose names differ only by marks or case would be
	 * told apart by nobody reading the report. */
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT code, name FROM indicator WHERE id <> ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = CN_OK;
	while (rc == CN_OK && sqlite3_step(st) == SQLITE_ROW)
		if (cn_text_same(cn_col_text(st, 1), name))
			rc = cn_fail_field(err, "name", CN_EEXIST, "Tên chỉ tiêu «%s» đã có (mã %s)", cn_col_text(st, 1),
					   cn_col_text(st, 0));
	sqlite3_reset(st);
	return rc;
}

int cn_indicator_code_check(const char *code, char **out, cn_error *err)
{
	char *c = cn_trim_dup(code);
	bool ok = *c != '\0' && strlen(c) <= 40;
	for (char *p = c; ok && *p; p++) {
		*p = (char)toupper((unsigned char)*p);
		ok = isalnum((unsigned char)*p) || *p == '_';
	}
	if (!ok) {
		free(c);
		c = cn_trim_dup(code); /* as typed, in the message */
		int rc = cn_fail_field(err, "code", CN_EINVAL,
				       *c ? "Mã chỉ tiêu «%s» không hợp lệ: chỉ dùng chữ không dấu, chữ số và dấu _ (tối đa 40)"
					  : "Chưa có mã chỉ tiêu%s: chỉ dùng chữ không dấu, chữ số và dấu _, ví dụ ZALO_OA",
				       c);
		free(c);
		return rc;
	}
	*out = c;
	return CN_OK;
}

int cn_indicator_set_code(cn_db *db, long long id, const char *code, cn_error *err)
{
	char *c = NULL;
	int rc = cn_indicator_code_check(code, &c, err);
	if (rc != CN_OK)
		return rc;
	cn_indicator ind;
	if ((rc = cn_indicator_get(db, id, &ind, err)) != CN_OK) {
		free(c);
		return rc;
	}
	long long other = cn_indicator_id_by_code(db, c);
	if (strcmp(ind.code, c) == 0) {
		rc = CN_OK;
	} else if (other && other != id) {
		rc = cn_fail_field(err, "code", CN_EEXIST, "Mã chỉ tiêu «%s» đã có", c);
	} else if (cn_indicator_uses(db, id) != 0) {
		rc = cn_fail_field(err, "code", CN_EINVAL,
				   "Chỉ tiêu «%s» đã có số liệu hoặc chỉ tiêu giao: không đổi mã được nữa", ind.code);
	} else {
		sqlite3_stmt *st = cn_db_stmt(db, "UPDATE indicator SET code = ?, updated_at = " CN_SQL_NOW " WHERE id = ?",
					      err);
		if (st) {
			cn_bind_text(st, 1, c);
			cn_bind_int(st, 2, id);
			rc = cn_step_done(db, st, err, "Không đổi được mã chỉ tiêu");
		} else {
			rc = err ? err->code : CN_EDB;
		}
	}
	cn_indicator_clear(&ind);
	free(c);
	return rc;
}

int cn_indicator_remove(cn_db *db, long long id, bool *deactivated, cn_error *err)
{
	*deactivated = false;
	long long uses = cn_indicator_uses(db, id);
	if (uses < 0)
		return cn_db_fail(db, err, "Không đọc được chỉ tiêu");
	if (uses > 0) {
		/* Its figures stay in past reports: retire it, keep them. */
		cn_indicator ind;
		int rc = cn_indicator_get(db, id, &ind, err);
		if (rc == CN_OK)
			rc = cn_indicator_update(db, id, ind.name, ind.measure, ind.sort_order, false, err);
		cn_indicator_clear(&ind);
		*deactivated = rc == CN_OK;
		return rc;
	}
	sqlite3_stmt *st = cn_db_stmt(db, "DELETE FROM indicator WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	return cn_step_done(db, st, err, "Không xóa được chỉ tiêu");
}

/* The neighbour of ID in the catalogue order, DELTA < 0 the one above. */
static long long neighbour(cn_db *db, long long id, int delta, int *order, int *its_order)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"WITH me AS (SELECT sort_order AS o, code AS c FROM indicator WHERE id = ?1)"
		" SELECT i.id, i.sort_order, me.o FROM indicator i, me WHERE CASE WHEN ?2 < 0"
		" THEN (i.sort_order, i.code) < (me.o, me.c) ELSE (i.sort_order, i.code) > (me.o, me.c) END"
		" ORDER BY CASE WHEN ?2 < 0 THEN -i.sort_order ELSE i.sort_order END,"
		" CASE WHEN ?2 < 0 THEN i.code END DESC, i.code LIMIT 1", NULL);
	if (!st)
		return 0;
	cn_bind_int(st, 1, id);
	cn_bind_int(st, 2, delta);
	long long other = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		other = sqlite3_column_int64(st, 0);
		*order = sqlite3_column_int(st, 1);
		*its_order = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return other;
}

static int set_order(cn_db *db, long long id, int order, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE indicator SET sort_order = ?, updated_at = " CN_SQL_NOW " WHERE id = ?",
				      err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, order);
	cn_bind_int(st, 2, id);
	return cn_step_done(db, st, err, "Không đổi được thứ tự chỉ tiêu");
}

int cn_indicator_move(cn_db *db, long long id, int delta, cn_error *err)
{
	int other_order = 0, my_order = 0;
	long long other = neighbour(db, id, delta, &other_order, &my_order);
	if (!other)
		return cn_fail(err, CN_EINVAL, delta < 0 ? "Chỉ tiêu này đã ở đầu danh sách" : "Chỉ tiêu này đã ở cuối danh sách");
	/* Equal orders (sorted by code) cannot be swapped: step past. */
	if (other_order == my_order)
		other_order = delta < 0 ? my_order - 1 : my_order + 1;
	if (other_order < 0 || other_order > CN_INDICATOR_ORDER_MAX)
		return cn_fail(err, CN_EINVAL, "Không đổi được thứ tự chỉ tiêu: hãy sửa ô «Thứ tự»");
	int rc = cn_db_begin(db, err);
	if (rc != CN_OK)
		return rc;
	if ((rc = set_order(db, id, other_order, err)) == CN_OK && other_order != my_order)
		rc = set_order(db, other, my_order, err);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

/* Targets. */

int cn_parse_target_period(const char *in, char from[8], char to[8], cn_error *err)
{
	char *t = cn_trim_dup(in);
	int rc = CN_OK;
	char *cut = NULL;
	size_t len = strlen(t);
	if (len == 4 && isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]) && isdigit((unsigned char)t[2]) &&
	    isdigit((unsigned char)t[3])) {
		char first[16];
		snprintf(first, sizeof first, "%s-01", t);
		rc = cn_parse_period("Kỳ", first, from, NULL) == CN_OK ? CN_OK : CN_EINVAL;
		snprintf(to, 8, "%.4s-12", from);
	} else if ((cut = strstr(t, "..")) || (cut = strstr(t, " - ")) || (cut = strstr(t, "–")) ||
		   (cut = strstr(t, " đến "))) {
		size_t skip = strncmp(cut, " đến ", strlen(" đến ")) == 0 ? strlen(" đến ")
			      : strncmp(cut, "–", strlen("–")) == 0 ? strlen("–") : strncmp(cut, "..", 2) == 0 ? 2 : 3;
		char *left = cn_strndup(t, (size_t)(cut - t));
		if (cn_parse_period("Từ tháng", left, from, NULL) != CN_OK ||
		    cn_parse_period("Đến tháng", cut + skip, to, NULL) != CN_OK)
			rc = CN_EINVAL;
		free(left);
	} else if (cn_parse_period("Kỳ", t, from, NULL) == CN_OK) {
		memcpy(to, from, 8);
	} else {
		rc = CN_EINVAL;
	}
	if (rc != CN_OK)
		rc = cn_fail_field(err, "period", CN_EINVAL,
				   "Kỳ «%s» không hợp lệ: gõ một năm (2026), một tháng (06/2026) hoặc hai tháng "
				   "(01/2026 - 06/2026)", t);
	else if (strcmp(to, from) < 0)
		rc = cn_fail_field(err, "period", CN_EINVAL, "Kỳ «%s»: tháng kết thúc trước tháng bắt đầu", t);
	free(t);
	return rc;
}

void cn_target_period_text(const char *from, const char *to, char out[40])
{
	if (strncmp(from, to, 4) == 0 && strcmp(from + 4, "-01") == 0 && strcmp(to + 4, "-12") == 0)
		snprintf(out, 40, "Năm %.4s", from);
	else if (strcmp(from, to) == 0)
		snprintf(out, 40, "%.2s/%.4s", from + 5, from);
	else
		snprintf(out, 40, "%.2s/%.4s – %.2s/%.4s", from + 5, from, to + 5, to);
}

int cn_target_list(cn_db *db, long long unit_id, int year, int (*fn)(const cn_target_row *t, void *ctx),
		   void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT tg.id, tg.unit_id, u.code, u.name, tg.indicator_id, i.code, i.name, i.measure,"
		" tg.period_from, tg.period_to, tg.value, i.active"
		" FROM target tg JOIN unit u ON u.id = tg.unit_id JOIN indicator i ON i.id = tg.indicator_id"
		" WHERE (?1 = 0 OR tg.unit_id = ?1)"
		" AND (?2 = 0 OR (tg.period_from <= printf('%04d-12', ?2) AND tg.period_to >= printf('%04d-01', ?2)))"
		" ORDER BY u.path, i.sort_order, i.code, tg.period_from, tg.period_to", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, unit_id);
	cn_bind_int(st, 2, year);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_target_row t = {
			sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), cn_col_text(st, 2), cn_col_text(st, 3),
			sqlite3_column_int64(st, 4), cn_col_text(st, 5), cn_col_text(st, 6), cn_col_text(st, 7),
			cn_col_text(st, 8), cn_col_text(st, 9), sqlite3_column_int64(st, 10), sqlite3_column_int(st, 11) != 0,
		};
		if (fn(&t, ctx))
			break;
	}
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được chỉ tiêu giao");
	sqlite3_reset(st);
	return result;
}

int cn_target_delete(cn_db *db, long long id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "DELETE FROM target WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = cn_step_done(db, st, err, "Không xóa được chỉ tiêu giao");
	if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
		return cn_fail(err, CN_ENOTFOUND, "Không tìm thấy chỉ tiêu giao này (có thể đã bị xóa)");
	return rc;
}

int cn_parse_target_value(const char *in, long long *out, cn_error *err)
{
	long long v = 0;
	int digits = 0;
	bool ok = in != NULL;
	/* "12.000" and "12 000" are how figures are written here. */
	for (const char *p = in; ok && *p; p++) {
		if (isdigit((unsigned char)*p)) {
			v = v * 10 + (*p - '0');
			ok = ++digits <= 10;
		} else {
			ok = (*p == '.' || *p == ',' || *p == ' ') && digits > 0;
		}
	}
	if (!ok || digits == 0 || v > 1000000000LL)
		return cn_fail_field(err, "value", CN_EINVAL,
				     "Chỉ tiêu giao «%s» không hợp lệ: cần một số nguyên từ 0 đến 1.000.000.000", in ? in : "");
	*out = v;
	return CN_OK;
}

int cn_target_set(cn_db *db, long long unit_id, long long indicator_id, const char *from, const char *to,
		  long long value, cn_error *err)
{
	char f[8], t[8];
	int rc;
	if ((rc = cn_parse_period("Từ tháng", from, f, err)) != CN_OK ||
	    (rc = cn_parse_period("Đến tháng", to, t, err)) != CN_OK)
		return rc;
	if (strcmp(t, f) < 0)
		return cn_fail(err, CN_EINVAL, "Kỳ chỉ tiêu: tháng kết thúc %s trước tháng bắt đầu %s", t, f);
	if (value < 0 || value > 1000000000LL)
		return cn_fail_field(err, "value", CN_EINVAL, "Chỉ tiêu %lld không hợp lệ", value);
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT INTO target(unit_id, indicator_id, period_from, period_to, value) VALUES (?, ?, ?, ?, ?) "
		"ON CONFLICT(unit_id, indicator_id, period_from, period_to) DO UPDATE SET value = excluded.value, "
		"updated_at = " CN_SQL_NOW, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, unit_id);
	cn_bind_int(st, 2, indicator_id);
	cn_bind_text(st, 3, f);
	cn_bind_text(st, 4, t);
	cn_bind_int(st, 5, value);
	return cn_step_done(db, st, err, "Không lưu được chỉ tiêu");
}

long long cn_target_get(cn_db *db, long long unit_id, long long indicator_id, const char *from, const char *to)
{
	char f[8], t[8];
	if (cn_parse_period("Từ tháng", from, f, NULL) != CN_OK || cn_parse_period("Đến tháng", to, t, NULL) != CN_OK ||
	    strcmp(t, f) < 0)
		return -1;
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT coalesce(" TARGET_SQL("?6") ", -1)", NULL);
	if (!st)
		return -1;
	cn_bind_int(st, 1, unit_id);
	cn_bind_text(st, 4, f);
	cn_bind_text(st, 5, t);
	cn_bind_int(st, 6, indicator_id);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}
