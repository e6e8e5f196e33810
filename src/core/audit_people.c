/* Audit entries of transfers, merged teams and merged records told as the
 * acts they are: "Chuyển thành viên «Trần Thị Bình» từ Tổ CNSCĐ Ấp 1, Xã
 * Vĩnh Mỹ A sang Tổ CNSCĐ Ấp 2, Xã Vĩnh Mỹ A ngày 01/03/2025". */
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "cnscd/team.h"
#include "cnscd/validate.h"

/* The fields of a logged row that the words need, read from its JSON. */
struct logged {
	long long a, b, c;     /* ids, in the order the table's query names them */
	char *date, *text1, *text2;
	long long n1, n2;
};

static void logged_free(struct logged *l)
{
	free(l->date);
	free(l->text1);
	free(l->text2);
}

static bool read_logged(cn_db *db, const char *sql, const char *json, struct logged *l)
{
	memset(l, 0, sizeof *l);
	sqlite3_stmt *st = cn_db_stmt(db, sql, NULL);
	if (!st || !json)
		return false;
	cn_bind_text(st, 1, json);
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok) {
		l->a = sqlite3_column_int64(st, 0);
		l->b = sqlite3_column_int64(st, 1);
		l->c = sqlite3_column_int64(st, 2);
		l->date = cn_col_dup(st, 3);
		l->text1 = cn_col_dup(st, 4);
		l->text2 = cn_col_dup(st, 5);
		l->n1 = sqlite3_column_int64(st, 6);
		l->n2 = sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	return ok;
}

static char *member_name(cn_db *db, long long id)
{
	return cn_audit_lookup(db, "SELECT full_name FROM member WHERE id = ?1", id);
}

static void add_date(cn_buf *b, const char *iso)
{
	char shown[CN_DATE_LEN];
	cn_date_display(iso, shown);
	cn_buf_printf(b, " ngày %s", shown);
}

static void describe_move(cn_db *db, const cn_audit_entry *e, const struct logged *l, cn_buf *b)
{
	char *name = member_name(db, l->a);
	char *from = cn_team_place(db, l->b), *to = cn_team_place(db, l->c);
	cn_buf_printf(b, "%s thành viên «%s» từ %s sang %s", e->action == CN_AUDIT_DELETE ? "Bỏ việc chuyển" : "Chuyển",
		      name ? name : "(đã xóa)", from, to);
	add_date(b, l->date);
	if (l->text1 && strcmp(l->text1, "merge") == 0)
		cn_buf_adds(b, ", do gộp tổ");
	free(name);
	free(from);
	free(to);
}

static char *unit_name(cn_db *db, long long id)
{
	return cn_audit_lookup(db, "SELECT name FROM unit WHERE id = ?1", id);
}

static void describe_team_move(cn_db *db, const cn_audit_entry *e, const struct logged *l, cn_buf *b)
{
	char *team = cn_audit_lookup(db, "SELECT name FROM team WHERE id = ?1", l->a);
	char *from = unit_name(db, l->b), *to = unit_name(db, l->c);
	cn_buf_printf(b, "%s tổ «%s» từ %s sang %s", e->action == CN_AUDIT_DELETE ? "Bỏ việc chuyển" : "Chuyển",
		      team ? team : "(đã xóa)", from ? from : "?", to ? to : "?");
	add_date(b, l->date);
	free(team);
	free(from);
	free(to);
}

static void add_months(cn_buf *b, const char *months)
{
	/* "2026-10,2026-11" → "10/2026, 11/2026" */
	for (const char *p = months; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 7)
			cn_buf_printf(b, "%s%.2s/%.4s", p == months ? "" : ", ", p + 5, p);
		p = end ? end + 1 : p + len;
	}
}

static void describe_team_merge(cn_db *db, const cn_audit_entry *e, const struct logged *l, cn_buf *b)
{
	char *from = cn_team_place(db, l->a), *into = cn_team_place(db, l->b);
	cn_buf_printf(b, "%s %s vào %s", e->action == CN_AUDIT_DELETE ? "Bỏ việc gộp" : "Gộp", from, into);
	add_date(b, l->date);
	cn_buf_printf(b, ": %lld thành viên, %lld báo cáo tháng chuyển sang", l->n1, l->n2);
	if (l->text1 && *l->text1) {
		cn_buf_adds(b, "; cộng số liệu tháng ");
		add_months(b, l->text1);
	}
	free(from);
	free(into);
}

static void describe_member_merge(cn_db *db, const cn_audit_entry *e, const struct logged *l, cn_buf *b)
{
	char *kept = member_name(db, l->a);
	char *place = l->b ? cn_team_place(db, l->b) : NULL;
	cn_buf_printf(b, "%s hồ sơ «%s»", e->action == CN_AUDIT_DELETE ? "Bỏ việc gộp" : "Gộp", l->text1 ? l->text1 : "");
	if (place)
		cn_buf_printf(b, " (%s)", place);
	cn_buf_printf(b, " vào hồ sơ «%s»", kept ? kept : "(đã xóa)");
	add_date(b, l->date);
	cn_buf_adds(b, ": cùng một người");
	free(kept);
	free(place);
}

bool cn_audit_describe_people(cn_db *db, const cn_audit_entry *e, cn_buf *b)
{
	static const struct {
		const char *table, *sql;
		void (*describe)(cn_db *db, const cn_audit_entry *e, const struct logged *l, cn_buf *b);
	} acts[] = {
		{"member_move", "SELECT json_extract(?1, '$.member_id'), json_extract(?1, '$.from_team_id'), "
				"json_extract(?1, '$.to_team_id'), json_extract(?1, '$.moved_on'), "
				"json_extract(?1, '$.kind'), NULL, 0, 0", describe_move},
		{"team_move", "SELECT json_extract(?1, '$.team_id'), json_extract(?1, '$.from_unit_id'), "
			      "json_extract(?1, '$.to_unit_id'), json_extract(?1, '$.moved_on'), NULL, NULL, 0, 0",
		 describe_team_move},
		{"team_merge", "SELECT json_extract(?1, '$.team_id'), json_extract(?1, '$.into_team_id'), 0, "
			       "json_extract(?1, '$.merged_on'), json_extract(?1, '$.months_added'), NULL, "
			       "json_extract(?1, '$.members'), json_extract(?1, '$.reports_moved')", describe_team_merge},
		{"member_merge", "SELECT json_extract(?1, '$.member_id'), json_extract(?1, '$.merged_team_id'), 0, "
				 "json_extract(?1, '$.merged_on'), json_extract(?1, '$.merged_name'), NULL, 0, 0",
		 describe_member_merge},
	};
	if (e->action == CN_AUDIT_UPDATE)
		return false;
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
		if (strcmp(e->table, acts[i].table) != 0)
			continue;
		char *json = e->action == CN_AUDIT_INSERT ? cn_audit_created_values(db, e)
			     : e->old_values ? cn_strdup(e->old_values) : NULL;
		struct logged l;
		bool ok = read_logged(db, acts[i].sql, json, &l);
		free(json);
		if (ok)
			acts[i].describe(db, e, &l, b);
		logged_free(&l);
		return ok;
	}
	return false;
}
