/* Script statements that act at once: typing, screen and file checks,
 * snapshots, and the settings that shape the next run. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/files.h"
#include "harness/golden.h"
#include "harness/script_impl.h"
#include "harness/sha256.h"
#include "base/common.h"
#include "base/codepage.h"
#include "video/render.h"

#define SCREEN_TEXT_MAX (VID_TEXT_MAX_ROWS * (VID_TEXT_MAX_COLS * 3 + 1) + 1)
#define NS_PER_S 1000000000ll

char *script_own(struct srun *s, char *str)
{
    s->owned = xreallocarray(s->owned, s->nowned + 1, sizeof *s->owned);
    s->owned[s->nowned++] = str;
    return str;
}

void script_where(const struct srun *s, const struct stmt *st, char *out, size_t cap)
{
    if (st == &s->implicit_exit) /* the wait-exit no line wrote */
        snprintf(out, cap, "%s: the end of the run", s->sc->path);
    else
        snprintf(out, cap, "%s:%u: %s", s->sc->path, st->line, script_keyword(st->kind));
}

/* An output file of the script: path under --out (or the current
 * directory), created directories included. */
static void script_out_path(const struct srun *s, const char *name, char *out, size_t cap)
{
    const char *dir = s->so->out_dir;
    if (name[0] == '/' || !dir)
        snprintf(out, cap, "%s", name);
    else
        snprintf(out, cap, "%s/%s", dir, name);
    char *slash = strrchr(out, '/');
    if (slash && slash != out) {
        *slash = 0;
        files_mkdirs(out);
        *slash = '/';
    }
}

/* ---- the screen ---- */

char *script_screen_text(struct srun *s, const struct st_rect *r, char *why, size_t cap)
{
    const struct vid_text *t = ui_screen_text(s->p.ui);
    if (t->graphics) {
        snprintf(why, cap, "the screen is in a graphics mode (no text to match)");
        return NULL;
    }
    unsigned top = r && r->set ? r->top : 0, left = r && r->set ? r->left : 0;
    unsigned bottom = r && r->set ? MIN(r->bottom, t->rows - 1) : t->rows - 1;
    unsigned right = r && r->set ? MIN(r->right, t->cols - 1) : t->cols - 1;
    char *out = xcalloc(1, SCREEN_TEXT_MAX);
    size_t n = 0;
    for (unsigned row = top; row <= bottom && top < t->rows; row++) {
        for (unsigned col = left; col <= right && left < t->cols; col++) {
            uint8_t ch = (uint8_t)t->cell[row * t->cols + col];
            n += codepage_utf8(t->codepage, ch ? ch : ' ', out + n);
        }
        out[n++] = '\n';
    }
    out[n] = 0;
    return out;
}

void script_show_screen(struct srun *s, unsigned line)
{
    char name[64], path[PATH_MAX];
    if (!s->alive)
        return;
    char *text = xcalloc(1, SCREEN_TEXT_MAX);
    size_t n = vid_text_dump(ui_screen_text(s->p.ui), text, SCREEN_TEXT_MAX);
    while (n && text[n - 1] == '\n')
        text[--n] = 0; /* blank rows at the bottom say nothing */
    report_detail(s->rep, "the screen:");
    report_detail(s->rep, text);
    free(text);
    if (!s->so->out_dir)
        return;
    snprintf(name, sizeof name, "failure-%u.screen.txt", line);
    script_out_path(s, name, path, sizeof path);
    ui_save_text(s->p.ui, path);
    snprintf(name, sizeof name, "failure-%u.png", line);
    script_out_path(s, name, path, sizeof path);
    ui_save_png(s->p.ui, path);
}

static bool expect_text(struct srun *s, const struct stmt *st)
{
    char why[128], where[PATH_MAX];
    script_where(s, st, where, sizeof where);
    char *text = script_screen_text(s, &st->rect, why, sizeof why);
    bool want = st->kind == ST_EXPECT_TEXT;
    if (!text) {
        report_fail(s->rep, "%s '%s': %s", where, st->text, why);
        return true;
    }
    bool found = regexec(&st->re, text, 0, NULL, 0) == 0;
    free(text);
    if (found != want) {
        report_fail(s->rep, "%s '%s': %s", where, st->text,
                    want ? "not on the screen" : "on the screen");
        script_show_screen(s, st->line);
    }
    return true;
}

/* screenshot / screen-dump: save under --out, compare with the golden. */
static bool snapshot(struct srun *s, const struct stmt *st)
{
    char path[PATH_MAX], golden[PATH_MAX], where[PATH_MAX];
    script_where(s, st, where, sizeof where);
    snprintf(where + strlen(where), sizeof where - strlen(where), " %s", st->argv[0]);
    script_out_path(s, st->argv[0], path, sizeof path);
    int rc = st->kind == ST_SCREENSHOT ? ui_save_png(s->p.ui, path)
                                       : ui_save_text(s->p.ui, path);
    if (rc < 0) {
        report_fail(s->rep, "%s: cannot write %s: %s", where, path, strerror(-rc));
        return true;
    }
    if (s->so->golden_dir) {
        struct golden_ignore ig = {.rects = st->ignore, .n = st->nignore};
        snprintf(golden, sizeof golden, "%s/%s", s->so->golden_dir, st->argv[0]);
        golden_check(s->rep, where, path, golden, s->so->update, &ig);
    }
    return true;
}

static bool expect_file(struct srun *s, const struct stmt *st)
{
    char path[PATH_MAX], golden[PATH_MAX], where[PATH_MAX];
    script_where(s, st, where, sizeof where);
    snprintf(where + strlen(where), sizeof where - strlen(where), " %s", st->argv[0]);
    if (!files_find_nocase(st->argv[0], path, sizeof path)) {
        report_fail(s->rep, "%s: the file does not exist", where);
        return true;
    }
    if (st->golden) {
        if (!s->so->golden_dir) {
            report_fail(s->rep, "%s: no golden directory (--golden DIR)", where);
            return true;
        }
        snprintf(golden, sizeof golden, "%s/%s", s->so->golden_dir, st->golden_name);
        golden_check(s->rep, where, path, golden, s->so->update, NULL);
        return true;
    }
    uint8_t d[SHA256_BYTES];
    char got[2 * SHA256_BYTES + 1], want[2 * SHA256_BYTES + 1];
    int rc = sha256_file(path, d);
    sha256_hex(d, got);
    sha256_hex(st->sha256, want);
    if (rc < 0)
        report_fail(s->rep, "%s: %s", where, strerror(-rc));
    else if (memcmp(d, st->sha256, SHA256_BYTES))
        report_fail(s->rep, "%s: SHA-256 is %s, expected %s", where, got, want);
    return true;
}

/* ---- input ---- */

static bool running(struct srun *s, const struct stmt *st)
{
    char where[PATH_MAX];
    if (s->running)
        return true;
    script_where(s, st, where, sizeof where);
    report_fail(s->rep, "%s: the program %s", where,
                s->alive ? "has ended" : "is not running (add a run line)");
    return false;
}

static bool type(struct srun *s, const struct stmt *st)
{
    char why[128];
    if (!running(s, st))
        return false;
    if (!ui_type(s->p.ui, st->text, why, sizeof why)) {
        report_fail(s->rep, "%s:%u: %s", s->sc->path, st->line, why);
        return false;
    }
    return true;
}

/* ---- settings for the next run ---- */

static bool set_date(struct srun *s, const struct stmt *st)
{
    s->opt.start_time = st->date;
    s->opt.start_time_set = true;
    if (s->running) {
        struct bios_time t;
        bios_wall_time(s->p.bios, &t);
        struct tm tm = {.tm_year = t.year - 1900,
                        .tm_mon = t.month - 1,
                        .tm_mday = t.day,
                        .tm_hour = t.hour,
                        .tm_min = t.min,
                        .tm_sec = t.sec};
        bios_wall_adjust(s->p.bios, st->date - (int64_t)timegm(&tm));
    }
    return true;
}

/* mount X=PATH[:ro][:lower]: PATH relative to the script's directory. */
static bool mount(struct srun *s, const struct stmt *st)
{
    char path[PATH_MAX], where[PATH_MAX];
    const char *a = st->argv[0];
    script_where(s, st, where, sizeof where);
    if (!a[0] || a[1] != '=' || !a[2]) {
        report_fail(s->rep,
                    "%s: expected X=PATH, X=PATH:ro, X=PATH:lower or X=PATH:ro:lower, "
                    "not '%s'",
                    where, a);
        return false;
    }
    script_path(s->sc, a + 2, path, sizeof path);
    char *arg = xasprintf("%c=%s", a[0], path);
    char dash_m[] = "-m";
    char *argv[] = {dash_m, script_own(s, arg)};
    if (options_apply(2, argv, &s->opt) != OPT_RUN)
        return false;
    const struct opt_mount *m = &s->opt.mounts[s->opt.nmounts - 1];
    unsigned fl = (m->readonly ? FS_MOUNT_RO : 0) | (m->lower ? FS_MOUNT_LOWER : 0);
    char why[160];
    if (s->running && fs_mount(s->p.fs, m->drive, m->path, fl, why, sizeof why) < 0) {
        report_fail(s->rep, "%s: cannot mount %s: %s", where, m->path, why);
        return false;
    }
    return true;
}

/* swap X: the next image of drive X's list, while a program runs. */
static bool swap(struct srun *s, const struct stmt *st)
{
    char where[PATH_MAX], why[160];
    const char *a = st->argv[0];
    script_where(s, st, where, sizeof where);
    unsigned drive = (unsigned)(toupper((unsigned char)a[0]) - 'A');
    if (!isalpha((unsigned char)a[0]) || (a[1] && (a[1] != ':' || a[2]))) {
        report_fail(s->rep, "%s: expected a drive letter (A:), not '%s'", where, a);
        return false;
    }
    if (!s->running) {
        report_fail(s->rep, "%s: no program is running", where);
        return false;
    }
    if (fs_swap_next(s->p.fs, drive, why, sizeof why) < 0) {
        report_fail(s->rep, "%s: %s", where, why);
        return false;
    }
    return true;
}

static bool set_stdin(struct srun *s, const struct stmt *st)
{
    char path[PATH_MAX];
    script_path(s->sc, st->argv[0], path, sizeof path);
    if (s->stdin_fd >= 0)
        close(s->stdin_fd);
    s->stdin_fd = open(path, O_RDONLY);
    if (s->stdin_fd < 0) {
        report_fail(s->rep, "%s:%u: stdin %s: %s", s->sc->path, st->line, path,
                    strerror(errno));
        return false;
    }
    return true;
}

static bool set_option(struct srun *s, const struct stmt *st)
{
    if (options_apply(st->argc, st->argv, &s->opt) == OPT_RUN)
        return true;
    report_fail(s->rep, "%s:%u: option: not a valid unidos option", s->sc->path, st->line);
    return false;
}

static bool set_misc(struct srun *s, const struct stmt *st)
{
    char path[PATH_MAX];
    switch (st->kind) {
    case ST_TIMEOUT:
        s->timeout_ns = st->timeout_ns;
        s->wall_ns = st->wall_ns ? st->wall_ns : s->wall_ns;
        return true;
    case ST_CD:
        s->opt.cd = st->argv[0];
        return true;
    case ST_ENV:
        if (s->opt.nenv >= OPT_MAX_ENV)
            return false;
        s->opt.env[s->opt.nenv++] = st->argv[0];
        return true;
    case ST_REPLAY:
        script_path(s->sc, st->argv[0], path, sizeof path);
        s->opt.replay = script_own(s, xstrdup(path));
        return true;
    default:
        return false;
    }
}

bool script_exec(struct srun *s, const struct stmt *st)
{
    switch (st->kind) {
    case ST_TYPE:
    case ST_KEY:
        return type(s, st);
    case ST_EXPECT_TEXT:
    case ST_EXPECT_NO_TEXT:
        return s->alive ? expect_text(s, st) : running(s, st);
    case ST_EXPECT_FILE:
        return expect_file(s, st);
    case ST_SCREENSHOT:
    case ST_SCREEN_DUMP:
        return s->alive ? snapshot(s, st) : running(s, st);
    case ST_SET_DATE:
        return set_date(s, st);
    case ST_MOUNT:
        return mount(s, st);
    case ST_SWAP:
        return swap(s, st);
    case ST_STDIN:
        return set_stdin(s, st);
    case ST_OPTION:
        return set_option(s, st);
    case ST_REQUIRE:
        if (st->skip_why) {
            report_skip(s->rep, st->skip_why);
            s->result = SCRIPT_EXIT_SKIP;
            s->aborted = true;
            return false;
        }
        return true;
    default:
        return set_misc(s, st);
    }
}
