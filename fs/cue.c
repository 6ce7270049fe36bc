/* CUE sheet parser: one line at a time, a keyword and its fields (a FILE
 * name may be quoted). Checks what the CD image code relies on: tracks
 * numbered upward inside a FILE, an INDEX 01 for each, positions that do
 * not go back, times of valid MM:SS:FF. */
#include "fs/cue.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/common.h"
#include "base/doserr.h"

#define LINE_MAX_BYTES 1024
#define FIELDS_MAX 4
#define SECONDS_PER_MINUTE 60u
#define MINUTES_MAX 99u

struct cue_ctx {
    struct fs_cue *c;
    unsigned line;
    char *why;
    size_t cap;
    bool in_file;
};

static int fail(struct cue_ctx *x, const char *fmt, ...) PRINTF_FMT(2, 3);
static int fail(struct cue_ctx *x, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(x->why, x->cap, "line %u: %s", x->line, msg);
    return -DOSERR_INVALID_DATA;
}

/* Split a line into fields; a field may be "quoted". Returns the count. */
static int split(char *s, char *f[FIELDS_MAX])
{
    int n = 0;
    while (*s && n < FIELDS_MAX) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        if (*s == '"') {
            f[n++] = ++s;
            s += strcspn(s, "\"");
        } else {
            f[n++] = s;
            s += strcspn(s, " \t");
        }
        if (*s)
            *s++ = 0;
    }
    return n;
}

/* MM:SS:FF as frames; -1 when malformed. */
static int32_t msf(const char *s)
{
    unsigned m, sec, fr;
    char tail;
    if (sscanf(s, "%u:%u:%u%c", &m, &sec, &fr, &tail) != 3 || m > MINUTES_MAX ||
        sec >= SECONDS_PER_MINUTE || fr >= FS_CD_FRAMES_PER_SEC)
        return -1;
    return (int32_t)((m * SECONDS_PER_MINUTE + sec) * FS_CD_FRAMES_PER_SEC + fr);
}

static int kw_file(struct cue_ctx *x, char **f, int n)
{
    static const struct {
        const char *name;
        enum fs_cue_ftype type;
    } k_types[] = {{"BINARY", FS_CUE_BINARY}, {"MOTOROLA", FS_CUE_MOTOROLA},
                   {"WAVE", FS_CUE_AUDIO},    {"MP3", FS_CUE_AUDIO},
                   {"AIFF", FS_CUE_AUDIO},    {"FLAC", FS_CUE_AUDIO},
                   {"OGG", FS_CUE_AUDIO},     {"VORBIS", FS_CUE_AUDIO}};
    if (n != 3)
        return fail(x, "FILE needs a name and a type");
    if (x->c->nfiles >= FS_CUE_MAX_FILES)
        return fail(x, "more than %d files", FS_CUE_MAX_FILES);
    if (!f[1][0] || strlen(f[1]) >= FS_CUE_NAME_MAX)
        return fail(x, "file name empty or too long");
    struct fs_cue_file *cf = &x->c->files[x->c->nfiles];
    size_t i = 0;
    while (i < ARRAY_LEN(k_types) && strcasecmp(f[2], k_types[i].name))
        i++;
    if (i == ARRAY_LEN(k_types))
        return fail(x, "unknown file type %.16s", f[2]);
    snprintf(cf->name, sizeof cf->name, "%s", f[1]);
    cf->type = k_types[i].type;
    x->c->nfiles++;
    x->in_file = true;
    return 0;
}

static int kw_track(struct cue_ctx *x, char **f, int n)
{
    static const struct {
        const char *name;
        enum fs_cue_mode mode;
        uint16_t bytes;
    } k_modes[] = {{"AUDIO", FS_CUE_MODE_AUDIO, FS_CD_RAW_BYTES},
                   {"MODE1/2048", FS_CUE_MODE1_2048, FS_CD_DATA_BYTES},
                   {"MODE1/2352", FS_CUE_MODE1_2352, FS_CD_RAW_BYTES},
                   {"MODE2/2336", FS_CUE_MODE2_2336, 2336},
                   {"MODE2/2352", FS_CUE_MODE2_2352, FS_CD_RAW_BYTES}};
    struct fs_cue *c = x->c;
    char *end;
    if (n != 3)
        return fail(x, "TRACK needs a number and a mode");
    if (!x->in_file)
        return fail(x, "TRACK before any FILE");
    long num = strtol(f[1], &end, 10);
    if (*end || num < 1 || num > FS_CUE_MAX_TRACKS ||
        (c->ntracks && num <= c->tracks[c->ntracks - 1].number))
        return fail(x, "track number %.8s out of order", f[1]);
    if (c->ntracks && c->tracks[c->ntracks - 1].index1 < 0)
        return fail(x, "track %u has no INDEX 01", c->tracks[c->ntracks - 1].number);
    size_t i = 0;
    while (i < ARRAY_LEN(k_modes) && strcasecmp(f[2], k_modes[i].name))
        i++;
    if (i == ARRAY_LEN(k_modes))
        return fail(x, "unsupported track mode %.16s", f[2]);
    c->tracks[c->ntracks++] = (struct fs_cue_track){.number = (uint8_t)num,
                                                    .mode = k_modes[i].mode,
                                                    .sector_bytes = k_modes[i].bytes,
                                                    .file = (uint8_t)(c->nfiles - 1),
                                                    .index0 = -1,
                                                    .index1 = -1};
    return 0;
}

/* The position the previous track of the same file reached. */
static int32_t file_pos_before(const struct fs_cue *c)
{
    const struct fs_cue_track *t = &c->tracks[c->ntracks - 1];
    if (c->ntracks < 2 || c->tracks[c->ntracks - 2].file != t->file)
        return 0;
    return c->tracks[c->ntracks - 2].index1;
}

static int kw_index(struct cue_ctx *x, char **f, int n)
{
    struct fs_cue *c = x->c;
    char *end;
    if (n != 3 || !c->ntracks)
        return fail(x, "INDEX needs a track, a number and a time");
    struct fs_cue_track *t = &c->tracks[c->ntracks - 1];
    long k = strtol(f[1], &end, 10);
    int32_t at = msf(f[2]);
    if (*end || k < 0 || k > 99 || at < 0)
        return fail(x, "bad INDEX %.8s %.12s", f[1], f[2]);
    if (t->file != c->nfiles - 1)
        return fail(x, "track %u spans two FILEs", t->number);
    if (at < file_pos_before(c) || (k >= 1 && t->index1 >= 0 && at < t->index1) ||
        (k == 1 && t->index0 >= 0 && at < t->index0))
        return fail(x, "INDEX %ld of track %u goes back", k, t->number);
    if (k == 0)
        t->index0 = at;
    else if (k == 1)
        t->index1 = at;
    return 0; /* INDEX 02 and later: positions inside a track */
}

static int kw_gap(struct cue_ctx *x, char **f, int n, bool pre)
{
    struct fs_cue *c = x->c;
    int32_t at = n == 2 ? msf(f[1]) : -1;
    if (at < 0 || !c->ntracks)
        return fail(x, "%s needs a track and a time", pre ? "PREGAP" : "POSTGAP");
    struct fs_cue_track *t = &c->tracks[c->ntracks - 1];
    if (pre)
        t->pregap = (uint32_t)at;
    else
        t->postgap = (uint32_t)at;
    return 0;
}

static int line(struct cue_ctx *x, char *s)
{
    char *f[FIELDS_MAX];
    int n = split(s, f);
    if (!n)
        return 0;
    if (!strcasecmp(f[0], "FILE"))
        return kw_file(x, f, n);
    if (!strcasecmp(f[0], "TRACK"))
        return kw_track(x, f, n);
    if (!strcasecmp(f[0], "INDEX"))
        return kw_index(x, f, n);
    if (!strcasecmp(f[0], "PREGAP") || !strcasecmp(f[0], "POSTGAP"))
        return kw_gap(x, f, n, !strcasecmp(f[0], "PREGAP"));
    return 0; /* REM, CATALOG, TITLE, FLAGS, ISRC, ...: not needed */
}

int fs_cue_parse(const char *text, size_t n, struct fs_cue *out, char *why, size_t cap)
{
    struct cue_ctx x = {.c = out, .why = why, .cap = cap};
    char buf[LINE_MAX_BYTES];
    memset(out, 0, sizeof *out);
    size_t i = n >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    x.line = 1;
    while (i < n) {
        size_t len = 0;
        while (i < n && text[i] != '\n' && text[i] != '\r') {
            if (!text[i])
                return fail(&x, "a NUL byte: not a text file");
            if (len + 1 < sizeof buf)
                buf[len++] = text[i];
            i++;
        }
        buf[len] = 0;
        int rc = line(&x, buf);
        if (rc < 0)
            return rc;
        if (i < n && text[i] == '\r')
            i++;
        if (i < n && text[i] == '\n')
            i++;
        x.line++;
    }
    if (!out->ntracks)
        return fail(&x, "no TRACK");
    if (out->tracks[out->ntracks - 1].index1 < 0)
        return fail(&x, "track %u has no INDEX 01", out->tracks[out->ntracks - 1].number);
    return 0;
}

const char *fs_cue_basename(const char *name)
{
    const char *b = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}
