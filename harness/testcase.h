/* One case of `unidos test` (harness/testrun.h): found on disk, prepared, run
 * as a `unidos --script` child, judged.
 *
 * A case is a directory NAME/ holding NAME.uds: its drive C: is a copy of
 * the directory without NAME/expected/, where its golden files live. Or a
 * file NAME.uds anywhere else: an empty drive C:, golden files beside it.
 * Either way its standard output must equal the golden NAME.stdout. */
#ifndef UNIDOS_HARNESS_TESTCASE_H
#define UNIDOS_HARNESS_TESTCASE_H

#include <stdbool.h>
#include <stddef.h>

struct tcase {
    char *id;     /* shown in TAP: "examples/msc-hello" */
    char *suite;  /* the command-line argument it came from */
    char *script; /* the .uds as found */
    char *dir;    /* a directory case: its directory; else NULL */
    char *golden; /* where its golden files are */
    char *name;   /* the script's name without .uds */
    char *out;    /* its output directory */
    /* the run */
    int pid;
    double secs;
    int status; /* exit status of the child; -1: killed (time limit) */
    bool done;
    enum { TC_PASS, TC_FAIL, TC_SKIP } verdict;
    char *report; /* FAIL/|/UPDATED/SKIP lines (harness/report.h) */
    char *log;    /* the child's stderr (what unidos said) */
};

struct tcase_list {
    struct tcase **v;
    size_t n;
};

/* Add the cases at arg (a case directory, a directory of cases searched
 * recursively in name order, or a .uds file). Returns 0 or -errno. */
int tcase_find(struct tcase_list *l, const char *arg);
void tcase_free(struct tcase *c);

/* Make the output directory OUT/ID (emptied) and the drive C: in it. */
int tcase_prepare(struct tcase *c, const char *out_root);
/* The child's command line (NULL-terminated, malloc'd strings). */
char **tcase_argv(const struct tcase *c, const char *self, bool update);
/* A file in the output directory (what = NULL: the drive C:). malloc'd. */
char *tcase_path(const struct tcase *c, const char *what);
/* After the child ended (c->status set): read its report and stderr,
 * compare standard output with NAME.stdout, decide the verdict. */
void tcase_judge(struct tcase *c, bool update);

#endif
