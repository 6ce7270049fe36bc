/* Golden files: compare what a run produced with what it should produce,
 * and explain a difference: a unified diff for text, a difference image
 * for PNG screenshots (pixels, not bytes: PNG encoders differ), the first
 * differing sample for WAV recordings, the first differing byte otherwise.
 * In update mode the produced file becomes the golden one instead. */
#ifndef UNIDOS_HARNESS_GOLDEN_H
#define UNIDOS_HARNESS_GOLDEN_H

#include <stdbool.h>

#include "harness/report.h"

/* where prefixes messages ("login.uds:12: screenshot menu.png"). A PNG
 * difference image is written next to actual as NAME.diff.png. Returns
 * true when they match (or golden was updated). */
bool golden_check(struct report *r, const char *where, const char *actual, const char *golden,
                  bool update);

#endif
