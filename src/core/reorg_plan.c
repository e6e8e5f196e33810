/* Matching the files of a reorganisation with the database, and deciding:
 * which old units it has, which go on and which close, where the villages
 * and teams of each go, which new units to create. Every problem is
 * listed; nothing is written here. Run once before the backup (to know
 * whether there is anything to do) and again inside the transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "reorg_internal.h"

static long target(const struct reorg *r, const struct old_unit *o, int k)
{
	return r->rows[o->rows[k]].new_idx;
}

static long first_line(const struct reorg *r, const struct old_unit *o)
{
	return r->rows[o->rows[0]].line;
}

/* ---- The old units the mapping names ---- */

static const char old_sql[] =
	"SELECT u.id, u.level, u.valid_to, u.parent_id, u.name, (u.valid_from IS NULL OR u.valid_from < ?2), "
	"EXISTS (SELECT 1 FROM unit_succession s WHERE s.old_unit_id = u.id AND s.effective = ?2) "
	"FROM unit u WHERE u.code = ?1";

static void found_old(struct reorg *r, struct old_unit *o, sqlite3_stmt *st)
{
	o->db_id = sqlite3_column_int64(st, 0);
	o->level = sqlite3_column_int(st, 1);
	o->open = sqlite3_column_type(st, 2) == SQLITE_NULL;
	o->parent_id = sqlite3_column_int64(st, 3);
	o->name = cn_col_dup(st, 4);
	bool before = sqlite3_column_int(st, 5) != 0, recorded = sqlite3_column_int(st, 6) != 0;
	o->relevant = o->open && before;
	if (o->relevant)
		return;
	if (recorded) {
		r->res->rows_done += o->nrows;
	} else if (!o->open) {
		if (!r->closed_before++) {
			char shown[CN_DATE_LEN];
			cn_date_display(cn_col_text(st, 2), shown);
			r->closed_example = cn_sprintf("%s (%s), hết hiệu lực %s", o->name, o->code, shown);
		}
	} else {
		r->res->rows_absent += o->nrows; /* a unit that only begins with the new structure */
	}
}

static int look_up_old(cn_db *db, struct reorg *r, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, old_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	for (size_t i = 0; i < r->nold; i++) {
		struct old_unit *o = &r->old[i];
		cn_bind_text(st, 1, o->code);
		cn_bind_text(st, 2, r->date);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			found_old(r, o, st);
		else if (rc == SQLITE_DONE)
			r->res->rows_absent += o->nrows;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return cn_db_fail(db, err, "Không đọc được đơn vị");
	}
	return CN_OK;
}

/* Provinces become provinces; districts and communes become communes. */
static void check_old(struct reorg *r, struct old_unit *o)
{
	int want = o->level == CN_LEVEL_PROVINCE ? CN_LEVEL_PROVINCE : CN_LEVEL_COMMUNE;
	for (int k = 0; k < o->nrows; k++) {
		long ni = target(r, o, k);
		if (ni < 0)
			continue;
		const struct new_unit *n = &r->nu[ni];
		if (strcmp(n->code, o->code) == 0)
			o->continuing = true;
		if (o->level > CN_LEVEL_COMMUNE || n->level != want)
			reorg_problem(r, "%s, dòng %ld: %s (%s) là đơn vị cấp %s, không thể chuyển thành %s (%s), cấp %s",
				      r->mapping_name, r->rows[o->rows[k]].line, o->name, o->code, cn_level_noun(o->level),
				      n->name, n->code, cn_level_noun(n->level));
	}
	long same_code = cn_strmap_get(&r->nu_by_code, o->code);
	if (!o->continuing && same_code >= 0)
		reorg_problem(r, "%s, dòng %ld: mã «%s» (%s) vẫn có trong %s (%s) nhưng lại được chuyển sang mã khác; "
			      "mã đơn vị hành chính không dùng lại cho đơn vị khác", r->mapping_name, first_line(r, o),
			      o->code, o->name, r->units_name, r->nu[same_code].name);
}

/* ---- Districts the mapping does not name ---- */

static const char districts_sql[] =
	"SELECT d.id, d.code, d.name, p.code, p.level FROM unit d LEFT JOIN unit p ON p.id = d.parent_id "
	"WHERE d.level = 2 AND d.valid_to IS NULL AND (d.valid_from IS NULL OR d.valid_from < ?1) ORDER BY d.code";

static int collect_districts(cn_db *db, struct reorg *r, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, districts_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, r->date);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = cn_col_text(st, 1);
		if (cn_strmap_get(&r->old_by_code, code) >= 0)
			continue;
		long province = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1
				: cn_strmap_get(&r->old_by_code, cn_col_text(st, 3));
		if (sqlite3_column_int(st, 4) != CN_LEVEL_PROVINCE) {
			reorg_problem(r, "%s (%s) không thuộc tỉnh nào: không biết chuyển tổ và thôn của nó về đâu",
				      cn_col_text(st, 2), code);
			continue;
		}
		if (province < 0 || !r->old[province].relevant)
			continue; /* its province is listed as missing from the mapping */
		CN_GROW(r->dist, r->ndist, r->capdist, 64);
		r->dist[r->ndist++] = (struct district){sqlite3_column_int64(st, 0), cn_strdup(code),
							 cn_col_dup(st, 2), province, -1};
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được danh sách huyện");
}

/* ---- Old units of the database missing from the mapping ---- */

static const char unmapped_sql[] =
	"SELECT code, name, level FROM unit WHERE level IN (1, 3) AND valid_to IS NULL "
	"AND (valid_from IS NULL OR valid_from < ?1) ORDER BY level, code";

static int check_unmapped(cn_db *db, struct reorg *r, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, unmapped_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, r->date);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cn_strmap_get(&r->old_by_code, cn_col_text(st, 0)) < 0)
			reorg_problem(r, "%s (%s): %s cũ của cơ sở dữ liệu không có dòng nào trong %s", cn_col_text(st, 1),
				      cn_col_text(st, 0), cn_level_noun(sqlite3_column_int(st, 2)), r->mapping_name);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được danh sách đơn vị");
}

/* ---- Explicit assignments and the split rule ---- */

/* "--assign" or "file.csv, dòng 3". */
static void where_text(const struct assignment *a, char *buf, size_t size)
{
	if (a->line)
		snprintf(buf, size, "%s, dòng %ld", a->source, a->line);
	else
		snprintf(buf, size, "%s", a->source);
}

static void list_targets(const struct reorg *r, const struct old_unit *o, cn_buf *b)
{
	for (int k = 0; k < o->nrows; k++) {
		long ni = target(r, o, k);
		if (ni >= 0)
			cn_buf_printf(b, "%s%s (%s)", b->len ? ", " : "", r->nu[ni].code, r->nu[ni].name);
	}
}

static void assign_old(struct reorg *r, struct assignment *a, struct old_unit *o, const char *where)
{
	if (!o->relevant) {
		if (!o->db_id)
			reorg_problem(r, "%s: mã cũ «%s» không có trong cơ sở dữ liệu", where, a->old_code);
		return; /* already applied: nothing to place */
	}
	for (int k = 0; k < o->nrows; k++) {
		long ni = target(r, o, k);
		if (ni >= 0 && strcmp(r->nu[ni].code, a->new_code) == 0) {
			o->carry = ni;
			o->assigned = o->nrows > 1;
			return;
		}
	}
	cn_buf b = {0};
	list_targets(r, o, &b);
	reorg_problem(r, "%s: %s (%s) không chuyển thành «%s»; chỉ có thể chọn: %s", where, o->name, o->code,
		      a->new_code, cn_buf_str(&b));
	cn_buf_free(&b);
}

static struct district *find_district(struct reorg *r, const char *code)
{
	for (size_t i = 0; i < r->ndist; i++)
		if (strcmp(r->dist[i].code, code) == 0)
			return &r->dist[i];
	return NULL;
}

/* A district's teams may go to a commune of its new province. */
static void assign_district(struct reorg *r, struct assignment *a, struct district *d, const char *where)
{
	long province = r->old[d->province].carry;
	long ni = cn_strmap_get(&r->nu_by_code, a->new_code);
	if (ni < 0) {
		reorg_problem(r, "%s: mã mới «%s» không có trong %s", where, a->new_code, r->units_name);
		return;
	}
	if (province >= 0 && ni != province && r->nu[ni].parent_idx != province) {
		reorg_problem(r, "%s: %s (%s) không thuộc %s, tỉnh mới của %s", where, r->nu[ni].name, a->new_code,
			      r->nu[province].name, d->name);
		return;
	}
	d->carry = ni;
}

/* True when CODE is a unit that a reorganisation closed already (an
 * assignment about it is from the run that did it). */
static bool already_reorganised(cn_db *db, const char *code)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT 1 FROM unit u WHERE u.code = ? AND u.valid_to IS NOT NULL "
		"AND EXISTS (SELECT 1 FROM unit_succession s WHERE s.old_unit_id = u.id)", NULL);
	if (!st)
		return false;
	cn_bind_text(st, 1, code);
	bool done = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return done;
}

static void apply_assignments(cn_db *db, struct reorg *r, bool districts)
{
	for (size_t i = 0; i < r->nas; i++) {
		struct assignment *a = &r->as[i];
		char where[300];
		where_text(a, where, sizeof where);
		long oi = cn_strmap_get(&r->old_by_code, a->old_code);
		struct district *d = oi < 0 ? find_district(r, a->old_code) : NULL;
		if (!districts && oi >= 0)
			assign_old(r, a, &r->old[oi], where);
		else if (districts && d)
			assign_district(r, a, d, where);
		else if (districts && oi < 0 && !already_reorganised(db, a->old_code))
			reorg_problem(r, "%s: «%s» không phải đơn vị bị chia tách hay huyện của cơ sở dữ liệu", where,
				      a->old_code);
	}
}

/* The new unit RULE picks among O's targets. */
static long by_rule(const struct reorg *r, const struct old_unit *o, int rule)
{
	long best = -1;
	for (int k = 0; k < o->nrows; k++) {
		long ni = target(r, o, k);
		if (ni < 0)
			continue;
		if (best < 0) {
			best = ni;
			continue;
		}
		const struct new_unit *n = &r->nu[ni], *b = &r->nu[best];
		if (rule == CN_SPLIT_LARGEST && n->received != b->received) {
			if (n->received > b->received)
				best = ni;
			continue;
		}
		size_t ln = strlen(n->code), lb = strlen(b->code);
		if (ln < lb || (ln == lb && strcmp(n->code, b->code) < 0))
			best = ni;
	}
	return best;
}

/* ---- What a unit holds ---- */

struct holdings {
	long villages, teams;
	long long members;
};

static int count_holdings(cn_db *db, long long unit_id, struct holdings *h, cn_error *err)
{
	sqlite3_stmt *v = cn_db_stmt(db,
		"SELECT count(*) FROM unit WHERE parent_id = ? AND valid_to IS NULL AND level >= 4", err);
	sqlite3_stmt *t = v ? cn_db_stmt(db,
		"SELECT count(DISTINCT t.id), count(m.id) FROM team t "
		"LEFT JOIN member m ON m.team_id = t.id AND m.left_on IS NULL "
		"WHERE t.unit_id = ? AND t.dissolved IS NULL", err) : NULL;
	if (!t)
		return err ? err->code : CN_EDB;
	cn_bind_int(v, 1, unit_id);
	cn_bind_int(t, 1, unit_id);
	int rv = sqlite3_step(v), rt = sqlite3_step(t);
	if (rv == SQLITE_ROW && rt == SQLITE_ROW) {
		h->villages = sqlite3_column_int64(v, 0);
		h->teams = sqlite3_column_int64(t, 0);
		h->members = sqlite3_column_int64(t, 1);
	}
	sqlite3_reset(v);
	sqlite3_reset(t);
	if (rv != SQLITE_ROW || rt != SQLITE_ROW)
		return cn_db_fail(db, err, "Không đếm được thôn và tổ");
	return CN_OK;
}

static void add_moves(struct reorg *r, const struct holdings *h)
{
	r->res->villages_moved += h->villages;
	r->res->teams_moved += h->teams;
	r->res->members_moved += h->members;
}

static void ask(struct reorg *r, const struct old_unit *o, const struct holdings *h)
{
	cn_reorg_result *res = r->res;
	res->questions = cn_reallocarray(res->questions, (size_t)res->nquestions + 1, sizeof *res->questions);
	cn_reorg_question *q = &res->questions[res->nquestions++];
	memset(q, 0, sizeof *q);
	q->code = cn_strdup(o->code);
	q->name = cn_strdup(o->name);
	q->villages = h->villages;
	q->teams = h->teams;
	q->candidate_code = cn_calloc((size_t)o->nrows, sizeof *q->candidate_code);
	q->candidate_name = cn_calloc((size_t)o->nrows, sizeof *q->candidate_name);
	q->candidate_received = cn_calloc((size_t)o->nrows, sizeof *q->candidate_received);
	for (int k = 0; k < o->nrows; k++) {
		long ni = target(r, o, k);
		if (ni < 0)
			continue;
		q->candidate_code[q->ncandidates] = cn_strdup(r->nu[ni].code);
		q->candidate_name[q->ncandidates] = cn_strdup(r->nu[ni].name);
		q->candidate_received[q->ncandidates++] = r->nu[ni].received;
	}
}

/* Chooses where each old unit's villages and teams go, and counts them. */
static int place_old(cn_db *db, struct reorg *r, cn_error *err)
{
	int rule = r->opt->split_rule;
	for (size_t i = 0; i < r->nold; i++) {
		struct old_unit *o = &r->old[i];
		if (!o->relevant)
			continue;
		bool split = o->nrows > 1;
		r->res->splits += split;
		r->res->splits_assigned += o->assigned;
		/* Under "ask", a split unit without villages or teams needs no
		 * answer: its records name the target the largest rule picks. */
		bool asking = split && !o->assigned && rule == CN_SPLIT_ASK;
		if (o->carry < 0)
			o->carry = by_rule(r, o, rule == CN_SPLIT_FIRST ? CN_SPLIT_FIRST : CN_SPLIT_LARGEST);
		bool stays = o->carry < 0 || strcmp(r->nu[o->carry].code, o->code) == 0;
		if (stays && !asking)
			continue;
		struct holdings h = {0};
		int rc = count_holdings(db, o->db_id, &h, err);
		if (rc != CN_OK)
			return rc;
		if (asking && (h.villages || h.teams))
			ask(r, o, &h);
		if (!stays)
			add_moves(r, &h);
	}
	return CN_OK;
}

static int place_districts(cn_db *db, struct reorg *r, cn_error *err)
{
	for (size_t i = 0; i < r->ndist; i++) {
		struct district *d = &r->dist[i];
		if (d->carry < 0)
			d->carry = r->old[d->province].carry;
		struct holdings h = {0};
		int rc = count_holdings(db, d->db_id, &h, err);
		if (rc != CN_OK)
			return rc;
		add_moves(r, &h);
		r->res->district_teams_moved += h.teams;
	}
	return CN_OK;
}

/* ---- The new units ---- */

static void mark_needed(struct reorg *r, long ni)
{
	for (int depth = 0; ni >= 0 && depth < 10; depth++) {
		r->nu[ni].needed = true;
		ni = r->nu[ni].parent_idx;
	}
}

static const char code_sql[] =
	"SELECT u.id, u.name, u.type, u.valid_to IS NULL, p.code FROM unit u "
	"LEFT JOIN unit p ON p.id = u.parent_id WHERE u.code = ?";

/* Finds what the database has under N's code: the old unit that goes on
 * under it, an identical unit (from an earlier run), or nothing. */
static void match_new(struct reorg *r, struct new_unit *n, sqlite3_stmt *st)
{
	long long id = sqlite3_column_int64(st, 0);
	bool identical = strcmp(cn_col_text(st, 1), n->name) == 0 && strcmp(cn_col_text(st, 2), n->type) == 0 &&
			 strcmp(cn_col_text(st, 4), n->parent ? n->parent : "") == 0;
	bool open = sqlite3_column_int(st, 3) != 0;
	long oi = cn_strmap_get(&r->old_by_code, n->code);
	if (oi >= 0 && r->old[oi].relevant && r->old[oi].continuing) {
		n->db_id = id;
		n->update = !identical;
		r->res->kept++;
		r->res->changed += n->update;
	} else if (open && identical) {
		n->db_id = id;
	} else {
		reorg_problem(r, "%s, dòng %ld: mã «%s» (%s) đã được dùng cho %s%s trong cơ sở dữ liệu", r->units_name,
			      n->line, n->code, n->name, cn_col_text(st, 1), open ? "" : " (đã đóng)");
	}
}

static int match_new_units(cn_db *db, struct reorg *r, cn_error *err)
{
	for (size_t i = 0; i < r->nold; i++)
		if (r->old[i].relevant)
			for (int k = 0; k < r->old[i].nrows; k++)
				mark_needed(r, target(r, &r->old[i], k));
	for (size_t i = 0; i < r->ndist; i++)
		mark_needed(r, r->dist[i].carry);
	sqlite3_stmt *st = cn_db_stmt(db, code_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	for (size_t i = 0; i < r->nnu; i++) {
		struct new_unit *n = &r->nu[i];
		if (!n->needed)
			continue;
		cn_bind_text(st, 1, n->code);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			match_new(r, n, st);
		else if (rc == SQLITE_DONE)
			r->res->created++;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return cn_db_fail(db, err, "Không đọc được đơn vị");
	}
	return CN_OK;
}

/* ---- Succession records still to write ---- */

static int record_missing(cn_db *db, struct reorg *r, long long old_id, long ni, long *missing, cn_error *err)
{
	long long new_id = r->nu[ni].db_id;
	if (!new_id) {
		(*missing)++;
		return CN_OK;
	}
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT 1 FROM unit_succession WHERE old_unit_id = ? AND new_unit_id = ? AND effective = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, old_id);
	cn_bind_int(st, 2, new_id);
	cn_bind_text(st, 3, r->date);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		(*missing)++;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được bản ghi kế thừa");
}

static int count_records(cn_db *db, struct reorg *r, long *missing, cn_error *err)
{
	int rc = CN_OK;
	for (size_t i = 0; i < r->nold && rc == CN_OK; i++) {
		struct old_unit *o = &r->old[i];
		for (int k = 0; o->relevant && k < o->nrows && rc == CN_OK; k++)
			if (target(r, o, k) >= 0)
				rc = record_missing(db, r, o->db_id, target(r, o, k), missing, err);
		if (o->relevant && !o->continuing) {
			r->res->closed++;
			r->res->closed_level[o->level <= CN_LEVEL_MAX ? o->level : CN_LEVEL_MAX]++;
		}
	}
	for (size_t i = 0; i < r->ndist; i++) {
		(*missing)++;
		r->res->closed++;
		r->res->closed_level[CN_LEVEL_DISTRICT]++;
	}
	return rc;
}

int reorg_plan(cn_db *db, struct reorg *r, cn_error *err)
{
	int rc;
	if ((rc = look_up_old(db, r, err)) != CN_OK)
		return rc;
	for (size_t i = 0; i < r->nold; i++)
		if (r->old[i].relevant)
			check_old(r, &r->old[i]);
	apply_assignments(db, r, false);
	if ((rc = place_old(db, r, err)) != CN_OK || (rc = collect_districts(db, r, err)) != CN_OK)
		return rc;
	apply_assignments(db, r, true);
	long missing = 0;
	if ((rc = place_districts(db, r, err)) != CN_OK || (rc = check_unmapped(db, r, err)) != CN_OK ||
	    (rc = match_new_units(db, r, err)) != CN_OK || (rc = count_records(db, r, &missing, err)) != CN_OK)
		return rc;
	cn_reorg_result *res = r->res;
	if (r->closed_before)
		reorg_note(r, "Bỏ qua %ld đơn vị cũ của %s đã đóng từ trước, không do sắp xếp này (như %s)",
			   r->closed_before, r->mapping_name, r->closed_example);
	r->changes = res->created + res->changed + res->closed + res->teams_moved + res->villages_moved + missing;
	return CN_OK;
}

void reorg_plan_reset(struct reorg *r)
{
	for (size_t i = 0; i < r->ndist; i++) {
		free(r->dist[i].code);
		free(r->dist[i].name);
	}
	free(r->dist);
	r->dist = NULL;
	r->ndist = r->capdist = 0;
	for (size_t i = 0; i < r->nold; i++) {
		struct old_unit *o = &r->old[i];
		free(o->name);
		long *rows = o->rows;
		int nrows = o->nrows;
		const char *code = o->code;
		*o = (struct old_unit){.code = code, .rows = rows, .nrows = nrows, .carry = -1};
	}
	for (size_t i = 0; i < r->nnu; i++) {
		r->nu[i].needed = r->nu[i].update = r->nu[i].written = false;
		r->nu[i].db_id = 0;
	}
	r->changes = 0;
	r->closed_before = 0;
	free(r->closed_example);
	r->closed_example = NULL;
}
