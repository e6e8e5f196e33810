/* Settings left pointing at a unit that no longer exists: after a
 * reorganisation the office's unit may be a closed district, and every
 * report would be headed by an authority that is gone. Said by "reorg
 * apply", "cnscd settings", the settings form and the reports, each time
 * with the successor to set instead. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/succession.h"
#include "cnscd/settings.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

/* The office's unit when it is closed (OUT filled), else false. */
static bool closed_office(cn_db *db, cn_unit *out)
{
	memset(out, 0, sizeof *out);
	long long id = cn_setting_office_unit(db);
	if (!id || cn_unit_get(db, id, out, NULL) != CN_OK)
		return false;
	if (out->valid_to)
		return true;
	cn_unit_clear(out);
	return false;
}

long long cn_settings_office_successor(cn_db *db)
{
	cn_unit u;
	if (!closed_office(db, &u))
		return 0;
	long long succ = cn_unit_successor(db, u.id);
	cn_unit_clear(&u);
	return succ;
}

char *cn_settings_office_warning(cn_db *db)
{
	cn_unit u;
	if (!closed_office(db, &u))
		return NULL;
	char shown[CN_DATE_LEN];
	cn_date_display(u.valid_to, shown);
	cn_buf b = {0};
	cn_buf_printf(&b, "Thiết lập «Đơn vị của cơ quan» (office_unit) là %s (mã %s), đã giải thể %s", u.name, u.code,
		      shown);
	long long succ = cn_unit_successor(db, u.id);
	cn_unit s = {0};
	if (succ && cn_unit_get(db, succ, &s, NULL) == CN_OK) {
		char *args = cn_sprintf("settings office_unit %s", s.code), *cmd = cn_db_command(db, args);
		cn_buf_printf(&b, "; nay thuộc %s (mã %s). Đặt lại: %s (hoặc phím o, «Thiết lập»)", s.name, s.code, cmd);
		free(cmd);
		free(args);
	}
	cn_unit_clear(&s);
	/* Names typed while the office was that unit probably name it still. */
	static const struct {
		const char *key, *label;
	} texts[] = {{"office_name", "Tên cơ quan"}, {"office_place", "Địa danh"}};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char *v = cn_setting_get(db, texts[i].key);
		if (v && *v)
			cn_buf_printf(&b, "; «%s» (%s) đang là «%s», hãy kiểm tra lại", texts[i].label, texts[i].key, v);
		free(v);
	}
	cn_buf_adds(&b, ".");
	cn_unit_clear(&u);
	return cn_buf_steal(&b);
}
