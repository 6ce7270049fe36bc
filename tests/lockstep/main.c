/* The lockstep tool (docs/tiers.md): random and corpus instruction streams
 * run in Unicorn, in the interpreter and with the tier flipping at random,
 * compared after every block or instruction.
 * Usage: lockstep [--seconds S] [--cases N] [--seed N] [--chunk N] [--from N] [--corpus FILE]...
 *        lockstep --code HEX [--regs "EAX ... GS FLAGS"]   (one case, traced)
 *        lockstep --replay FILE   (cases in a row on the same machines, the last traced)
 * Stops at the first difference (exit 1, the case printed). Cases run in
 * child processes, N at a time on fresh machines: Unicorn 2.0.1 itself
 * crashes on some random code, which the parent then checks by running the
 * chunk in Unicorn alone (a crash there too is counted, not failed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"

#include "tests/lockstep/ls.h"

#define MAX_CORPUS 64
#define CORPUS_MAX_BYTES (1u << 20)
#define DEFAULT_CASES 1000u
#define DEFAULT_CHUNK 1000u       /* cases per child process (fresh machines) */

struct corpus {
    uint8_t *data[MAX_CORPUS];
    size_t len[MAX_CORPUS];
    unsigned n;
};

static void add_corpus(struct corpus *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f || c->n == MAX_CORPUS) {
        fprintf(stderr, "lockstep: %s: cannot read\n", path);
        exit(2);
    }
    uint8_t *buf = malloc(CORPUS_MAX_BYTES);
    size_t n = buf ? fread(buf, 1, CORPUS_MAX_BYTES, f) : 0;
    fclose(f);
    if (n < LS_CODE_MAX) {
        free(buf);
        return;
    }
    c->data[c->n] = buf;
    c->len[c->n++] = n;
}

/* Code bytes from a program of the corpus, at a random offset. */
static void corpus_case(uint64_t *rng, const struct corpus *cp, struct ls_case *c)
{
    ls_random_case(rng, c);
    unsigned k = (unsigned)(ls_rand(rng) % cp->n);
    size_t at = (size_t)(ls_rand(rng) % (cp->len[k] - 256));
    c->ncode = 256;
    memcpy(c->code, cp->data[k] + at, c->ncode);
    ls_no_rdtsc(c->code, c->ncode);
}

static void dump(const struct ls_case *c)
{
    fprintf(stderr, "case: %s, %u steps, regs", c->how == LS_BLOCK ? "blocks" : "instructions",
            c->steps);
    for (unsigned i = 0; i < 8; i++)
        fprintf(stderr, " %08X", c->r[i]);
    fprintf(stderr, "\n  segs %04X %04X %04X %04X %04X %04X ip %04X flags %04X\n  code",
            c->sel[0], c->sel[1], c->sel[2], c->sel[3], c->sel[4], c->sel[5], c->ip, c->flags);
    for (size_t i = 0; i < c->ncode; i++)
        fprintf(stderr, "%s%02X", i % 32 ? " " : "\n   ", c->code[i]);
    fprintf(stderr, "\n");
}

/* --code HEX [--regs "EAX ECX EDX EBX ESP EBP ESI EDI ES CS SS DS FS GS FLAGS"]:
 * one case, traced (debugging a difference). */
static int one_case(uint64_t seed, const char *hex, const char *regs)
{
    static struct ls_case c;
    char why[1024];
    uint64_t rng = seed | 1;
    ls_random_regs(&rng, &c);
    if (regs) {
        unsigned v[15];
        if (sscanf(regs, "%x %x %x %x %x %x %x %x %x %x %x %x %x %x %x", &v[0], &v[1], &v[2],
                   &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11], &v[12],
                   &v[13], &v[14]) != 15)
            return 2;
        for (unsigned i = 0; i < 8; i++)
            c.r[i] = v[i];
        for (unsigned i = 0; i < 6; i++)
            c.sel[i] = (uint16_t)v[8 + i];
        c.flags = (uint16_t)v[14];
    }
    for (c.ncode = 0; hex[0] && hex[1] && c.ncode < LS_CODE_MAX; hex += 2) {
        unsigned b;
        if (sscanf(hex, "%2x", &b) != 1)
            return 2;
        c.code[c.ncode++] = (uint8_t)b;
    }
    c.steps = 48;               /* as the random cases */
    c.how = LS_BLOCK;
    c.trace = c.memory_each_step = true;
    struct ls *l = ls_new(seed);
    bool ok = ls_run(l, &c, why, sizeof why);
    fprintf(stderr, "%s\n", ok ? "no difference" : why);
    ls_free(l);
    return ok ? 0 : 1;
}

/* --replay FILE: cases one per line ("EAX ... EDI ES CS SS DS FS GS FLAGS
 * CODEHEX", as the fuzz target's inputs decode), run in order on the same
 * machines (seed 1, as the fuzz target), the last one traced: a difference
 * that needs the cases before it. */
static int replay(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 2;
    static struct ls_case c;
    static char line[2 * LS_CODE_MAX + 256];
    char why[1024];
    struct ls *l = ls_new(1);
    unsigned long n = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        unsigned v[15];
        int used = 0;
        if (sscanf(line, "%x %x %x %x %x %x %x %x %x %x %x %x %x %x %x %n", &v[0], &v[1], &v[2],
                   &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11], &v[12],
                   &v[13], &v[14], &used) != 15)
            break;
        memset(&c, 0, sizeof c);
        for (unsigned i = 0; i < 8; i++)
            c.r[i] = v[i];
        for (unsigned i = 0; i < 6; i++)
            c.sel[i] = (uint16_t)v[8 + i];
        c.flags = (uint16_t)v[14];
        for (const char *h = line + used; h[0] && h[1] && c.ncode < LS_CODE_MAX; h += 2) {
            unsigned b;
            if (sscanf(h, "%2x", &b) != 1)
                break;
            c.code[c.ncode++] = (uint8_t)b;
        }
        c.ip = 0x100;
        c.steps = 48;
        c.how = LS_BLOCK;
        int next = fgetc(f);
        c.trace = c.memory_each_step = next == EOF;
        if (next != EOF)
            ungetc(next, f);
        ok = ls_run(l, &c, why, sizeof why);
        n++;
    }
    fclose(f);
    struct ls_totals t;
    ls_counts(l, &t);
    fprintf(stderr, "%lu cases: %s", n, ok ? "no difference" : why);
    if (t.unjudged)
        fprintf(stderr, " (%llu unjudged: a difference after the case wrote a banned instruction)",
                (unsigned long long)t.unjudged);
    fprintf(stderr, "\n");
    ls_free(l);
    return ok ? 0 : 1;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

struct opts {
    double seconds;
    unsigned long cases;
    uint64_t seed;
    unsigned long chunk;
    unsigned long from;         /* the first case (a chunk's start, to rerun one) */
    bool progress;
};

/* A case that runs this long has hung: Unicorn 2.0.1 can loop inside one
 * translation block on random code (the block hook, and so --timeout, is
 * never reached). */
#define CASE_WATCHDOG_S 10
#define EXIT_HUNG 3
static const struct ls_case *g_current;

static void on_watchdog(int sig)
{
    (void)sig;
    static const char msg[] = "lockstep: a case hung (no block boundary for 10 s)\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(EXIT_HUNG);
    if (g_current)
        dump(g_current);
    _exit(EXIT_HUNG);
}

/* One chunk of cases on fresh machines (in a child process): exit 0, 1 on
 * a difference, EXIT_HUNG when a case hangs; the totals go up the pipe. */
static int run_chunk(const struct opts *o, const struct corpus *cp, unsigned long first,
                     unsigned long n, double deadline, int fd, bool alone)
{
    uint64_t seed = o->seed * 0x9E3779B97F4A7C15ull + first;
    struct ls *l = ls_new(seed);
    if (alone)
        ls_reference_only(l);
    uint64_t rng = seed | 1;
    static struct ls_case c;
    char why[1024];
    unsigned long done = 0;
    signal(SIGALRM, on_watchdog);
    g_current = &c;
    /* LOCKSTEP_TRACE=N traces case N in its chunk, after the cases before it. */
    const char *env = getenv("LOCKSTEP_TRACE");
    long trace_case = env ? strtol(env, NULL, 0) : -1;
    for (; done < n && (!deadline || now() < deadline); done++) {
        if (cp->n && done % 2)
            corpus_case(&rng, cp, &c);
        else
            ls_random_case(&rng, &c);
        c.trace = c.memory_each_step = trace_case >= 0 && (unsigned long)trace_case == first + done;
        alarm(CASE_WATCHDOG_S);
        bool same = ls_run(l, &c, why, sizeof why);
        alarm(0);
        if (!same) {
            fprintf(stderr, "lockstep: difference in case %lu (seed %llu, chunk at %lu): %s\n",
                    first + done, (unsigned long long)o->seed, first, why);
            dump(&c);
            ls_free(l);
            l = ls_new(seed);
            c.trace = c.memory_each_step = true;
            ls_run(l, &c, why, sizeof why);
            fprintf(stderr, "rerun on fresh machines: %s\n", why[0] ? why : "no difference");
            return 1;
        }
    }
    struct ls_totals t;
    ls_counts(l, &t);
    if (write(fd, &t, sizeof t) != sizeof t)
        return 2;
    ls_free(l);
    return 0;
}

/* Run a chunk in a child; returns its exit status, or 128 + the signal
 * that killed it. */
static int chunk_child(const struct opts *o, const struct corpus *cp, unsigned long first,
                       unsigned long n, double deadline, struct ls_totals *t, bool alone)
{
    int fds[2];
    if (pipe(fds))
        return 2;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        _exit(run_chunk(o, cp, first, n, deadline, fds[1], alone));
    }
    close(fds[1]);
    memset(t, 0, sizeof *t);
    ssize_t got = read(fds[0], t, sizeof *t);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    if (got != (ssize_t)sizeof *t && WEXITSTATUS(status) == 0)
        return 2;
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    struct opts o = {.seed = 1, .chunk = DEFAULT_CHUNK};
    static struct corpus cp;
    const char *code = NULL, *regs = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
            o.seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--cases") && i + 1 < argc)
            o.cases = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            o.seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--chunk") && i + 1 < argc)
            o.chunk = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--from") && i + 1 < argc)
            o.from = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--progress"))
            o.progress = true;
        else if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
            add_corpus(&cp, argv[++i]);
        else if (!strcmp(argv[i], "--code") && i + 1 < argc)
            code = argv[++i];
        else if (!strcmp(argv[i], "--regs") && i + 1 < argc)
            regs = argv[++i];
        else if (!strcmp(argv[i], "--replay") && i + 1 < argc)
            return replay(argv[++i]);
        else {
            fprintf(stderr, "usage: lockstep [--seconds S] [--cases N] [--seed N] [--chunk N] "
                            "[--from N] [--progress] [--corpus FILE]... | --code HEX [--regs R] | "
                            "--replay FILE\n");
            return 2;
        }
    }
    if (code)
        return one_case(o.seed, code, regs);
    if (!o.seconds && !o.cases)
        o.cases = DEFAULT_CASES;
    if (!o.chunk)
        o.chunk = DEFAULT_CHUNK;
    double start = now(), deadline = o.seconds ? start + o.seconds : 0;
    struct ls_totals sum = {0};
    unsigned long done = o.from, crashes = 0;
    o.cases = o.cases ? o.cases + o.from : 0;
    while ((!o.cases || done < o.cases) && (!deadline || now() < deadline)) {
        unsigned long n = o.cases ? MIN(o.chunk, o.cases - done) : o.chunk;
        struct ls_totals t;
        int rc = chunk_child(&o, &cp, done, n, deadline, &t, false);
        if (rc > 128 || rc == EXIT_HUNG) {
            /* Killed or hung: is it Unicorn alone on this code, or the tiers? */
            int alone = chunk_child(&o, &cp, done, n, 0, &t, true);
            bool same = alone == rc || (alone > 128 && rc > 128);
            fprintf(stderr, "lockstep: the chunk of cases from %lu (seed %llu) %s; Unicorn alone "
                            "on it: %s\n", done, (unsigned long long)o.seed,
                    rc == EXIT_HUNG ? "hung" : "died of a signal",
                    same ? "the same (the engine's own, not a difference)" : "runs");
            if (!same)
                rc = 1;
            else
                crashes++;
            done += n;
            if (rc == 1) {
                printf("%lu passed, 1 failed\n", done);
                return 1;
            }
            continue;
        }
        if (rc != 0) {
            printf("%lu passed, 1 failed\n", done);
            return 1;
        }
        sum.cases += t.cases;
        sum.steps += t.steps;
        sum.faults += t.faults;
        sum.rebuilds += t.rebuilds;
        sum.blocks += t.blocks;
        sum.unjudged += t.unjudged;
        done += t.cases;
        if (o.progress) {
            printf("# %lu cases, %.0f s\n", done, now() - start);
            fflush(stdout);
        }
    }
    printf("# %llu cases (%llu ended in a fault, %llu machine rebuilds, %lu chunks "
           "lost to an engine crash or hang, %llu differences after the case wrote a "
           "banned instruction), %llu blocks compared, %llu blocks run, %.1f s\n",
           (unsigned long long)sum.cases, (unsigned long long)sum.faults,
           (unsigned long long)sum.rebuilds, crashes, (unsigned long long)sum.unjudged,
           (unsigned long long)sum.steps,
           (unsigned long long)sum.blocks, now() - start);
    printf("%llu passed, 0 failed\n", (unsigned long long)sum.cases);
    return 0;
}
