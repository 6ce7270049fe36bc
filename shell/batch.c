/* Batch files and FOR loops as shell contexts: lines read one at a time
 * from the file (reopened each time, as COMMAND.COM does, so a batch file
 * may change while it runs), labels and GOTO, parameters, FOR sets with
 * wildcards. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/shell_impl.h"

#define OPEN_READ 0x00
#define CH_EOF 0x1A
#define LABEL_SIGNIFICANT 8 /* DOS compares the first 8 characters */
#define READ_CHUNK 256
#define FOR_ATTR 0x00 /* FOR sets match normal files only */
#define BATCH_ARGS_MIN 4
#define FOR_ITEMS_MIN 8

/* ---- batch files ---- */

/* Append arg to %0-%9 and beyond, keeping a NULL after the last. */
static void add_arg(struct sh_batch *b, size_t *cap, const char *arg)
{
    b->args = xgrow(b->args, (size_t)b->nargs + 1, cap, BATCH_ARGS_MIN, sizeof *b->args);
    b->args[b->nargs++] = xstrdup(arg);
    b->args[b->nargs] = NULL;
}

static void split_args(struct sh_batch *b, const char *name, const char *text)
{
    char arg[SH_LINE_MAX];
    const char *p = text;
    size_t cap = 0;
    add_arg(b, &cap, name);
    while (sh_next_arg(&p, arg, sizeof arg))
        add_arg(b, &cap, arg);
}

bool sh_batch_push(struct sh_session *s, const char *path, const char *text, bool echo_before)
{
    char name[SH_NAME_MAX];
    size_t end = sh_command_word(text, name, sizeof name);
    struct sh_ctx *c = sh_ctx_push(s, SH_CTX_BATCH);
    if (!c) {
        sh_error(s, "Batch files and FOR loops nested too deep");
        return false;
    }
    snprintf(c->batch.path, sizeof c->batch.path, "%s", path);
    c->batch.echo_before = echo_before;
    split_args(&c->batch, name, text + end);
    return true;
}

int sh_batch_start(struct sh_session *s, const char *path, const char *text, bool call)
{
    struct sh_ctx *running = sh_batch_ctx(s);
    if (call || !running)
        return sh_batch_push(s, path, text, running ? running->batch.echo_before : s->echo);
    free(s->chain_path);
    free(s->chain_args);
    s->chain_path = xstrdup(path);
    s->chain_args = xstrdup(text);
    s->cut = running;
    s->cut_self = true;
    return 0;
}

void sh_batch_free(struct sh_batch *b)
{
    for (int i = 0; i < b->nargs; i++)
        free(b->args[i]);
    free(b->args);
    b->args = NULL;
    b->nargs = 0;
}

/* The line at *pos of the open file h (without its end): 1, 0 at the end
 * of the file. *pos moves past the line. */
static int read_line(struct sh_session *s, int h, uint32_t *pos, char *line, size_t cap)
{
    char buf[READ_CHUNK];
    size_t n = 0;
    bool any = false;
    if (sh_dos_seek(s, h, *pos) < 0)
        return 0;
    for (;;) {
        int got = sh_dos_read(s, h, buf, sizeof buf);
        if (got <= 0)
            break;
        for (int i = 0; i < got; i++) {
            char ch = buf[i];
            if (ch == CH_EOF) {
                line[n] = 0;
                return any;
            }
            (*pos)++;
            any = true;
            if (ch == '\n' || ch == '\r') {
                char next = i + 1 < got ? buf[i + 1] : 0;
                if (ch == '\r' && i + 1 == got && sh_dos_read(s, h, &next, 1) != 1)
                    next = 0;
                if (ch == '\r' && next == '\n')
                    (*pos)++;
                line[n] = 0;
                return 1;
            }
            if (n + 1 < cap)
                line[n++] = ch;
        }
    }
    line[n] = 0;
    return any;
}

static bool is_label(const char *line)
{
    return line[strspn(line, " \t")] == ':';
}

int sh_batch_next(struct sh_session *s, struct sh_ctx *c, char *line, size_t cap)
{
    struct sh_batch *b = &c->batch;
    int h = sh_dos_open(s, b->path, OPEN_READ);
    if (h < 0) {
        sh_error(s, "Batch file missing");
        return 0;
    }
    int rc = 1;
    while (rc > 0) {
        rc = read_line(s, h, &b->pos, line, cap);
        if (rc > 0 && !is_label(line))
            break;
    }
    sh_dos_close(s, h);
    return rc;
}

/* A label as DOS compares it: after ':', up to a blank, 8 characters. */
static void label_key(const char *s, char out[LABEL_SIGNIFICANT + 1])
{
    size_t n = 0;
    s += strspn(s, " \t");
    if (*s == ':')
        s++;
    for (; *s && !strchr(" \t,;=+", *s) && n < LABEL_SIGNIFICANT; s++)
        out[n++] = (char)toupper((unsigned char)*s);
    out[n] = 0;
}

int sh_batch_goto(struct sh_session *s, struct sh_ctx *c, const char *label)
{
    char want[LABEL_SIGNIFICANT + 1], have[LABEL_SIGNIFICANT + 1], line[SH_LINE_MAX];
    uint32_t pos = 0;
    int h = sh_dos_open(s, c->batch.path, OPEN_READ), rc = -1;
    label_key(label, want);
    if (h < 0)
        return -1;
    while (read_line(s, h, &pos, line, sizeof line) > 0) {
        if (!is_label(line))
            continue;
        label_key(line, have);
        if (!strcmp(have, want)) {
            c->batch.pos = pos;
            rc = 0;
            break;
        }
    }
    sh_dos_close(s, h);
    return rc;
}

/* ---- FOR ---- */

int sh_cmd_for(struct sh_session *s, char *tail)
{
    struct sh_for_syntax fs;
    char set[SH_LINE_MAX], item[SH_LINE_MAX];
    if (sh_parse_for(tail, &fs) < 0) {
        sh_error(s, "Syntax error");
        return 0;
    }
    snprintf(set, sizeof set, "%.*s", (int)fs.set_len, fs.set);
    struct sh_ctx *c = sh_ctx_push(s, SH_CTX_FOR);
    if (!c) {
        sh_error(s, "Batch files and FOR loops nested too deep");
        return 0;
    }
    struct sh_for *f = &c->forl;
    f->var = fs.var;
    f->cmd = xstrdup(fs.cmd);
    size_t cap = 0;
    for (const char *p = set; sh_next_arg(&p, item, sizeof item);) {
        f->items = xgrow(f->items, f->nitems, &cap, FOR_ITEMS_MIN, sizeof *f->items);
        f->items[f->nitems++] = xstrdup(item);
    }
    return 1;
}

void sh_for_free(struct sh_for *f)
{
    for (size_t i = 0; i < f->nitems; i++)
        free(f->items[i]);
    free(f->items);
    free(f->cmd);
    memset(f, 0, sizeof *f);
}

static int for_value(struct sh_for *f, const char *value, char *line, size_t cap)
{
    sh_for_subst(f->cmd, f->var, value, line, cap);
    return 1;
}

static int for_found(struct sh_for *f, const struct fs_found *fd, char *line, size_t cap)
{
    char value[FS_PATH_MAX + FS_NAME83_MAX];
    snprintf(value, sizeof value, "%s%s", f->prefix, fd->name);
    return for_value(f, value, line, cap);
}

int sh_for_next(struct sh_session *s, struct sh_ctx *c, char *line, size_t cap)
{
    struct sh_for *f = &c->forl;
    struct fs_found fd;
    for (;;) {
        if (f->searching) {
            if (fs_find_next(s->sh->fs, &f->find, &fd) == 0)
                return for_found(f, &fd, line, cap);
            f->searching = false;
        }
        if (f->next >= f->nitems)
            return 0;
        const char *item = f->items[f->next++];
        if (!strpbrk(item, "*?"))
            return for_value(f, item, line, cap);
        const char *base = item;
        for (const char *p = item; *p; p++)
            if (*p == '\\' || *p == '/' || *p == ':')
                base = p + 1;
        snprintf(f->prefix, sizeof f->prefix, "%.*s", (int)(base - item), item);
        if (fs_find_first(s->sh->fs, item, FOR_ATTR, &f->find, &fd) == 0) {
            f->searching = true;
            return for_found(f, &fd, line, cap);
        }
    }
}
