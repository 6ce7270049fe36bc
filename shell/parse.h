/* Command-line syntax of the shell as pure functions over strings: pipes
 * and redirections, command names, arguments, batch parameter expansion
 * and FOR. No DOS state here, so every rule has a unit test. */
#ifndef UNIDOS_SHELL_PARSE_H
#define UNIDOS_SHELL_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#define SH_LINE_MAX 512 /* a command line after expansion */
#define SH_PIPE_MAX 16  /* commands in one pipeline */
#define SH_NAME_MAX 128 /* a command name or path */

/* One command of a pipeline, without its redirections. */
struct sh_stage {
    char *cmd;      /* the command and its arguments (owned) */
    char *in, *out; /* "< file", "> file" targets (owned), or NULL */
    bool append;    /* ">>" */
};

struct sh_pipeline {
    struct sh_stage st[SH_PIPE_MAX];
    unsigned n;
};

/* Split line into pipeline stages at '|' and take out each stage's
 * redirections ("<", ">", ">>" and a file name, anywhere in the stage;
 * the last one of a kind wins). Quoted text ("...") is left alone. An
 * empty line gives n = 0. On a syntax error (an empty stage, a
 * redirection without a file) returns -1 and leaves pl empty. */
int sh_parse_pipeline(const char *line, struct sh_pipeline *pl);
void sh_pipeline_free(struct sh_pipeline *pl);

/* The command name of cmd as COMMAND.COM reads it: leading blanks and
 * separators skipped, then up to a blank or one of ,;=+/"<>|. Returns the
 * offset where the command's tail starts; name gets the word (empty when
 * there is none). */
size_t sh_command_word(const char *cmd, char *name, size_t cap);

/* When word starts with the internal command name iname (any case) and
 * goes on only with characters no file name may hold ('.', '\', ':', '[',
 * ']') or ends, return how many characters of word the name takes (so
 * "ECHO." is ECHO with tail ".", "CD\" is CD with tail "\"); else 0. */
size_t sh_internal_prefix(const char *word, const char *iname);

/* Next argument of p: blanks and the separators ,;= skipped, then up to
 * the next blank or separator; "..." is one piece with its quotes. Moves
 * *p past it. Returns false at the end. */
bool sh_next_arg(const char **p, char *out, size_t cap);

/* Next blank-separated word of *p, for commands that take host paths
 * (MOUNT): "..." groups blanks and its quotes are dropped; nothing else
 * separates. Moves *p past it; false at the end. */
bool sh_next_word(const char **p, char *out, size_t cap);

/* Cut switches ("/X", also glued to a word as in "*.TXT/W") out of args:
 * each switch letter (upper case) goes to sw (with its value after ':'
 * when vals is given), the rest stays in args. Returns the number. */
#define SH_SWITCH_MAX 16
struct sh_switch {
    char letter;
    char value[32]; /* "/A:H" -> "H", "/O-N" -> "-N" */
};
size_t sh_take_switches(char *args, struct sh_switch *sw, size_t max);

/* Batch parameters and variables in line: %0-%9 (args[shift + n]), %%
 * (one %), %NAME% (getenv; unknown or unterminated: nothing). Writes at
 * most cap - 1 characters. */
typedef bool sh_getenv_fn(void *ctx, const char *name, char *out, size_t cap);
void sh_expand_batch(const char *line, char *const *args, int nargs, int shift,
                     sh_getenv_fn *getenv_fn, void *ctx, char *out, size_t cap);

/* FOR %V IN (set) DO command (the tail after "FOR"): var gets the letter,
 * set the text between the parentheses, cmd where the command starts.
 * pct is the number of '%' before the letter (2 in batch files, 1 at the
 * prompt; both are accepted). Returns -1 on a syntax error. */
struct sh_for_syntax {
    char var;
    const char *set;
    size_t set_len;
    const char *cmd;
};
int sh_parse_for(const char *tail, struct sh_for_syntax *f);

/* Replace every %V in cmd by value. */
void sh_for_subst(const char *cmd, char var, const char *value, char *out, size_t cap);

/* True when the line is blank (spaces, tabs, nothing). */
bool sh_blank(const char *s);

#endif
