/* Every action of the interface, defined once with its keys and its
 * Vietnamese labels. The dispatcher (keys_action), the status line and the
 * help screen all read the same tables, so they cannot disagree. */
#ifndef CNSCD_TUI_KEYS_H
#define CNSCD_TUI_KEYS_H

#include <curses.h>
#include <stdbool.h>

/* A key as the interface sees it: a character (its Unicode value), or a
 * curses key code (KEY_UP, KEY_F(2)...) marked with TK_FN so that the two
 * ranges never collide (U+0103 'ă' has the value of KEY_UP). */
#define TK_FN 0x01000000
#define TK_F(n) (TK_FN | KEY_F(n))
#define TK_K(k) (TK_FN | (k)) /* TK_K(KEY_UP) */
#define TK_CTRL(c) ((c) & 0x1f)
/* Made up by the interface itself, never typed. */
#define TK_INTERRUPT (TK_FN | 0x7001) /* Ctrl-C or SIGINT */
#define TK_TERMINATE (TK_FN | 0x7002) /* SIGTERM or SIGHUP: leave now */

/* Where a binding applies; a screen may combine several. */
enum key_ctx {
	CTX_UNITS = 1 << 0,
	CTX_TEAMS = 1 << 1,
	CTX_MEMBERS = 1 << 2,
	CTX_FORM = 1 << 3,
	CTX_SEARCH = 1 << 4,
	CTX_HELP = 1 << 5,
	CTX_DIALOG = 1 << 6,
	CTX_CHOICE = 1 << 7,
	CTX_REPORT = 1 << 8, /* a report on screen */
	CTX_GRID = 1 << 9,   /* a team's monthly results */
	CTX_RESULTS = 1 << 10, /* results of a unit by child unit */
	CTX_TRAININGS = 1 << 11, /* the sessions of a unit */
	CTX_CHECKIN = 1 << 12,   /* check-in of one session */
	CTX_HISTORY = 1 << 13,   /* the change history of one record */
	CTX_APPROVAL = 1 << 14,  /* approval of a unit's children for a month */
	CTX_INDICATORS = 1 << 20, /* the indicator catalogue */
	CTX_TARGETS = 1 << 21,    /* the targets of a unit */
	CTX_BUNDLE = 1 << 15,    /* bundle conflicts and arrivals */
	CTX_UNIT_GRID = 1 << 22, /* a month of every team of a commune */
};
#define CTX_LISTS (CTX_UNITS | CTX_TEAMS | CTX_MEMBERS)
/* The screens the runner drives (screen.h), as opposed to the pop-ups
 * (form, dialog, choice list): Ctrl-C means the same in all of them. */
#define CTX_SCREENS                                                                                            \
	(CTX_LISTS | CTX_SEARCH | CTX_HELP | CTX_REPORT | CTX_GRID | CTX_RESULTS | CTX_TRAININGS | CTX_CHECKIN | \
	 CTX_HISTORY | CTX_APPROVAL | CTX_INDICATORS | CTX_TARGETS | CTX_BUNDLE)

enum action {
	ACT_NONE = 0,
	ACT_HELP,
	ACT_SEARCH,
	ACT_QUIT,
	ACT_INTERRUPT,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_FIRST,
	ACT_LAST,
	ACT_OPEN,
	ACT_BACK,
	ACT_TEAMS,
	ACT_TRAININGS,
	ACT_INVITE,
	ACT_UNDO,
	ACT_NEW,
	ACT_EDIT,
	ACT_DELETE,
	ACT_SORT,
	ACT_REVERSE,
	ACT_INACTIVE,
	ACT_REFRESH,
	ACT_SAVE,
	ACT_CANCEL,
	ACT_NEXT_FIELD,
	ACT_PREV_FIELD,
	ACT_CHOOSE,
	ACT_CHAR_LEFT,
	ACT_CHAR_RIGHT,
	ACT_LINE_START,
	ACT_LINE_END,
	ACT_DEL_PREV,
	ACT_DEL_CHAR,
	ACT_CLEAR,
	ACT_NEXT_BUTTON,
	ACT_PREV_BUTTON,
	ACT_REPORT,
	ACT_MONTH_RESULTS,
	ACT_EXPORT,
	ACT_SUBMIT,
	ACT_REOPEN,
	ACT_PREV_PERIOD,
	ACT_NEXT_PERIOD,
	ACT_PERIOD_KIND,
	ACT_HISTORY,
	ACT_UNDO_CHECKIN, /* the last check-in (the lists' ACT_UNDO is the change log's) */
	ACT_APPROVE,
	ACT_UNAPPROVE,
	ACT_INDICATORS, /* the indicator catalogue */
	ACT_SETTINGS,
	ACT_TARGETS,
	ACT_MOVE_UP,    /* the row one place up in a user-kept order */
	ACT_MOVE_DOWN,
	ACT_MEMBER_COLS, /* the grid's member columns on/off */
	ACT_NEXT_CELL,   /* the grid: right, then the next row */
	ACT_PREV_CELL,
	ACT_BY_LEVEL,    /* the results by level of unit */
	ACT_BUNDLES, ACT_TAKE_LOCAL, ACT_TAKE_INCOMING, ACT_SWITCH_VIEW, /* bundle_view.c */
	ACT_UNIT_GRID,   /* a month of every team of a unit in one grid */
	ACT_SUBMIT_ALL,  /* that grid: submit every team's draft */
	ACT_COUNT
};

/* The action KEY triggers in CTX, or ACT_NONE. */
int keys_action(unsigned ctx, int key);

/* "F2", "Enter", "↑", "e"... */
const char *keys_name(int key, char buf[16]);

/* The keys that trigger ACTION in CTX: all of them ("F4, e"), or for the
 * status line the first and, when that is a function key, its letter
 * alternative ("F4/e"). */
enum { KEYS_ALL = 0, KEYS_SHORT = 1 };
void keys_describe(unsigned ctx, int action, int style, char *out, int size);

/* Walks the bindings of CTX in table order: call with *POS = 0 first;
 * returns false at the end. STATUS_ONLY skips those without a short label. */
bool keys_next(unsigned ctx, bool status_only, int *pos, int *action, const char **label, const char **help);

#endif
