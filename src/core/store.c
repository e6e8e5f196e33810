/* The database layer's hooks (cnscd/db.h): this is where the database
 * meets the audit log and the backups, and undo meets the bundles, so that
 * db.c and the audit log call nothing above them. */
#include "cnscd/store.h"

#include "audit_internal.h"
#include "cnscd/backup.h"
#include "cnscd/bundle.h"
#include "cnscd/restore.h"
#include "cnscd/settings.h"

static int keep(cn_db *db)
{
	return cn_setting_number(db, "backup_keep");
}

/* The data as it was before the schema is touched. Taken inside the
 * migration's write transaction, so it is exactly what gets migrated. */
static int before_migration(cn_db *db, int from_version, cn_error *err)
{
	cn_error why = {0};
	if (cn_backup_make(db, "before-upgrade", keep(db), NULL, &why) == CN_OK)
		return CN_OK;
	return cn_fail(err, why.code, "Chưa nâng cấp cơ sở dữ liệu (lược đồ %d) vì không sao lưu được trước: %s",
		       from_version, why.msg);
}

static void *attach(sqlite3 *sq)
{
	struct cn_audit_session *s = cn_audit_session_start(sq);
	/* An import undone: what it recorded of each row's last exchange too. */
	cn_audit_session_on_undo(s, cn_bundle_forget_undone);
	return s;
}

static void detach(void *session)
{
	cn_audit_session_end(session);
}

static const struct cn_db_hooks hooks = {
	.attach = attach,
	.detach = detach,
	.before_migration = before_migration,
	/* Columns of audited tables may have changed: their triggers are
	 * made again. */
	.after_migration = cn_audit_install,
	.opened = cn_audit_ensure,
	/* The audit rows of one transaction are one change for undo. */
	.began = cn_audit_mark,
	.before_commit = cn_audit_group_close,
};

cn_db *cn_store_open(const char *path, int flags, cn_error *err)
{
	return cn_db_open(path, flags, &hooks, err);
}

int cn_store_backup(cn_db *db, const char *reason, char **path, cn_error *err)
{
	return cn_backup_make(db, reason, keep(db), path, err);
}

int cn_store_daily_backup(cn_db *db, cn_error *err)
{
	return cn_backup_daily(db, keep(db), err);
}

int cn_store_restore(cn_db *db, const char *file, char **saved, cn_error *err)
{
	return cn_restore(db, file, keep(db), saved, err);
}
