/* Line diff: strip the common head and tail, then a longest-common-
 * subsequence table over what is left (bounded), then hunks. */
#include "harness/textdiff.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define CONTEXT 3
#define LCS_MAX_CELLS 4000000u          /* table of uint16: 8 MB at most */

struct line {
    const char *p;
    size_t n;                   /* without the "\n" */
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

static struct lines split(const char *s, size_t n)
{
    struct lines v = {xcalloc(n + 1, sizeof *v.l), 0};
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (s + i)) : n - i;
        v.l[v.n++] = (struct line){s + i, len};
        i += len + 1;
    }
    return v;
}

static bool same(struct line a, struct line b)
{
    return a.n == b.n && !memcmp(a.p, b.p, a.n);
}

/* Edit script: for each step, ' ' (both), '-' (a only) or '+' (b only). */
struct edits {
    char *op;
    size_t n;
};

static void lcs_edits(const struct lines *a, size_t a0, size_t a1, const struct lines *b,
                      size_t b0, size_t b1, struct edits *e)
{
    size_t n = a1 - a0, m = b1 - b0;
    uint16_t *t = xcalloc((n + 1) * (m + 1), sizeof *t);
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            T(i, j) = same(a->l[a0 + i], b->l[b0 + j]) ? (uint16_t)(T(i + 1, j + 1) + 1)
                                                        : MAX(T(i + 1, j), T(i, j + 1));
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same(a->l[a0 + i], b->l[b0 + j]))
            e->op[e->n++] = ' ', i++, j++;
        else if (i < n && (j == m || T(i + 1, j) >= T(i, j + 1)))
            e->op[e->n++] = '-', i++;
        else
            e->op[e->n++] = '+', j++;
    }
#undef T
    free(t);
}

/* Too big for the table: everything in the middle differs. */
static void crude_edits(size_t n, size_t m, struct edits *e)
{
    memset(e->op + e->n, '-', n);
    memset(e->op + e->n + n, '+', m);
    e->n += n + m;
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
        o->s = realloc(o->s, o->cap);
        if (!o->s)
            die("out of memory");
    }
    va_start(ap, fmt);
    vsnprintf(o->s + o->n, o->cap - o->n, fmt, ap);
    va_end(ap);
    o->n += (size_t)k;
}

/* A line as shown: a final CR (DOS line ends) left out, other control
 * characters in caret notation. */
static void emit_line(struct out *o, char op, struct line l)
{
    if (o->lines++ == o->max_lines)
        emit(o, "...\n");
    if (o->lines > o->max_lines)
        return;
    size_t n = l.n && l.p[l.n - 1] == '\r' ? l.n - 1 : l.n;
    emit(o, "%c", op);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)l.p[i];
        if (ch < 0x20 && ch != '\t')
            emit(o, "^%c", ch + '@');
        else
            emit(o, "%c", ch);
    }
    emit(o, "\n");
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
        k += skip, ai += skip, bi += skip;
        size_t end = c, quiet = 0;              /* extend while changes are near */
        while (end < e->n && quiet <= 2 * CONTEXT)
            quiet = e->op[end++] == ' ' ? quiet + 1 : 0;
        end -= quiet > CONTEXT ? quiet - CONTEXT : 0;
        size_t an = 0, bn = 0;
        for (size_t i = k; i < end; i++)
            an += e->op[i] != '+', bn += e->op[i] != '-';
        emit(o, "@@ -%zu,%zu +%zu,%zu @@\n", ai + 1, an, bi + 1, bn);
        for (; k < end; k++) {
            char op = e->op[k];
            emit_line(o, op, op == '+' ? b->l[bi] : a->l[ai]);
            ai += op != '+', bi += op != '-';
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
    size_t head = 0, tail = 0;
    while (head < la.n && head < lb.n && same(la.l[head], lb.l[head]))
        head++;
    while (tail < la.n - head && tail < lb.n - head &&
           same(la.l[la.n - 1 - tail], lb.l[lb.n - 1 - tail]))
        tail++;
    struct edits e = {xcalloc(la.n + lb.n + 1, 1), 0};
    memset(e.op, ' ', head);
    e.n = head;
    size_t n = la.n - head - tail, m = lb.n - head - tail;
    if ((n + 1) * (m + 1) <= LCS_MAX_CELLS && n < UINT16_MAX && m < UINT16_MAX)
        lcs_edits(&la, head, la.n - tail, &lb, head, lb.n - tail, &e);
    else
        crude_edits(n, m, &e);
    memset(e.op + e.n, ' ', tail);
    e.n += tail;
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
