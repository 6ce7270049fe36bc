/* The input queue of deterministic runs, and --record / --replay logs. */
#include "ui/inputlog.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define LOG_MAGIC "# unidos input log 1"
#define LOG_STDIN_FED "# stdin: terminal"
#define QUEUE_MIN 64u
#define LINE_MAX_BYTES (IL_BYTES_MAX * 3 + 128)

struct inputlog {
    bool replay;
    FILE *rec;          /* --record file */
    struct il_event *q; /* live: FIFO; replay: the whole log */
    size_t head, n, cap;
    bool diverged;
    bool stdin_fed;
};

static void append(struct inputlog *l, const struct il_event *e)
{
    l->q = xgrow(l->q, l->n, &l->cap, QUEUE_MIN, sizeof *l->q);
    l->q[l->n++] = *e;
}

struct inputlog *il_new_live(const char *record_path, const char *program, bool stdin_fed,
                             char *why, size_t why_cap)
{
    struct inputlog *l = xcalloc(1, sizeof *l);
    l->stdin_fed = stdin_fed;
    if (record_path) {
        l->rec = fopen(record_path, "w");
        if (!l->rec) {
            snprintf(why, why_cap, "%s", strerror(errno));
            free(l);
            return NULL;
        }
        fprintf(l->rec, "%s\n%s\n# program: %s\n", LOG_MAGIC,
                stdin_fed ? LOG_STDIN_FED : "# stdin: other", program);
        fflush(l->rec);
    }
    return l;
}

void il_free(struct inputlog *l)
{
    if (!l)
        return;
    if (l->rec)
        fclose(l->rec);
    free(l->q);
    free(l);
}

bool il_replaying(const struct inputlog *l)
{
    return l->replay;
}

void il_push(struct inputlog *l, const struct il_event *e)
{
    if (l->replay)
        return;
    if (l->head == l->n)
        l->head = l->n = 0;
    append(l, e);
}

static void write_event(FILE *f, const struct il_event *e)
{
    fprintf(f, "%" PRIu64 " %" PRIu64 " ", e->point, e->ns);
    switch (e->kind) {
    case IL_KEY:
        fprintf(f, "key %X %s\n", e->code, e->down ? "down" : "up");
        break;
    case IL_CHAR:
        fprintf(f, "char %02X\n", e->code);
        break;
    case IL_EOF:
        fprintf(f, "eof\n");
        break;
    case IL_QUIT:
        fprintf(f, "quit\n");
        break;
    case IL_MOUSE:
        fprintf(f, "mouse %d %d %s %X\n", e->x, e->y, e->absolute ? "abs" : "rel", e->code);
        break;
    case IL_STDIN:
        fprintf(f, "stdin");
        for (size_t i = 0; i < e->n; i++)
            fprintf(f, " %02X", e->bytes[i]);
        fprintf(f, "\n");
        break;
    }
    fflush(f);
}

bool il_take(struct inputlog *l, uint64_t point, uint64_t ns, struct il_event *out)
{
    if (l->head == l->n)
        return false;
    struct il_event *e = &l->q[l->head];
    if (l->replay) {
        if (e->point != point)
            return false;
        if (e->ns != ns && !l->diverged) {
            l->diverged = true;
            warn("--replay: the run differs from the recorded one at input point %" PRIu64
                 " (machine time %" PRIu64 " ns, recorded %" PRIu64 " ns)",
                 point, ns, e->ns);
        }
    } else {
        e->point = point;
        e->ns = ns;
        if (l->rec)
            write_event(l->rec, e);
    }
    *out = *e;
    l->head++;
    return true;
}

bool il_stdin_fed(const struct inputlog *l)
{
    return l->stdin_fed;
}

bool il_replay_done(const struct inputlog *l)
{
    return l->replay && l->head == l->n;
}

/* ---- reading logs ---- */

static bool parse_bytes(const char *p, struct il_event *e)
{
    unsigned v;
    int k;
    while (sscanf(p, " %2x%n", &v, &k) == 1) {
        if (e->n == IL_BYTES_MAX)
            return false;
        e->bytes[e->n++] = (uint8_t)v;
        p += k;
    }
    return *p == 0 || *p == '\n';
}

static bool parse_event(const char *line, struct il_event *e)
{
    char kind[16], arg[16];
    int k;
    memset(e, 0, sizeof *e);
    if (sscanf(line, "%" SCNu64 " %" SCNu64 " %15s%n", &e->point, &e->ns, kind, &k) != 3)
        return false;
    const char *rest = line + k;
    if (!strcmp(kind, "key")) {
        e->kind = IL_KEY;
        if (sscanf(rest, " %x %15s", &e->code, arg) != 2)
            return false;
        e->down = !strcmp(arg, "down");
        return e->down || !strcmp(arg, "up");
    }
    if (!strcmp(kind, "char"))
        return e->kind = IL_CHAR, sscanf(rest, " %x", &e->code) == 1;
    if (!strcmp(kind, "stdin"))
        return e->kind = IL_STDIN, parse_bytes(rest, e);
    if (!strcmp(kind, "eof"))
        return e->kind = IL_EOF, true;
    if (!strcmp(kind, "quit"))
        return e->kind = IL_QUIT, true;
    if (!strcmp(kind, "mouse")) {
        e->kind = IL_MOUSE;
        if (sscanf(rest, " %d %d %15s %x", &e->x, &e->y, arg, &e->code) != 4)
            return false;
        e->absolute = !strcmp(arg, "abs");
        return e->absolute || !strcmp(arg, "rel");
    }
    return false;
}

struct inputlog *il_new_replay(const char *path, char *why, size_t why_cap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(why, why_cap, "%s", strerror(errno));
        return NULL;
    }
    struct inputlog *l = xcalloc(1, sizeof *l);
    char line[LINE_MAX_BYTES];
    unsigned lineno = 0;
    uint64_t last = 0;
    bool bad = false;
    l->replay = true;
    while (fgets(line, sizeof line, f)) {
        struct il_event e;
        lineno++;
        if (lineno == 1 && strncmp(line, LOG_MAGIC, strlen(LOG_MAGIC))) {
            snprintf(why, why_cap, "not an unidos input log (line 1)");
            bad = true;
            break;
        }
        if (!strncmp(line, LOG_STDIN_FED, strlen(LOG_STDIN_FED)))
            l->stdin_fed = true;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (!parse_event(line, &e) || e.point < last) {
            snprintf(why, why_cap, "line %u: bad event", lineno);
            bad = true;
            break;
        }
        last = e.point;
        append(l, &e);
    }
    if (ferror(f) && !bad) {
        snprintf(why, why_cap, "%s", strerror(EIO));
        bad = true;
    }
    fclose(f);
    if (bad) {
        il_free(l);
        return NULL;
    }
    return l;
}
