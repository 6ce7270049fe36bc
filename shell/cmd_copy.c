/* COPY: single files, wildcards into a directory or a name template, and
 * concatenation ("A+B C", "*.TXT ALL.TXT", "A+B" appending to A), with
 * /A (text up to ^Z; ^Z added to the destination) and /B (binary).
 * Reading a device (COPY CON FILE) may wait for input: the copy then
 * resumes where it was (job.phase: operation, job.sub: its source). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/stop.h"
#include "shell/files.h"
#include "shell/shell_impl.h"

#define COPY_MAX_ITEMS 32
#define COPY_OPS_MIN 8
#define COPY_CHUNK 2048
#define CH_EOF 0x1A
#define OPEN_READ 0x00
#define OPEN_WRITE 0x01
#define MODE_DEFAULT 0
#define MODE_ASCII 'A'
#define MODE_BINARY 'B'

struct copy_item {
    char name[FS_PATH_MAX];
    char mode;
};

struct copy_cmd {
    struct copy_item src[COPY_MAX_ITEMS];
    size_t nsrc;
    struct copy_item dst;
    bool have_dst, plus;
};

/* One destination and the files that go into it. */
struct copy_op {
    char dst[FS_PATH_MAX + FS_NAME83_MAX];
    char dst_mode;
    struct copy_item *src; /* owned */
    size_t nsrc;
    bool append;    /* "COPY A+B": B goes onto the end of A */
    bool keep_time; /* one binary file: the copy keeps its date */
};

struct copy_plan {
    struct copy_op *op;
    size_t n, cap;
    bool show_names;
};

static int parse(const char *p, struct copy_cmd *c)
{
    char cur = MODE_DEFAULT;
    bool after_plus = false;
    struct copy_item *last = NULL;
    memset(c, 0, sizeof *c);
    for (;;) {
        p += strspn(p, " \t,;");
        if (!*p)
            return c->nsrc ? 0 : -1;
        if (*p == '+') {
            after_plus = c->plus = true;
            p++;
            continue;
        }
        if (*p == '/') {
            char sw = (char)toupper((unsigned char)p[1]);
            if (sw == MODE_ASCII || sw == MODE_BINARY) {
                cur = sw;
                if (last)
                    last->mode = sw;
            }
            p += p[1] ? 2 : 1;
            continue;
        }
        size_t n = strcspn(p, " \t,;+/");
        struct copy_item *it = c->nsrc == 0 || after_plus ? &c->src[c->nsrc] : &c->dst;
        if (it == &c->dst && c->have_dst)
            return -2;
        if (it != &c->dst && c->nsrc == COPY_MAX_ITEMS)
            return -2;
        snprintf(it->name, sizeof it->name, "%.*s", (int)n, p);
        it->mode = cur;
        if (it == &c->dst)
            c->have_dst = true;
        else
            c->nsrc++;
        last = it;
        after_plus = false;
        p += n;
    }
}

static const char *base_name(const char *p)
{
    const char *b = p;
    for (; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            b = p + 1;
    return b;
}

static bool is_dir_target(struct sh_session *s, const char *d)
{
    size_t n = strlen(d);
    if (n && strchr("\\/:", d[n - 1]))
        return true;
    int attr = strpbrk(d, "*?") ? -1 : sh_dos_attr(s, d);
    return attr >= 0 && (attr & FS_ATTR_DIRECTORY);
}

/* Where file name goes. */
static void dest_for(struct sh_session *s, const struct copy_cmd *c, const char *name,
                     char *out, size_t cap)
{
    char t[FS_NAME83_MAX];
    const char *d = c->dst.name;
    size_t n = strlen(d);
    if (!c->have_dst)
        snprintf(out, cap, "%s", name);
    else if (fs_is_device_name(d) || !is_dir_target(s, d)) {
        if (strpbrk(base_name(d), "*?")) {
            sh_files_template(name, d, t);
            sh_files_join(d, t, out, cap);
        } else {
            snprintf(out, cap, "%s", d);
        }
    } else {
        snprintf(out, cap, "%s%s%s", d, strchr("\\/:", d[n - 1]) ? "" : "\\", name);
    }
}

static struct copy_op *add_op(struct copy_plan *pl)
{
    pl->op = xgrow(pl->op, pl->n, &pl->cap, COPY_OPS_MIN, sizeof *pl->op);
    struct copy_op *op = &pl->op[pl->n++];
    memset(op, 0, sizeof *op);
    return op;
}

static void add_src(struct copy_op *op, const char *name, char mode)
{
    struct copy_item *ns = xreallocarray(op->src, op->nsrc + 1, sizeof *ns);
    op->src = ns;
    snprintf(ns[op->nsrc].name, sizeof ns[op->nsrc].name, "%s", name);
    ns[op->nsrc++].mode = mode;
}

/* The files an item names: itself (a device, or a file without wildcards)
 * or its matches. */
static void expand(struct sh_session *s, const struct copy_item *it, struct copy_op *op,
                   char mode)
{
    struct sh_names names = {0};
    char path[FS_PATH_MAX + FS_NAME83_MAX];
    if (!strpbrk(it->name, "*?")) {
        add_src(op, it->name, mode);
        return;
    }
    sh_files_collect(s, it->name, 0, &names);
    for (size_t i = 0; i < names.n; i++) {
        sh_files_join(it->name, names.v[i].name, path, sizeof path);
        add_src(op, path, mode);
    }
    sh_names_free(&names);
}

static char src_mode(const struct copy_item *it, char dflt)
{
    if (it->mode)
        return it->mode;
    return fs_is_device_name(it->name) ? MODE_ASCII : dflt;
}

static void plan_concat(struct sh_session *s, const struct copy_cmd *c, struct copy_plan *pl)
{
    struct copy_op *op = add_op(pl);
    for (size_t i = 0; i < c->nsrc; i++)
        expand(s, &c->src[i], op, src_mode(&c->src[i], MODE_ASCII));
    op->dst_mode = c->dst.mode ? c->dst.mode : MODE_ASCII;
    if (!c->have_dst && op->nsrc) {
        snprintf(op->dst, sizeof op->dst, "%s", op->src[0].name);
        op->append = true;
    } else {
        dest_for(s, c, c->have_dst ? c->dst.name : "", op->dst, sizeof op->dst);
    }
    pl->show_names = true;
}

static void plan(struct sh_session *s, const struct copy_cmd *c, struct copy_plan *pl)
{
    bool wild = strpbrk(c->src[0].name, "*?") != NULL;
    bool into_one = c->have_dst && !strpbrk(base_name(c->dst.name), "*?") &&
                    !is_dir_target(s, c->dst.name);
    if (c->plus || (wild && into_one)) {
        plan_concat(s, c, pl);
        return;
    }
    struct copy_op all = {0};
    char mode = src_mode(&c->src[0], MODE_BINARY);
    expand(s, &c->src[0], &all, mode);
    for (size_t i = 0; i < all.nsrc; i++) {
        struct copy_op *op = add_op(pl);
        add_src(op, all.src[i].name, mode);
        dest_for(s, c, base_name(all.src[i].name), op->dst, sizeof op->dst);
        op->dst_mode = c->dst.mode;
        op->keep_time = mode == MODE_BINARY && !fs_is_device_name(all.src[i].name);
    }
    free(all.src);
    pl->show_names = wild;
}

static void plan_free(struct copy_plan *pl)
{
    for (size_t i = 0; i < pl->n; i++)
        free(pl->op[i].src);
    free(pl->op);
}

static bool same_file(struct sh_session *s, const char *a, const char *b)
{
    char ta[FS_PATH_MAX], tb[FS_PATH_MAX];
    return fs_truename(s->sh->fs, a, ta, sizeof ta) == 0 &&
           fs_truename(s->sh->fs, b, tb, sizeof tb) == 0 && !strcmp(ta, tb);
}

/* Open the destination of op into job.h2: 0, or -1 when the op is skipped. */
static int open_dst(struct sh_session *s, struct copy_op *op)
{
    for (size_t i = op->append ? 1 : 0; i < op->nsrc; i++)
        if (same_file(s, op->src[i].name, op->dst) && !fs_is_device_name(op->dst)) {
            sh_error(s, "File cannot be copied onto itself");
            return -1;
        }
    int h = op->append ? sh_dos_open(s, op->dst, OPEN_WRITE) : sh_dos_create(s, op->dst, false);
    if (h >= 0 && op->append)
        sh_dos_seek_end(s, h);
    if (h < 0) {
        sh_error(s, "File creation error");
        return -1;
    }
    s->job.h2 = h;
    return 0;
}

/* Copy the open source job.h1 into job.h2: 0 at its end, SH_WAIT, or
 * -DOSERR_x when a read fails or a write falls short (disk full). */
static int pump(struct sh_session *s, char mode)
{
    char buf[COPY_CHUNK];
    for (;;) {
        int n = stop_requested() ? SH_WAIT : sh_dos_read(s, s->job.h1, buf, sizeof buf);
        if (n == SH_WAIT)
            return SH_WAIT; /* after a stop: the run loop ends the run */
        if (n <= 0)
            return n;
        char *eof = mode == MODE_ASCII ? memchr(buf, CH_EOF, (size_t)n) : NULL;
        uint32_t k = eof ? (uint32_t)(eof - buf) : (uint32_t)n;
        int w = sh_dos_write(s, s->job.h2, buf, k);
        if (w != (int)k)
            return w < 0 ? w : -DOSERR_HANDLE_DISK_FULL;
        if (eof)
            return 0;
    }
}

static void close_h(struct sh_session *s, int *h)
{
    if (*h >= 0)
        sh_dos_close(s, *h);
    *h = -1;
}

/* Open source job.sub of op into job.h1 (showing its name): 0, or -1
 * when it cannot be read. */
static int open_src(struct sh_session *s, const struct copy_item *it, bool show)
{
    if (show)
        sh_printf(s, "%s\r\n", it->name);
    s->job.h1 = sh_dos_open(s, it->name, OPEN_READ);
    if (s->job.h1 >= 0)
        return 0;
    s->job.h1 = -1;
    sh_error(s, "File not found");
    return -1;
}

/* A read or write failed (found with the fault drive: a full disk left
 * a cut-off copy counted as copied). As COMMAND.COM does: the message, the
 * partial destination deleted, and the COPY ends. Returns -1. */
static int copy_failed(struct sh_session *s, const struct copy_op *op, int rc)
{
    sh_error(s, sh_errmsg(-rc));
    close_h(s, &s->job.h2);
    if (!op->append && !fs_is_device_name(op->dst))
        sh_dos_unlink(s, op->dst);
    return -1;
}

/* Run op from source job.sub on: 1 done, 0 skipped, -1 failed (the COPY
 * ends), SH_WAIT. The first
 * source opens before the destination is made, so a missing file leaves
 * nothing behind. */
static int run_op(struct sh_session *s, struct copy_op *op, bool show)
{
    uint16_t date = 0, time = 0;
    if (s->job.h2 < 0) {
        if (!op->append && open_src(s, &op->src[0], show) < 0)
            return 0;
        if (op->append && show)
            sh_printf(s, "%s\r\n", op->src[0].name);
        if (open_dst(s, op) < 0) {
            close_h(s, &s->job.h1);
            return 0;
        }
    }
    for (; s->job.sub < op->nsrc; s->job.sub++) {
        const struct copy_item *it = &op->src[s->job.sub];
        if (op->append && s->job.sub == 0)
            continue;
        if (s->job.h1 < 0 && open_src(s, it, show) < 0)
            continue;
        int rc = pump(s, it->mode);
        if (rc == SH_WAIT)
            return SH_WAIT;
        if (op->keep_time)
            sh_dos_ftime(s, s->job.h1, &date, &time);
        close_h(s, &s->job.h1);
        if (rc < 0)
            return copy_failed(s, op, rc);
    }
    if (op->dst_mode == MODE_ASCII) {
        static const char k_eof = CH_EOF;
        sh_dos_write(s, s->job.h2, &k_eof, 1);
    }
    if (op->keep_time && date)
        sh_dos_set_ftime(s, s->job.h2, date, time);
    close_h(s, &s->job.h2);
    return 1;
}

int sh_cmd_copy(struct sh_session *s, char *tail)
{
    struct copy_cmd c;
    struct copy_plan pl = {0};
    int rc = parse(tail, &c);
    if (rc < 0) {
        sh_error(s, rc == -1 ? "Required parameter missing" : "Too many parameters");
        return 0;
    }
    plan(s, &c, &pl);
    if (pl.n == 0 || (pl.n == 1 && pl.op[0].nsrc == 0)) {
        sh_error(s, "File not found");
        sh_puts(s, "        0 file(s) copied\r\n");
        plan_free(&pl);
        return 0;
    }
    for (; s->job.phase < (int)pl.n; s->job.phase++, s->job.sub = 0) {
        rc = run_op(s, &pl.op[s->job.phase], pl.show_names);
        if (rc == SH_WAIT) {
            plan_free(&pl);
            return SH_WAIT;
        }
        if (rc < 0)
            break;
        s->job.count += (uint32_t)rc;
    }
    sh_printf(s, "%9u file(s) copied\r\n", s->job.count);
    plan_free(&pl);
    return 0;
}
