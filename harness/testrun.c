/* `unidos test`: the command line, running cases in parallel as child
 * processes (each in its own process group, killed at the case time
 * limit), and TAP on stdout in case order as results come in. */
#include "harness/testrun.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/cli.h"
#include "harness/files.h"

extern char **environ;
#include "base/common.h"

#define DEFAULT_CASE_TIMEOUT_S 600.0
#define WAKE_NS 50000000L /* look at time limits this often */
#define LOG_LINES 15      /* lines of a failed case's stderr in TAP */
#define NS_PER_S 1e9
#define EXIT_FAILED 1
#define EXIT_SIGNAL_BASE 128
#define MAX_JOBS 1024

static const char k_usage[] =
    "usage: unidos test [options] DIR|CASE.uds...\n"
    "\n"
    "Run test cases: a directory NAME/ holding NAME.uds (drive C: is a copy of\n"
    "the directory; golden files in NAME/expected/), any other directory (searched\n"
    "for cases), or a NAME.uds file (empty drive C:; golden files beside it).\n"
    "Each case runs `unidos --script` deterministically in its own directory; it\n"
    "passes when every check of its script holds, its programs exit with 0 (or\n"
    "what `wait-exit N` expects) and its standard output equals NAME.stdout.\n"
    "Results are TAP on standard output.\n"
    "\n";

static const char k_exit_status[] =
    "\n"
    "exit status: 0 every case passed or was skipped, 1 a case failed, 2 bad usage,\n"
    "128+N stopped by signal N (the running cases are killed)\n";

struct trun {
    struct tcase_list cases;
    unsigned jobs;
    const char *junit, *out_root;
    char *tmp_root;
    bool update, keep;
    double case_timeout_s;
    char self[PATH_MAX];
    size_t next_start, next_print, running, done, failed;
    double *started; /* per case: host seconds at spawn */
};

static volatile sig_atomic_t g_stop; /* SIGINT/SIGTERM/SIGHUP arrived */

static void on_signal(int sig)
{
    g_stop = sig;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / NS_PER_S;
}

static enum cli_set set_jobs(void *ctx, const char *v)
{
    struct trun *t = ctx;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    t->jobs = (unsigned)n;
    return *v && !*end && n > 0 && n <= MAX_JOBS ? CLI_SET_OK : CLI_SET_INVALID;
}

CLI_SETTER_NAME(struct trun, junit)
CLI_SETTER_NAME(struct trun, out_root)
CLI_SETTER_FLAG(struct trun, update)
CLI_SETTER_FLAG(struct trun, keep)

static enum cli_set set_timeout(void *ctx, const char *v)
{
    struct trun *t = ctx;
    return cli_seconds(v, &t->case_timeout_s) ? CLI_SET_OK : CLI_SET_INVALID;
}

static enum cli_set set_help(void *ctx, const char *v)
{
    UNUSED(ctx);
    UNUSED(v);
    return CLI_SET_STOP;
}

static const struct cli_option k_options[] = {
    {.short_name = 'j',
     .name = "jobs",
     .arg = "N",
     .set = set_jobs,
     .what = "job count (expected 1-1024)",
     .help = "cases run at once (default: the number of CPUs)"},
    {.name = "junit",
     .arg = "FILE",
     .set = set_junit,
     .what = "file name",
     .kind = CLI_FILE,
     .help = "also write the results as JUnit XML"},
    {.name = "update",
     .set = set_update,
     .help = "write the golden files from this run (after a deliberate change); the cases "
             "then pass"},
    {.name = "out",
     .arg = "DIR",
     .set = set_out_root,
     .what = "directory",
     .kind = CLI_DIR,
     .help = "keep each case's outputs (drive C:, stdout, stderr, screens, diffs, difference "
             "images) in DIR/CASE; by default a temporary directory, kept only when a case "
             "failed"},
    {.name = "keep", .set = set_keep, .help = "keep the outputs of cases that passed, too"},
    {.name = "timeout",
     .arg = "SECS",
     .set = set_timeout,
     .what = "timeout (expected seconds, more than 0 and at most 1e9)",
     .help = "kill a case after SECS of wall time (default 600)"},
    {.short_name = 'h', .name = "help", .set = set_help, .help = "show this help"},
};

struct cli_table testrun_cli_table(void)
{
    return (
        struct cli_table){.heading = "options:", .opts = k_options, .n = ARRAY_LEN(k_options)};
}

/* Options, then the cases named after them (the two may mix). Returns -1
 * to go on, else the exit status. */
static int parse(struct trun *t, int argc, char **argv)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    t->jobs = ncpu > 0 ? (unsigned)MIN(ncpu, MAX_JOBS) : 1;
    t->case_timeout_s = DEFAULT_CASE_TIMEOUT_S;
    const struct cli_table tab = {
        .heading = "options:", .opts = k_options, .n = ARRAY_LEN(k_options), .ctx = t};
    const struct cli c = {.prog = "unidos test", .tables = &tab, .ntables = 1};
    for (int i = 1; i < argc; i++) {
        int rc = cli_parse(&c, argc, argv, &i);
        if (rc < 0)
            return UNIDOS_EXIT_USAGE;
        if (rc > 0) {
            fputs(k_usage, stdout);
            cli_help(&c, stdout);
            fputs(k_exit_status, stdout);
            return 0;
        }
        if (i < argc && tcase_find(&t->cases, argv[i]) < 0) {
            cli_usage(&c, "%s: not a directory of test cases or a .uds file", argv[i]);
            return UNIDOS_EXIT_USAGE;
        }
    }
    if (!t->cases.n) {
        cli_usage(&c, "no test cases given (or none found)");
        return UNIDOS_EXIT_USAGE;
    }
    return -1;
}

/* ---- children ---- */

/* The child: stdin /dev/null, stdout and stderr to files, in its drive C:,
 * in a process group of its own, no signals blocked. posix_spawn (vfork)
 * costs far less than fork for a parent with Unicorn mapped. */
static int child(struct trun *t, struct tcase *c, char **argv, pid_t *pid)
{
    char *drive = tcase_path(c, NULL), *so = tcase_path(c, "stdout"),
         *se = tcase_path(c, "stderr");
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none;
    sigemptyset(&none);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, so, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    posix_spawn_file_actions_addopen(&fa, 2, se, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    posix_spawn_file_actions_addchdir_np(&fa, drive);
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setsigmask(&at, &none);
    int rc = posix_spawn(pid, t->self, &fa, &at, argv, environ);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    free(drive);
    free(so);
    free(se);
    return -rc;
}

static void spawn(struct trun *t, size_t i)
{
    struct tcase *c = t->cases.v[i];
    pid_t pid = -1;
    t->started[i] = now_s();
    int rc = tcase_prepare(c, t->out_root);
    char **argv = tcase_argv(c, t->self, t->update);
    if (rc == 0)
        rc = child(t, c, argv, &pid);
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
    if (rc < 0) {
        fprintf(stderr, "unidos test: %s: cannot start: %s\n", c->id, strerror(-rc));
        c->status = UNIDOS_EXIT_ERROR;
        c->done = true;
        tcase_judge(c, false);
        t->done++;
        return;
    }
    c->pid = pid;
    t->running++;
}

static void finished(struct trun *t, struct tcase *c, int wstatus)
{
    size_t i = 0;
    while (t->cases.v[i] != c)
        i++;
    c->secs = now_s() - t->started[i];
    if (c->status != -1)
        c->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : UNIDOS_EXIT_ERROR;
    c->pid = 0;
    c->done = true;
    t->running--;
    t->done++;
    tcase_judge(c, t->update);
    t->failed += c->verdict == TC_FAIL;
}

static void reap(struct trun *t)
{
    int ws;
    pid_t pid;
    while ((pid = waitpid(-1, &ws, WNOHANG)) > 0)
        for (size_t i = 0; i < t->cases.n; i++)
            if (t->cases.v[i]->pid == pid)
                finished(t, t->cases.v[i], ws);
}

/* Kill cases past the time limit (every case once we are asked to stop:
 * each runs in its own process group, out of reach of the terminal). */
static void enforce_limits(struct trun *t)
{
    double now = now_s();
    for (size_t i = 0; i < t->cases.n; i++) {
        struct tcase *c = t->cases.v[i];
        bool late = now - t->started[i] > t->case_timeout_s;
        if (c->pid > 0 && c->status != -1 && (late || g_stop)) {
            c->status = -1;
            kill(-c->pid, SIGKILL);
        }
    }
}

/* ---- TAP ---- */

/* What unidos said on stderr, less what the report says already. */
static void tap_log(const struct tcase *c)
{
    size_t lines = 0;
    bool header = false;
    for (const char *p = c->log; *p && lines < LOG_LINES;) {
        size_t n = strcspn(p, "\n");
        const char *body = p;
        while (body < p + n && *body == ' ')
            body++;
        char *line = xstrndup(body, (size_t)(p + n - body));
        if (*line && !strstr(c->report, line)) {
            if (!header) {
                printf("# what unidos said:\n");
                header = true;
            }
            printf("#   %.*s\n", (int)n, p);
            lines++;
        }
        free(line);
        p += n + (p[n] == '\n');
    }
}

/* The report's lines as TAP comments: FAIL x -> "# x", "| d" -> "#   d". */
static void tap_report(const struct tcase *c)
{
    for (const char *p = c->report; *p;) {
        size_t n = strcspn(p, "\n");
        if (!strncmp(p, "FAIL ", 5))
            printf("# %.*s\n", (int)n - 5, p + 5);
        else if (!strncmp(p, "| ", 2))
            printf("#   %.*s\n", (int)n - 2, p + 2);
        else if (!strncmp(p, "UPDATED ", 8))
            printf("# updated %.*s\n", (int)n - 8, p + 8);
        p += n + (p[n] == '\n');
    }
}

static const char *skip_reason(const struct tcase *c)
{
    const char *s = strstr(c->report, "SKIP ");
    return s ? s + 5 : "";
}

static void tap_case(size_t k, const struct tcase *c)
{
    if (c->verdict == TC_SKIP) {
        const char *why = skip_reason(c);
        printf("ok %zu - %s # SKIP %.*s\n", k, c->id, (int)strcspn(why, "\n"), why);
        return;
    }
    printf("%sok %zu - %s (%.2f s)\n", c->verdict == TC_FAIL ? "not " : "", k, c->id, c->secs);
    tap_report(c);
    if (c->verdict == TC_FAIL)
        tap_log(c);
    if (c->verdict == TC_FAIL)
        printf("# outputs: %s\n", c->out);
}

static void print_ready(struct trun *t)
{
    while (t->next_print < t->cases.n && t->cases.v[t->next_print]->done) {
        tap_case(t->next_print + 1, t->cases.v[t->next_print]);
        t->next_print++;
    }
    fflush(stdout);
}

/* ---- the run ---- */

static void run_all(struct trun *t)
{
    sigset_t chld;
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    while (t->done < t->cases.n && !(g_stop && !t->running)) {
        while (!g_stop && t->running < t->jobs && t->next_start < t->cases.n)
            spawn(t, t->next_start++);
        struct timespec wake = {0, WAKE_NS};
        sigtimedwait(&chld, NULL, &wake);
        reap(t);
        enforce_limits(t);
        print_ready(t);
    }
    sigprocmask(SIG_UNBLOCK, &chld, NULL);
}

/* The outputs' root, absolute (children run in their own directories). */
static int out_root(struct trun *t)
{
    if (t->out_root) {
        char real[PATH_MAX];
        int rc = files_mkdirs(t->out_root);
        if (rc < 0 || !realpath(t->out_root, real))
            return rc < 0 ? rc : -errno;
        t->tmp_root = xstrdup(real);
        t->out_root = t->tmp_root;
        t->keep = true; /* asked for: never removed */
        return 0;
    }
    const char *tmp = getenv("TMPDIR");
    t->tmp_root = xasprintf("%s/unidos-test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(t->tmp_root))
        return -errno;
    t->out_root = t->tmp_root;
    return 0;
}

/* Temporary outputs go, but those of failed cases stay for a look. */
static void tidy(struct trun *t)
{
    if (!t->tmp_root || t->keep)
        return;
    if (!t->failed) {
        files_remove_tree(t->tmp_root);
        return;
    }
    for (size_t i = 0; i < t->cases.n; i++)
        if (t->cases.v[i]->verdict != TC_FAIL)
            files_remove_tree(t->cases.v[i]->out);
    printf("# outputs of the failed cases are in %s\n", t->tmp_root);
}

static size_t count(const struct trun *t, int verdict)
{
    size_t n = 0;
    for (size_t i = 0; i < t->cases.n; i++)
        n += (int)t->cases.v[i]->verdict == verdict;
    return n;
}

int testrun_main(int argc, char **argv)
{
    struct trun t = {0};
    double t0 = now_s();
    int rc = parse(&t, argc, argv);
    ssize_t n = rc < 0 ? readlink("/proc/self/exe", t.self, sizeof t.self - 1) : 0;
    if (rc < 0 && (n <= 0 || out_root(&t) < 0)) {
        fprintf(stderr, "unidos test: cannot set up: %s\n", strerror(errno));
        rc = UNIDOS_EXIT_ERROR;
    }
    if (rc < 0) {
        t.started = xcalloc(t.cases.n, sizeof *t.started);
        printf("TAP version 13\n1..%zu\n", t.cases.n);
        run_all(&t);
        if (t.junit && junit_write(t.junit, t.cases.v, t.cases.n, now_s() - t0) < 0)
            fprintf(stderr, "unidos test: --junit %s: cannot write the file\n", t.junit);
        printf("# %zu cases: %zu passed, %zu failed, %zu skipped, %.2f s\n", t.cases.n,
               count(&t, TC_PASS), t.failed, count(&t, TC_SKIP), now_s() - t0);
        tidy(&t);
        rc = t.failed ? EXIT_FAILED : 0;
        if (g_stop) {
            printf("# stopped by signal %d: %zu of %zu cases ran\n", (int)g_stop, t.done,
                   t.cases.n);
            rc = EXIT_SIGNAL_BASE + g_stop;
        }
    }
    for (size_t i = 0; i < t.cases.n; i++)
        tcase_free(t.cases.v[i]);
    free(t.cases.v);
    free(t.started);
    free(t.tmp_root);
    return rc;
}
