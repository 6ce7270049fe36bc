/* Results of a script's checks: on stderr for people, and (--report FILE)
 * as lines for `unidos test` to gather:
 *   FAIL <message>      a check failed
 *   | <text>            detail of the failure above (diff, screen)
 *   UPDATED <path>      --update wrote this golden file
 *   SKIP <why>          a `require` is not met: the case does not apply */
#ifndef UNIDOS_HARNESS_REPORT_H
#define UNIDOS_HARNESS_REPORT_H

#include <stdbool.h>

#include "base/common.h"

struct report;

/* path: the --report file (created), or NULL for stderr only. */
struct report *report_new(const char *path);
/* A report kept in memory in the --report format, nothing on stderr
 * (`unidos test` judging a case); report_text returns it so far. */
struct report *report_new_buffer(void);
const char *report_text(const struct report *r);
void report_free(struct report *r);

void report_fail(struct report *r, const char *fmt, ...) PRINTF_FMT(2, 3);
/* Lines of detail for the last failure (text may hold several lines). */
void report_detail(struct report *r, const char *text);
void report_updated(struct report *r, const char *path);
void report_skip(struct report *r, const char *why);
unsigned report_failures(const struct report *r);

#endif
