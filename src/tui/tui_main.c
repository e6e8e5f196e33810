/* Placeholder until the interface lands. */
#include <stdio.h>

#include "tui.h"

int cn_tui_main(const char *db_path)
{
	fprintf(stderr, "cnscd: giao diện toàn màn hình chưa có (cơ sở dữ liệu: %s)\n", db_path);
	return 1;
}
