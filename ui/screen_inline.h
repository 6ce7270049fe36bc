/* The 80x25 text screen drawn inline, in a terminal's normal screen (as
 * emu2 does): each row on a terminal line below where the program
 * started, lines added with newlines as the screen grows or scrolls, so
 * everything stays in the scrollback. Changed rows are drawn again in
 * place while their lines are on the terminal; a cleared screen scrolls
 * the terminal's page away. A program that does what a line cannot show
 * (a row above the lines it was given or scrolled out of sight, a
 * background colour, another mode) makes the drawing fail: then the
 * program takes the whole screen (ui/ui_text.c). */
#ifndef UNIDOS_UI_SCREEN_INLINE_H
#define UNIDOS_UI_SCREEN_INLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/screentext.h"

#define ST_INLINE_OUT_BYTES 32768

struct st_inline {
    st_write_fn *write;
    void *ctx;
    unsigned cols, rows;                                   /* the screen's shape */
    uint16_t drawn[VID_TEXT_MAX_COLS * VID_TEXT_MAX_ROWS]; /* what the lines show */
    /* terminal lines, counted from the one the cursor was on at the start */
    long line0; /* the line of the screen's row 0 */
    long own;   /* the first line that may be drawn on */
    long low;   /* the lowest line that exists */
    long cur;   /* the terminal cursor's line */
    unsigned term_cols, term_rows;
    bool failed;
    size_t nout;
    char out[ST_INLINE_OUT_BYTES];
};

/* Start on the terminal's current line, which shows was's cursor row
 * (the rows above it are the terminal's own). False when was cannot be
 * shown inline (not an 80x25 text screen). */
bool st_inline_start(struct st_inline *in, const struct vid_text *was, st_write_fn *write,
                     void *ctx);
/* The terminal's size now. */
void st_inline_resize(struct st_inline *in, unsigned cols, unsigned rows);
/* Draw the rows of now that changed and put the cursor where now has it.
 * False (for good) when the screen cannot be shown inline. */
bool st_inline_draw(struct st_inline *in, const struct vid_text *now);
bool st_inline_failed(const struct st_inline *in);
/* The tracker's callbacks: rows that leave are drawn first, then kept in
 * the terminal above; an erased screen scrolls the terminal's page away. */
struct st_events st_inline_events(struct st_inline *in);
/* The row shows on its line as t has it. */
bool st_inline_shows(const struct st_inline *in, const struct vid_text *t, unsigned row);
/* True when some row was drawn with text. */
bool st_inline_any(const struct st_inline *in);
/* Leave the terminal's cursor at the start of the line below the text:
 * of now (st_last_row) when it is given, else of what was drawn (the run
 * ends, or a frontend takes the terminal). */
void st_inline_park(struct st_inline *in, const struct vid_text *now);

#endif
