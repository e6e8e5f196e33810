/* Key replay for the benchmarks (bench/README.md), not for users: with
 * CNSCD_REPLAY=FILE the interface takes its keys from FILE instead of the
 * keyboard and times each one from its handling to the screen update after
 * it; CNSCD_EXIT_AFTER_DRAW=1 is the empty script (leave after the first
 * screen). */
#ifndef CNSCD_TUI_REPLAY_H
#define CNSCD_TUI_REPLAY_H

/* Called after each doupdate(): 0 when not replaying (read the keyboard),
 * else the next key (TK_TERMINATE at the end of the script). */
int replay_key(void);

#endif
