/* What the report and results screens share: a window over the whole
 * screen above the two bottom lines, and the loop that runs it. */
#include "results.h"

#include "ui.h"

void fullscreen_window(struct fullscreen *s)
{
	if (!s->win) {
		s->win = newwin(ui_rows(), COLS, 0, 0);
		s->panel = new_panel(s->win);
	} else {
		wresize(s->win, ui_rows(), COLS);
		replace_panel(s->panel, s->win);
	}
	leaveok(s->win, TRUE);
	werase(s->win);
}

void fullscreen_run(struct fullscreen *s, void (*handle)(void *ctx, int key))
{
	ui_push(&s->layer);
	while (!s->done) {
		if (!ui_too_small())
			s->layer.draw(s->layer.ctx);
		handle(s->layer.ctx, ui_getkey());
	}
	ui_pop(&s->layer);
	del_panel(s->panel);
	delwin(s->win);
	s->panel = NULL;
	s->win = NULL;
}
