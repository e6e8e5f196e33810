/* The screen runner: every full-screen screen of cnscd (the unit tree, the
 * lists, the reports, the results, search, help...) is a struct screen
 * driven by one loop, screen_run. The runner owns what all screens share:
 * the window and its resize, the title bar (or the frame of a boxed
 * screen), the breadcrumb line, the main table (placed, drawn and moved by
 * Up/Down/PgUp/PgDn/Home/End), the note over an empty table, F1 help from
 * the key table, and one meaning of Ctrl-C (asks, then leaves cnscd) and
 * of SIGTERM (leaves at once). Drill-down is a stack of screens: a key
 * handler pushes the next level with screen_push, and Backspace closes it
 * (SCREEN_CLOSE) back to the level below, which the runner reads again
 * when the data changed meanwhile. Pop-ups (dialog, choice list, form,
 * line input) keep their own small loops.
 *
 * Adding a screen means filling in a struct screen_ops:
 *  1. Put `struct screen screen;` first in the screen's own struct, and
 *     set its fields: table (with table_y lines above it), crumb, empty,
 *     and the title with screen_title when the bar is not the app's name.
 *  2. Write the operations: key (an action, from the key table, to
 *     SCREEN_* flags; SCREEN_IGNORED lets the runner try the shared
 *     keys), done (frees the screen), and where needed draw (what is not
 *     the bar, the crumb or the table: extra lines, the info line), load
 *     (reads the data again), layout (after a resize) and place (the
 *     window of a boxed screen).
 *  3. Give the screen a key context in keys.h and its bindings in keys.c:
 *     the key bar and the F1 help follow from them.
 *  4. A constructor reads the data and returns the screen (NULL with a
 *     message when it cannot open); the opener calls screen_push from a
 *     key handler (drill-down), or screen_run to wait for it to close
 *     (search, help: the caller wants what it returns). */
#ifndef CNSCD_TUI_SCREEN_H
#define CNSCD_TUI_SCREEN_H

#include <stdbool.h>

#include "table.h"
#include "ui.h"

/* What a key handler did, as flags the runner acts on. */
enum screen_result {
	SCREEN_IGNORED = 0,       /* not this screen's key: the shared keys are tried */
	SCREEN_HANDLED = 1 << 0,  /* done; nothing more */
	SCREEN_REDRAW = 1 << 1,   /* paint the whole window again (new columns, a new table) */
	SCREEN_RELOAD = 1 << 2,   /* read this screen's data again (load), then paint it all */
	SCREEN_CHANGED = 1 << 3,  /* the database changed: the screens under this one read
				   * again when they show (this one too with SCREEN_RELOAD) */
	SCREEN_RELAYOUT = 1 << 4, /* the table's place or columns changed: lay out again */
	SCREEN_CLOSE = 1 << 5,    /* close this screen and any above it */
	SCREEN_QUIT = 1 << 6,     /* leave cnscd */
};

struct screen;

struct screen_ops {
	const char *name; /* the bar's right side and the help's title (s->name overrides) */
	unsigned keyctx;  /* the key context (s->keyctx overrides) */
	bool boxed;       /* a framed window over the screen below (place sets where) */
	bool cursor;      /* shows the terminal cursor (a line of text is typed) */
	/* ACTION is keys_action(keyctx, KEY); returns SCREEN_* flags. */
	int (*key)(struct screen *s, int action, int key);
	/* Optional: paints what the runner does not, after it drew the bar,
	 * the crumb and the table. */
	void (*draw)(struct screen *s);
	/* Frees the screen (the runner has let go of its window). */
	void (*done)(struct screen *s);
	/* Optional: reads the data again, keeping the cursor on its row. */
	void (*load)(struct screen *s);
	/* Optional: after the window and the table are placed for a new size. */
	void (*layout)(struct screen *s);
	/* Optional: the window (H, W at Y, X; the whole screen above the bottom
	 * lines unless changed). */
	void (*place)(struct screen *s, int *h, int *w, int *y, int *x);
};

struct screen {
	const struct screen_ops *ops;
	/* Set by the screen; the runner reads them at every paint. */
	const char *name;     /* NULL: ops->name */
	unsigned keyctx;      /* 0: ops->keyctx */
	const char *crumb;    /* line 1, its end kept when too long; NULL: none */
	struct table *table;  /* the screen's list; NULL: none */
	int table_y;          /* window lines above the table (its header included in the table) */
	int table_foot;       /* window lines below it */
	const char *empty;    /* shown over the table when it has no rows */
	/* The runner's. */
	WINDOW *win;
	struct ui_window window;
	char *title;
	struct ui_layer layer;
	struct screen *below;
	struct screen *next_closed;
	unsigned seen;  /* the data generation last read */
	int run_depth;  /* the screen_run whose loop runs it */
	bool dirty;     /* paint everything at the next paint */
	bool stale;     /* read again before it shows */
};

/* Runs S until it closes (or the program is left); S must be loaded.
 * NULL (a constructor that failed) does nothing. */
void screen_run(struct screen *s);
/* Puts S over the top screen; the loop running now hands it the keys.
 * For a key handler (drill-down); S must be loaded; NULL does nothing. */
void screen_push(struct screen *s);
/* Closes S and every screen above it (they are freed once the key
 * handler running returns). */
void screen_close(struct screen *s);
/* Closes every screen above S. */
void screen_close_above(struct screen *s);
/* Frees S, made but never pushed (a level that turned out not to be needed). */
void screen_discard(struct screen *s);
/* The screen under S, or NULL. */
struct screen *screen_below(const struct screen *s);
/* Reads S again before it next shows (its data depends on what a screen
 * above it changed, a period chosen there...). */
void screen_reload_later(struct screen *s);
/* The bar's text (printf-style), instead of the app's name with the
 * screen's name on the right. */
void screen_title(struct screen *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The name in the bar and the help title. */
const char *screen_name(const struct screen *s);
/* A place op for a boxed screen over the one below, under its title bar
 * (search, pickers): the whole width, down to the message line. */
void screen_place_under_title(struct screen *s, int *h, int *w, int *y, int *x);
/* What the key of the office's unit (ACT_OFFICE) does on any screen that
 * does not take it: FN (set by the browser) closes the screens above the
 * tree and opens the tree there. FN returns SCREEN_* flags. */
void screen_set_office(int (*fn)(void *ctx), void *ctx);

#endif
