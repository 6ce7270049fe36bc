/* Command-line options from tables: each entry names one option, its value,
 * its help and the function that stores it. Parsing, --help and the error
 * messages are generated from the tables, so no option exists without
 * help; manual pages and configuration keys can be generated the same way. */
#ifndef UNIDOS_BASE_CLI_H
#define UNIDOS_BASE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/common.h"

/* What a setter returns. */
enum cli_set {
    CLI_SET_OK = 0,
    CLI_SET_INVALID = -1, /* the value is not valid: "invalid WHAT: 'VALUE'" */
    CLI_SET_STOP = 1,     /* stop parsing now (--help, --version) */
};

/* The longest --timeout and the like: ~31 years, so that nanoseconds and
 * the interval timer hold it (inf, 1e300 and 9e18 are refused). */
#define CLI_SECONDS_MAX 1e9

/* A number of seconds > 0 and <= CLI_SECONDS_MAX (no inf or nan). */
bool cli_seconds(const char *v, double *out);
/* A decimal count from 1 to max (no sign, no overflow). */
bool cli_count(const char *v, uint64_t max, uint64_t *out);

/* Flags of an option. */
enum {
    CLI_CMDLINE_ONLY = 1u << 0, /* not in a script's `option` line or a configuration file */
    CLI_REPEAT = 1u << 1,       /* may be given again: each adds a value (-m, -c, -e) */
};
/* What --help and the manual page add to a CLI_REPEAT option's help. */
#define CLI_REPEAT_NOTE " (repeatable)"
#define CLI_HELP_MAX 4096 /* the longest help text of an option, with the note */

/* What a value is, for completion and for paths in configuration files
 * (relative to the file's directory). */
enum cli_kind {
    CLI_TEXT,  /* anything (a number, a DOS path, a key script) */
    CLI_FILE,  /* a host file */
    CLI_DIR,   /* a host directory */
    CLI_MOUNT, /* X=PATH[:suffixes]: a drive letter and a host path */
};

struct cli_option {
    char short_name;  /* 'c' for -c; 0: none */
    const char *name; /* "command" for --command */
    const char *arg;  /* the value's name in --help ("CMD"); NULL: a flag */
    const char *help; /* one paragraph, wrapped when printed */
    const char *what; /* a bad value's name: "timeout (expected seconds > 0)" */
    /* Store value (NULL for a flag) into ctx. */
    enum cli_set (*set)(void *ctx, const char *value);
    unsigned flags; /* CLI_* */
    enum cli_kind kind;
    const char *const *values; /* the names it accepts (NULL entries skipped), or NULL */
    size_t nvalues;
    const char *def; /* the default, as a value ("p2"); NULL: none or a flag */
};

/* The options of one owner, all stored into the same ctx. */
struct cli_table {
    const char *heading; /* printed above them in --help ("options:"), or NULL */
    const struct cli_option *opts;
    size_t n;
    void *ctx;
};

/* A command line: its name for messages and its tables, searched in order. */
struct cli {
    const char *prog; /* "unidos", "unidos test" */
    const struct cli_table *tables;
    size_t ntables;
    unsigned exclude; /* options with one of these flags count as unknown */
};

/* Setters for the common kinds of value, on a ctx of type T: a name (a
 * non-empty string, kept as given) into field, a flag setting field, and
 * an enum field from the names of its values (designated: [VALUE] = "name").
 * Each defines set_FIELD; the enum one also k_FIELD_values, which an
 * option's entry names with CLI_VALUES(FIELD). */
#define CLI_SETTER_NAME(T, field)                                                              \
    static enum cli_set set_##field(void *ctx, const char *v)                                  \
    {                                                                                          \
        T *t_ = ctx;                                                                           \
        t_->field = v;                                                                         \
        return *v ? CLI_SET_OK : CLI_SET_INVALID;                                              \
    }
#define CLI_SETTER_FLAG(T, field)                                                              \
    static enum cli_set set_##field(void *ctx, const char *v)                                  \
    {                                                                                          \
        T *t_ = ctx;                                                                           \
        (void)v;                                                                               \
        t_->field = true;                                                                      \
        return CLI_SET_OK;                                                                     \
    }
#define CLI_SETTER_ENUM(T, field, type, ...)                                                   \
    static const char *const k_##field##_values[] = {__VA_ARGS__};                             \
    static enum cli_set set_##field(void *ctx, const char *v)                                  \
    {                                                                                          \
        T *t_ = ctx;                                                                           \
        int i_ = cli_name_index(k_##field##_values, ARRAY_LEN(k_##field##_values), v);         \
        if (i_ >= 0)                                                                           \
            t_->field = (type)i_;                                                              \
        return i_ >= 0 ? CLI_SET_OK : CLI_SET_INVALID;                                         \
    }
#define CLI_VALUES(field) .values = k_##field##_values, .nvalues = ARRAY_LEN(k_##field##_values)

/* The index of s in names[0..n) (NULL entries never match), or -1. */
int cli_name_index(const char *const *names, size_t n, const char *s);

/* Parse the options at argv[*i] on ("-c V", "--name V", "--name=V", flags),
 * up to the first argument that is not an option or past "--"; *i is left
 * at the first argument not taken. Returns 0, 1 when a setter stopped the
 * parse (argv[*i] was that option), or -1 after a message on stderr. */
int cli_parse(const struct cli *c, int argc, char **argv, int *i);

/* Like cli_parse, but each option found goes to take(tctx, option, its
 * table's ctx, value) instead of its setter; take returns what a setter
 * would (it may call the setter through cli_set). */
typedef enum cli_set cli_take_fn(void *tctx, const struct cli_option *o, void *ctx,
                                 const char *value);
int cli_parse_with(const struct cli *c, int argc, char **argv, int *i, cli_take_fn *take,
                   void *tctx);

/* Give value to option o (stored into ctx) as the parser does, with the
 * same messages on stderr; where ("game.conf:12") is put before them
 * when not NULL. Returns what the setter returned. */
enum cli_set cli_set(const struct cli *c, const struct cli_option *o, void *ctx,
                     const char *value, const char *where);

/* The long option name (not excluded by c->exclude), or NULL; *ctx is
 * set to its table's ctx. */
const struct cli_option *cli_find(const struct cli *c, const char *name, void **ctx);

/* In a setter: refuse the value saying why ("Z: is the built-in drive"),
 * instead of "invalid WHAT: 'VALUE'". Returns CLI_SET_INVALID. */
enum cli_set cli_refuse(const char *why);

/* Print "PROG: <message>" and the pointer to --help on stderr. */
void cli_usage(const struct cli *c, const char *fmt, ...) PRINTF_FMT(2, 3);

/* Print every table's help: its heading, then one entry per option, the
 * text wrapped beside the names. */
void cli_help(const struct cli *c, FILE *f);

#endif
