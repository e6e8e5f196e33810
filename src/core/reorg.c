/* "reorg apply": reads the files, plans against the database, makes a
 * backup when there is something to do, then plans again and writes inside
 * one transaction (so that a copy of cnscd writing in between is seen). */
#include "cnscd/reorg.h"

#include "cnscd/backup.h"
#include "cnscd/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reorg_internal.h"

static const char *const rule_names[] = {[CN_SPLIT_ASK] = "ask", [CN_SPLIT_LARGEST] = "largest",
					 [CN_SPLIT_FIRST] = "first"};

int cn_split_rule_parse(const char *s)
{
	for (int i = 0; s && i < (int)CN_ARRAY_LEN(rule_names); i++)
		if (strcmp(s, rule_names[i]) == 0)
			return i;
	return -1;
}

const char *cn_split_rule_name(int rule)
{
	return rule >= 0 && rule < (int)CN_ARRAY_LEN(rule_names) ? rule_names[rule] : "?";
}

const char *const cn_reorg_kinds[5] = {"same", "rename", "merge", "split", "partial"};

const char *cn_reorg_kind_name(const char *kind)
{
	static const char *const names[5] = {"giữ nguyên", "đổi tên/mã/cấp trên", "sáp nhập vào",
					     "chia tách, nhận thôn và tổ", "nhận một phần"};
	for (int i = 0; i < 5; i++)
		if (kind && strcmp(kind, cn_reorg_kinds[i]) == 0)
			return names[i];
	return kind ? kind : "";
}

static void free_list(char **list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static void free_questions(cn_reorg_result *res)
{
	for (int i = 0; i < res->nquestions; i++) {
		cn_reorg_question *q = &res->questions[i];
		free(q->code);
		free(q->name);
		free_list(q->candidate_code, q->ncandidates);
		free_list(q->candidate_name, q->ncandidates);
		free(q->candidate_received);
	}
	free(res->questions);
}

/* Empties RES for another plan, keeping the date and the backup's name. */
static void result_reset(cn_reorg_result *res)
{
	free_list(res->notes, res->nnotes);
	free_list(res->problems, res->nproblems);
	free_questions(res);
	char *backup = res->backup_path;
	char date[CN_DATE_LEN];
	memcpy(date, res->date, sizeof date);
	memset(res, 0, sizeof *res);
	res->backup_path = backup;
	memcpy(res->date, date, sizeof date);
}

void cn_reorg_result_clear(cn_reorg_result *res)
{
	result_reset(res);
	free(res->backup_path);
	memset(res, 0, sizeof *res);
}

/* ---- Backup ---- */

/* The usual backup (SQLite's online backup into the backups folder beside
 * the database, mode 0600), named for the reorganisation. */
int cn_reorg_backup(cn_db *db, char **path, cn_error *err)
{
	*path = NULL;
	return cn_backup_make(db, "before-reorg", cn_setting_number(db, "backup_keep"), path, err);
}

/* ---- The whole ---- */

static int day_before(cn_db *db, const char *iso, char out[CN_DATE_LEN], cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT date(?, '-1 day')", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, iso);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, CN_DATE_LEN, "%s", cn_col_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CN_OK : cn_db_fail(db, err, "Không tính được ngày");
}

static int read_inputs(struct reorg *r, const char *mapping_path, const char *units_path, cn_error *err)
{
	int rc = reorg_read_units(r, units_path, err);
	if (rc == CN_OK)
		rc = reorg_read_mapping(r, mapping_path, err);
	if (rc == CN_OK && r->opt->assignments)
		rc = reorg_read_assignments(r, r->opt->assignments, err);
	if (rc == CN_OK && r->opt->assign)
		reorg_parse_assign(r, r->opt->assign);
	return rc;
}

static bool stopped(const cn_reorg_result *res)
{
	return res->nproblems > 0 || res->nquestions > 0;
}

/* Plans again and writes, in one transaction. */
static int plan_and_write(cn_db *db, struct reorg *r, cn_error *err)
{
	result_reset(r->res);
	reorg_plan_reset(r);
	int rc = cn_db_begin(db, err);
	if (rc != CN_OK)
		return rc;
	rc = reorg_plan(db, r, err);
	if (rc == CN_OK && stopped(r->res))
		rc = CN_EINVAL;
	if (rc == CN_OK && r->changes == 0) {
		r->res->nothing_to_do = true;
		cn_db_rollback(db);
		return CN_OK;
	}
	if (rc == CN_OK)
		rc = reorg_write(db, r, err);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

int cn_reorg_apply(cn_db *db, const char *mapping_path, const char *units_path, const cn_reorg_options *opt,
		   cn_reorg_result *res, cn_error *err)
{
	memset(res, 0, sizeof *res);
	struct reorg r = {.opt = opt, .res = res};
	int rc = cn_parse_date("Ngày hiệu lực", opt->date ? opt->date : CN_REORG_DEFAULT_DATE, r.date, err);
	if (rc != CN_OK)
		return rc;
	memcpy(res->date, r.date, sizeof r.date);
	if (opt->split_rule < CN_SPLIT_ASK || opt->split_rule > CN_SPLIT_FIRST)
		return cn_fail(err, CN_EINVAL, "Quy tắc chia tách không hợp lệ: cần largest, first hoặc ask");
	if ((rc = day_before(db, r.date, r.day_before, err)) != CN_OK)
		goto out;
	/* The plan runs even when the files have problems, so that those
	 * found against the database are listed at the same time. */
	if ((rc = read_inputs(&r, mapping_path, units_path, err)) != CN_OK)
		goto out;
	if ((rc = reorg_plan(db, &r, err)) != CN_OK)
		goto out;
	if (stopped(res)) {
		rc = CN_EINVAL;
		goto out;
	}
	if (r.changes == 0) {
		res->nothing_to_do = true;
		goto out;
	}
	if (opt->backup && (rc = cn_reorg_backup(db, &res->backup_path, err)) != CN_OK)
		goto out;
	rc = plan_and_write(db, &r, err);
out:
	reorg_plan_reset(&r);
	reorg_input_free(&r);
	return rc;
}
