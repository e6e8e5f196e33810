#include "report_scope_internal.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/reorg.h"
#include "cnscd/settings.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

static char *setting_or(cn_db *db, const char *key, char *fallback)
{
	char *v = cn_setting_get(db, key);
	if (v && !cn_str_empty(v)) {
		free(fallback);
		return v;
	}
	free(v);
	return fallback;
}

/* The heading block from the settings, falling back on the name of U
 * (the office's own unit, else the report's):
 * "UBND HUYỆN HOÀ BÌNH", place "Hoà Bình". */
static void fill_heading(cn_db *db, const cn_unit *u, cn_report_heading *h)
{
	char *office = NULL, *place = NULL;
	if (u) {
		office = cn_sprintf("UBND %s", u->name);
		const char *prefix = cn_unit_type_prefix(u->type);
		size_t lp = strlen(prefix);
		place = cn_strdup(strncmp(u->name, prefix, lp) == 0 && u->name[lp] == ' ' ? u->name + lp + 1 : u->name);
	}
	h->office = setting_or(db, "office_name", office);
	h->place = setting_or(db, "office_place", place);
	h->signer_title = setting_or(db, "signer_title", NULL);
	h->signer_name = setting_or(db, "signer_name", NULL);
	h->preparer_name = setting_or(db, "preparer_name", NULL);
	char today[CN_DATE_LEN];
	cn_date_today(today);
	h->date = cn_strdup(today);
}

cn_report *cn_report_scope(cn_report *r, cn_db *db, long long unit_id, char *what, cn_error *err)
{
	cn_unit u = {0};
	if (unit_id && cn_unit_get(db, unit_id, &u, err) != CN_OK) {
		free(what);
		cn_report_free(r);
		return NULL;
	}
	/* The office's own unit, when set, names the office and the place:
	 * a commune reporting on one of its villages is still the commune. */
	cn_unit office = {0};
	long long office_id = cn_setting_office_unit(db);
	bool own = office_id && cn_unit_get(db, office_id, &office, NULL) == CN_OK;
	/* An office whose unit was closed never heads a report unsaid: the
	 * heading comes from an open unit, and the notes say why. */
	char *warning = own && office.valid_to ? cn_settings_office_warning(db) : NULL;
	const cn_unit *authority = own && !office.valid_to ? &office : unit_id ? &u : NULL;
	cn_unit successor = {0};
	if (authority && authority->valid_to && cn_unit_get(db, cn_unit_successor(db, authority->id), &successor,
							      NULL) == CN_OK) {
		if (!warning) {
			char shown[CN_DATE_LEN];
			cn_date_display(authority->valid_to, shown);
			warning = cn_sprintf("%s đã giải thể %s; cơ quan báo cáo ghi theo đơn vị kế thừa %s.", authority->name,
					     shown, successor.name);
		}
		authority = &successor;
	}
	fill_heading(db, authority, &r->heading);
	if (warning)
		cn_report_add_note(r, "%s", warning);
	free(warning);
	cn_unit_clear(&successor);
	cn_unit_clear(&office);
	free(r->subtitle);
	if (unit_id) {
		char *prose = cn_unit_prose(db, unit_id);
		r->subtitle = cn_sprintf("Đơn vị: %s – %s", prose && *prose ? prose : u.name, what);
		free(prose);
	} else {
		r->subtitle = cn_sprintf("Toàn bộ các đơn vị trong cơ sở dữ liệu – %s", what);
	}
	free(what);
	cn_unit_clear(&u);
	return r;
}

/* "UBND" for a people's committee, else nothing: other bodies have their
 * own abbreviations, set in the setting report_number. */
static const char *office_symbol(const char *office)
{
	char *folded = cn_text_fold(office ? office : "");
	bool ubnd = strncmp(folded, "ubnd", 4) == 0 || strncmp(folded, "uy ban nhan dan", 15) == 0;
	free(folded);
	return ubnd ? "/BC-UBND" : "/BC";
}

void cn_report_scope_number(cn_report *r, cn_db *db)
{
	char *set = cn_setting_get(db, "report_number"), *trimmed = set ? cn_trim_dup(set) : NULL;
	const char *value = trimmed && *trimmed ? trimmed : office_symbol(r->heading.office);
	free(r->heading.number);
	/* A symbol without its number leaves room to write it in by hand. */
	r->heading.number = value[0] == '/' ? cn_sprintf("Số:          %s", value) : cn_sprintf("Số: %s", value);
	free(set);
	free(trimmed);
}

const char *cn_report_date_text(const char *iso)
{
	static char ring[4][CN_DATE_LEN];
	static int next;
	char *out = ring[next++ % 4];
	cn_date_display(iso, out);
	return out;
}
