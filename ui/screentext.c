/* The text of the screen as rows that leave it and a stream of lines (see
 * screentext.h). */
#include "ui/screentext.h"

#include <string.h>

#include "base/common.h"
#include "base/codepage.h"

static const uint16_t *row_of(const struct vid_text *t, unsigned row)
{
    return &t->cell[row * t->cols];
}

static bool blank_char(uint16_t cell)
{
    uint8_t ch = (uint8_t)cell;
    return ch == ' ' || ch == 0;
}

bool st_row_blank(const struct vid_text *t, unsigned row)
{
    const uint16_t *p = row_of(t, row);
    for (unsigned c = 0; c < t->cols; c++)
        if (!blank_char(p[c]))
            return false;
    return true;
}

static bool all_blank(const struct vid_text *t)
{
    for (unsigned r = 0; r < t->rows; r++)
        if (!st_row_blank(t, r))
            return false;
    return true;
}

size_t st_row_utf8(const struct vid_text *t, unsigned row, unsigned from, char *out)
{
    const uint16_t *p = row_of(t, row);
    unsigned len = t->cols;
    size_t n = 0;
    while (len > from && blank_char(p[len - 1]))
        len--;
    for (unsigned c = from; c < len; c++)
        n += codepage_utf8(t->codepage, (uint8_t)p[c], out + n);
    return n;
}

int st_last_row(const struct vid_text *t)
{
    int last = -1;
    if (t->graphics)
        return -1;
    for (unsigned r = 0; r < t->rows; r++)
        if (!st_row_blank(t, r))
            last = (int)r;
    if (t->cursor_visible && t->cursor_row < t->rows)
        last = MAX(last, t->cursor_col ? (int)t->cursor_row : (int)t->cursor_row - 1);
    return last;
}

/* ---- the tracker ---- */

static bool same_row(const struct vid_text *a, unsigned ra, const struct vid_text *b,
                     unsigned rb)
{
    return !memcmp(row_of(a, ra), row_of(b, rb), a->cols * sizeof(uint16_t));
}

static bool same_shape(const struct vid_text *a, const struct vid_text *b)
{
    return a->graphics == b->graphics && a->cols == b->cols && a->rows == b->rows;
}

/* Only the cells in use are copied. */
static void adopt(struct st_track *t, const struct vid_text *now)
{
    struct vid_text *s = &t->seen;
    s->cols = now->cols;
    s->rows = now->rows;
    s->char_height = now->char_height;
    s->cursor_col = now->cursor_col;
    s->cursor_row = now->cursor_row;
    s->cursor_visible = now->cursor_visible;
    s->blink = now->blink;
    s->graphics = now->graphics;
    memcpy(s->rgb, now->rgb, sizeof s->rgb);
    memcpy(s->cell, now->cell, (size_t)now->rows * now->cols * sizeof(uint16_t));
    t->valid = true;
    t->deferred = 0;
}

/* The cells read, as read: a screen read again unchanged is no news (the
 * screen taken to be may differ: a copy seen part way is taken as done). */
static bool same_as_last(struct st_track *t, const struct vid_text *now)
{
    size_t n = now->graphics ? 0 : (size_t)now->rows * now->cols;
    bool same = n == t->nlast && t->seen.graphics == now->graphics &&
                !memcmp(t->last, now->cell, n * sizeof(uint16_t));
    memcpy(t->last, now->cell, n * sizeof(uint16_t));
    t->nlast = n;
    return same;
}

void st_track_reset(struct st_track *t, const struct vid_text *now)
{
    adopt(t, now);
    same_as_last(t, now);
}

const struct vid_text *st_track_seen(const struct st_track *t)
{
    return &t->seen;
}

static void leave(const struct st_events *ev, const struct vid_text *was, unsigned n,
                  unsigned bottom)
{
    if (ev->leave && n)
        ev->leave(ev->ctx, was, n, bottom);
}

/* ---- a program's own scroll, in video RAM ---- */

/* A program moving its rows up in video RAM (a scroll of its own) is seen
 * after one or more of them: k rows of was left the top, and the rows of
 * now are those of was k rows further down, but for the last ones (new, or
 * the row the program was writing when was was seen) and rows changed in
 * place. Every k is scored by the rows it explains, a row with text 2, a
 * blank one 1 (blank rows look alike); the best wins, the smallest on a
 * tie. The copy itself is not seen part way when it is a REP MOVS (the
 * caller takes the screen as the instruction will leave it); a loop of
 * the program's own may be: such a screen is put off to a later sync
 * (ST_DEFER_MAX times), and if it is still part way then a row may be
 * written garbled or twice. */
#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u

static uint64_t row_hash(const struct vid_text *t, unsigned row)
{
    const uint16_t *p = row_of(t, row);
    uint64_t h = FNV_OFFSET;
    for (unsigned c = 0; c < t->cols; c++) {
        h ^= p[c];
        h *= FNV_PRIME;
    }
    return h;
}

/* Text that stayed where it was above the first change: nothing scrolled
 * (the common case: a row written at the cursor), found without hashing. */
static bool stayed(const struct vid_text *was, const struct vid_text *now,
                   unsigned *unexplained)
{
    unsigned r = 0;
    bool text = false;
    for (; r < now->rows && same_row(was, r, now, r); r++)
        text |= !st_row_blank(was, r);
    if (!text)
        return false;
    *unexplained = 0;
    for (; r + 1 < now->rows; r++)
        *unexplained += !same_row(was, r, now, r) && !st_row_blank(was, r) &&
                        !st_row_blank(now, r);
    return true;
}

static unsigned shift_of(const struct vid_text *was, const struct vid_text *now,
                         unsigned *unexplained)
{
    if (stayed(was, now, unexplained))
        return 0;
    uint64_t hw[VID_TEXT_MAX_ROWS], hn[VID_TEXT_MAX_ROWS];
    uint8_t weight[VID_TEXT_MAX_ROWS];
    unsigned rows = now->rows, best = 0, best_score = 0;
    for (unsigned r = 0; r < rows; r++) {
        hw[r] = row_hash(was, r);
        hn[r] = row_hash(now, r);
        weight[r] = st_row_blank(was, r) ? 1 : 2;
    }
    for (unsigned k = 0; k < rows; k++) {
        unsigned score = 0;
        for (unsigned r = 0; r + k < rows; r++)
            score += hn[r] == hw[r + k] ? weight[r + k] : 0;
        if (score > best_score) {
            best = k;
            best_score = score;
        }
    }
    /* Rows of text with other text where it expects them, above the new
     * rows and was's last (perhaps half written): a copy of the program's
     * own seen part way, or rows changed in place. */
    *unexplained = 0;
    for (unsigned r = 0; r + best + 1 < rows; r++)
        *unexplained += hn[r] != hw[r + best] && weight[r + best] == 2 && !st_row_blank(now, r);
    return best;
}

static void sync(struct st_track *t, const struct vid_text *now, const struct st_events *ev,
                 bool settle)
{
    struct vid_text *was = &t->seen;
    bool unchanged = same_as_last(t, now);
    t->moved = !unchanged;
    settle |= t->settle;
    t->settle = false;
    if ((unchanged && !t->deferred) || !t->valid) {
        t->shifted = false;
        was->cursor_col = now->cursor_col;
        was->cursor_row = now->cursor_row;
        was->cursor_visible = now->cursor_visible;
        if (!t->valid)
            adopt(t, now);
        return;
    }
    if (!same_shape(was, now) || was->graphics) {
        if (!was->graphics)
            leave(ev, was, was->rows, was->rows - 1); /* not text any more, or resized */
        adopt(t, now);
        return;
    }
    size_t bytes = (size_t)now->rows * now->cols * sizeof(uint16_t);
    if (!memcmp(was->cell, now->cell, bytes)) {
        adopt(t, now); /* the cursor */
        return;
    }
    if (all_blank(now)) {
        leave(ev, was, was->rows, was->rows - 1);
        adopt(t, now);
        return;
    }
    unsigned unexplained, k = shift_of(was, now, &unexplained);
    if (unexplained && !unchanged && !settle && t->deferred < ST_DEFER_MAX) {
        t->deferred++; /* perhaps part way through a copy: the next sync decides */
        return;
    }
    t->deferred = 0;
    t->shifted = k > 0;
    leave(ev, was, k, now->rows - 1);
    for (unsigned r = 0; r < now->rows && ev->change; r++) {
        bool changed = r + k < now->rows ? !same_row(now, r, was, r + k)
                                         : !st_row_blank(now, r);
        if (changed)
            ev->change(ev->ctx, r);
    }
    adopt(t, now);
}

void st_track_sync(struct st_track *t, const struct vid_text *now, const struct st_events *ev)
{
    sync(t, now, ev, false);
}

void st_track_settle(struct st_track *t, const struct vid_text *now, const struct st_events *ev)
{
    sync(t, now, ev, true);
}

bool st_track_scroll(struct st_track *t, const struct vid_text *now, unsigned n,
                     unsigned bottom, const struct st_events *ev)
{
    struct vid_text *was = &t->seen;
    if (!t->valid || !same_shape(was, now))
        return false;
    if (was->graphics || bottom >= was->rows || !n)
        return true;
    n = MIN(n, bottom + 1);
    unsigned cols = was->cols, kept = bottom + 1 - n;
    for (unsigned r = 0; r < n; r++)
        if (!same_row(was, r, now, r)) {
            memcpy(&was->cell[r * cols], row_of(now, r), cols * sizeof(uint16_t));
            if (ev->change)
                ev->change(ev->ctx, r);
        }
    leave(ev, was, n, bottom);
    uint16_t fill = (uint16_t)(' ' | (row_of(was, bottom)[0] & 0xFF00));
    memmove(was->cell, &was->cell[n * cols], (size_t)kept * cols * sizeof(uint16_t));
    for (unsigned i = kept * cols; i < (bottom + 1) * cols; i++)
        was->cell[i] = fill;
    t->nlast = 0;     /* video RAM is about to change */
    t->settle = true; /* rows not read here may be stale: no reason to wait */
    return true;
}

/* ---- the stream ---- */

static void put(struct st_stream *s, const void *buf, size_t n)
{
    if (n)
        s->write(s->ctx, buf, n);
}

/* A line begun on stdout that the next row does not continue is ended. */
static void end_partial(struct st_stream *s)
{
    if (s->partial)
        put(s, "\n", 1);
    s->partial = false;
    s->prefix_row = -1;
}

static void write_row(struct st_stream *s, const struct vid_text *t, unsigned row)
{
    char buf[VID_TEXT_MAX_COLS * 3 + 1];
    unsigned from = 0;
    if (s->partial && (int)row == s->prefix_row && s->prefix_len <= t->cols &&
        !memcmp(row_of(t, row), s->prefix, s->prefix_len * sizeof(uint16_t)))
        from = s->prefix_len; /* continues the line begun */
    else
        end_partial(s);
    s->partial = false;
    s->prefix_row = -1;
    size_t n = st_row_utf8(t, row, from, buf);
    buf[n++] = '\n';
    put(s, buf, n);
    s->fresh = false;
}

/* Rows [0, n) of t, except those out already; while nothing was written
 * blank rows are screen space, not lines. */
static void write_rows(struct st_stream *s, const struct vid_text *t, unsigned n)
{
    for (unsigned r = 0; r < n; r++)
        if (!s->done[r] && !(s->fresh && st_row_blank(t, r)))
            write_row(s, t, r);
}

void st_stream_start(struct st_stream *s, const struct vid_text *was, bool wrote, bool leaving,
                     st_write_fn *write, void *ctx)
{
    memset(s, 0, sizeof *s);
    s->write = write;
    s->ctx = ctx;
    s->leaving = leaving;
    s->prefix_row = -1;
    s->fresh = !wrote;
    if (!wrote || was->graphics)
        return;
    for (unsigned r = 0; r < MIN(was->cursor_row, was->rows); r++)
        s->done[r] = true;
    if (was->cursor_row < was->rows && was->cursor_col) {
        s->prefix_row = (int)was->cursor_row;
        s->prefix_len = MIN(was->cursor_col, was->cols);
        memcpy(s->prefix, row_of(was, was->cursor_row), s->prefix_len * sizeof(uint16_t));
        s->partial = true;
    }
}

void st_stream_mark_done(struct st_stream *s, unsigned row)
{
    if (row < VID_TEXT_MAX_ROWS)
        s->done[row] = true;
}

static void stream_leave(void *ctx, const struct vid_text *was, unsigned n, unsigned bottom)
{
    struct st_stream *s = ctx;
    bool erased = n > bottom; /* the whole window: its blank end is no lines */
    unsigned upto = n;
    if (erased) {
        upto = 0;
        for (unsigned r = 0; r < n; r++)
            if (!st_row_blank(was, r))
                upto = r + 1;
    }
    if (s->leaving)
        write_rows(s, was, upto);
    if (erased && bottom + 1 >= was->rows) {
        memset(s->done, 0, sizeof s->done);
        s->prefix_row = -1;
        s->fresh = true;
        return;
    }
    memmove(s->done, s->done + n, bottom + 1 - n);
    memset(s->done + bottom + 1 - n, 0, n);
    if (s->prefix_row >= 0 && s->prefix_row <= (int)bottom)
        s->prefix_row = s->prefix_row >= (int)n ? s->prefix_row - (int)n : -1;
}

static void stream_change(void *ctx, unsigned row)
{
    struct st_stream *s = ctx;
    s->done[row] = false;
}

void st_stream_interrupt(struct st_stream *s)
{
    end_partial(s);
}

struct st_events st_stream_events(struct st_stream *s)
{
    return (struct st_events){stream_leave, stream_change, s};
}

void st_stream_end(struct st_stream *s, const struct vid_text *now)
{
    int last = st_last_row(now);
    if (last >= 0)
        write_rows(s, now, (unsigned)last + 1);
}
