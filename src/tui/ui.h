/* The terminal: start and stop, styles for colour and monochrome screens,
 * text drawn by display width, the two bottom lines (message and keys),
 * the stack of layers that a resize lays out again, and the one place
 * where keys are read. */
#ifndef CNSCD_TUI_UI_H
#define CNSCD_TUI_UI_H

#include <curses.h>
#include <panel.h>
#include <stdbool.h>

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

enum ui_style {
	S_NORMAL,
	S_TITLE,      /* top bar */
	S_CRUMB,      /* breadcrumb */
	S_HEADER,     /* column headers */
	S_SELECTED,   /* the row under the cursor */
	S_WARN,       /* a unit without a team */
	S_INACTIVE,   /* closed unit, dissolved team, member who left */
	S_ERROR,      /* error messages */
	S_INFO,       /* other messages */
	S_KEY,        /* key names on the status line */
	S_FIELD,      /* form input fields */
	S_FIELD_BAD,  /* label of a field in error, and its message */
	S_BORDER,
	S_BUTTON,     /* dialog button that has the focus */
	S_COUNT
};

/* Starts curses (false with a message on stderr when the terminal cannot
 * be used) and stops it; ui_stop is safe to call twice and from atexit. */
bool ui_start(void);
void ui_stop(void);
attr_t ui_attr(int style);
bool ui_has_colors(void);

enum { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER };
/* Draws S in exactly WIDTH columns at Y, X: cut with "…" when too long,
 * padded with spaces. Control characters show as spaces. */
void ui_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, int align);
/* A frame around W with TITLE on its top line. */
void ui_box(WINDOW *w, const char *title);
/* Splits S into lines of at most WIDTH columns at spaces; calls FN for
 * each (LEN bytes of LINE). Returns the number of lines. */
int ui_wrap(const char *s, int width, void (*fn)(const char *line, int len, void *ctx), void *ctx);

/* A layer of the screen (the browser, a form, a dialog...). LAYOUT makes
 * its windows for the current size, DRAW paints all of them. Both run
 * after every resize, bottom layer first; KEYCTX picks the status line. */
struct ui_layer {
	void (*layout)(void *ctx);
	void (*draw)(void *ctx);
	void *ctx;
	unsigned keyctx;
	bool cursor; /* show the terminal cursor (text input) */
};
void ui_push(struct ui_layer *layer);
void ui_pop(struct ui_layer *layer);

/* A layer's window with its panel, and for a framed pop-up the inside of
 * the frame as a subwindow. Made anew by every layout, bottom layer
 * first (so the panels keep their order): the one way a window follows a
 * resize. */
struct ui_window {
	WINDOW *win;
	WINDOW *inner; /* NULL unless asked for */
	PANEL *panel;
};
/* Makes W (again) with H lines and WIDTH columns at Y, X, cut to the
 * screen; INNER adds the subwindow one cell inside the edge. */
void ui_window_place(struct ui_window *w, int h, int width, int y, int x, bool inner);
void ui_window_free(struct ui_window *w);
/* The key context of the top layer. */
unsigned ui_context(void);
/* Rows available to layers (the last two lines are the message and keys). */
int ui_rows(void);
bool ui_too_small(void);

/* A message on the line above the keys until the next key (S_ERROR or
 * S_INFO); the info text shows when there is no message. */
void ui_message(int style, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_set_info(const char *text);
/* Shows TEXT on the message line at once, without waiting for a key: for
 * a notice from inside a long call (a wait for the database's lock). */
void ui_message_now(int style, const char *text);

/* Flushes the screen (one doupdate) and waits for a key. Resizes are
 * handled inside (the layers are laid out again); Ctrl-C and SIGINT give
 * TK_INTERRUPT, SIGTERM and SIGHUP TK_TERMINATE. */
int ui_getkey(void);
/* Forces a full repaint at the next flush (Ctrl-L). */
void ui_repaint(void);
/* Leaves the program as SIGTERM does: from now on ui_getkey gives
 * TK_TERMINATE, so every screen and pop-up closes on its way out. */
void ui_leave(void);
/* Layers on screen (screens and pop-ups). */
int ui_depth(void);

#endif
