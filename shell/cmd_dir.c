/* DIR in the MS-DOS 5 layout, with /W /P /S /B /L /A[attrs] /O[order] and
 * the DIRCMD variable. The listing is rendered into lines first, then
 * shown; /P pauses between screens (and resumes after the key). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/files.h"
#include "shell/shell_impl.h"

#define DIR_SEARCH_ATTR (FS_ATTR_HIDDEN | FS_ATTR_SYSTEM | FS_ATTR_DIRECTORY)
#define DIR_PAGE_LINES 23 /* a 25-line screen less the prompt */
#define WIDE_COLUMNS 5
#define WIDE_CELL 16
#define DIR_LINES_MIN 64
#define ORDER_MAX 12
/* DOS date and time words (RBIL INT 21/AX=5700h): year since 1980 in bits
 * 9-15, month 5-8, day 0-4; hours 11-15, minutes 5-10. */
#define DOS_YEAR0 1980
#define DATE_YEAR_SHIFT 9
#define DATE_MONTH_SHIFT 5
#define DATE_MONTH_MASK 15
#define DATE_DAY_MASK 31
#define TIME_HOUR_SHIFT 11
#define TIME_MIN_SHIFT 5
#define TIME_MIN_MASK 63

struct dir_opts {
    bool wide, pause, sub, bare, lower;
    uint8_t attr_on, attr_off;
    bool attr_all;         /* /A given: hidden and system files too */
    char order[ORDER_MAX]; /* /O keys, each letter possibly after '-' */
};

struct dir_lines {
    char **v;
    size_t n, cap;
};

struct dir_total {
    uint32_t files;
    uint64_t bytes;
};

static void line(struct dir_lines *l, const char *fmt, ...) PRINTF_FMT(2, 3);

static void line(struct dir_lines *l, const char *fmt, ...)
{
    char buf[SH_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    l->v = xgrow(l->v, l->n, &l->cap, DIR_LINES_MIN, sizeof *l->v);
    l->v[l->n] = xstrdup(buf);
    l->n++;
}

static void lines_free(struct dir_lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* ---- options ---- */

static uint8_t attr_bit(char c)
{
    switch (c) {
    case 'H':
        return FS_ATTR_HIDDEN;
    case 'S':
        return FS_ATTR_SYSTEM;
    case 'D':
        return FS_ATTR_DIRECTORY;
    case 'A':
        return FS_ATTR_ARCHIVE;
    case 'R':
        return FS_ATTR_READONLY;
    default:
        return 0;
    }
}

static void take_options(char *args, struct dir_opts *o)
{
    struct sh_switch sw[SH_SWITCH_MAX];
    size_t n = sh_take_switches(args, sw, SH_SWITCH_MAX);
    for (size_t i = 0; i < n; i++) {
        const char *v = sw[i].value;
        switch (sw[i].letter) {
        case 'W':
            o->wide = true;
            break;
        case 'P':
            o->pause = true;
            break;
        case 'S':
            o->sub = true;
            break;
        case 'B':
            o->bare = true;
            break;
        case 'L':
            o->lower = true;
            break;
        case 'A':
            o->attr_all = true;
            o->attr_on = o->attr_off = 0;
            for (bool neg = false; *v; v++) {
                if (*v == '-')
                    neg = true;
                else {
                    *(neg ? &o->attr_off : &o->attr_on) |= attr_bit(*v);
                    neg = false;
                }
            }
            break;
        case 'O':
            snprintf(o->order, sizeof o->order, "%s", *v ? v : "GN");
            break;
        default:
            break;
        }
    }
}

/* ---- entries ---- */

static bool wanted(const struct dir_opts *o, const struct fs_found *f)
{
    uint8_t a = f->st.attr;
    if (a & (FS_ATTR_VOLUME | FS_ATTR_DEVICE))
        return false;
    if (o->bare && f->name[0] == '.')
        return false;
    if (!o->attr_all)
        return !(a & (FS_ATTR_HIDDEN | FS_ATTR_SYSTEM));
    return (a & o->attr_on) == o->attr_on && !(a & o->attr_off);
}

static int key_cmp(const struct fs_found *a, const struct fs_found *b, char key)
{
    const char *ea = strchr(a->name, '.'), *eb = strchr(b->name, '.');
    bool da = a->st.attr & FS_ATTR_DIRECTORY, db = b->st.attr & FS_ATTR_DIRECTORY;
    uint32_t ta = (uint32_t)a->st.dos_date << 16 | a->st.dos_time;
    uint32_t tb = (uint32_t)b->st.dos_date << 16 | b->st.dos_time;
    switch (key) {
    case 'N':
        return strcmp(a->name, b->name);
    case 'E':
        return strcmp(ea && a->name[0] != '.' ? ea : "", eb && b->name[0] != '.' ? eb : "");
    case 'S':
        return (a->st.size > b->st.size) - (a->st.size < b->st.size);
    case 'D':
        return (ta > tb) - (ta < tb);
    case 'G':
        return (int)db - (int)da;
    default:
        return 0;
    }
}

static int entry_cmp(const void *pa, const void *pb, void *ctx)
{
    const char *order = ((const struct dir_opts *)ctx)->order;
    for (const char *k = order; *k; k++) {
        bool rev = *k == '-';
        if (rev && !*++k)
            break;
        int c = key_cmp(pa, pb, (char)toupper((unsigned char)*k));
        if (c)
            return rev ? -c : c;
    }
    return 0;
}

static void split_name(const char *name, bool lower, char base[9], char ext[4])
{
    const char *dot = name[0] == '.' ? NULL : strchr(name, '.');
    size_t n = dot ? (size_t)(dot - name) : strlen(name);
    snprintf(base, 9, "%.*s", (int)MIN(n, (size_t)8), name);
    snprintf(ext, 4, "%s", dot ? dot + 1 : "");
    for (char *p = base; lower && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (char *p = ext; lower && *p; p++)
        *p = (char)tolower((unsigned char)*p);
}

static void entry_line(struct dir_lines *l, const struct dir_opts *o, const struct fs_found *f)
{
    char base[9], ext[4], size[16];
    unsigned d = f->st.dos_date, t = f->st.dos_time, h = t >> TIME_HOUR_SHIFT;
    split_name(f->name, o->lower, base, ext);
    if (f->st.attr & FS_ATTR_DIRECTORY)
        snprintf(size, sizeof size, " <DIR>    ");
    else
        snprintf(size, sizeof size, "%10lu", (unsigned long)f->st.size);
    line(l, "%-8s %-3s%s %02u-%02u-%02u  %2u:%02u%c", base, ext, size,
         (d >> DATE_MONTH_SHIFT) & DATE_MONTH_MASK, d & DATE_DAY_MASK,
         (DOS_YEAR0 + (d >> DATE_YEAR_SHIFT)) % 100, h % 12 ? h % 12 : 12,
         (t >> TIME_MIN_SHIFT) & TIME_MIN_MASK, h < 12 ? 'a' : 'p');
}

static void wide_lines(struct dir_lines *l, const struct dir_opts *o, const struct sh_names *e)
{
    char row[WIDE_COLUMNS * WIDE_CELL + 1] = "", cell[WIDE_CELL + 1];
    for (size_t i = 0; i < e->n; i++) {
        char base[9], ext[4];
        split_name(e->v[i].name, o->lower, base, ext);
        bool dir = e->v[i].st.attr & FS_ATTR_DIRECTORY;
        snprintf(cell, sizeof cell, dir ? "[%s%s%s]" : "%s%s%s", base, ext[0] ? "." : "", ext);
        size_t n = strlen(row);
        snprintf(row + n, sizeof row - n, "%-*s", WIDE_CELL, cell);
        if ((i + 1) % WIDE_COLUMNS == 0 || i + 1 == e->n) {
            for (n = strlen(row); n && row[n - 1] == ' ';)
                row[--n] = 0;
            line(l, "%s", row);
            row[0] = 0;
        }
    }
}

/* ---- one directory ---- */

struct dir_run {
    struct sh_session *s;
    const struct dir_opts *o;
    void *order_ctx; /* o, for qsort_r */
    struct dir_lines *out;
    struct dir_total all;
    unsigned dirs_shown;
};

/* List directory dir ("C:\X", no trailing '\') for name pattern pat. */
static void list_dir(struct dir_run *r, const char *dir, const char *pat)
{
    char pattern[FS_PATH_MAX * 2];
    struct sh_names all = {0}, shown = {0};
    struct dir_total t = {0};
    snprintf(pattern, sizeof pattern, "%s\\%s", dir, pat);
    sh_files_collect(r->s, pattern, DIR_SEARCH_ATTR, &all);
    for (size_t i = 0; i < all.n; i++)
        if (wanted(r->o, &all.v[i])) {
            shown.v = shown.v ? shown.v : xcalloc(all.n, sizeof *shown.v);
            shown.v[shown.n++] = all.v[i];
            t.files++;
            t.bytes += all.v[i].st.size;
        }
    if (r->o->order[0] && shown.n)
        qsort_r(shown.v, shown.n, sizeof *shown.v, entry_cmp, r->order_ctx);
    if ((shown.n || !r->o->sub) && !r->o->bare) {
        if (r->dirs_shown++)
            line(r->out, "%s", "");
        line(r->out, " Directory of %s%s", dir, strchr(dir, '\\') ? "" : "\\");
        line(r->out, "%s", "");
    }
    for (size_t i = 0; i < shown.n; i++) {
        if (r->o->bare)
            line(r->out, "%s%s%s", r->o->sub ? dir : "", r->o->sub ? "\\" : "",
                 shown.v[i].name);
        else if (!r->o->wide)
            entry_line(r->out, r->o, &shown.v[i]);
    }
    if (r->o->wide && !r->o->bare)
        wide_lines(r->out, r->o, &shown);
    if (shown.n && !r->o->bare)
        line(r->out, "%9u file(s) %10llu bytes", t.files, (unsigned long long)t.bytes);
    r->all.files += t.files;
    r->all.bytes += t.bytes;
    sh_names_free(&shown);
    sh_names_free(&all);
}

static void list_tree(struct dir_run *r, const char *dir, const char *pat, unsigned depth)
{
    char pattern[FS_PATH_MAX * 2], sub[FS_PATH_MAX * 2];
    struct sh_names all = {0};
    list_dir(r, dir, pat);
    if (!r->o->sub || depth > FS_DIR_MAX / 2)
        return;
    snprintf(pattern, sizeof pattern, "%s\\*.*", dir);
    sh_files_collect(r->s, pattern, DIR_SEARCH_ATTR, &all);
    for (size_t i = 0; i < all.n; i++) {
        if (!(all.v[i].st.attr & FS_ATTR_DIRECTORY) || all.v[i].name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s\\%s", dir, all.v[i].name);
        list_tree(r, sub, pat, depth + 1);
    }
    sh_names_free(&all);
}

/* Directory and name pattern of the argument, as DIR reads it. */
static int target(struct sh_session *s, const char *arg, char *dir, char *pat)
{
    char full[FS_PATH_MAX];
    int rc = fs_truename(s->sh->fs, arg[0] ? arg : ".", full, sizeof full);
    if (rc < 0)
        return rc;
    size_t n = strlen(full);
    int attr = strpbrk(full, "*?") || full[n - 1] == '\\' ? -1 : sh_dos_attr(s, full);
    if (full[n - 1] == '\\' || (attr >= 0 && (attr & FS_ATTR_DIRECTORY))) {
        snprintf(dir, FS_PATH_MAX, "%.*s", (int)(full[n - 1] == '\\' ? n - 1 : n), full);
        snprintf(pat, FS_NAME83_MAX, "*.*");
        return 0;
    }
    char *cut = strrchr(full, '\\');
    *cut = 0;
    snprintf(dir, FS_PATH_MAX, "%s", full);
    snprintf(pat, FS_NAME83_MAX, strchr(cut + 1, '.') ? "%s" : "%s.*", cut + 1);
    return 0;
}

static void render(struct sh_session *s, struct dir_opts *o, const char *dir, const char *pat,
                   struct dir_lines *out)
{
    struct dir_run r = {.s = s, .o = o, .order_ctx = o, .out = out};
    unsigned drive = (unsigned)(dir[0] - 'A');
    const char *label = fs_label(s->sh->fs, drive);
    if (!o->bare) {
        line(out, "%s", "");
        if (label[0])
            line(out, " Volume in drive %c is %s", dir[0], label);
        else
            line(out, " Volume in drive %c has no label", dir[0]);
    }
    list_tree(&r, dir, pat, 0);
    if (o->bare)
        return;
    if (r.all.files == 0) {
        line(out, "%s", "File not found");
        return;
    }
    if (o->sub) {
        line(out, "%s", "");
        line(out, "%s", "     Total files listed:");
        line(out, "%9u file(s) %10llu bytes", r.all.files, (unsigned long long)r.all.bytes);
    }
    int64_t free_bytes = sh_dos_disk_free(s, drive + 1);
    line(out, "%29lld bytes free", (long long)(free_bytes < 0 ? 0 : free_bytes));
}

/* Show lines from job.count on, pausing with /P. */
static int show(struct sh_session *s, const struct dir_opts *o, const struct dir_lines *l)
{
    uint8_t ch;
    for (size_t i = s->job.count; i < l->n; i++) {
        if (o->pause && i && i % DIR_PAGE_LINES == 0 && s->job.sub != i) {
            if (s->job.phase == 0)
                sh_puts(s, "Press any key to continue . . .");
            s->job.phase = 1;
            s->job.count = (uint32_t)i;
            sh_flush(s);
            int rc = sh_input_char(s, &ch);
            if (rc == SH_WAIT)
                return SH_WAIT;
            sh_puts(s, "\r\n\r\n");
            s->job.phase = 0;
            s->job.sub = (unsigned)i;
        }
        sh_printf(s, "%s\r\n", l->v[i]);
    }
    return 0;
}

int sh_cmd_dir(struct sh_session *s, char *tail)
{
    struct dir_opts o = {0};
    struct dir_lines out = {0};
    char env[SH_LINE_MAX], arg[FS_PATH_MAX], dir[FS_PATH_MAX], pat[FS_NAME83_MAX];
    const char *p = tail;
    if (sh_env_get(s, "DIRCMD", env, sizeof env))
        take_options(env, &o);
    take_options(tail, &o);
    if (!sh_next_arg(&p, arg, sizeof arg))
        arg[0] = 0;
    int rc = target(s, arg, dir, pat);
    if (rc < 0) {
        sh_error(s, sh_errmsg(-rc));
        return 0;
    }
    render(s, &o, dir, pat, &out);
    rc = show(s, &o, &out);
    lines_free(&out);
    return rc;
}
