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
	CTX_START = 1 << 23,     /* an empty database: how to begin */
	CTX_PLACE = 1 << 24,     /* "Đơn vị của bạn": the office's unit, found by typing */
	CTX_FILES = 1 << 25,     /* the file to import: typed (Tab completes) or picked */
	CTX_PROBLEMS = 1 << 26,  /* the problems of a file that was not imported */
	CTX_ASK = 1 << 27,       /* a form that only asks (a period, a file name): nothing is saved */
	CTX_DUPLICATES = 1 << 28, /* records that may be one person */
	CTX_VILLAGES = 1 << 29,   /* villages sharing a name after a merge */
};
#define CTX_FORMS (CTX_FORM | CTX_ASK)
#define CTX_LISTS (CTX_UNITS | CTX_TEAMS | CTX_MEMBERS)
/* The screens the runner drives (screen.h), as opposed to the pop-ups
 * (form, dialog, choice list): Ctrl-C means the same in all of them. */
#define CTX_SCREENS                                                                                            \
	(CTX_LISTS | CTX_SEARCH | CTX_HELP | CTX_REPORT | CTX_GRID | CTX_RESULTS | CTX_TRAININGS | CTX_CHECKIN | \
	 CTX_HISTORY | CTX_APPROVAL | CTX_INDICATORS | CTX_TARGETS | CTX_BUNDLE | CTX_START | CTX_PLACE | CTX_FILES |  \
	 CTX_PROBLEMS | CTX_DUPLICATES | CTX_VILLAGES)

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
	ACT_MARK_PRESENT, ACT_MARK_ABSENT, ACT_MARK_EXCUSED, /* check-in: the status of the person chosen */
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
	ACT_TRANSFER,    /* a member to another team; a team to another unit */
	ACT_MERGE,       /* a team into another of its unit */
	ACT_DUPLICATES,  /* records that may be one person */
	ACT_VILLAGES,    /* villages sharing a name after a merge */
	ACT_UNIT_GRID,   /* a month of every team of a unit in one grid */
	ACT_SUBMIT_ALL,  /* that grid: submit every team's draft */
	ACT_OFFICE,       /* to the office's own unit, from anywhere */
	ACT_IMPORT,       /* a file into the database */
	ACT_LOAD_CURRENT, /* the official list in force, into an empty database */
	ACT_LOAD_OLD,     /* the 3-level list of 2024 */
	ACT_COMPLETE,     /* the path typed, completed */
	ACT_COUNT
};

/* The action KEY triggers in CTX, or ACT_NONE. */
int keys_action(unsigned ctx, int key);

/* "F2", "Enter", "↑", "e"... */
const char *keys_name(int key, char buf[16]);

/* The keys that trigger ACTION in CTX: all of them ("F4, e"), or for the
 * status line the first and, when that is a function key, its letter
 * alternative ("F4/e"). */
enum { KEYS_ALL = 0, KEYS_SHORT = 1, KEYS_BAR = 2 };
void keys_describe(unsigned ctx, int action, int style, char *out, int size);

/* The key bar of CTX: its actions with a label, the most used first (at
 * 80 columns the last ones do not fit), each with its shortest key (a
 * letter where there is one: "n Thêm", "x Báo cáo"), and PLACE for the
 * actions on the place shown (the unit being viewed) rather than on the
 * highlighted row, which the bar sets apart. Returns how many. */
struct key_bar_item {
	int action;
	const char *label;
	char keys[16];
	bool place;
};
int keys_bar(unsigned ctx, struct key_bar_item *items, int max);

/* The keys of ACTION in CTX as the key bar shows them ("F9/x"), for a
 * message that names them; from a ring of four buffers. */
const char *keys_short(unsigned ctx, int action);

/* The keys that mean different things on different screens outside the
 * intended families (keys.c: leaving, going in, moving, the next field,
 * the report and its file): for each, a line "x: …" to LINE. Returns how
 * many; 0 is the rule. */
int keys_conflicts(void (*line)(const char *text, void *ctx), void *ctx);
/* The keys of CTX as the help screen lists them, as Markdown table rows
 * "| keys | what they do |" (for the README, which must agree). */
void keys_markdown(unsigned ctx, void (*line)(const char *text, void *arg), void *arg);

/* Walks the bindings of CTX in table order: call with *POS = 0 first;
 * returns false at the end. STATUS_ONLY skips those without a short label. */
bool keys_next(unsigned ctx, bool status_only, int *pos, int *action, const char **label, const char **help);

#endif
