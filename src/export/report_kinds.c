/* The table of report kinds: one list for the export command and the
 * interface, so a new report is added in one place. */
#include <string.h>

#include "cnscd/report.h"

const cn_report_kind cn_report_kinds[] = {
	{"summary", "Tổng hợp Tổ CNSCĐ", CN_PERIOD_NONE, false, false, cn_report_summary},
	{"roster", "Danh sách thành viên", CN_PERIOD_NONE, true, false, cn_report_roster},
	{"trainings", "Tập huấn", CN_PERIOD_DATES, false, false, cn_report_trainings},
	{"untrained", "Chưa tập huấn", CN_PERIOD_NONE, false, false, cn_report_untrained},
	{"results", "Kết quả hoạt động", CN_PERIOD_MONTHS, false, false, cn_report_results},
	{"attendance", "Danh sách người tham dự", CN_PERIOD_NONE, false, true, cn_report_attendance},
};
const size_t cn_report_kinds_len = CN_ARRAY_LEN(cn_report_kinds);

const cn_report_kind *cn_report_kind_named(const char *name)
{
	for (size_t i = 0; i < cn_report_kinds_len; i++)
		if (strcmp(cn_report_kinds[i].name, name) == 0)
			return &cn_report_kinds[i];
	return NULL;
}
