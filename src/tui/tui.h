/* The full-screen interface. */
#ifndef CNSCD_TUI_H
#define CNSCD_TUI_H

/* Runs the interface on the database at DB_PATH (created when missing);
 * returns the process exit status. */
int cn_tui_main(const char *db_path);

#endif
