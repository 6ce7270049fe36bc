/* The lockstep tool (docs/tiers.md): random and corpus instruction streams
 * run in Unicorn, in the interpreter and with the tier flipping at random,
 * compared after every block or instruction.
 * Usage: lockstep [--seconds S] [--cases N] [--seed N] [--corpus FILE]...
 * Stops at the first difference (exit 1, the case printed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/lockstep/ls.h"

#define MAX_CORPUS 64
#define CORPUS_MAX_BYTES (1u << 20)
#define DEFAULT_CASES 1000u

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
    c.steps = 16;
    c.how = LS_BLOCK;
    c.trace = c.memory_each_step = true;
    struct ls *l = ls_new(seed);
    bool ok = ls_run(l, &c, why, sizeof why);
    fprintf(stderr, "%s\n", ok ? "no difference" : why);
    ls_free(l);
    return ok ? 0 : 1;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    double seconds = 0;
    unsigned long cases = 0;
    uint64_t seed = 1;
    static struct corpus cp;
    const char *code = NULL, *regs = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--cases") && i + 1 < argc)
            cases = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
            add_corpus(&cp, argv[++i]);
        else if (!strcmp(argv[i], "--code") && i + 1 < argc)
            code = argv[++i];
        else if (!strcmp(argv[i], "--regs") && i + 1 < argc)
            regs = argv[++i];
        else {
            fprintf(stderr, "usage: lockstep [--seconds S] [--cases N] [--seed N] [--corpus FILE]...\n");
            return 2;
        }
    }
    if (code)
        return one_case(seed, code, regs);
    if (!seconds && !cases)
        cases = DEFAULT_CASES;
    struct ls *l = ls_new(seed);
    uint64_t rng = seed * 0x9E3779B97F4A7C15ull | 1;
    double start = now();
    static struct ls_case c;
    char why[1024];
    unsigned long done = 0;
    for (; (!cases || done < cases) && (!seconds || now() - start < seconds); done++) {
        if (cp.n && done % 2)
            corpus_case(&rng, &cp, &c);
        else
            ls_random_case(&rng, &c);
        if (getenv("LS_PROGRESS"))
            fprintf(stderr, "case %lu\n", done);
        if (getenv("LS_DUMP"))
            dump(&c);
        if (getenv("LS_FROM") && done < strtoul(getenv("LS_FROM"), NULL, 0))
            continue;
        if (!ls_run(l, &c, why, sizeof why)) {
            fprintf(stderr, "lockstep: difference in case %lu (seed %llu): %s\n", done,
                    (unsigned long long)seed, why);
            dump(&c);
            /* again, on fresh machines, step by step */
            ls_free(l);
            l = ls_new(seed);
            c.trace = c.memory_each_step = true;
            ls_run(l, &c, why, sizeof why);
            fprintf(stderr, "rerun on fresh machines: %s\n", why[0] ? why : "no difference");
            printf("%lu passed, 1 failed\n", done);
            return 1;
        }
    }
    struct ls_totals t;
    ls_counts(l, &t);
    printf("# %llu cases (%llu ended in a fault, %llu rebuilds after an engine abort), %llu "
           "blocks compared, %llu blocks run, %.1f s\n",
           (unsigned long long)t.cases, (unsigned long long)t.faults,
           (unsigned long long)t.rebuilds, (unsigned long long)t.steps,
           (unsigned long long)t.blocks, now() - start);
    printf("%lu passed, 0 failed\n", done);
    ls_free(l);
    return 0;
}
