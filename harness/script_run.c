/* Running a script. Statements before a program starts shape its options;
 * while it runs they execute between slices of guest code (a wait lets the
 * guest run until its condition holds, in machine time, so a deterministic
 * run meets every condition at the same instruction each time); after it
 * ends, the remaining ones check what it left. */
#include "harness/script_run.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/files.h"
#include "machine/program.h"
#include "harness/script_impl.h"
#include "base/common.h"
#include "base/dostime.h"
#include "bios/bios.h"
#include "hw/clock.h"

#define SCREEN_CHECK_NS 10000000ull /* wait-text looks every 10 ms of machine time */
#define IDLE_POLLS 3                /* a polling program asked this often in vain */
#define IDLE_SETTLE_NS 50000000ull  /* ... over at least this long */
#define NS_PER_S 1000000000ull
#define DRIVER_STOP 0 /* tick status that ends a run on purpose */

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

static double secs(uint64_t ns)
{
    return (double)ns / (double)NS_PER_S;
}

static bool needs_machine(enum st_kind k)
{
    switch (k) {
    case ST_TYPE:
    case ST_KEY:
    case ST_WAIT_TEXT:
    case ST_WAIT_IDLE:
    case ST_WAIT_EXIT:
    case ST_WAIT:
    case ST_STOP:
    case ST_EXPECT_TEXT:
    case ST_EXPECT_NO_TEXT:
    case ST_SCREENSHOT:
    case ST_SCREEN_DUMP:
        return true;
    default:
        return false;
    }
}

static void fail_stop(struct srun *s, int status)
{
    if (!s->result || s->result == SCRIPT_EXIT_FAILED)
        s->result = status;
    s->aborted = true;
}

/* ---- waits ---- */

static void begin_wait(struct srun *s, const struct stmt *st)
{
    s->wait = st;
    s->wait_virt0 = s->last_check_ns = clock_now_ns(s->p.clk);
    s->wait_host0 = host_ns();
    s->idle_armed = false;
}

/* The program waits for a key and everything typed was read: blocked in a
 * key read, or polling the keyboard in vain for a while. */
static bool guest_idle(struct srun *s, bool waiting)
{
    uint64_t now = clock_now_ns(s->p.clk), taken = bios_keys_taken(s->p.bios);
    uint64_t misses = bios_key_misses(s->p.bios);
    bool asked = misses != s->last_misses;
    s->last_misses = misses;
    if (!ui_input_consumed(s->p.ui)) {
        s->idle_armed = false;
        return false;
    }
    if (waiting && asked)
        return true;
    if (!s->idle_armed || taken != s->idle_taken) {
        s->idle_armed = true;
        s->idle_taken = taken;
        s->idle_misses = misses;
        s->idle_since = now;
        return false;
    }
    return misses - s->idle_misses >= IDLE_POLLS && now - s->idle_since >= IDLE_SETTLE_NS;
}

static bool screen_shows(struct srun *s, const struct stmt *st, bool waiting)
{
    uint64_t now = clock_now_ns(s->p.clk);
    char why[128];
    if (!waiting && now - s->last_check_ns < SCREEN_CHECK_NS)
        return false;
    s->last_check_ns = now;
    char *text = script_screen_text(s, &st->rect, why, sizeof why);
    bool found = text && regexec(&st->re, text, 0, NULL, 0) == 0;
    free(text);
    return found;
}

static bool wait_met(struct srun *s, bool waiting)
{
    const struct stmt *st = s->wait;
    switch (st->kind) {
    case ST_WAIT_TEXT:
        return screen_shows(s, st, waiting);
    case ST_WAIT_IDLE:
        return guest_idle(s, waiting);
    case ST_WAIT:
        return clock_now_ns(s->p.clk) - s->wait_virt0 >= st->duration_ns;
    default:
        return false; /* wait-exit: only the end of the run meets it */
    }
}

static const char *wait_what(const struct stmt *st, char *buf, size_t cap)
{
    if (st->kind == ST_WAIT_TEXT)
        snprintf(buf, cap, "'%s' did not show on the screen", st->text);
    else if (st->kind == ST_WAIT_IDLE)
        snprintf(buf, cap, "the program did not wait for a key");
    else
        snprintf(buf, cap, "the program did not exit");
    return buf;
}

/* A wait past its time: fail with the screen as it is. */
static int timed_out(struct srun *s)
{
    const struct stmt *st = s->wait;
    uint64_t timeout = st->timeout_ns ? st->timeout_ns : s->timeout_ns;
    uint64_t wall = st->wall_ns ? st->wall_ns : s->wall_ns;
    uint64_t virt = clock_now_ns(s->p.clk) - s->wait_virt0, host = host_ns() - s->wait_host0;
    char where[PATH_MAX], what[512];
    if (st->kind == ST_WAIT || (virt < timeout && host < wall))
        return -1;
    script_where(s, st, where, sizeof where);
    if (virt >= timeout)
        report_fail(s->rep, "%s: %s within %g s of machine time (%.2f s of wall time)", where,
                    wait_what(st, what, sizeof what), secs(timeout), secs(host));
    else
        report_fail(s->rep,
                    "%s: %s within the wall-time limit of %g s (%.2f s of machine "
                    "time had passed)",
                    where, wait_what(st, what, sizeof what), secs(wall), secs(virt));
    script_show_screen(s, st->line);
    fail_stop(s, UNIDOS_EXIT_TIMEOUT);
    return UNIDOS_EXIT_TIMEOUT;
}

/* ---- statements while a program runs ---- */

/* Execute statements until one waits (-1), the run must end (a status),
 * or the script is over. */
static int step(struct srun *s)
{
    while (!s->aborted) {
        if (s->pc == s->sc->n || s->sc->st[s->pc].kind == ST_RUN) {
            if (!s->running)
                return DRIVER_STOP;
            /* A run ends before the next starts; nothing more will be typed
             * (a program waiting for a key now stops with a message). */
            ui_set_more_input(s->p.ui, false);
            begin_wait(s, &s->implicit_exit);
            return -1;
        }
        const struct stmt *st = &s->sc->st[s->pc];
        if (st->kind == ST_STOP) {
            s->pc++;
            s->stop_requested = true;
            return s->running ? DRIVER_STOP : -1;
        }
        if (st->kind == ST_WAIT_TEXT || st->kind == ST_WAIT_IDLE || st->kind == ST_WAIT ||
            st->kind == ST_WAIT_EXIT) {
            if (!s->running)
                return -1; /* handled by the end of the run */
            begin_wait(s, st);
            return -1;
        }
        s->pc++;
        if (!script_exec(s, st))
            fail_stop(s, SCRIPT_EXIT_FAILED);
    }
    return s->running ? DRIVER_STOP : -1;
}

static int drv_start(void *ctx, const struct machine_parts *p)
{
    struct srun *s = ctx;
    s->p = *p;
    s->alive = s->running = s->started = true;
    s->stop_requested = false;
    s->wait = NULL;
    ui_set_more_input(p->ui, true);
    return step(s);
}

static int drv_tick(void *ctx, bool waiting)
{
    struct srun *s = ctx;
    if (!s->wait)
        return step(s);
    if (wait_met(s, waiting)) {
        if (s->wait != &s->implicit_exit)
            s->pc++;
        s->wait = NULL;
        return step(s);
    }
    return timed_out(s);
}

/* ---- the end of a run ---- */

static void check_status(struct srun *s, const struct stmt *st, int status)
{
    char where[PATH_MAX];
    script_where(s, st, where, sizeof where);
    if (st->status >= 0 && st->status != status)
        report_fail(s->rep, "%s: the program exited with status %d, expected %d", where, status,
                    st->status);
    else if (st->status >= 0)
        s->status_accepted = true;
}

/* The program ended while wait st was in progress. */
static void ended_in_wait(struct srun *s, const struct stmt *st, int rc, bool exited)
{
    char where[PATH_MAX], what[512];
    if (st->kind == ST_WAIT_EXIT && exited) {
        check_status(s, st, rc);
        return;
    }
    if (st->kind == ST_WAIT_TEXT && screen_shows(s, st, true))
        return; /* it showed the text last thing */
    script_where(s, st, where, sizeof where);
    if (exited)
        report_fail(s->rep, "%s: %s: the program exited first (status %d)", where,
                    wait_what(st, what, sizeof what), rc);
    else if (st == &s->implicit_exit && rc == UNIDOS_EXIT_ERROR)
        report_fail(s->rep,
                    "%s: the program did not exit: it waits for a key the script "
                    "does not type, or failed (see the note above)",
                    where);
    else
        report_fail(s->rep,
                    "%s: the program stopped without exiting (status %d; see the note "
                    "above)",
                    where, rc);
    script_show_screen(s, st->line);
    fail_stop(s, exited ? SCRIPT_EXIT_FAILED : rc);
}

/* File checks after a run wait for the machine to close everything: a
 * --wav recording is complete only then. */
static void defer(struct srun *s, const struct stmt *st)
{
    s->later = xreallocarray(s->later, s->nlater + 1, sizeof *s->later);
    s->later[s->nlater++] = st;
}

static void drv_closed(void *ctx)
{
    struct srun *s = ctx;
    for (size_t i = 0; i < s->nlater; i++)
        script_exec(s, s->later[i]);
    s->nlater = 0;
}

/* Statements after the program ended, up to the next run. */
static void after_end(struct srun *s)
{
    while (!s->aborted && s->pc < s->sc->n && s->sc->st[s->pc].kind != ST_RUN) {
        const struct stmt *st = &s->sc->st[s->pc++];
        if (st->kind == ST_WAIT_EXIT) {
            check_status(s, st, s->status);
        } else if (st->kind == ST_EXPECT_FILE) {
            defer(s, st);
        } else if (st->kind == ST_STOP) {
            continue;
        } else if (st->kind == ST_WAIT_TEXT || st->kind == ST_WAIT_IDLE ||
                   st->kind == ST_WAIT) {
            ended_in_wait(s, st, s->status, true);
        } else if (!script_exec(s, st)) {
            fail_stop(s, SCRIPT_EXIT_FAILED);
        }
    }
}

/* The date and time the next run starts at: where this one stopped. */
static void carry_clock(struct srun *s)
{
    struct bios_time t;
    bios_wall_time(s->p.bios, &t);
    struct tm tm = {.tm_year = t.year - 1900,
                    .tm_mon = t.month - 1,
                    .tm_mday = t.day,
                    .tm_hour = t.hour,
                    .tm_min = t.min,
                    .tm_sec = t.sec};
    s->opt.start_time = (int64_t)timegm(&tm);
    s->opt.start_time_set = true;
}

static int drv_end(void *ctx, int rc, bool exited)
{
    struct srun *s = ctx;
    const struct stmt *w = s->wait;
    s->running = false;
    s->status = rc;
    s->status_accepted = s->stop_requested && !exited;
    ui_set_more_input(s->p.ui, false);
    if (s->aborted)
        ; /* the failure is told already */
    else if (w == &s->implicit_exit && !exited)
        ended_in_wait(s, w, rc, exited);
    else if (w && w != &s->implicit_exit) {
        ended_in_wait(s, w, rc, exited);
        s->pc += !s->aborted;
    } else if (!exited && !s->stop_requested && !s->aborted)
        ended_in_wait(s, &s->implicit_exit, rc, exited);
    s->wait = NULL;
    if (!s->aborted)
        after_end(s);
    if (s->opt.deterministic)
        carry_clock(s);
    s->alive = false;
    return s->result ? s->result : rc;
}

/* ---- runs ---- */

/* Settings before the next run, up to the first statement that needs a
 * program. Returns false when the script is over. */
static bool setup(struct srun *s)
{
    while (!s->aborted && s->pc < s->sc->n) {
        const struct stmt *st = &s->sc->st[s->pc];
        if (st->kind == ST_RUN || needs_machine(st->kind))
            return true;
        s->pc++;
        if (!script_exec(s, st))
            fail_stop(s, s->result ? s->result : SCRIPT_EXIT_FAILED);
    }
    return false;
}

/* The program of the next run: a `run` line, or the command line's. */
static bool next_program(struct srun *s, struct options *o)
{
    const struct stmt *st = s->pc < s->sc->n ? &s->sc->st[s->pc] : NULL;
    if (st && st->kind == ST_RUN) { /* "run" alone: the DOS prompt */
        s->pc++;
        o->program = st->argc ? st->argv[0] : NULL;
        o->args = st->argv + (st->argc ? 1 : 0);
        o->nargs = st->argc ? st->argc - 1 : 0;
        return true;
    }
    if (!s->cli_program_done) { /* PROGRAM, -c, or the DOS prompt */
        s->cli_program_done = true;
        o->program = s->cli->program;
        o->args = s->cli->args;
        o->nargs = s->cli->nargs;
        memcpy(o->cmds, s->cli->cmds, sizeof o->cmds);
        o->ncmds = s->cli->ncmds;
        return true;
    }
    report_fail(s->rep, "%s:%u: %s: no program is running (add 'run PROGRAM' before it)",
                s->sc->path, st->line, script_keyword(st->kind));
    fail_stop(s, SCRIPT_EXIT_FAILED);
    return false;
}

/* A program named relative to the current directory, else to the
 * script's directory. */
static const char *find_program(struct srun *s, const char *name)
{
    char found[PATH_MAX], alt[PATH_MAX];
    if (!name || name[0] == '/' || program_find(name, found, sizeof found))
        return name;
    script_path(s->sc, name, alt, sizeof alt);
    return program_find(alt, found, sizeof found) ? script_own(s, xstrdup(alt)) : name;
}

static int run_one(struct srun *s, struct options *o)
{
    struct machine_driver d = {.start = drv_start,
                               .tick = drv_tick,
                               .end = drv_end,
                               .closed = drv_closed,
                               .stamps = s->stamps,
                               .ctx = s};
    int saved = -1;
    o->program = find_program(s, o->program);
    o->keyboard_console = s->stdin_fd < 0;
    if (s->stdin_fd >= 0) {
        saved = dup(0);
        dup2(s->stdin_fd, 0);
        close(s->stdin_fd);
        s->stdin_fd = -1;
    }
    s->started = false;
    int rc = machine_run(o, &d);
    if (saved >= 0) {
        dup2(saved, 0);
        close(saved);
    }
    if (!s->started) { /* not found, not a DOS program... */
        report_fail(s->rep, "%s: %s could not be started (status %d)", s->sc->path, o->program,
                    rc);
        fail_stop(s, rc);
    }
    return rc;
}

/* The status of a finished script: a check failed (123), a wait timed
 * out (124), the last program's status when no wait-exit took it, else 0. */
static int final_status(struct srun *s)
{
    if (s->result)
        return s->result;
    if (report_failures(s->rep))
        return SCRIPT_EXIT_FAILED;
    return s->status_accepted ? 0 : s->status;
}

static void srun_init(struct srun *s, const struct script *sc, const struct options *o,
                      const struct script_options *so)
{
    memset(s, 0, sizeof *s);
    s->sc = sc;
    s->cli = o;
    s->so = so;
    s->opt = *o;
    s->opt.deterministic = o->deterministic || !so->no_deterministic;
    s->opt.ncmds = 0; /* the command line's -c go with its PROGRAM only */
    if (o->ui == UI_AUTO)
        s->opt.ui = UI_HEADLESS;
    s->rep = report_new(so->report);
    s->stdin_fd = -1;
    s->timeout_ns = SCRIPT_DEFAULT_TIMEOUT_NS;
    s->wall_ns = o->timeout_s > 0 ? (uint64_t)(o->timeout_s * 1e9) : SCRIPT_DEFAULT_WALL_NS;
    s->implicit_exit = (struct stmt){.kind = ST_WAIT_EXIT, .line = 0, .status = -1};
    if (s->opt.deterministic) {
        struct tm tm;
        time_t t = (time_t)(o->start_time_set ? o->start_time : CLOCK_DETERMINISTIC_START_S);
        gmtime_r(&t, &tm);
        s->stamps = fs_stamps_new(dos_date_of_tm(&tm), dos_time_of_tm(&tm));
    }
}

static void srun_free(struct srun *s)
{
    for (size_t i = 0; i < s->nowned; i++)
        free(s->owned[i]);
    free(s->owned);
    fs_stamps_free(s->stamps);
    free(s->later);
    report_free(s->rep);
    if (s->stdin_fd >= 0)
        close(s->stdin_fd);
}

/* Run sc with the command line's options o and so (o->program, when set,
 * is run when a statement first needs a program and no `run` line came
 * first). Returns the exit status: 0 when every check held, 123 when one
 * failed, 124 when a wait timed out, 77 when a `require` is not met, or
 * the last program's status when nothing accepted it (wait-exit N) and it
 * was not 0. */
static int script_execute(const struct script *sc, const struct options *o,
                          const struct script_options *so)
{
    struct srun s;
    unsigned runs = 0;
    srun_init(&s, sc, o, so);
    for (;;) {
        bool more = setup(&s);
        /* The command line's PROGRAM runs at the end only if no run did. */
        bool cli_named = s.cli->program || s.cli->ncmds;
        if (s.aborted || (!more && (s.cli_program_done || !cli_named || runs)))
            break;
        struct options run = s.opt;
        if (!next_program(&s, &run))
            break;
        run_one(&s, &run);
        runs++;
        if (s.aborted || (s.status && !s.status_accepted))
            break;
    }
    int rc = final_status(&s);
    srun_free(&s);
    return rc;
}

/* --wait-text REGEX / --wait-idle: run PROGRAM (typing --keys) until the
 * condition holds, then stop it. */
static char *cli_script(const struct script_options *o)
{
    size_t n = 64 + (o->wait_text ? 2 * strlen(o->wait_text) : 0);
    char *t = xcalloc(1, n), *p = t;
    if (o->wait_text) {
        p += sprintf(p, "wait-text \"");
        for (const char *c = o->wait_text; *c; c++) {
            if (*c == '"' || *c == '\\' || *c == '$')
                *p++ = '\\';
            *p++ = *c;
        }
        p += sprintf(p, "\"\n");
    }
    if (o->wait_idle)
        p += sprintf(p, "wait-idle\n");
    sprintf(p, "stop\n");
    return t;
}

int script_main(const struct options *o, const struct script_options *so)
{
    struct script *sc;
    struct script_options opt = *so;
    if (so->script) {
        sc = script_load(so->script);
    } else {
        char *text = cli_script(so);
        sc = script_parse("--wait-text", text);
        free(text);
        opt.no_deterministic = !o->deterministic; /* as asked: no --script default */
    }
    if (!sc)
        return UNIDOS_EXIT_ERROR;
    int rc = script_execute(sc, o, &opt);
    script_free(sc);
    return rc;
}
