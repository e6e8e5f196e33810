/* The guards of a bundle's merge (bundle_merge.c): before a row is
 * written, whether its sender may change it here (bundle_scope.c says what
 * lies inside), that its foreign keys lead inside too, that a unit does not
 * end up under itself, that its uuid is not another row's; after a unit is
 * written, that its type fits where it hangs. A breach refuses the whole
 * bundle, saying what and where; the transaction then writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_import_internal.h"
#include "bundle_merge_internal.h"
#include "cnscd/unit.h"
#include "db_internal.h"

char *bundle_row_name(struct merge *m, long long rowid)
{
	sqlite3_bind_int64(m->name, 1, rowid);
	char *v = sqlite3_step(m->name) == SQLITE_ROW ? cn_col_dup(m->name, 0) : NULL;
	sqlite3_reset(m->name);
	return v ? v : cn_strdup("");
}

/* Refuses the whole bundle: its row ROWID would VERB something at WHERE. */
static int refuse(struct merge *m, long long rowid, const char *verb, const char *where)
{
	char *name = bundle_row_name(m, rowid);
	int rc = cn_fail(m->err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: gói của %s nhưng %s %s «%s» %s, ngoài phạm vi "
			 "của đơn vị đó. Không nhập gì.", m->s->path, m->s->sender, verb, m->t->label, name, where);
	free(name);
	return rc;
}

static int refuse_at(struct merge *m, long long rowid, const char *verb, int ti, long long id)
{
	char *place = bundle_scope_place(m->s, ti, id);
	char *where = cn_sprintf("ở %s", place);
	int rc = refuse(m, rowid, verb, where);
	free(where);
	free(place);
	return rc;
}

/* A unit's parent in bundle row ROWID, as it maps here: *NONE when the
 * bundle gives none, *PARENT 0 when it is not known here. */
static void incoming_parent(struct merge *m, long long rowid, bool *none, long long *parent)
{
	*none = false;
	*parent = 0;
	sqlite3_bind_int64(m->refs, 1, rowid);
	if (sqlite3_step(m->refs) == SQLITE_ROW)
		for (int i = 0; i < m->nrefs; i++)
			if (m->p->t[m->ref_parent[i]].root) {
				*none = sqlite3_column_int(m->refs, 1 + 2 * i);
				*parent = sqlite3_column_int64(m->refs, 2 + 2 * i);
			}
	sqlite3_reset(m->refs);
}

/* Where bundle row ROWID's foreign keys lead here: all inside the
 * subtree, or *V = V_SKIP downward, or a refusal upward. */
static int check_incoming(struct merge *m, long long rowid, long long lid, enum verdict *v)
{
	sqlite3_stmt *st = m->refs;
	sqlite3_bind_int64(st, 1, rowid);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return cn_db_fail(m->db, m->err, "Không đọc được gói dữ liệu");
	}
	int bad = -1;
	long long bad_id = 0;
	bool unknown = false, top = false;
	for (int i = 0; i < m->nrefs && bad < 0 && !unknown; i++) {
		bool none = sqlite3_column_int(st, 1 + 2 * i);
		bool mapped = sqlite3_column_type(st, 2 + 2 * i) != SQLITE_NULL;
		long long id = sqlite3_column_int64(st, 2 + 2 * i);
		if (none) {
			top |= m->t->root; /* a unit without parent: a new top of the tree */
			continue;
		}
		if (!mapped)
			unknown = true;
		else if (!bundle_scope_ref_ok(m->s, m->ref_parent[i], id))
			bad = m->ref_parent[i], bad_id = id;
	}
	sqlite3_reset(st);
	if (m->s->down && (bad >= 0 || unknown)) {
		*v = V_SKIP;
		return CN_OK;
	}
	if (top)
		return refuse(m, rowid, "đặt", "làm đơn vị cấp cao nhất");
	if (bad >= 0)
		return refuse_at(m, rowid, lid ? "chuyển" : "thêm", bad, bad_id);
	if (unknown)
		return cn_fail(m->err, CN_EINVAL, "Gói dữ liệu «%s» có %s gắn với một dòng mà cả gói lẫn cơ sở dữ liệu này "
			       "đều không có. Không nhập gì.", m->s->path, m->t->label);
	return CN_OK;
}

/* A unit moved under PARENT must not end up under itself. */
static int check_cycle(struct merge *m, long long rowid, long long lid, long long parent)
{
	if (!lid || !parent)
		return CN_OK;
	sqlite3_stmt *st = cn_db_stmt(m->db, "SELECT ?2 = ?1 OR instr((SELECT path FROM unit WHERE id = ?2), "
				      "'/' || ?1 || '/') > 0", m->err);
	if (!st)
		return m->err ? m->err->code : CN_EDB;
	cn_bind_int(st, 1, lid);
	cn_bind_int(st, 2, parent);
	bool loop = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!loop)
		return CN_OK;
	char *name = bundle_row_name(m, rowid);
	char *under = bundle_scope_unit_name(m->db, parent);
	int rc = cn_fail(m->err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: nó chuyển đơn vị «%s» vào dưới %s, vốn nằm "
			 "dưới chính nó; cây đơn vị sẽ thành vòng lặp. Không nhập gì.", m->s->path, name, under);
	free(name);
	free(under);
	return rc;
}

/* Decides what may happen to bundle row ROWID (local row LID, 0 when
 * none) before anything is written. */
int bundle_guard(struct merge *m, long long rowid, const char *uuid, long long lid, bool by_uuid, enum verdict *v)
{
	struct bundle_scope *s = m->s;
	const struct bundle_table *t = m->t;
	*v = V_MERGE;
	if (!bundle_scope_writable(s, t)) {
		*v = V_SKIP;
		return CN_OK;
	}
	int rc = CN_OK;
	long long parent = 0;
	if (t->catalogue) {
		/* From below, a catalogue row is only added when missing: the
		 * office above decides the catalogue. */
		if (!s->down && lid)
			*v = V_CONTEXT;
	} else if (t->root && lid && lid == s->root) {
		*v = V_CONTEXT; /* the sender's own unit is this office's to keep */
	} else if (t->root && !s->root) {
		/* The sender's unit is new here: this row must be it, under the
		 * parent the header names. */
		bool none;
		incoming_parent(m, rowid, &none, &parent);
		if (lid || strcmp(uuid, m->h->root_uuid) != 0)
			return refuse(m, rowid, "thêm", "trước cả đơn vị gửi");
		if (none || parent != s->root_parent)
			return refuse(m, rowid, "đặt", "ở nơi khác với nơi phần đầu gói ghi");
	} else if (lid && !bundle_scope_has(s, m->ti, lid)) {
		if (s->down)
			*v = V_SKIP;
		else
			rc = refuse_at(m, rowid, "sửa", m->ti, lid);
	} else {
		rc = check_incoming(m, rowid, lid, v);
		if (rc == CN_OK && *v == V_MERGE && t->root) {
			bool none;
			incoming_parent(m, rowid, &none, &parent);
			rc = check_cycle(m, rowid, lid, parent);
		}
	}
	if (rc == CN_OK && *v == V_MERGE && !by_uuid && bundle_scope_uuid_taken(s, m->ti, uuid)) {
		char *name = bundle_row_name(m, rowid);
		rc = cn_fail(m->err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: %s «%s» mang uuid %s, trùng với một dòng khác "
			     "ở đây. Không nhập gì.", s->path, t->label, name, uuid);
		free(name);
	}
	return rc;
}

/* A unit's type must fit where it now hangs: no province under a commune
 * (a village under a village is allowed, as in the forms). */
int bundle_check_level(struct merge *m, long long rowid, long long lid)
{
	sqlite3_stmt *st = cn_db_stmt(m->db, "SELECT u.type, u.level, coalesce(p.level, 0), p.id FROM unit u "
				      "LEFT JOIN unit p ON p.id = u.parent_id WHERE u.id = ?1", m->err);
	if (!st)
		return m->err ? m->err->code : CN_EDB;
	cn_bind_int(st, 1, lid);
	int rc = CN_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		char *type = cn_col_dup(st, 0);
		int level = sqlite3_column_int(st, 1), parent_level = sqlite3_column_int(st, 2);
		long long parent = sqlite3_column_int64(st, 3);
		sqlite3_reset(st);
		int want = cn_unit_type_level(type, parent_level);
		if (level != want || want < parent_level) {
			char *name = bundle_row_name(m, rowid), *under = bundle_scope_unit_name(m->db, parent);
			rc = cn_fail(m->err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: đơn vị «%s» loại «%s» (cấp %d) không thể "
				     "nằm dưới %s. Không nhập gì.", m->s->path, name, type, level, under);
			free(name);
			free(under);
		}
		free(type);
	} else {
		sqlite3_reset(st);
	}
	return rc;
}
