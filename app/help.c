/* --help and --version. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cpu/cpu.h"
#include "ui/sdl_version.h"

#ifndef UNIDOS_VERSION
#define UNIDOS_VERSION "0.1.0"
#endif

#define HELP_WIDTH 79
#define TERM_INDENT 2
#define TERM_COLUMN 9 /* where an exit status' text starts */
#define VERSION_PART_MAX 64

/* The length of the word at p (up to a blank or a line end). */
static size_t word_len(const char *p)
{
    return strcspn(p, " \n");
}

void app_wrap(FILE *f, const char *text, int first, int indent, int width)
{
    int col = first;
    bool line_start = true; /* no word on this line yet */
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            fputc('\n', f);
            col = 0;
            line_start = true;
            p++;
            continue;
        }
        size_t w = word_len(p);
        if (!line_start && col + 1 + (int)w > width) {
            fputc('\n', f);
            col = 0;
            line_start = true;
        }
        if (line_start && col < indent)
            col += fprintf(f, "%*s", indent - col, "");
        else if (!line_start || col > indent)
            col += fprintf(f, " ");
        fwrite(p, 1, w, f);
        col += (int)w;
        line_start = false;
        p += w;
        p += strspn(p, " ");
    }
    fputc('\n', f);
}

void app_help(const struct cli *c, FILE *f)
{
    const struct app_doc *d = app_doc();
    for (size_t i = 0; i < d->nsynopsis; i++)
        fprintf(f, "%s %s%s\n", i ? "      " : "usage:", "unidos ", d->synopsis[i]);
    fputc('\n', f);
    app_wrap(f, d->description, 0, 0, HELP_WIDTH);
    fputc('\n', f);
    cli_help(c, f);
    fprintf(f, "\nexit status:\n");
    const struct app_section *st = &d->after[0];
    for (size_t i = 0; i < st->nterms; i++) {
        int col = fprintf(f, "%*s%-*s", TERM_INDENT, "", TERM_COLUMN - TERM_INDENT - 1,
                          st->terms[i].term);
        app_wrap(f, st->terms[i].text, col, TERM_COLUMN, HELP_WIDTH);
    }
    fprintf(f, "\nConfiguration files (unidos.conf, DOSBox configurations) and MOUNT at the "
               "DOS\nprompt: man unidos, CONFIGURATION; unidos test --help for the test "
               "runner.\n");
}

/* "0.1.0-65-g9491a71-dirty": the release, the commits after it and the
 * commit, and whether the tree had changes (git describe --tags). */
static void describe(FILE *f, const char *version)
{
    char release[VERSION_PART_MAX], rest[VERSION_PART_MAX] = "", hash[VERSION_PART_MAX];
    unsigned after;
    bool dirty = strstr(version, "-dirty") != NULL;
    int n = sscanf(version, "%63[^-]-%63s", release, rest);
    if (n == 2 && sscanf(rest, "%u-g%63[0-9a-f]", &after, hash) == 2)
        fprintf(f, "commit %s, %u commit%s after release %s%s\n", hash, after,
                after == 1 ? "" : "s", release, dirty ? ", with uncommitted changes" : "");
    else if (dirty)
        fprintf(f, "release %s, with uncommitted changes\n", release);
}

void app_version(FILE *f)
{
    char v[VERSION_PART_MAX];
    fprintf(f, "unidos %s\n", UNIDOS_VERSION);
    describe(f, UNIDOS_VERSION);
    cpu_engine_version(v, sizeof v);
    fprintf(f, "Unicorn %s\n", v);
    if (ui_sdl_version(v, sizeof v))
        fprintf(f, "SDL %s\n", v);
    else
        fprintf(f, "SDL: not available (%s): no window and no sound\n", v);
}
