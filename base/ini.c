/* INI files: libinih splits KEY = VALUE lines; the reader in front of it
 * counts lines, hands raw sections on, and reports lines inih would only
 * count as errors, so every message can name its line. */
#include "base/ini.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"

#define SECTION_MAX 128
static const char k_bom[] = "\xEF\xBB\xBF";

struct reader {
    FILE *f;
    const struct ini_sink *sink;
    unsigned line;
    bool raw; /* inside a raw section */
    char section[SECTION_MAX];
    char buf[INI_LINE_MAX + 2];
};

static bool is_raw(const struct ini_sink *s, const char *name)
{
    for (const char *const *r = s->raw_sections; r && *r; r++)
        if (!strcasecmp(*r, name))
            return true;
    return false;
}

/* The next line from the file, without its line end; NULL at the end. A
 * line longer than the buffer is cut, and said to be too long. */
static char *next_line(struct reader *rd, bool *too_long)
{
    if (!fgets(rd->buf, sizeof rd->buf, rd->f))
        return NULL;
    size_t n = strlen(rd->buf);
    *too_long = n == sizeof rd->buf - 1 && rd->buf[n - 1] != '\n';
    for (int c = 0; *too_long && c != '\n' && c != EOF;)
        c = fgetc(rd->f);
    while (n && (rd->buf[n - 1] == '\n' || rd->buf[n - 1] == '\r'))
        rd->buf[--n] = 0;
    rd->line++;
    if (rd->line == 1 && !strncmp(rd->buf, k_bom, strlen(k_bom)))
        memmove(rd->buf, rd->buf + strlen(k_bom), n - strlen(k_bom) + 1);
    return rd->buf;
}

/* "[name]": the section starts; false when the bracket is not closed. */
static bool header(struct reader *rd, const char *t)
{
    const char *end = strchr(t, ']');
    if (!end)
        return false;
    size_t n = MIN((size_t)(end - t - 1), sizeof rd->section - 1);
    memcpy(rd->section, t + 1, n);
    rd->section[n] = 0;
    rd->raw = is_raw(rd->sink, rd->section);
    if (rd->sink->section)
        rd->sink->section(rd->sink->ctx, rd->section, rd->line);
    return true;
}

static void error(struct reader *rd, const char *why)
{
    rd->sink->error(rd->sink->ctx, why, rd->line);
}

/* What inih gets for one line of the file: the line without its leading
 * blanks (so that no line continues the one before), or an empty line for
 * what is handled here. */
static const char *for_inih(struct reader *rd, const char *text, bool too_long, int cap)
{
    const char *t = text + strspn(text, " \t");
    if (*t == '[' && !header(rd, t)) {
        error(rd, "a section header without its ']'");
        return "";
    }
    if (*t == '[')
        return t;
    if (rd->raw) {
        if (too_long)
            error(rd, "the line is too long");
        else
            rd->sink->raw(rd->sink->ctx, rd->section, text, rd->line);
        return "";
    }
    if (!*t || *t == ';' || *t == '#')
        return "";
    if (too_long || (int)strlen(t) + 2 > cap) {
        error(rd, "the line is too long");
        return "";
    }
    if (!strchr(t, '=')) {
        error(rd, "expected KEY = VALUE, or a [SECTION]");
        return "";
    }
    return t;
}

static char *reader(char *str, int num, void *stream)
{
    struct reader *rd = stream;
    bool too_long;
    const char *text = next_line(rd, &too_long);
    if (!text)
        return NULL;
    const char *t = for_inih(rd, text, too_long, num);
    snprintf(str, (size_t)num, "%s\n", t);
    return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct reader *rd = user;
    rd->sink->value(rd->sink->ctx, section, name, value, rd->line);
    return 1;
}

/* Open path without waiting (a FIFO with no writer, a device) and
 * check its kind; a FIFO allowed is read blocking from then on. */
static FILE *open_config(const char *path, bool fifo_ok, int *e)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0)
        *e = errno;
    else if (S_ISDIR(st.st_mode))
        *e = EISDIR;
    else if (!S_ISREG(st.st_mode) && !(fifo_ok && S_ISFIFO(st.st_mode)))
        *e = EINVAL;
    else if (S_ISFIFO(st.st_mode) && fcntl(fd, F_SETFL, O_RDONLY) < 0)
        *e = errno;
    FILE *f = *e ? NULL : fdopen(fd, "r");
    if (!f && !*e)
        *e = errno;
    if (!f && fd >= 0)
        close(fd);
    return f;
}

int ini_read(const char *path, const struct ini_sink *sink, bool fifo_ok)
{
    struct reader *rd = xcalloc(1, sizeof *rd);
    rd->sink = sink;
    int e = 0;
    rd->f = open_config(path, fifo_ok, &e);
    if (e) {
        if (rd->f)
            fclose(rd->f);
        free(rd);
        return -e;
    }
    ini_parse_stream(reader, rd, handler, rd);
    int rc = ferror(rd->f) ? -EIO : 0;
    fclose(rd->f);
    free(rd);
    return rc;
}
