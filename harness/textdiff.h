/* Unified diffs of two texts, for golden-file failures. */
#ifndef UNIDOS_HARNESS_TEXTDIFF_H
#define UNIDOS_HARNESS_TEXTDIFF_H

#include <stddef.h>

/* A unified diff ("--- a_name", "+++ b_name", hunks with 3 lines of
 * context) from a to b, at most max_lines lines (then "..."). The result is
 * malloc'd; "" when the texts are equal. The edit script is a shortest
 * one (Myers) unless the texts differ nearly everywhere, where a longer one
 * is taken to keep the time near linear. */
char *text_diff(const char *a, size_t an, const char *b, size_t bn, const char *a_name,
                const char *b_name, size_t max_lines);

#endif
