/* The text screen drawn inline in a terminal (see screen_inline.h). Only
 * relative cursor movement is used: where the lines are on the terminal
 * is never asked. */
#include "ui/screen_inline.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/common.h"
#include "base/codepage.h"

#define INLINE_COLS 80
#define INLINE_ROWS 25
#define ATTR_FG 0x0F
#define ATTR_NOT_FG 0xF0 /* background and blink: a line cannot show them */
#define FG_DEFAULT 0x07
#define BLANK_CELL ((uint16_t)(FG_DEFAULT << 8 | ' '))
#define SEQ_LINE "\r\033[K" /* start of line, erased */
#define SEQ_PLAIN "\033[0m"

/* CGA colour order (blue=1, green=2, red=4) to ANSI (red=1, green=2, blue=4). */
static const uint8_t k_cga_to_ansi[8] = {0, 4, 2, 6, 1, 5, 3, 7};

static uint16_t *drawn_row(struct st_inline *in, unsigned row)
{
    return &in->drawn[row * in->cols];
}

static const uint16_t *text_row(const struct vid_text *t, unsigned row)
{
    return &t->cell[row * t->cols];
}

static bool blank_char(uint16_t cell)
{
    return (uint8_t)cell == ' ' || (uint8_t)cell == 0;
}

/* ---- output ---- */

static void flush(struct st_inline *in)
{
    if (in->nout)
        in->write(in->ctx, in->out, in->nout);
    in->nout = 0;
}

static void put(struct st_inline *in, const char *s, size_t n)
{
    if (in->nout + n > sizeof in->out)
        flush(in);
    memcpy(in->out + in->nout, s, MIN(n, sizeof in->out));
    in->nout += MIN(n, sizeof in->out);
}

static void putf(struct st_inline *in, const char *fmt, ...) PRINTF_FMT(2, 3);
static void putf(struct st_inline *in, const char *fmt, ...)
{
    char buf[32];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        put(in, buf, (size_t)MIN((size_t)n, sizeof buf - 1));
}

/* ---- lines ---- */

/* Lines that scrolled out of the terminal's sight cannot be reached, nor
 * those above the ones given. */
static bool reachable(const struct st_inline *in, long line)
{
    return line >= in->own && line > in->low - (long)in->term_rows;
}

/* The cursor to the start of line (made with newlines below the lowest). */
static void go(struct st_inline *in, long line)
{
    if (line > in->low) {
        go(in, in->low);
        for (; in->low < line; in->low++)
            put(in, "\r\n", 2);
        in->cur = line;
        return;
    }
    if (line < in->cur)
        putf(in, "\033[%ldA", in->cur - line);
    else if (line > in->cur)
        putf(in, "\033[%ldB", line - in->cur);
    put(in, "\r", 1);
    in->cur = line;
}

static void fg_color(struct st_inline *in, unsigned fg)
{
    if (fg == FG_DEFAULT)
        put(in, SEQ_PLAIN, sizeof SEQ_PLAIN - 1);
    else
        putf(in, "\033[0;%um", (fg >= 8 ? 90 : 30) + k_cga_to_ansi[fg & 7]);
}

static bool row_drawable(const uint16_t *p, unsigned cols)
{
    for (unsigned c = 0; c < cols; c++)
        if ((p[c] >> 8) & ATTR_NOT_FG)
            return false;
    return true;
}

/* Row row of t on its line: the characters as UTF-8, foreground colours
 * as SGR, the rest of the line erased. */
static bool draw_row(struct st_inline *in, const struct vid_text *t, unsigned row)
{
    const uint16_t *p = text_row(t, row);
    long line = in->line0 + (long)row;
    if (!row_drawable(p, in->cols) || (line <= in->low && !reachable(in, line)))
        return false;
    go(in, line);
    put(in, SEQ_LINE, sizeof SEQ_LINE - 1);
    unsigned len = in->cols, fg = FG_DEFAULT;
    while (len && blank_char(p[len - 1]))
        len--;
    len = MIN(len, in->term_cols);
    for (unsigned c = 0; c < len; c++) {
        char u8[4];
        unsigned want = (p[c] >> 8) & ATTR_FG;
        if (!blank_char(p[c]) && want != fg) {
            fg_color(in, want);
            fg = want;
        }
        put(in, u8, codepage_utf8(t->codepage, (uint8_t)p[c], u8));
    }
    if (fg != FG_DEFAULT)
        put(in, SEQ_PLAIN, sizeof SEQ_PLAIN - 1);
    memcpy(drawn_row(in, row), p, in->cols * sizeof *p);
    return true;
}

static bool fail(struct st_inline *in)
{
    in->failed = true;
    flush(in);
    return false;
}

static bool same_shape(const struct st_inline *in, const struct vid_text *t)
{
    return !t->graphics && t->cols == in->cols && t->rows == in->rows;
}

bool st_inline_shows(const struct st_inline *in, const struct vid_text *t, unsigned row)
{
    return same_shape(in, t) && row < in->rows &&
           !memcmp(&in->drawn[row * in->cols], text_row(t, row), in->cols * sizeof(uint16_t));
}

static void blank_rows(struct st_inline *in, unsigned from, unsigned to)
{
    for (unsigned i = from * in->cols; i < to * in->cols; i++)
        in->drawn[i] = BLANK_CELL;
}

bool st_inline_start(struct st_inline *in, const struct vid_text *was, st_write_fn *write,
                     void *ctx)
{
    if (was->graphics || was->cols != INLINE_COLS || was->rows != INLINE_ROWS)
        return false;
    memset(in, 0, offsetof(struct st_inline, out));
    in->write = write;
    in->ctx = ctx;
    in->cols = was->cols;
    in->rows = was->rows;
    in->term_cols = INLINE_COLS;
    in->term_rows = INLINE_ROWS;
    unsigned row = MIN(was->cursor_row, was->rows - 1);
    /* The cursor's row and those above are on the terminal as console
     * output left them; the rows below are not there yet. */
    memcpy(in->drawn, was->cell, (size_t)(row + 1) * in->cols * sizeof(uint16_t));
    blank_rows(in, row + 1, in->rows);
    in->line0 = -(long)row;
    return true;
}

void st_inline_resize(struct st_inline *in, unsigned cols, unsigned rows)
{
    in->term_cols = MAX(cols, 1u);
    in->term_rows = MAX(rows, 1u);
}

bool st_inline_failed(const struct st_inline *in)
{
    return in->failed;
}

bool st_inline_draw(struct st_inline *in, const struct vid_text *now)
{
    if (in->failed)
        return false;
    if (!same_shape(in, now))
        return fail(in);
    for (unsigned r = 0; r < in->rows; r++)
        if (!st_inline_shows(in, now, r) && !draw_row(in, now, r))
            return fail(in);
    long line = in->line0 + (long)now->cursor_row;
    if (now->cursor_row < in->rows && (line > in->low || reachable(in, line))) {
        unsigned col = MIN(now->cursor_col, in->term_cols - 1);
        go(in, line);
        if (col)
            putf(in, "\033[%uC", col);
    }
    flush(in);
    return true;
}

/* Everything on the terminal's page goes up into its scrollback; the
 * screen's row 0 is then the page's top line. */
static void scroll_away(struct st_inline *in)
{
    go(in, in->low);
    for (unsigned i = 0; i < in->term_rows; i++)
        put(in, "\r\n", 2);
    if (in->term_rows > 1)
        putf(in, "\033[%uA", in->term_rows - 1);
    in->line0 = in->low + 1;
    in->own = in->line0;
    in->cur = in->line0;
    in->low += in->term_rows;
    blank_rows(in, 0, in->rows);
}

static void inline_leave(void *ctx, const struct vid_text *was, unsigned n, unsigned bottom)
{
    struct st_inline *in = ctx;
    if (in->failed)
        return;
    if (!same_shape(in, was)) {
        fail(in);
        return;
    }
    for (unsigned r = 0; r < n; r++)
        if (!st_inline_shows(in, was, r) && !draw_row(in, was, r)) {
            fail(in);
            return;
        }
    if (n > bottom && bottom + 1 >= in->rows) {
        scroll_away(in);
        flush(in);
        return;
    }
    /* Rows below a scrolled window stay where they are: lines cannot. */
    for (unsigned r = bottom + 1; r < in->rows; r++)
        for (unsigned c = 0; c < in->cols; c++)
            if (!blank_char(drawn_row(in, r)[c])) {
                fail(in);
                return;
            }
    in->line0 += n;
    memmove(in->drawn, drawn_row(in, n), (size_t)(in->rows - n) * in->cols * sizeof(uint16_t));
    blank_rows(in, in->rows - n, in->rows);
    flush(in);
}

struct st_events st_inline_events(struct st_inline *in)
{
    return (struct st_events){inline_leave, NULL, in};
}

static int last_drawn(const struct st_inline *in)
{
    for (unsigned r = in->rows; r-- > 0;)
        for (unsigned c = 0; c < in->cols; c++)
            if (!blank_char(in->drawn[r * in->cols + c]))
                return (int)r;
    return -1;
}

bool st_inline_any(const struct st_inline *in)
{
    return last_drawn(in) >= 0;
}

void st_inline_park(struct st_inline *in, const struct vid_text *now)
{
    int last = now && same_shape(in, now) ? st_last_row(now) : last_drawn(in);
    long line = MAX(in->line0 + last + 1, in->own);
    if (line <= in->low && !reachable(in, line))
        line = in->low;
    go(in, line);
    flush(in);
}
