#include "ui.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panel.h>

#include "cnscd/os.h"
#include "cnscd/text.h"
#include "cnscd/util.h"
#include "keys.h"
#include "replay.h"

#define MAX_LAYERS 16

static SCREEN *screen;
static bool started;
static attr_t styles[S_COUNT];
static bool colors;

static struct ui_layer *layers[MAX_LAYERS];
static int nlayers;

static WINDOW *bar;        /* message line and key line */
static struct ui_window small; /* "too small" notice, over everything */
static bool too_small;

static char message[512];
static int message_style;
static int message_gen, message_seen_gen;
static char info[512];
static bool bar_dirty = true;
static unsigned bar_ctx;

static volatile sig_atomic_t got_interrupt, got_terminate;

static void on_interrupt(int sig)
{
	(void)sig;
	got_interrupt = 1;
}

static void on_terminate(int sig)
{
	(void)sig;
	got_terminate = 1;
}

/* The handlers only set flags; the key loop looks at them (no curses call
 * may run inside a signal handler). No SA_RESTART, so a blocked read
 * returns at once. */
static void catch_signals(void)
{
	cn_os_catch_signals(on_interrupt, on_terminate);
}

static void init_styles(void)
{
	colors = has_colors();
	if (colors) {
		start_color();
		int bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
		int fg = bg == -1 ? -1 : COLOR_WHITE;
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
		init_pair(2, COLOR_BLACK, COLOR_CYAN);
		init_pair(3, COLOR_RED, bg);
		init_pair(4, COLOR_WHITE, COLOR_RED);
		init_pair(5, COLOR_GREEN, bg);
		init_pair(6, COLOR_YELLOW, bg);
		init_pair(7, fg, bg);
		init_pair(8, COLOR_CYAN, bg);
		styles[S_NORMAL] = A_NORMAL;
		styles[S_TITLE] = COLOR_PAIR(1) | A_BOLD;
		styles[S_CRUMB] = COLOR_PAIR(6) | A_BOLD;
		styles[S_HEADER] = A_BOLD | A_UNDERLINE;
		styles[S_SELECTED] = COLOR_PAIR(2);
		styles[S_WARN] = COLOR_PAIR(3) | A_BOLD;
		styles[S_INACTIVE] = COLOR_PAIR(8) | A_DIM;
		styles[S_ERROR] = COLOR_PAIR(4) | A_BOLD;
		styles[S_INFO] = COLOR_PAIR(5) | A_BOLD;
		styles[S_KEY] = COLOR_PAIR(2);
		styles[S_FIELD] = COLOR_PAIR(1);
		styles[S_FIELD_BAD] = COLOR_PAIR(3) | A_BOLD;
		styles[S_BORDER] = COLOR_PAIR(7);
		styles[S_BUTTON] = COLOR_PAIR(2) | A_BOLD;
	} else {
		/* vt100 and friends: reverse, bold and underline only. */
		styles[S_NORMAL] = A_NORMAL;
		styles[S_TITLE] = A_REVERSE;
		styles[S_CRUMB] = A_BOLD;
		styles[S_HEADER] = A_UNDERLINE;
		styles[S_SELECTED] = A_REVERSE;
		styles[S_WARN] = A_BOLD;
		styles[S_INACTIVE] = A_NORMAL;
		styles[S_ERROR] = A_REVERSE | A_BOLD;
		styles[S_INFO] = A_BOLD;
		styles[S_KEY] = A_REVERSE;
		styles[S_FIELD] = A_UNDERLINE;
		styles[S_FIELD_BAD] = A_BOLD;
		styles[S_BORDER] = A_NORMAL;
		styles[S_BUTTON] = A_REVERSE;
	}
}

/* Sequences other terminals (tmux, screen, PuTTY, the Linux console) send
 * for keys that the terminfo entry in use may not list, as happens over
 * SSH with a TERM that does not quite match. Without them Home arrives as
 * Esc followed by letters. */
static void add_key_sequences(void)
{
	static const struct {
		const char *seq;
		int key;
	} seqs[] = {
		{"\033[1~", KEY_HOME}, {"\033[4~", KEY_END}, {"\033[7~", KEY_HOME}, {"\033[8~", KEY_END},
		{"\033[H", KEY_HOME}, {"\033[F", KEY_END}, {"\033OH", KEY_HOME}, {"\033OF", KEY_END},
		{"\033[2~", KEY_IC}, {"\033[3~", KEY_DC}, {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
		{"\033[Z", KEY_BTAB}, {"\033[A", KEY_UP}, {"\033[B", KEY_DOWN}, {"\033[C", KEY_RIGHT},
		{"\033[D", KEY_LEFT}, {"\033OA", KEY_UP}, {"\033OB", KEY_DOWN}, {"\033OC", KEY_RIGHT},
		{"\033OD", KEY_LEFT}, {"\033OP", KEY_F(1)}, {"\033OQ", KEY_F(2)}, {"\033OR", KEY_F(3)},
		{"\033OS", KEY_F(4)}, {"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)},
		{"\033[14~", KEY_F(4)}, {"\033[15~", KEY_F(5)}, {"\033[[A", KEY_F(1)}, {"\033[[B", KEY_F(2)},
		{"\033[[C", KEY_F(3)}, {"\033[[D", KEY_F(4)}, {"\033[[E", KEY_F(5)}, {"\033[17~", KEY_F(6)},
		{"\033[18~", KEY_F(7)}, {"\033[19~", KEY_F(8)}, {"\033[20~", KEY_F(9)}, {"\033[21~", KEY_F(10)},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(seqs); i++)
		if (key_defined(seqs[i].seq) == 0)
			define_key(seqs[i].seq, seqs[i].key);
}

bool ui_start(void)
{
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		const char *term = getenv("TERM");
		fprintf(stderr, "cnscd: không dùng được terminal «%s»; hãy đặt TERM (ví dụ TERM=xterm-256color).\n",
			term ? term : "");
		return false;
	}
	set_term(screen);
	started = true;
	/* Raw: Ctrl-C reaches us as a key (quit, after asking) and Ctrl-S as
	 * "save" instead of freezing the terminal. */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	add_key_sequences();
	set_escdelay(25);
	wtimeout(stdscr, 500); /* to notice signals while waiting */
	curs_set(0);
	init_styles();
	catch_signals();
	bar = newwin(2, COLS, LINES - 2, 0);
	leaveok(bar, TRUE);
	return true;
}

void ui_stop(void)
{
	if (!started)
		return;
	started = false;
	ui_window_free(&small);
	if (bar)
		delwin(bar);
	bar = NULL;
	endwin();
	delscreen(screen);
	screen = NULL;
}

attr_t ui_attr(int style)
{
	return style >= 0 && style < S_COUNT ? styles[style] : A_NORMAL;
}

bool ui_has_colors(void) { return colors; }

void ui_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, int align)
{
	if (width <= 0 || !w)
		return;
	char *cut = cn_text_ellipsize(s ? s : "", width);
	for (char *p = cut; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	int used = cn_text_width(cut);
	int pad = width - used, left = 0;
	if (align == ALIGN_RIGHT)
		left = pad;
	else if (align == ALIGN_CENTER)
		left = pad / 2;
	wattrset(w, attr);
	wmove(w, y, x);
	for (int i = 0; i < left; i++)
		waddch(w, ' ');
	waddstr(w, cut);
	for (int i = left + used; i < width; i++)
		waddch(w, ' ');
	wattrset(w, A_NORMAL);
	free(cut);
}

void ui_box(WINDOW *w, const char *title)
{
	/* Unicode lines rather than the alternate character set, which the
	 * Linux console and some terminals in UTF-8 mode draw as letters. */
	static const wchar_t chars[] = {L'│', L'│', L'─', L'─', L'┌', L'┐', L'└', L'┘'};
	cchar_t c[8];
	attr_t a = ui_attr(S_BORDER);
	for (int i = 0; i < 8; i++) {
		wchar_t wc[2] = {chars[i], 0};
		setcchar(&c[i], wc, a, PAIR_NUMBER(a), NULL);
	}
	wborder_set(w, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7]);
	if (title && *title) {
		char *t = cn_sprintf(" %s ", title);
		int room = getmaxx(w) - 4;
		int tw = cn_text_width(t);
		ui_put(w, 0, 2, tw < room ? tw : room, t, A_BOLD, ALIGN_LEFT);
		free(t);
	}
}

int ui_wrap(const char *s, int width, void (*fn)(const char *line, int len, void *ctx), void *ctx)
{
	int lines = 0;
	if (width < 1)
		width = 1;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t para = nl ? (size_t)(nl - s) : strlen(s);
		char *piece = cn_strndup(s, para);
		const char *p = piece;
		if (!*p) { /* an empty line between paragraphs */
			if (fn)
				fn("", 0, ctx);
			lines++;
		}
		while (*p) {
			size_t fit = cn_text_fit(p, width, NULL);
			size_t len = fit;
			if (p[fit] != '\0') {
				/* Break at the last space that fits, if any. */
				size_t sp = fit;
				while (sp > 0 && p[sp] != ' ')
					sp--;
				if (sp > 0)
					len = sp;
			}
			if (len == 0) { /* a character wider than the width: one character */
				len = 1;
				while ((p[len] & 0xC0) == 0x80)
					len++;
			}
			if (fn)
				fn(p, (int)len, ctx);
			lines++;
			p += len;
			while (*p == ' ')
				p++;
		}
		free(piece);
		s += para;
		if (*s == '\n')
			s++;
	}
	return lines;
}

int ui_rows(void) { return LINES - 2; }
bool ui_too_small(void) { return too_small; }

unsigned ui_context(void)
{
	return nlayers ? layers[nlayers - 1]->keyctx : 0;
}

void ui_message(int style, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	message_style = style;
	message_gen++;
	bar_dirty = true;
}

void ui_set_info(const char *text)
{
	if (strcmp(info, text ? text : "") != 0) {
		snprintf(info, sizeof info, "%s", text ? text : "");
		bar_dirty = true;
	}
}

/* The key line from the binding table (keys_bar): the most used actions
 * that fit, each "key label"; the actions on the place shown (not the
 * highlighted row) after "│ Ở đây:". */
#define PLACE_MARK "│ Ở đây:"

static int item_width(const struct key_bar_item *it)
{
	return cn_text_width(it->keys) + 1 + cn_text_width(it->label) + 1;
}

static void draw_keys(int y)
{
	unsigned ctx = ui_context();
	struct key_bar_item items[48];
	int n = keys_bar(ctx, items, (int)CN_ARRAY_LEN(items));
	/* Which fit, taken in the bar's order. */
	bool shown[48] = {false}, any_place = false;
	int used = 0;
	for (int i = 0; i < n; i++) {
		int w = item_width(&items[i]) + (items[i].place && !any_place ? cn_text_width(PLACE_MARK) + 1 : 0);
		if (used + w > COLS)
			continue;
		shown[i] = true;
		used += w;
		any_place |= items[i].place;
	}
	wmove(bar, y, 0);
	wattrset(bar, A_NORMAL);
	wclrtoeol(bar);
	int x = 0;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && any_place) {
			ui_put(bar, y, x, cn_text_width(PLACE_MARK) + 1, PLACE_MARK, A_NORMAL, ALIGN_LEFT);
			x += cn_text_width(PLACE_MARK) + 1;
		}
		for (int i = 0; i < n; i++) {
			if (!shown[i] || items[i].place != (pass == 1))
				continue;
			int kw = cn_text_width(items[i].keys), lw = cn_text_width(items[i].label);
			ui_put(bar, y, x, kw, items[i].keys, ui_attr(S_KEY), ALIGN_LEFT);
			ui_put(bar, y, x + kw, x + kw + lw + 2 <= COLS ? lw + 2 : COLS - x - kw, "", A_NORMAL, ALIGN_LEFT);
			ui_put(bar, y, x + kw + 1, lw, items[i].label, A_NORMAL, ALIGN_LEFT);
			x += kw + lw + 2;
		}
	}
}

static void draw_bar(void)
{
	if (!bar_dirty && bar_ctx == ui_context())
		return;
	bar_ctx = ui_context();
	bar_dirty = false;
	if (message[0])
		ui_put(bar, 0, 0, COLS, message, ui_attr(message_style), ALIGN_LEFT);
	else
		ui_put(bar, 0, 0, COLS, info, A_NORMAL, ALIGN_LEFT);
	draw_keys(1);
}

void ui_message_now(int style, const char *text)
{
	if (!started) {
		fprintf(stderr, "%s\n", text);
		return;
	}
	ui_message(style, "%s", text);
	if (too_small)
		return;
	draw_bar();
	touchwin(bar);
	wnoutrefresh(bar);
	doupdate();
}

static void draw_small(void)
{
	WINDOW *small_win = small.win;
	if (!small_win)
		return;
	top_panel(small.panel);
	werase(small_win);
	char text[160];
	snprintf(text, sizeof text, "Cửa sổ quá nhỏ: cần ít nhất %dx%d, hiện tại %dx%d", UI_MIN_COLS, UI_MIN_LINES,
		 COLS, LINES);
	int y = LINES / 2 - 1;
	ui_put(small_win, y < 0 ? 0 : y, 0, COLS, text, ui_attr(S_WARN), ALIGN_CENTER);
	if (y + 1 < LINES)
		ui_put(small_win, y + 1, 0, COLS, "Hãy phóng to cửa sổ; mọi thứ vẫn còn nguyên.", A_NORMAL,
		       ALIGN_CENTER);
}

static void layout_all(void)
{
	too_small = LINES < UI_MIN_LINES || COLS < UI_MIN_COLS;
	if (too_small) {
		ui_window_place(&small, LINES, COLS, 0, 0, false);
		draw_small();
		return;
	}
	ui_window_free(&small);
	wresize(bar, 2, COLS);
	mvwin(bar, LINES - 2, 0);
	werase(bar);
	bar_dirty = true;
	for (int i = 0; i < nlayers; i++) {
		layers[i]->layout(layers[i]->ctx);
		layers[i]->draw(layers[i]->ctx);
	}
	clearok(curscr, TRUE);
}

void ui_push(struct ui_layer *layer)
{
	if (nlayers == MAX_LAYERS)
		return; /* cannot happen: layers nest a few deep at most */
	layers[nlayers++] = layer;
	bar_dirty = true;
	if (nlayers == 1)
		layout_all();
	else if (!too_small) {
		layer->layout(layer->ctx);
		layer->draw(layer->ctx);
	}
}

void ui_pop(struct ui_layer *layer)
{
	for (int i = nlayers - 1; i >= 0; i--) {
		if (layers[i] == layer) {
			memmove(&layers[i], &layers[i + 1], (size_t)(nlayers - i - 1) * sizeof *layers);
			nlayers--;
			break;
		}
	}
	bar_dirty = true;
}

void ui_repaint(void)
{
	clearok(curscr, TRUE);
}

void ui_leave(void) { got_terminate = 1; }

int ui_depth(void) { return nlayers; }

void ui_window_free(struct ui_window *w)
{
	if (w->panel)
		del_panel(w->panel);
	if (w->inner)
		delwin(w->inner);
	if (w->win)
		delwin(w->win);
	*w = (struct ui_window){0};
}

void ui_window_place(struct ui_window *w, int h, int width, int y, int x, bool inner)
{
	ui_window_free(w);
	y = y < 0 ? 0 : y < LINES ? y : LINES - 1;
	x = x < 0 ? 0 : x < COLS ? x : COLS - 1;
	h = h < 1 ? 1 : h > LINES - y ? LINES - y : h;
	width = width < 1 ? 1 : width > COLS - x ? COLS - x : width;
	w->win = newwin(h, width, y, x);
	if (!w->win)
		return; /* out of memory: the layer draws nothing (ui_put and the table check) */
	w->panel = new_panel(w->win);
	if (inner && h > 2 && width > 2)
		w->inner = derwin(w->win, h - 2, width - 2, 1, 1);
}

int ui_getkey(void)
{
	/* A message stays until the key after the one that followed it. */
	if (message[0] && message_seen_gen == message_gen) {
		message[0] = '\0';
		bar_dirty = true;
	}
	for (;;) {
		if (got_terminate)
			return TK_TERMINATE;
		if (got_interrupt) {
			got_interrupt = 0;
			return TK_INTERRUPT;
		}
		if (too_small) {
			draw_small();
		} else {
			draw_bar();
			curs_set(nlayers && layers[nlayers - 1]->cursor ? 1 : 0);
		}
		update_panels();
		/* After the panels: the panel library repaints stdscr (blank)
		 * under them, bar lines included. leaveok keeps the cursor where
		 * the top panel put it. */
		if (!too_small) {
			touchwin(bar);
			wnoutrefresh(bar);
		}
		doupdate();
		untouchwin(stdscr); /* so that reading never repaints stdscr over the panels */
		int replayed = replay_key(); /* benchmarks only: bench/README.md */
		if (replayed)
			return replayed;
		int rows, cols; /* the Windows console reports no resize: polled */
		if (cn_os_terminal_resized(&rows, &cols) && resize_term(rows, cols) == OK) {
			layout_all();
			continue;
		}
		wint_t ch;
		int r = wget_wch(stdscr, &ch);
		if (r == ERR)
			continue;
		int key = r == KEY_CODE_YES ? (int)(TK_FN | ch) : (int)ch;
		if (key == (TK_FN | KEY_RESIZE)) {
			layout_all();
			continue;
		}
		if (too_small)
			continue;
		if (key == TK_CTRL('c'))
			key = TK_INTERRUPT;
		message_seen_gen = message_gen;
		return key;
	}
}
