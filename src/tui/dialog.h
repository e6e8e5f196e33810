/* Small modal boxes: a question with buttons, and a notice. */
#ifndef CNSCD_TUI_DIALOG_H
#define CNSCD_TUI_DIALOG_H

#include <stdbool.h>

/* Shows TEXT with the buttons LABELS[0..N); returns the index chosen, or
 * CANCEL on Esc. DEF has the focus first. A button is also chosen by the
 * first letter of its label without diacritics ("Xóa" → x). */
int dialog_choose(const char *title, const char *text, const char *const *labels, int n, int def, int cancel);
/* Yes/no with the focus on NO: true for YES. */
bool dialog_confirm(const char *title, const char *text, const char *yes, const char *no);
void dialog_alert(const char *title, const char *text);
/* A refusal from the core shown whole: on the message line when it fits
 * ("TITLE: MSG"), else in a dialog. */
void dialog_refusal(const char *title, const char *msg);

#endif
