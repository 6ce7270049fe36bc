/* INI files through libinih: [sections], KEY = VALUE lines and comments
 * (; or # first on a line, " ;" after a value), with line numbers for
 * every callback, and raw sections ([autoexec]) whose lines are handed on
 * as they are (DOS commands are not KEY = VALUE lines). */
#ifndef UNIDOS_BASE_INI_H
#define UNIDOS_BASE_INI_H

#include <stdbool.h>
#include <stddef.h>

#define INI_LINE_MAX 1024 /* the longest line read */

struct ini_sink {
    /* A section header (the name without brackets). */
    void (*section)(void *ctx, const char *section, unsigned line);
    /* KEY = VALUE in section ("" before the first header). */
    void (*value)(void *ctx, const char *section, const char *key, const char *value,
                  unsigned line);
    /* A line of a raw section, without its line end (blank lines too). */
    void (*raw)(void *ctx, const char *section, const char *text, unsigned line);
    /* A line that is none of these, or too long: why says what is wrong. */
    void (*error)(void *ctx, const char *why, unsigned line);
    const char *const *raw_sections; /* NULL-terminated, matched in any case */
    void *ctx;
};

/* Read the file at path into sink, line by line. Returns 0, or -errno
 * when it cannot be opened or read. Only a regular file is read, or with
 * fifo_ok a FIFO too (`--conf <(...)`); anything else (a device, a
 * socket, a FIFO found by name) is -EINVAL, never waited on. */
int ini_read(const char *path, const struct ini_sink *sink, bool fifo_ok);

#endif
