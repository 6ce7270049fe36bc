/* The CPU test tool: runs single-instruction tests in the SingleStepTests v1
 * JSON format (initial registers and RAM, one instruction, expected final
 * registers and RAM) through cpu/, prints the pass rate per opcode and
 * checks every failure against a known-differences file.
 * Usage: cputest [-v] [-k KNOWN] [--cpu 486|pentium|p2|p3] [--tier jit|interp] PATH...
 * --tier interp steps the interpreter (cpu/interp*.c) instead of Unicorn.
 * PATH is a .json/.json.gz test file or a directory searched recursively;
 * a file whose root is an object is the per-opcode metadata (flags-mask of
 * undefined flags, as SingleStepTests' metadata.json / 8088.json). */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/common.h"
#include "cpu/cpu.h"
#include "tests/cputest/cputest.h"

#define MAX_FILES 4096
#define FILE_MAX_BYTES (256u << 20)

static char *g_files[MAX_FILES];
static size_t g_nfiles;

static int collect(const char *path, const struct stat *st, int kind, struct FTW *ftw)
{
    size_t n = strlen(path);
    UNUSED(st);
    UNUSED(ftw);
    bool json = (n > 5 && !strcmp(path + n - 5, ".json")) ||
                (n > 8 && !strcmp(path + n - 8, ".json.gz"));
    if (kind == FTW_F && json && g_nfiles < MAX_FILES)
        g_files[g_nfiles++] = strdup(path);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whole file, through zlib so .json.gz and plain .json read alike. */
static char *slurp(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    int got;
    while ((got = gzread(f, buf + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)got;
        if (n == cap && cap < FILE_MAX_BYTES) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    gzclose(f);
    *len = n;
    return buf;
}

/* The JSON document in path (cJSON), or NULL after a message. */
static cJSON *load(const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        fprintf(stderr, "cputest: %s: cannot read\n", path);
        return NULL;
    }
    cJSON *j = cJSON_ParseWithLength(text, len);
    if (!j) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= text && at <= text + len ? (size_t)(at - text) : len;
        fprintf(stderr, "cputest: %s: not valid JSON near byte %zu\n", path, off);
    }
    free(text);
    return j;
}

/* '{' for a metadata object, '[' for a test array: the first byte that
 * is not white space, read without parsing the whole file. */
static int first_char(const char *path)
{
    char buf[256];
    gzFile f = gzopen(path, "rb");
    int n = f ? gzread(f, buf, sizeof buf) : -1;
    if (f)
        gzclose(f);
    for (int i = 0; i < n; i++)
        if (!strchr(" \t\r\n", buf[i]))
            return buf[i];
    return -1;
}

NORETURN static void usage(void)
{
    fprintf(stderr, "usage: cputest [-v] [-k KNOWN_DIFFERENCES] [--cpu 486|pentium|p2|p3] "
                    "[--tier jit|interp] PATH...\n");
    exit(2);
}

static enum cpu_model parse_model(const char *s)
{
    static const struct {
        const char *name;
        enum cpu_model m;
    } k[] = {{"486", CPU_MODEL_486}, {"pentium", CPU_MODEL_PENTIUM},
             {"p2", CPU_MODEL_PENTIUM2}, {"p3", CPU_MODEL_PENTIUM3}};
    for (size_t i = 0; i < ARRAY_LEN(k); i++)
        if (!strcmp(s, k[i].name))
            return k[i].m;
    usage();
}

static enum cpu_tier parse_tier(const char *s)
{
    if (!strcmp(s, "interp"))
        return CPU_TIER_INTERP;
    if (strcmp(s, "jit"))
        usage();
    return CPU_TIER_JIT;
}

int main(int argc, char **argv)
{
    struct ct_run run = {.model = CPU_MODEL_DEFAULT, .tier = CPU_TIER_JIT};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-v"))
            run.verbose = true;
        else if (!strcmp(argv[i], "-k") && i + 1 < argc)
            run.known_path = argv[++i];
        else if (!strcmp(argv[i], "--cpu") && i + 1 < argc)
            run.model = parse_model(argv[++i]);
        else if (!strcmp(argv[i], "--tier") && i + 1 < argc)
            run.tier = parse_tier(argv[++i]);
        else
            usage();
    }
    if (i == argc)
        usage();
    for (; i < argc; i++)
        if (nftw(argv[i], collect, 16, FTW_PHYS) != 0) {
            fprintf(stderr, "cputest: %s: cannot read\n", argv[i]);
            return 2;
        }
    qsort(g_files, g_nfiles, sizeof g_files[0], cmp_str);
    cJSON *meta = NULL;
    for (size_t f = 0; f < g_nfiles && !meta; f++)
        if (first_char(g_files[f]) == '{' && !(meta = load(g_files[f])))
            return 2;
    run.meta = meta;
    if (ct_begin(&run) < 0)
        return 2;
    for (size_t f = 0; f < g_nfiles; f++) {
        if (first_char(g_files[f]) != '[')
            continue;
        cJSON *doc = load(g_files[f]);
        if (!doc)
            return 2;
        ct_run_file(&run, g_files[f], doc);
        cJSON_Delete(doc);
    }
    int rc = ct_finish(&run);
    for (size_t f = 0; f < g_nfiles; f++)
        free(g_files[f]);
    cJSON_Delete(meta);
    return rc;
}
