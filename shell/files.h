/* File-name helpers of the shell's commands: wildcard matches collected
 * from a directory search, directory prefixes, rename templates. */
#ifndef UNIDOS_SHELL_FILES_H
#define UNIDOS_SHELL_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/fs.h"

struct sh_session;

struct sh_names {
    struct fs_found *v;
    size_t n, cap;
};

/* Every entry that pattern matches with search attributes attr (RBIL INT
 * 21/AH=4Eh), in directory order. 0 (none found is not an error) or
 * -DOSERR_PATH_NOT_FOUND / -DOSERR_INVALID_DRIVE. */
int sh_files_collect(struct sh_session *s, const char *pattern, uint8_t attr,
                     struct sh_names *out);
void sh_names_free(struct sh_names *n);

/* The directory part of pattern (through its last '\', '/' or ':') and
 * name. */
void sh_files_join(const char *pattern, const char *name, char *out, size_t cap);

/* name with the wildcards of tmpl filled from it (REN, COPY): "*.BAK"
 * turns "A.TXT" into "A.BAK". */
void sh_files_template(const char *name, const char *tmpl, char out[FS_NAME83_MAX]);

/* True when the last part of pattern matches every name ("*.*"). */
bool sh_files_all(const char *pattern);

/* What a command argument means as a search: a directory (or "X:", or a
 * path ending in '\') means every file in it. */
void sh_files_pattern(struct sh_session *s, const char *arg, char *out, size_t cap);

#endif
