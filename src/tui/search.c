/* stub */
#include "screens.h"
bool search_run(cn_db *db, struct search_target *target) { (void)db; (void)target; return false; }
void help_run(unsigned ctx, const char *screen_name) { (void)ctx; (void)screen_name; }
