/* Host file helpers for scripts and the test runner. All return 0 or -errno. */
#ifndef UNIDOS_HARNESS_FILES_H
#define UNIDOS_HARNESS_FILES_H

#include <stdbool.h>
#include <stddef.h>

/* The whole file, malloc'd and NUL-terminated (n excludes the NUL). */
int files_read(const char *path, char **out, size_t *n);
int files_write(const char *path, const void *data, size_t n);
int files_copy(const char *from, const char *to);
/* mkdir -p */
int files_mkdirs(const char *path);
/* rm -rf (does not follow symbolic links). */
int files_remove_tree(const char *path);
/* Copy directory from into to (created), recursively; entries named skip
 * (in from itself only) are left out. Symbolic links are copied as what
 * they point to. */
int files_copy_tree(const char *from, const char *to, const char *skip);
bool files_is_dir(const char *path);
/* path as it is, or with its last part matched case-insensitively (DOS
 * programs write names in any case). False when neither exists. */
bool files_find_nocase(const char *path, char *out, size_t cap);
bool files_exists(const char *path);

#endif
