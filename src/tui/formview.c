#include "formview.h"

#include <stdlib.h>
#include <string.h>

#include <form.h>

#include "cnscd/text.h"
#include "cnscd/validate.h"
#include "dialog.h"
#include "keys.h"
#include "screens.h"
#include "ui.h"

#define FORM_WIDTH 76
#define ERROR_LINES 2 /* at most, under a field */

struct form_state {
	FIELD *fields[FORM_MAX_FIELDS + 1];
	FORM *form;
	struct ui_window window;
	WINDOW *win, *sub; /* the window's, and inside its frame */
	struct ui_layer layer;
	char *initial[FORM_MAX_FIELDS];
	char *errors[FORM_MAX_FIELDS];
	char *shown[FORM_MAX_FIELDS]; /* form_value results */
	char *form_error;
	int current;
	int width, label_w, field_x, field_w;
	int row[FORM_MAX_FIELDS];
	int hint_row;
};

int form_add(struct form *f, struct form_field field, const char *value)
{
	if (f->n >= FORM_MAX_FIELDS)
		return -1;
	f->fields[f->n] = field;
	f->values[f->n] = cn_strdup(value ? value : "");
	return f->n++;
}

static char *field_text(struct form *f, int i)
{
	struct form_state *s = f->state;
	if (!s || !s->fields[i])
		return cn_trim_dup(f->values[i]);
	return cn_trim_dup(field_buffer(s->fields[i], 0));
}

const char *form_value(struct form *f, int i)
{
	struct form_state *s = f->state;
	if (s && s->form)
		form_driver_w(s->form, KEY_CODE_YES, REQ_VALIDATION); /* the buffer lags the typing */
	char *t = field_text(f, i);
	if (!s) {
		free(f->values[i]);
		f->values[i] = t;
		return t;
	}
	free(s->shown[i]);
	s->shown[i] = t;
	return t;
}

void form_set(struct form *f, int i, const char *value)
{
	free(f->values[i]);
	f->values[i] = cn_strdup(value ? value : "");
	if (f->state && f->state->fields[i])
		set_field_buffer(f->state->fields[i], 0, f->values[i]);
}

void form_free(struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		free(f->values[i]);
		f->values[i] = NULL;
	}
}

int form_check_date(const char *value, cn_error *err)
{
	char iso[CN_DATE_LEN];
	return cn_parse_date_opt("Ngày", value, iso, err);
}

int form_check_phone(const char *value, cn_error *err)
{
	char out[CN_PHONE_LEN];
	return cn_parse_phone(value, out, err);
}

int form_check_id_number(const char *value, cn_error *err)
{
	char out[CN_IDNUM_LEN];
	return cn_parse_id_number(value, out, err);
}

int form_check_birth_year(const char *value, cn_error *err)
{
	int y;
	return cn_parse_birth_year(value, &y, err);
}

/* The checks every field gets from its kind, then its own. */
static int check_field(struct form *f, int i, const char *value, cn_error *err)
{
	const struct form_field *fl = &f->fields[i];
	char *out = NULL;
	int rc;
	if (fl->check && !(fl->required && cn_str_empty(value)))
		return fl->check(value, err); /* its own message says more than "too long" */
	if (fl->kind == FORM_DATE) {
		char iso[CN_DATE_LEN];
		rc = fl->required ? cn_parse_date(fl->label, value, iso, err)
				  : cn_parse_date_opt(fl->label, value, iso, err);
	} else if (fl->required) {
		rc = cn_parse_name(fl->label, value, fl->max, &out, err);
	} else {
		rc = cn_parse_text_opt(fl->label, value, fl->max, &out, err);
	}
	free(out);
	return rc;
}

static void set_error(struct form_state *s, int i, const char *msg)
{
	free(s->errors[i]);
	s->errors[i] = msg && *msg ? cn_strdup(msg) : NULL;
}

static int error_lines(const struct form_state *s, int i)
{
	if (!s->errors[i])
		return 0;
	int n = ui_wrap(s->errors[i], s->width - 6, NULL, NULL);
	return n > ERROR_LINES ? ERROR_LINES : n;
}

static int form_error_lines(const struct form_state *s)
{
	return s->form_error ? ui_wrap(s->form_error, s->width - 4, NULL, NULL) : 0;
}

static FIELD *make_field(struct form *f, int i, int width)
{
	FIELD *fl = new_field(1, width, f->state->row[i], f->state->field_x, 0, 0);
	if (!fl)
		return NULL;
	field_opts_off(fl, O_AUTOSKIP | O_BLANK | O_STATIC);
	if (f->fields[i].kind == FORM_CHOICE)
		field_opts_off(fl, O_EDIT);
	set_max_field(fl, f->fields[i].max > width ? f->fields[i].max : width);
	set_field_back(fl, ui_attr(S_FIELD));
	set_field_fore(fl, ui_attr(S_FIELD));
	set_field_buffer(fl, 0, f->values[i]);
	return fl;
}

/* Takes down the FORM and its FIELDs, keeping what was typed in values. */
static void take_down(struct form *f)
{
	struct form_state *s = f->state;
	if (s->form) {
		form_driver_w(s->form, KEY_CODE_YES, REQ_VALIDATION); /* the buffer lags the typing */
		unpost_form(s->form);
		free_form(s->form);
		s->form = NULL;
	}
	for (int i = 0; i < f->n; i++) {
		if (!s->fields[i])
			continue;
		char *v = field_text(f, i);
		free(f->values[i]);
		f->values[i] = v;
		free_field(s->fields[i]);
		s->fields[i] = NULL;
	}
	ui_window_free(&s->window);
	s->win = s->sub = NULL;
}

/* (Re)builds windows, FIELDs and FORM for the current size and errors
 * (an error line under a field moves the fields below it). What the user
 * typed goes through values, so a resize or a new error loses nothing. */
static void place(void *ctx)
{
	struct form *f = ctx;
	struct form_state *s = f->state;
	take_down(f);
	s->width = COLS - 4 < FORM_WIDTH ? COLS - 4 : FORM_WIDTH;
	s->label_w = 0;
	for (int i = 0; i < f->n; i++) {
		int w = cn_text_width(f->fields[i].label) + (f->fields[i].required ? 2 : 0);
		if (w > s->label_w)
			s->label_w = w;
	}
	s->field_x = s->label_w + 3;
	s->field_w = s->width - 2 - s->field_x - 3;
	int y = 1;
	for (int i = 0; i < f->n; i++) {
		s->row[i] = y;
		y += 1 + error_lines(s, i);
	}
	s->hint_row = y + 1;
	int h = s->hint_row + 1 + form_error_lines(s) + 1 + 2;
	if (h > ui_rows() - 1)
		h = ui_rows() - 1;
	for (int i = 0; i < f->n; i++)
		s->fields[i] = make_field(f, i, f->fields[i].kind == FORM_CHOICE ? s->field_w - 10 : s->field_w);
	int top = 1 + (ui_rows() - 1 - h) / 2;
	ui_window_place(&s->window, h, s->width, top, (COLS - s->width) / 2, true);
	s->win = s->window.win;
	s->sub = s->window.inner;
	s->form = new_form(s->fields);
	set_form_win(s->form, s->win);
	set_form_sub(s->form, s->sub);
	set_current_field(s->form, s->fields[s->current]);
	post_form(s->form);
	form_driver_w(s->form, KEY_CODE_YES, REQ_END_LINE);
}

struct text_box {
	WINDOW *win;
	int y, x, w, lines_left;
};

static void put_error_line(const char *line, int len, void *ctx)
{
	struct text_box *b = ctx;
	if (b->lines_left-- <= 0)
		return;
	char *t = cn_strndup(line, (size_t)len);
	ui_put(b->win, b->y++, b->x, b->w, t, ui_attr(S_FIELD_BAD), ALIGN_LEFT);
	free(t);
}

static void draw_hint(struct form *f)
{
	struct form_state *s = f->state;
	const struct form_field *fl = &f->fields[s->current];
	const char *hint = fl->hint;
	if (!hint && fl->kind == FORM_DATE)
		hint = "Ngày dd/mm/yyyy, hoặc gõ tắt: 15/3 (năm nay), 15/3/24";
	else if (!hint && fl->kind == FORM_CHOICE)
		hint = "Enter hoặc Space: chọn từ danh sách; ←/→: đổi nhanh";
	else if (!hint && fl->kind == FORM_SUGGEST)
		hint = "Gõ tự do, hoặc Enter/F3: chọn từ danh sách";
	else if (!hint && fl->kind == FORM_MULTI)
		hint = "Gõ tự do, cách nhau bằng «;», hoặc Enter/F3: thêm một mục từ danh sách";
	char *text = hint ? cn_strdup(hint)
			  : cn_sprintf("Ô có dấu * là bắt buộc. %s: %s, Esc: đóng", keys_short(CTX_FORM, ACT_SAVE),
				       f->asks ? "xong" : "lưu");
	ui_put(s->sub, s->hint_row, 1, s->width - 4, text, A_NORMAL, ALIGN_LEFT);
	free(text);
}

static void draw(void *ctx)
{
	struct form *f = ctx;
	struct form_state *s = f->state;
	ui_box(s->win, f->title);
	for (int i = 0; i < f->n; i++) {
		const struct form_field *fl = &f->fields[i];
		char *label = cn_sprintf("%s%s", fl->label, fl->required ? " *" : "");
		bool bad = s->errors[i] != NULL;
		ui_put(s->sub, s->row[i], 0, 1, bad ? "!" : " ", ui_attr(S_FIELD_BAD), ALIGN_LEFT);
		ui_put(s->sub, s->row[i], 1, s->label_w + 1, label, bad ? ui_attr(S_FIELD_BAD) : A_NORMAL,
		       ALIGN_LEFT);
		free(label);
		if (f->fields[i].kind == FORM_CHOICE)
			ui_put(s->sub, s->row[i], s->field_x + s->field_w - 10, 2, " ▾", A_NORMAL, ALIGN_LEFT);
		else if (f->fields[i].kind == FORM_SUGGEST || f->fields[i].kind == FORM_MULTI)
			ui_put(s->sub, s->row[i], s->field_x + s->field_w, 2, " ▾", A_NORMAL, ALIGN_LEFT);
		if (bad) {
			struct text_box b = {s->sub, s->row[i] + 1, 3, s->width - 6, ERROR_LINES};
			ui_wrap(s->errors[i], s->width - 6, put_error_line, &b);
		}
	}
	draw_hint(f);
	if (s->form_error) {
		struct text_box b = {s->sub, s->hint_row + 1, 1, s->width - 4, 4};
		ui_wrap(s->form_error, s->width - 4, put_error_line, &b);
	}
	pos_form_cursor(s->form);
}

static void relayout(struct form *f)
{
	place(f);
	draw(f);
}

static bool dirty(struct form *f)
{
	form_driver_w(f->state->form, KEY_CODE_YES, REQ_VALIDATION); /* the buffer lags the typing */
	for (int i = 0; i < f->n; i++) {
		char *now = field_text(f, i);
		bool changed = strcmp(now, f->state->initial[i]) != 0;
		free(now);
		if (changed)
			return true;
	}
	return false;
}

/* A date typed short ("6/12") is shown whole once it is read, so the
 * year taken is there to see. */
static void show_date_whole(struct form *f, int i, const char *value, int rc)
{
	char iso[CN_DATE_LEN], shown[CN_DATE_LEN];
	if (rc != CN_OK || f->fields[i].kind != FORM_DATE ||
	    cn_parse_date_opt(f->fields[i].label, value, iso, NULL) != CN_OK)
		return;
	cn_date_display(iso, shown);
	if (strcmp(shown, value) != 0)
		set_field_buffer(f->state->fields[i], 0, shown);
}

/* Checks field I as the cursor leaves it; true when its error changed. */
static bool check_one(struct form *f, int i)
{
	struct form_state *s = f->state;
	cn_error err = {0};
	char *v = field_text(f, i);
	int rc = check_field(f, i, v, &err);
	show_date_whole(f, i, v, rc);
	free(v);
	const char *msg = rc == CN_OK ? NULL : err.msg;
	bool changed = (msg == NULL) != (s->errors[i] == NULL) || (msg && strcmp(msg, s->errors[i]) != 0);
	set_error(s, i, msg);
	return changed;
}

static void go_field(struct form *f, int i)
{
	struct form_state *s = f->state;
	form_driver_w(s->form, KEY_CODE_YES, REQ_VALIDATION);
	/* A field left empty as it was is not an error yet: saving says so. */
	char *now = field_text(f, s->current);
	bool untouched = !*now && !*s->initial[s->current];
	free(now);
	bool changed = untouched ? false : check_one(f, s->current);
	s->current = (i + f->n) % f->n;
	set_current_field(s->form, s->fields[s->current]);
	form_driver_w(s->form, KEY_CODE_YES, REQ_END_LINE);
	if (changed)
		relayout(f);
	else
		draw_hint(f);
}

static int index_of_key(struct form *f, const char *key)
{
	for (int i = 0; key && i < f->n; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return i;
	return -1;
}

/* Checks everything, then saves; false (and the form shows why) if not. */
static bool try_save(struct form *f)
{
	struct form_state *s = f->state;
	form_driver_w(s->form, KEY_CODE_YES, REQ_VALIDATION);
	int first_bad = -1, bad = 0;
	for (int i = 0; i < f->n; i++) {
		check_one(f, i);
		if (s->errors[i]) {
			bad++;
			if (first_bad < 0)
				first_bad = i;
		}
	}
	free(s->form_error);
	s->form_error = NULL;
	if (bad) {
		s->current = first_bad;
		relayout(f);
		ui_message(S_ERROR, "Chưa lưu: %d ô chưa hợp lệ (đánh dấu !). Sửa rồi nhấn F2.", bad);
		return false;
	}
	for (;;) {
		cn_error err = {0};
		int rc = f->save(f, &err);
		if (rc == CN_OK)
			return true;
		if (rc == CN_ECONFLICT && f->reload) {
			static const char *const labels[] = {"Tải lại", "Ghi đè", "Sửa tiếp"};
			char *text = cn_sprintf("%s\n\nTải lại: bỏ thay đổi của bạn và xem bản mới nhất.\n"
						"Ghi đè: lưu bản của bạn đè lên bản kia.\n"
						"Sửa tiếp: quay lại biểu mẫu, chưa lưu gì.", err.msg);
			int c = dialog_choose("Bản ghi vừa bị sửa ở nơi khác", text, labels, 3, 2, 2);
			free(text);
			if (c == 1) {
				f->overwrite = true;
				continue;
			}
			if (c == 0 && f->reload(f, &err) == CN_OK) {
				for (int i = 0; i < f->n; i++) {
					set_field_buffer(s->fields[i], 0, f->values[i]);
					free(s->initial[i]);
					s->initial[i] = cn_strdup(f->values[i]);
					set_error(s, i, NULL);
				}
				relayout(f);
				ui_message(S_INFO, "Đã tải lại bản mới nhất.");
				return false;
			}
		}
		int at = index_of_key(f, err.field);
		if (at >= 0) {
			set_error(s, at, err.msg);
			s->current = at;
		} else {
			s->form_error = cn_strdup(err.msg);
		}
		relayout(f);
		ui_message(S_ERROR, "Chưa lưu: %s", err.msg);
		return false;
	}
}

/* Opens the list of a choice field and puts the pick in the field. */
static void choose(struct form *f)
{
	struct form_state *s = f->state;
	int i = s->current;
	const char *const *choices = f->choices[i];
	if (!choices)
		return;
	char *now = field_text(f, i);
	int cur = 0;
	for (int k = 0; choices[k]; k++)
		if (strcmp(choices[k], now) == 0)
			cur = k;
	free(now);
	int y = getbegy(s->win) + 1 + s->row[i] + 1, x = getbegx(s->win) + 1 + s->field_x;
	int pick = choice_run(f->fields[i].label, choices, cur, y, x);
	if (pick >= 0 && f->fields[i].kind == FORM_MULTI) {
		char *had = field_text(f, i);
		char *both = *had ? cn_sprintf("%s; %s", had, choices[pick]) : cn_strdup(choices[pick]);
		set_field_buffer(s->fields[i], 0, both);
		form_driver_w(s->form, KEY_CODE_YES, REQ_END_LINE);
		free(both);
		free(had);
	} else if (pick >= 0) {
		set_field_buffer(s->fields[i], 0, choices[pick]);
		form_driver_w(s->form, KEY_CODE_YES, REQ_END_LINE);
		if (check_one(f, i))
			relayout(f);
	}
}

/* Left/Right on a choice field steps through the choices. */
static void step_choice(struct form *f, int delta)
{
	struct form_state *s = f->state;
	const char *const *choices = f->choices[s->current];
	int n = 0, cur = -1;
	char *now = field_text(f, s->current);
	for (; choices && choices[n]; n++)
		if (strcmp(choices[n], now) == 0)
			cur = n;
	free(now);
	if (n == 0)
		return;
	cur = cur < 0 ? 0 : (cur + delta + n) % n;
	set_field_buffer(s->fields[s->current], 0, choices[cur]);
}

/* Esc with changes: 1 saved, -1 thrown away, 0 back to editing. */
static int ask_discard(struct form *f)
{
	static const char *const labels[] = {"Lưu", "Bỏ thay đổi", "Sửa tiếp"};
	int c = dialog_choose("Đóng biểu mẫu", "Có thay đổi chưa lưu. Lưu lại, bỏ các thay đổi này, hay sửa tiếp?",
			      labels, 3, 2, 2);
	if (c == 0)
		return try_save(f) ? 1 : 0;
	return c == 1 ? -1 : 0;
}

static const int requests[][2] = {
	{ACT_CHAR_LEFT, REQ_LEFT_CHAR}, {ACT_CHAR_RIGHT, REQ_RIGHT_CHAR}, {ACT_LINE_START, REQ_BEG_LINE},
	{ACT_LINE_END, REQ_END_LINE},   {ACT_DEL_PREV, REQ_DEL_PREV},     {ACT_DEL_CHAR, REQ_DEL_CHAR},
	{ACT_CLEAR, REQ_CLR_FIELD},
};

/* One key; returns 1 when saved, -1 when closed, 0 to go on. */
static int handle(struct form *f, int key)
{
	struct form_state *s = f->state;
	int kind = f->fields[s->current].kind;
	if (key == TK_TERMINATE)
		return -1;
	if (key == TK_INTERRUPT)
		key = 27; /* Ctrl-C in a form: like Esc, asks first */
	bool text = !(key & TK_FN) && key >= 32 && key != 127;
	if (kind == FORM_CHOICE && (text || key == '\n' || key == '\r')) {
		choose(f);
		return 0;
	}
	if (text) {
		form_driver_w(s->form, OK, (wchar_t)key);
		return 0;
	}
	int action = keys_action(f->asks ? CTX_ASK : CTX_FORM, key);
	if ((kind == FORM_SUGGEST || kind == FORM_MULTI) && (key == '\n' || key == '\r'))
		action = ACT_CHOOSE;
	if (kind == FORM_CHOICE && (action == ACT_CHAR_LEFT || action == ACT_CHAR_RIGHT)) {
		step_choice(f, action == ACT_CHAR_LEFT ? -1 : 1);
		return 0;
	}
	for (size_t r = 0; r < CN_ARRAY_LEN(requests); r++)
		if (requests[r][0] == action) {
			form_driver_w(s->form, KEY_CODE_YES, (wchar_t)requests[r][1]);
			return 0;
		}
	switch (action) {
	case ACT_NEXT_FIELD: go_field(f, s->current + 1); break;
	case ACT_PREV_FIELD: go_field(f, s->current - 1); break;
	case ACT_CHOOSE: choose(f); break;
	case ACT_SAVE: return try_save(f) ? 1 : 0;
	case ACT_CANCEL: return dirty(f) ? ask_discard(f) : -1;
	case ACT_HELP: help_run(f->asks ? CTX_ASK : CTX_FORM, f->title); break;
	default: break;
	}
	return 0;
}

bool form_run(struct form *f)
{
	struct form_state st = {.current = f->start >= 0 && f->start < f->n ? f->start : 0};
	f->state = &st;
	for (int i = 0; i < f->n; i++)
		st.initial[i] = cn_trim_dup(f->values[i]);
	st.layer = (struct ui_layer){.layout = place, .draw = draw, .ctx = f, .keyctx = f->asks ? CTX_ASK : CTX_FORM,
				     .cursor = true};
	ui_push(&st.layer);
	int result = 0;
	while (result == 0) {
		if (!ui_too_small()) {
			draw_hint(f);
			pos_form_cursor(st.form);
		}
		result = handle(f, ui_getkey());
	}
	ui_pop(&st.layer);
	take_down(f); /* the final values stay in f->values for the caller */
	for (int i = 0; i < f->n; i++) {
		free(st.initial[i]);
		free(st.errors[i]);
		free(st.shown[i]);
	}
	free(st.form_error);
	f->state = NULL;
	return result == 1;
}
