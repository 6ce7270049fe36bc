/* The text of the screen for the command-line user (--screen-text): which
 * rows of the text screen left it (scrolled off the top, or erased) and
 * which changed where they are, and the stream of lines stdout gets from
 * them. Pure functions over text snapshots (struct vid_text): the caller
 * reads the screen, these decide what it means. How the two streams merge
 * (console bytes before the screen is used, the screen's rows after) is
 * described in docs/manual.md, "The screen's text on stdout". */
#ifndef UNIDOS_UI_SCREENTEXT_H
#define UNIDOS_UI_SCREENTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "video/render.h"

/* ---- the tracker: the screen as last seen ---- */

/* What the tracker found; every callback may be NULL. */
struct st_events {
    /* Rows [0, n) of was leave the top of the screen: rows [n, bottom] move
     * up by n, blank rows come in above bottom + 1, rows below bottom stay.
     * n == was->rows: the whole screen is erased (or no longer text). */
    void (*leave)(void *ctx, const struct vid_text *was, unsigned n, unsigned bottom);
    /* Row row changed in place (after any rows left). */
    void (*change)(void *ctx, unsigned row);
    void *ctx;
};

struct st_track {
    struct vid_text seen;                                 /* the screen as it is taken to be */
    uint16_t last[VID_TEXT_MAX_COLS * VID_TEXT_MAX_ROWS]; /* the cells last read */
    size_t nlast;
    bool valid;
    bool moved;        /* the last sync read other cells than the one before */
    bool shifted;      /* ...and found rows moved up in video RAM */
    bool settle;       /* the BIOS scrolled: the next sync is not put off */
    unsigned deferred; /* syncs put off in a row */
};

/* A screen a sync cannot explain whole (a copy of the program's own, by a
 * loop of its own, seen part way; or rows changed in place) is put off
 * to the next sync, this many times at most, or until it is read again
 * unchanged. */
#define ST_DEFER_MAX 8

/* Start from now: nothing left, nothing changed. */
void st_track_reset(struct st_track *t, const struct vid_text *now);
/* Compare the screen now with what was seen: rows a program moved up in
 * video RAM itself leave, an erased screen leaves whole, the rest
 * changed in place. now is to be read outside a REP MOVS or STOS (or as
 * it leaves the screen: ui/ui_text.c), and a screen it cannot explain
 * whole is put off (ST_DEFER_MAX). */
void st_track_sync(struct st_track *t, const struct vid_text *now, const struct st_events *ev);
/* The same, never put off (the run ends). */
void st_track_settle(struct st_track *t, const struct vid_text *now,
                     const struct st_events *ev);
/* The BIOS is about to move rows [0, n) off the top (vga_scroll_fn): now
 * holds the screen's shape and rows [0, n) as they are (the rest is found
 * by the next sync). False when the shape is not the one seen: sync with
 * the whole screen first. */
bool st_track_scroll(struct st_track *t, const struct vid_text *now, unsigned n,
                     unsigned bottom, const struct st_events *ev);
const struct vid_text *st_track_seen(const struct st_track *t);

/* ---- rows as text ---- */

/* A row's cells [from, cols) as UTF-8, trailing blanks removed; returns
 * the length (out holds at least VID_TEXT_MAX_COLS * 3 bytes). */
size_t st_row_utf8(const struct vid_text *t, unsigned row, unsigned from, char *out);
bool st_row_blank(const struct vid_text *t, unsigned row);
/* The last row a screen's text occupies: the last non-blank row, or the
 * cursor's row when it is lower and the cursor not at its start (the row
 * above the cursor when it is); -1 for none. */
int st_last_row(const struct vid_text *t);

/* ---- the stream: rows written once, as they leave and at the end ---- */

typedef void st_write_fn(void *ctx, const void *buf, size_t n);

struct st_stream {
    st_write_fn *write;
    void *ctx;
    bool leaving;                 /* write rows as they leave (else only at the end) */
    bool done[VID_TEXT_MAX_ROWS]; /* the row is out already and unchanged since */
    int prefix_row;               /* the row a line already begun on stdout shows; -1 */
    unsigned prefix_len;
    uint16_t prefix[VID_TEXT_MAX_COLS];
    bool partial; /* stdout ends inside a line */
    bool fresh;   /* nothing written since the start or an erase */
};

/* The screen becomes the source. was: the screen as the console output
 * before left it (that output is on stdout already: the rows above the
 * cursor, and its row up to the cursor); wrote: console output was
 * written before. */
void st_stream_start(struct st_stream *s, const struct vid_text *was, bool wrote, bool leaving,
                     st_write_fn *write, void *ctx);
/* Take the rows of a screen shown elsewhere (inline) as out already. */
void st_stream_mark_done(struct st_stream *s, unsigned row);
/* Other output reaches stdout now (DOS output to a redirected stdout): a
 * line begun there is ended first; its row is written whole later. */
void st_stream_interrupt(struct st_stream *s);
/* The tracker's callbacks (ctx: the stream). */
struct st_events st_stream_events(struct st_stream *s);
/* The run ends: the rows of now not out yet, down to st_last_row. */
void st_stream_end(struct st_stream *s, const struct vid_text *now);

#endif
