/* The command line of unidos beyond its option tables: the texts that
 * --help and the manual page share, --version, and the manual page and
 * shell completions generated from the tables (--generate). */
#ifndef UNIDOS_APP_APP_H
#define UNIDOS_APP_APP_H

#include <stddef.h>
#include <stdio.h>

#include "base/cli.h"

/* A term and its explanation (an exit status, a variable, a file). */
struct app_term {
    const char *term, *text;
};

/* A section of the manual page: paragraphs separated by "\n\n", or terms. */
struct app_section {
    const char *title; /* "EXIT STATUS" */
    const char *text;
    const struct app_term *terms;
    size_t nterms;
};

struct app_doc {
    const char *summary;         /* "run DOS programs on a modern machine" */
    const char *const *synopsis; /* "[options] [PROGRAM [ARGS...]]" */
    size_t nsynopsis;
    const char *description;
    const struct app_section *before; /* sections before the options */
    size_t nbefore;
    const struct app_section *after; /* and after them (exit status first) */
    size_t nafter;
};

/* The texts (usage.c). */
const struct app_doc *app_doc(void);

/* Print text wrapped at width from column indent (the first line starts
 * at column first, already written). Paragraphs ("\n\n") stay apart. */
void app_wrap(FILE *f, const char *text, int first, int indent, int width);

/* --help: usage, description, the tables of c, exit status. */
void app_help(const struct cli *c, FILE *f);

/* --version: unidos' version and commit, the Unicorn and SDL it runs with. */
void app_version(FILE *f);

/* --generate WHAT for the command line c (with the tables of `unidos
 * test` in test): "man" (roff), "complete-bash", "complete-zsh". */
void app_man(const struct cli *c, const struct cli_table *test, FILE *f);
void app_complete_bash(const struct cli *c, const struct cli_table *test, FILE *f);
void app_complete_zsh(const struct cli *c, const struct cli_table *test, FILE *f);

#endif
