/* Test scripts (.uds): one statement per line, parsed up front so that a
 * mistake is reported (file:line) before anything runs.
 *
 *   # a comment                     words: plain, '...' literal, "..." with
 *   run PROGRAM [ARGS...]           \" \\ \$ escapes; ${NAME} (environment)
 *   type TEXT | key NAME...         expands outside single quotes
 *   wait-text REGEX [rect=T,L,B,R] [timeout=30s] [wall=2m]
 *   wait-idle | wait-exit [STATUS] | wait TIME | stop
 *   expect-text REGEX | expect-no-text REGEX   [rect=...]
 *   expect-file PATH SHA256|golden[=NAME]
 *   screenshot FILE.png [ignore=X0,Y0,X1,Y1]... | screen-dump FILE.txt
 *   set-date DATE [TIME] | timeout VIRTUAL [WALL] | mount X=PATH[:ro][:lower]
 *   cd DIR | env NAME=VALUE | stdin FILE | option --OPT [VALUE]...
 *   replay FILE.log | require PATH... | swap X:  (the next image of drive X)
 */
#ifndef UNIDOS_HARNESS_SCRIPT_H
#define UNIDOS_HARNESS_SCRIPT_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/golden.h"
#include "harness/sha256.h"


/* Exit status of a script whose `require` is not met (automake's "skip"),
 * and of one whose checks failed. */
#define SCRIPT_EXIT_SKIP 77
#define SCRIPT_EXIT_FAILED 123

/* ORDER: k_keywords in harness/script.c */
enum st_kind {
    ST_RUN,
    ST_TYPE,
    ST_KEY,
    ST_WAIT_TEXT,
    ST_WAIT_IDLE,
    ST_WAIT_EXIT,
    ST_WAIT,
    ST_STOP,
    ST_EXPECT_TEXT,
    ST_EXPECT_NO_TEXT,
    ST_EXPECT_FILE,
    ST_SCREENSHOT,
    ST_SCREEN_DUMP,
    ST_SET_DATE,
    ST_TIMEOUT,
    ST_MOUNT,
    ST_CD,
    ST_ENV,
    ST_STDIN,
    ST_OPTION,
    ST_REPLAY,
    ST_REQUIRE,
    ST_SWAP,
    ST_NKINDS
};

/* A screen rectangle, rows and columns from 0, bounds included. */
struct st_rect {
    bool set;
    unsigned top, left, bottom, right;
};

struct stmt {
    enum st_kind kind;
    unsigned line;
    char **argv; /* words after the keyword, expanded */
    int argc;
    char *text; /* type: key-script text; wait-text/expect: the pattern */
    regex_t re; /* wait-text, expect-text, expect-no-text */
    bool has_re;
    struct st_rect rect;
    uint64_t timeout_ns, wall_ns; /* 0: the script's default */
    int status;                   /* wait-exit STATUS; -1: any */
    uint64_t duration_ns;         /* wait TIME */
    bool golden;                  /* expect-file ... golden */
    char *golden_name;            /* golden=NAME, or the last part of PATH */
    uint8_t sha256[SHA256_BYTES];
    struct golden_rect *ignore; /* screenshot: rectangles the golden comparison skips */
    size_t nignore;
    int64_t date;   /* set-date: seconds since 1970 as UTC */
    char *skip_why; /* require: what is missing (NULL: all there) */
};

struct script {
    char *path; /* as given */
    char *dir;  /* its directory: relative host paths start here */
    struct stmt *st;
    size_t n;
};

/* Parse the script file at path. On error returns NULL after printing
 * "FILE:LINE: message" on stderr. */
struct script *script_load(const char *path);
/* Parse text as if read from name (for scripts built from options). */
struct script *script_parse(const char *name, const char *text);
void script_free(struct script *s);

/* Keyword of a statement kind ("wait-text"). */
const char *script_keyword(enum st_kind k);

/* Resolve a relative host path against the script's directory into out. */
void script_path(const struct script *s, const char *path, char *out, size_t cap);

#endif
