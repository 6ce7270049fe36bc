/* Line diff: Myers' O(ND) algorithm ("An O(ND) Difference Algorithm and
 * Its Variations", 1986) in its linear-space form, which bisects the edit
 * graph at the middle snake of a shortest edit script. When the search for
 * a middle snake grows expensive (files that differ nearly everywhere) it
 * bisects at the furthest point either search reached instead: the script
 * is then valid but may be longer than the shortest, and the time stays
 * near linear. Lines that occur in one text only take no part in the
 * search (they are dropped or added in any script). Then hunks with three
 * lines of context. */
#include "harness/textdiff.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define CONTEXT 3
#define COST_MIN 256 /* the search may go this deep at least */
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

struct line {
    const char *p;
    size_t n; /* without the "\n" */
    uint32_t hash;
};

struct lines {
    struct line *l;
    size_t n;
};

static bool same_but_cr(struct line a, struct line b)
{
    size_t an = a.n && a.p[a.n - 1] == '\r' ? a.n - 1 : a.n;
    size_t bn = b.n && b.p[b.n - 1] == '\r' ? b.n - 1 : b.n;
    return an == bn && !memcmp(a.p, b.p, an);
}

static uint32_t hash(const char *p, size_t n)
{
    uint32_t h = FNV_OFFSET;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)p[i]) * FNV_PRIME;
    return h;
}

static struct lines split(const char *s, size_t n)
{
    struct lines v = {xcalloc(n + 1, sizeof *v.l), 0};
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (s + i)) : n - i;
        v.l[v.n++] = (struct line){s + i, len, hash(s + i, len)};
        i += len + 1;
    }
    return v;
}

static bool same(struct line a, struct line b)
{
    return a.hash == b.hash && a.n == b.n && !memcmp(a.p, b.p, a.n);
}

/* The two texts, which lines of each the edit script drops or adds, and
 * the search vectors of the forward and the backward search, indexed by
 * diagonal k = x - y (offset so that every k of the graph fits). */
struct myers {
    const struct lines *a, *b;
    long *ax, *by; /* the lines searched: those with a possible match */
    bool *deleted, *inserted;
    long *fwd, *bwd;
    long offset;
    long cost_max;
};

static bool eq(const struct myers *m, long x, long y)
{
    return same(m->a->l[m->ax[x]], m->b->l[m->by[y]]);
}

/* A point of the edit graph where the script is split in two. */
struct split_at {
    long x, y;
};

/* One more edit allowed: the diagonals [*lo, *hi] a search reaches grow
 * by one on each side (inside the box), the new neighbours set to edge,
 * a value the search never prefers. */
static void widen(long *lo, long *hi, const long box[4], long *v, long edge)
{
    long dmin = box[0] - box[3], dmax = box[1] - box[2];
    if (*lo > dmin) {
        --*lo;
        v[*lo - 1] = edge;
    } else {
        ++*lo;
    }
    if (*hi < dmax) {
        ++*hi;
        v[*hi + 1] = edge;
    } else {
        --*hi;
    }
}

/* The forward search one step further (edit cost c): the furthest x on
 * each diagonal of the same parity. True (at *s) when it overlaps the
 * backward search. */
static bool forward(struct myers *m, long *lo, long *hi, const long box[4], bool odd, long blo,
                    long bhi, struct split_at *s)
{
    long *f = m->fwd + m->offset;
    long *b = m->bwd + m->offset;
    widen(lo, hi, box, f, -1);
    for (long d = *hi; d >= *lo; d -= 2) {
        long x = f[d - 1] >= f[d + 1] ? f[d - 1] + 1 : f[d + 1];
        long y = x - d;
        while (x < box[1] && y < box[3] && eq(m, x, y)) {
            x++;
            y++;
        }
        f[d] = x;
        if (odd && d >= blo && d <= bhi && b[d] <= x) {
            *s = (struct split_at){x, y};
            return true;
        }
    }
    return false;
}

/* The backward search one step further, from the bottom-right corner. */
static bool backward(struct myers *m, long *lo, long *hi, const long box[4], bool odd, long flo,
                     long fhi, struct split_at *s)
{
    long *f = m->fwd + m->offset;
    long *b = m->bwd + m->offset;
    widen(lo, hi, box, b, LONG_MAX);
    for (long d = *hi; d >= *lo; d -= 2) {
        long x = b[d - 1] < b[d + 1] ? b[d - 1] : b[d + 1] - 1;
        long y = x - d;
        while (x > box[0] && y > box[2] && eq(m, x - 1, y - 1)) {
            x--;
            y--;
        }
        b[d] = x;
        if (!odd && d >= flo && d <= fhi && x <= f[d]) {
            *s = (struct split_at){x, y};
            return true;
        }
    }
    return false;
}

/* Searching further costs too much: split at the point the forward or the
 * backward search got furthest along (measured in x + y). */
static struct split_at furthest(const struct myers *m, const long box[4], long flo, long fhi,
                                long blo, long bhi)
{
    const long *f = m->fwd + m->offset, *b = m->bwd + m->offset;
    struct split_at best_f = {box[0], box[2]}, best_b = {box[1], box[3]};
    for (long d = fhi; d >= flo; d -= 2) {
        long x = MIN(f[d], box[1]), y = x - d;
        if (y > box[3]) {
            x = box[3] + d;
            y = box[3];
        }
        if (x + y > best_f.x + best_f.y)
            best_f = (struct split_at){x, y};
    }
    for (long d = bhi; d >= blo; d -= 2) {
        long x = MAX(b[d], box[0]), y = x - d;
        if (y < box[2]) {
            x = box[2] + d;
            y = box[2];
        }
        if (x + y < best_b.x + best_b.y)
            best_b = (struct split_at){x, y};
    }
    long gain_f = best_f.x + best_f.y - (box[0] + box[2]);
    long gain_b = box[1] + box[3] - (best_b.x + best_b.y);
    return gain_f >= gain_b ? best_f : best_b;
}

/* Where to split the box [x0, x1) x [y0, y1) (no common head or tail):
 * the middle snake, found by searching from both corners at once. */
static struct split_at middle(struct myers *m, const long box[4])
{
    long fmid = box[0] - box[2], bmid = box[1] - box[3];
    long flo = fmid, fhi = fmid, blo = bmid, bhi = bmid;
    bool odd = (fmid - bmid) & 1;
    struct split_at s;
    m->fwd[m->offset + fmid] = box[0];
    m->bwd[m->offset + bmid] = box[1];
    for (long c = 1;; c++) {
        if (forward(m, &flo, &fhi, box, odd, blo, bhi, &s) ||
            backward(m, &blo, &bhi, box, odd, flo, fhi, &s))
            return s;
        if (c >= m->cost_max)
            return furthest(m, box, flo, fhi, blo, bhi);
    }
}

/* Mark the lines of a[x0, x1) and b[y0, y1) that the script drops or
 * adds. The smaller half of each split recurses, the larger one loops. */
static void compare(struct myers *m, long x0, long x1, long y0, long y1)
{
    for (;;) {
        while (x0 < x1 && y0 < y1 && eq(m, x0, y0)) {
            x0++;
            y0++;
        }
        while (x1 > x0 && y1 > y0 && eq(m, x1 - 1, y1 - 1)) {
            x1--;
            y1--;
        }
        if (x0 == x1 || y0 == y1)
            break;
        const long box[4] = {x0, x1, y0, y1};
        struct split_at s = middle(m, box);
        if (s.x - x0 + s.y - y0 < x1 - s.x + y1 - s.y) {
            compare(m, x0, s.x, y0, s.y);
            x0 = s.x;
            y0 = s.y;
        } else {
            compare(m, s.x, x1, s.y, y1);
            x1 = s.x;
            y1 = s.y;
        }
    }
    for (long x = x0; x < x1; x++)
        m->deleted[m->ax[x]] = true;
    for (long y = y0; y < y1; y++)
        m->inserted[m->by[y]] = true;
}

/* Edit script: for each step, ' ' (both), '-' (a only) or '+' (b only). */
struct edits {
    char *op;
    size_t n;
};

static long isqrt(long v)
{
    long r = 0;
    while ((r + 1) * (r + 1) <= v)
        r++;
    return r;
}

static int by_hash(const void *p, const void *q)
{
    uint32_t a = *(const uint32_t *)p, b = *(const uint32_t *)q;
    return (a > b) - (a < b);
}

/* The lines of a whose hash occurs among b's (the others can match
 * nothing: they are dropped or added whatever the script), as indices
 * into out; the rest are marked in gone. Returns how many. */
static long candidates(const struct lines *a, const struct lines *b, long *out, bool *gone)
{
    uint32_t *hb = xmalloc((b->n + 1) * sizeof *hb);
    long k = 0;
    for (size_t i = 0; i < b->n; i++)
        hb[i] = b->l[i].hash;
    qsort(hb, b->n, sizeof *hb, by_hash);
    for (size_t i = 0; i < a->n; i++) {
        if (b->n && bsearch(&a->l[i].hash, hb, b->n, sizeof *hb, by_hash))
            out[k++] = (long)i;
        else
            gone[i] = true;
    }
    free(hb);
    return k;
}

static void diff_edits(const struct lines *a, const struct lines *b, struct edits *e)
{
    long n = (long)a->n, mm = (long)b->n;
    struct myers m = {.a = a, .b = b};
    m.deleted = xcalloc((size_t)n + 1, sizeof *m.deleted);
    m.inserted = xcalloc((size_t)mm + 1, sizeof *m.inserted);
    m.ax = xmalloc(((size_t)n + 1) * sizeof *m.ax);
    m.by = xmalloc(((size_t)mm + 1) * sizeof *m.by);
    long na = candidates(a, b, m.ax, m.deleted), nb = candidates(b, a, m.by, m.inserted);
    m.offset = nb + 1;
    m.cost_max = MAX((long)COST_MIN, isqrt(na + nb));
    m.fwd = xmalloc(((size_t)(na + nb) + 3) * sizeof *m.fwd);
    m.bwd = xmalloc(((size_t)(na + nb) + 3) * sizeof *m.bwd);
    compare(&m, 0, na, 0, nb);
    for (long x = 0, y = 0; x < n || y < mm;) {
        if (x < n && m.deleted[x]) {
            e->op[e->n++] = '-';
            x++;
        } else if (y < mm && m.inserted[y]) {
            e->op[e->n++] = '+';
            y++;
        } else {
            e->op[e->n++] = ' ';
            x++;
            y++;
        }
    }
    free(m.deleted);
    free(m.inserted);
    free(m.ax);
    free(m.by);
    free(m.fwd);
    free(m.bwd);
}

struct out {
    char *s;
    size_t n, cap, lines, max_lines;
};

static void emit(struct out *o, const char *fmt, ...) PRINTF_FMT(2, 3);
static void emit(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (o->n + (size_t)k + 1 > o->cap) {
        o->cap = (o->n + (size_t)k + 1) * 2;
        o->s = xrealloc(o->s, o->cap);
    }
    va_start(ap, fmt);
    vsnprintf(o->s + o->n, o->cap - o->n, fmt, ap);
    va_end(ap);
    o->n += (size_t)k;
}

/* A line as shown: a final CR (DOS line ends) left out, other control
 * characters in caret notation. */
/* Append one byte. */
static void put(struct out *o, char ch)
{
    if (o->n + 2 > o->cap) {
        o->cap = (o->n + 2) * 2;
        o->s = xrealloc(o->s, o->cap);
    }
    o->s[o->n++] = ch;
    o->s[o->n] = 0;
}

static void emit_line(struct out *o, char op, struct line l)
{
    if (o->lines++ == o->max_lines)
        emit(o, "...\n");
    if (o->lines > o->max_lines)
        return;
    size_t n = l.n && l.p[l.n - 1] == '\r' ? l.n - 1 : l.n;
    put(o, op);
    for (size_t i = 0; i < n; i++) {
        char ch = l.p[i];
        if ((unsigned char)ch < 0x20 && ch != '\t') {
            put(o, '^');
            ch = (char)(ch + '@');
        }
        put(o, ch);
    }
    put(o, '\n');
}

/* Hunks around the changes of e (positions in a and b walk along). */
static void hunks(const struct lines *a, const struct lines *b, const struct edits *e,
                  struct out *o)
{
    size_t k = 0, ai = 0, bi = 0;
    while (k < e->n) {
        size_t c = k;
        while (c < e->n && e->op[c] == ' ')
            c++;
        if (c == e->n)
            break;
        size_t skip = c - k > CONTEXT ? c - k - CONTEXT : 0;
        k += skip;
        ai += skip;
        bi += skip;
        size_t end = c, quiet = 0; /* extend while changes are near */
        while (end < e->n && quiet <= 2 * CONTEXT)
            quiet = e->op[end++] == ' ' ? quiet + 1 : 0;
        end -= quiet > CONTEXT ? quiet - CONTEXT : 0;
        size_t an = 0, bn = 0;
        for (size_t i = k; i < end; i++) {
            an += e->op[i] != '+';
            bn += e->op[i] != '-';
        }
        emit(o, "@@ -%zu,%zu +%zu,%zu @@\n", ai + 1, an, bi + 1, bn);
        for (; k < end; k++) {
            char op = e->op[k];
            emit_line(o, op, op == '+' ? b->l[bi] : a->l[ai]);
            ai += op != '+';
            bi += op != '-';
        }
    }
}

char *text_diff(const char *a, size_t an, const char *b, size_t bn, const char *a_name,
                const char *b_name, size_t max_lines)
{
    struct out o = {.max_lines = max_lines};
    emit(&o, "%s", "");
    if (an == bn && !memcmp(a, b, an))
        return o.s;
    struct lines la = split(a, an), lb = split(b, bn);
    struct edits e = {xcalloc(la.n + lb.n + 1, 1), 0};
    diff_edits(&la, &lb, &e);
    emit(&o, "--- %s\n+++ %s\n", a_name, b_name);
    bool cr_only = la.n == lb.n;
    for (size_t i = 0; cr_only && i < la.n; i++)
        cr_only = same_but_cr(la.l[i], lb.l[i]);
    if (cr_only)
        emit(&o, "(only the line ends differ: CR LF against LF)\n");
    else
        hunks(&la, &lb, &e, &o);
    bool a_nl = an && a[an - 1] == '\n', b_nl = bn && b[bn - 1] == '\n';
    if (a_nl != b_nl)
        emit(&o, "\\ %s has no newline at the end\n", a_nl ? b_name : a_name);
    free(e.op);
    free(la.l);
    free(lb.l);
    return o.s;
}
