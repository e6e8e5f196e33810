#include "cnscd/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/validate.h"
#include "db_internal.h"

static const char *const level_names[] = {"", "Cấp tỉnh", "Cấp huyện", "Cấp xã", "Cấp thôn"};
static const char *const level_nouns[] = {"", "tỉnh", "huyện", "xã", "thôn"};

static const char *const types_province[] = {"Tỉnh", "Thành phố Trung ương", NULL};
static const char *const types_district[] = {"Huyện", "Quận", "Thị xã", "Thành phố", NULL};
static const char *const types_commune[] = {"Xã", "Phường", "Thị trấn", "Đặc khu", NULL};
static const char *const types_village[] = {"Thôn", "Ấp", "Bản", "Khối", "Tổ dân phố", "Khóm", "Buôn",
					    "Làng", "Xóm", "Khu phố", "Sóc", "Plei", "Khu dân cư", NULL};
static const char *const *const types_by_level[] = {NULL, types_province, types_district, types_commune,
						    types_village};

const char *cn_level_name(int level)
{
	return level >= 1 && level <= CN_LEVEL_MAX ? level_names[level] : "Cấp khác";
}

const char *cn_level_noun(int level)
{
	return level >= 1 && level <= CN_LEVEL_MAX ? level_nouns[level] : "đơn vị";
}

const char *const *cn_unit_types_for_level(int level)
{
	return level >= 1 && level <= CN_LEVEL_MAX ? types_by_level[level] : types_village;
}

int cn_unit_type_level(const char *type, int parent_level)
{
	char *f = cn_text_fold(type);
	int level = 0;
	if (strcmp(f, "thanh pho") == 0) {
		/* A city is a province when it has no parent, else a district. */
		level = parent_level == 0 ? CN_LEVEL_PROVINCE : CN_LEVEL_DISTRICT;
	} else {
		for (int l = 1; l <= CN_LEVEL_MAX && !level; l++)
			for (const char *const *t = types_by_level[l]; *t && !level; t++)
				if (cn_text_same(*t, type))
					level = l;
	}
	free(f);
	if (!level)
		level = parent_level + 1;
	if (level > 9)
		level = 9;
	return level;
}

const char *cn_unit_type_prefix(const char *type)
{
	return strcmp(type, "Thành phố Trung ương") == 0 ? "Thành phố" : type;
}

void cn_unit_clear(cn_unit *u)
{
	free(u->uuid);
	free(u->code);
	free(u->name);
	free(u->type);
	free(u->valid_from);
	free(u->valid_to);
	free(u->created_at);
	free(u->updated_at);
	memset(u, 0, sizeof *u);
}

#define UNIT_COLUMNS "id, uuid, code, name, type, level, parent_id, valid_from, valid_to, created_at, updated_at"

static void read_unit(sqlite3_stmt *st, cn_unit *u)
{
	u->id = sqlite3_column_int64(st, 0);
	u->uuid = cn_col_dup(st, 1);
	u->code = cn_col_dup(st, 2);
	u->name = cn_col_dup(st, 3);
	u->type = cn_col_dup(st, 4);
	u->level = sqlite3_column_int(st, 5);
	u->parent_id = sqlite3_column_int64(st, 6);
	u->valid_from = cn_col_dup(st, 7);
	u->valid_to = cn_col_dup(st, 8);
	u->created_at = cn_col_dup(st, 9);
	u->updated_at = cn_col_dup(st, 10);
}

static int fetch_one(cn_db *db, sqlite3_stmt *st, cn_unit *out, cn_error *err, const char *missing)
{
	memset(out, 0, sizeof *out);
	int rc = cn_step_row(db, st, err, missing, "Không đọc được đơn vị");
	if (rc != CN_OK)
		return rc;
	read_unit(st, out);
	sqlite3_reset(st);
	return CN_OK;
}

int cn_unit_get(cn_db *db, long long id, cn_unit *out, cn_error *err)
{
	sqlite3_stmt *st;
	int prepared = cn_db_prepare(db, "SELECT " UNIT_COLUMNS " FROM unit WHERE id = ?", &st, err);
	if (prepared != CN_OK)
		return prepared;
	cn_bind_int(st, 1, id);
	return fetch_one(db, st, out, err, "Không tìm thấy đơn vị");
}

int cn_unit_find_code(cn_db *db, const char *code, cn_unit *out, cn_error *err)
{
	sqlite3_stmt *st;
	int prepared = cn_db_prepare(db, "SELECT " UNIT_COLUMNS " FROM unit WHERE code = ?", &st, err);
	if (prepared != CN_OK)
		return prepared;
	char *c = cn_trim_dup(code);
	cn_bind_text(st, 1, c);
	char msg[256];
	snprintf(msg, sizeof msg, "Không có đơn vị nào mang mã «%s»", c);
	free(c);
	return fetch_one(db, st, out, err, msg);
}

int cn_unit_code_id(cn_db *db, const char *code, long long *id, cn_error *err)
{
	*id = 0;
	sqlite3_stmt *st;
	int rc = cn_db_prepare(db, "SELECT id FROM unit WHERE code = ?", &st, err);
	if (rc != CN_OK)
		return rc;
	cn_bind_text(st, 1, code);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (step != SQLITE_DONE)
		rc = cn_db_fail(db, err, "Không đọc được đơn vị");
	sqlite3_reset(st);
	return rc;
}

long long cn_unit_id_by_code(cn_db *db, const char *code)
{
	long long id;
	cn_unit_code_id(db, code, &id, NULL);
	return id;
}

/* "Tân Lập" of type "Thôn" → "Thôn Tân Lập"; names that already start with
 * their type stay as they are. */
static char *name_with_type(const char *name, const char *type)
{
	const char *prefix = cn_unit_type_prefix(type);
	char *fn = cn_text_fold(name), *fp = cn_text_fold(prefix);
	size_t lp = strlen(fp);
	bool has = strncmp(fn, fp, lp) == 0 && (fn[lp] == ' ' || fn[lp] == '\0');
	free(fn);
	free(fp);
	return has ? cn_strdup(name) : cn_sprintf("%s %s", prefix, name);
}

/* The folded name and the code, and the unit's former names (kept by a
 * reorganisation, see reorg.h) so that search still finds it by them:
 * "thi tran hoa binh" finds the commune that became Xã Hòa Bình. ID is 0
 * for a unit not stored yet. */
static char *unit_search_key(cn_db *db, long long id, const char *name, const char *code)
{
	char *f = cn_text_fold(name);
	cn_buf key = {0};
	cn_buf_printf(&key, "%s %s", f, code);
	sqlite3_stmt *st = id ? cn_db_stmt(db, "SELECT DISTINCT name FROM unit_former WHERE unit_id = ?", NULL) : NULL;
	if (st) {
		cn_bind_int(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char *former = cn_text_fold(cn_col_text(st, 0));
			if (strcmp(former, f) != 0)
				cn_buf_printf(&key, " %s", former);
			free(former);
		}
		sqlite3_reset(st);
	}
	free(f);
	return cn_buf_steal(&key);
}

char *cn_unit_new_search_key(const char *name, const char *code)
{
	return unit_search_key(NULL, 0, name, code);
}

/* The next free local code under PARENT: "<parent code>.01", ".02", ... */
static char *next_local_code(cn_db *db, const cn_unit *parent)
{
	for (int n = 1; n < 100000; n++) {
		char *code = cn_sprintf("%s.%02d", parent->code, n);
		if (!cn_unit_id_by_code(db, code))
			return code;
		free(code);
	}
	return cn_sprintf("%s.%s", parent->code, "x");
}

/* Checked, cleaned copies of what the user typed for a unit. */
struct unit_fields {
	char *code, *name, *type;
	char from[CN_DATE_LEN], to[CN_DATE_LEN];
};

static void unit_fields_free(struct unit_fields *f)
{
	free(f->code);
	free(f->name);
	free(f->type);
}

static int check_unit_fields(const cn_unit *u, struct unit_fields *f, bool code_required, cn_error *err)
{
	int rc;
	memset(f, 0, sizeof *f);
	if ((rc = cn_check_text("code", "Mã đơn vị", u->code, 32, false, &f->code, err)) != CN_OK)
		return rc;
	if (code_required && !f->code)
		return cn_fail_field(err, "code", CN_EINVAL, "Mã đơn vị không được để trống");
	if (f->code && strpbrk(f->code, " /\\")) {
		cn_fail_field(err, "code", CN_EINVAL, "Mã đơn vị «%s» không được chứa dấu cách hay dấu /", f->code);
		return CN_EINVAL;
	}
	if ((rc = cn_check_text("type", "Loại đơn vị", u->type, 40, true, &f->type, err)) != CN_OK)
		return rc;
	char *raw = NULL;
	if ((rc = cn_check_text("name", "Tên đơn vị", u->name, 150, true, &raw, err)) != CN_OK)
		return rc;
	f->name = name_with_type(raw, f->type);
	free(raw);
	if ((rc = cn_check_date("valid_from", "Ngày bắt đầu hiệu lực", u->valid_from, false, f->from, err)) ||
	    (rc = cn_check_date("valid_to", "Ngày hết hiệu lực", u->valid_to, false, f->to, err)))
		return rc;
	if (f->from[0] && f->to[0] && strcmp(f->to, f->from) < 0)
		return cn_fail_field(err, "valid_to", CN_EINVAL,
				     "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực");
	return CN_OK;
}

int cn_unit_add(cn_db *db, cn_unit *u, cn_error *err)
{
	struct unit_fields f;
	cn_unit parent = {0};
	int rc = check_unit_fields(u, &f, u->parent_id == 0, err);
	if (rc != CN_OK)
		goto out;
	if (u->parent_id) {
		if ((rc = cn_unit_get(db, u->parent_id, &parent, err)) != CN_OK)
			goto out;
		if (parent.valid_to) {
			rc = cn_fail_field(err, "parent", CN_EINVAL,
					   "%s đã giải thể/sáp nhập; không thể thêm đơn vị trực thuộc", parent.name);
			goto out;
		}
		if (!f.code)
			f.code = next_local_code(db, &parent);
	}
	long long other = cn_unit_id_by_code(db, f.code);
	if (other) {
		cn_unit o = {0};
		cn_unit_get(db, other, &o, NULL);
		rc = cn_fail_field(err, "code", CN_EEXIST, "Mã đơn vị «%s» đã được dùng cho %s", f.code,
				   o.name ? o.name : "một đơn vị khác");
		cn_unit_clear(&o);
		goto out;
	}
	if ((rc = cn_db_begin(db, err)) != CN_OK)
		goto out;
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT INTO unit(code, name, type, level, parent_id, path, valid_from, valid_to, search_key) "
		"VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)", err);
	if (!st) {
		rc = err ? err->code : CN_EDB;
		cn_db_rollback(db);
		goto out;
	}
	char *key = unit_search_key(db, 0, f.name, f.code);
	cn_bind_text(st, 1, f.code);
	cn_bind_text(st, 2, f.name);
	cn_bind_text(st, 3, f.type);
	cn_bind_int(st, 4, cn_unit_type_level(f.type, parent.level));
	cn_bind_int_or_null(st, 5, u->parent_id);
	cn_bind_text_or_null(st, 6, f.from);
	cn_bind_text_or_null(st, 7, f.to);
	cn_bind_text(st, 8, key);
	free(key);
	rc = cn_step_done(db, st, err, "Không thêm được đơn vị");
	if (rc == CN_OK) {
		u->id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
		st = cn_db_stmt(db,
			"UPDATE unit SET path = coalesce((SELECT p.path FROM unit p WHERE p.id = unit.parent_id), '/') "
			"|| id || '/' WHERE id = ?", err);
		if (!st) {
			rc = err ? err->code : CN_EDB;
		} else {
			cn_bind_int(st, 1, u->id);
			rc = cn_step_done(db, st, err, "Không thêm được đơn vị");
		}
	}
	if (rc == CN_OK)
		rc = cn_db_commit(db, err);
	else
		cn_db_rollback(db);
out:
	if (rc != CN_OK)
		u->id = 0;
	cn_unit_clear(&parent);
	unit_fields_free(&f);
	return rc;
}

int cn_unit_update(cn_db *db, const cn_unit *u, cn_error *err)
{
	struct unit_fields f;
	int rc = check_unit_fields(u, &f, true, err);
	if (rc != CN_OK) {
		unit_fields_free(&f);
		return rc;
	}
	long long other = cn_unit_id_by_code(db, f.code);
	if (other && other != u->id) {
		unit_fields_free(&f);
		return cn_fail_field(err, "code", CN_EEXIST, "Mã đơn vị «%s» đã được dùng cho đơn vị khác", u->code);
	}
	cn_unit parent = {0};
	if (u->parent_id && cn_unit_get(db, u->parent_id, &parent, NULL) != CN_OK)
		parent.level = 0;
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE unit SET code = ?, name = ?, type = ?, level = ?, valid_from = ?, valid_to = ?, "
		"search_key = ?, updated_at = " CN_SQL_NOW " WHERE id = ? AND (?9 IS NULL OR updated_at = ?9)", err);
	if (!st) {
		unit_fields_free(&f);
		cn_unit_clear(&parent);
		return err ? err->code : CN_EDB;
	}
	char *key = unit_search_key(db, u->id, f.name, f.code);
	cn_bind_text(st, 1, f.code);
	cn_bind_text(st, 2, f.name);
	cn_bind_text(st, 3, f.type);
	cn_bind_int(st, 4, cn_unit_type_level(f.type, parent.level));
	cn_bind_text_or_null(st, 5, f.from);
	cn_bind_text_or_null(st, 6, f.to);
	cn_bind_text(st, 7, key);
	cn_bind_int(st, 8, u->id);
	cn_bind_text(st, 9, u->updated_at);
	free(key);
	unit_fields_free(&f);
	cn_unit_clear(&parent);
	rc = cn_step_done(db, st, err, "Không lưu được đơn vị");
	if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
		rc = cn_update_missed(db, "unit", u->id, err);
	return rc;
}

int cn_unit_close(cn_db *db, long long id, const char *date, cn_error *err)
{
	char iso[CN_DATE_LEN];
	int rc = cn_parse_date("Ngày hết hiệu lực", date, iso, err);
	if (rc != CN_OK)
		return rc;
	char *path, *end;
	if ((rc = cn_unit_subtree(db, id, &path, &end, err)) != CN_OK)
		return rc;
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE unit SET valid_to = ?, updated_at = " CN_SQL_NOW
		" WHERE path >= ? AND path < ? AND valid_to IS NULL", err);
	if (st) {
		cn_bind_text(st, 1, iso);
		cn_bind_text(st, 2, path);
		cn_bind_text(st, 3, end);
		rc = cn_step_done(db, st, err, "Không đóng được đơn vị");
	} else {
		rc = err ? err->code : CN_EDB;
	}
	free(path);
	free(end);
	return rc;
}

int cn_unit_delete(cn_db *db, long long id, cn_error *err)
{
	long long children = cn_count_where(db, "SELECT count(*) FROM unit WHERE parent_id = ?", id);
	long long teams = cn_count_where(db, "SELECT count(*) FROM team WHERE unit_id = ?", id);
	if (children < 0 || teams < 0)
		return cn_db_fail(db, err, "Không xóa được đơn vị");
	if (children > 0 || teams > 0)
		return cn_fail(err, CN_EEXIST,
			       "Không xóa được: đơn vị còn %lld đơn vị trực thuộc và %lld tổ. "
			       "Hãy xóa chúng trước, hoặc đóng đơn vị (ghi ngày hết hiệu lực).", children, teams);
	sqlite3_stmt *st;
	int prepared = cn_db_prepare(db, "DELETE FROM unit WHERE id = ?", &st, err);
	if (prepared != CN_OK)
		return prepared;
	cn_bind_int(st, 1, id);
	return cn_step_done(db, st, err, "Không xóa được đơn vị");
}

char *cn_unit_path(cn_db *db, long long id, const char *sep)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"WITH RECURSIVE up(id, parent_id, name, depth) AS ("
		" SELECT id, parent_id, name, 0 FROM unit WHERE id = ?"
		" UNION ALL SELECT u.id, u.parent_id, u.name, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id"
		" WHERE up.depth < " CN_UNIT_MAX_DEPTH_SQL ")"
		" SELECT name FROM up ORDER BY depth DESC", NULL);
	cn_buf b = {0};
	if (!st)
		return cn_buf_steal(&b);
	cn_bind_int(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (b.len)
			cn_buf_adds(&b, sep);
		cn_buf_adds(&b, cn_col_text(st, 0));
	}
	sqlite3_reset(st);
	return cn_buf_steal(&b);
}

char *cn_unit_prose(cn_db *db, long long id)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"WITH RECURSIVE up(id, parent_id, name, type, depth) AS ("
		" SELECT id, parent_id, name, type, 0 FROM unit WHERE id = ?"
		" UNION ALL SELECT u.id, u.parent_id, u.name, u.type, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id"
		" WHERE up.depth < " CN_UNIT_MAX_DEPTH_SQL ")"
		" SELECT name, type FROM up ORDER BY depth", NULL);
	cn_buf b = {0};
	if (!st)
		return cn_buf_steal(&b);
	cn_bind_int(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = cn_col_text(st, 0), *prefix = cn_unit_type_prefix(cn_col_text(st, 1));
		size_t lp = strlen(prefix);
		if (b.len)
			cn_buf_adds(&b, ", ");
		if (lp && strncmp(name, prefix, lp) == 0 && name[lp] == ' ') {
			char *kind = cn_text_lower(prefix);
			cn_buf_printf(&b, "%s%s", kind, name + lp);
			free(kind);
		} else {
			cn_buf_adds(&b, name);
		}
	}
	sqlite3_reset(st);
	return cn_buf_steal(&b);
}

/* After the walk from the top units: a unit it did not reach hangs in a
 * loop (A under B under A) or deeper than any real tree. Names one. */
static int refuse_loop(cn_db *db, const unsigned char *levels, long long maxid, cn_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT id, code, name FROM unit ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không dựng lại được cây đơn vị");
	int rc = CN_OK;
	while (rc == CN_OK && sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		if (id >= 1 && id <= maxid && levels[id])
			continue;
		rc = cn_fail(err, CN_EINVAL, "Cây đơn vị sẽ thành vòng lặp: %s (mã %s) nằm dưới chính nó qua các đơn vị cấp "
			     "trên (hoặc sâu quá %d cấp). Không thay đổi gì.", cn_col_text(st, 2), cn_col_text(st, 1),
			     CN_UNIT_MAX_DEPTH);
	}
	sqlite3_finalize(st);
	return rc;
}

int cn_unit_rebuild_tree(cn_db *db, cn_error *err)
{
	/* Parents come before their children in this order, so each unit's
	 * level can be computed from its parent's, already known. The walk
	 * goes no deeper than a tree can be: a loop cannot make it endless. */
	sqlite3_stmt *walk;
	sqlite3 *sq = cn_db_sqlite(db);
	if (sqlite3_prepare_v2(sq,
		"WITH RECURSIVE t(id, parent_id, type, level, path, newpath, depth) AS ("
		" SELECT id, parent_id, type, level, path, '/' || id || '/', 0 FROM unit WHERE parent_id IS NULL"
		" UNION ALL SELECT u.id, u.parent_id, u.type, u.level, u.path, t.newpath || u.id || '/', t.depth + 1"
		" FROM unit u JOIN t ON u.parent_id = t.id WHERE t.depth < " CN_UNIT_MAX_DEPTH_SQL ")"
		" SELECT id, parent_id, type, level, path, newpath FROM t ORDER BY depth",
		-1, &walk, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không dựng lại được cây đơn vị");
	int rc = cn_db_begin(db, err);
	if (rc != CN_OK) {
		sqlite3_finalize(walk);
		return rc;
	}
	sqlite3_stmt *max = cn_db_stmt(db, "SELECT coalesce(max(id), 0) FROM unit", err);
	long long maxid = 0;
	if (max && sqlite3_step(max) == SQLITE_ROW)
		maxid = sqlite3_column_int64(max, 0);
	if (max)
		sqlite3_reset(max);
	/* Level of each unit reached (0: not reached yet). */
	unsigned char *levels = cn_calloc((size_t)maxid + 1, 1);
	sqlite3_stmt *upd = cn_db_stmt(db, "UPDATE unit SET level = ?, path = ? WHERE id = ?", err);
	rc = upd ? CN_OK : (err ? err->code : CN_EDB);
	int step;
	while (rc == CN_OK && (step = sqlite3_step(walk)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(walk, 0);
		long long parent = sqlite3_column_int64(walk, 1);
		int parent_level = parent > 0 && parent <= maxid ? levels[parent] : 0;
		int level = cn_unit_type_level(cn_col_text(walk, 2), parent_level);
		if (id >= 1 && id <= maxid)
			levels[id] = (unsigned char)level;
		const char *newpath = cn_col_text(walk, 5);
		if (level == sqlite3_column_int(walk, 3) && strcmp(newpath, cn_col_text(walk, 4)) == 0)
			continue;
		cn_bind_int(upd, 1, level);
		cn_bind_text(upd, 2, newpath);
		cn_bind_int(upd, 3, id);
		rc = cn_step_done(db, upd, err, "Không dựng lại được cây đơn vị");
	}
	sqlite3_finalize(walk);
	if (rc == CN_OK)
		rc = refuse_loop(db, levels, maxid, err);
	free(levels);
	if (rc == CN_OK)
		rc = cn_db_commit(db, err);
	else
		cn_db_rollback(db);
	return rc;
}

int cn_unit_normalize(cn_unit *u, cn_error *err)
{
	struct unit_fields f;
	int rc = check_unit_fields(u, &f, true, err);
	if (rc == CN_OK) {
		free(u->code);
		free(u->name);
		free(u->type);
		u->code = f.code;
		u->name = f.name;
		u->type = f.type;
		f.code = f.name = f.type = NULL;
	}
	unit_fields_free(&f);
	return rc;
}

int cn_unit_store(cn_db *db, cn_unit *u, cn_error *err)
{
	sqlite3_stmt *st;
	if (u->id == 0)
		st = cn_db_stmt(db,
			"INSERT INTO unit(code, name, type, level, parent_id, search_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			err);
	else
		st = cn_db_stmt(db,
			"UPDATE unit SET code = ?1, name = ?2, type = ?3, level = ?4, parent_id = ?5, search_key = ?6, "
			"updated_at = " CN_SQL_NOW " WHERE id = ?7", err);
	if (!st)
		return err ? err->code : CN_EDB;
	char *key = unit_search_key(db, u->id, u->name, u->code);
	cn_bind_text(st, 1, u->code);
	cn_bind_text(st, 2, u->name);
	cn_bind_text(st, 3, u->type);
	cn_bind_int(st, 4, u->level >= 1 && u->level <= 9 ? u->level : cn_unit_type_level(u->type, 0));
	cn_bind_int_or_null(st, 5, u->parent_id);
	cn_bind_text(st, 6, key);
	if (u->id)
		cn_bind_int(st, 7, u->id);
	free(key);
	int rc = cn_step_done(db, st, err, "Không lưu được đơn vị");
	if (rc == CN_OK && u->id == 0)
		u->id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
	return rc;
}
