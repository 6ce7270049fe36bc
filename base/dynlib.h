/* Shared libraries opened on first use (dlopen): what a run does not use
 * costs it nothing at start-up. */
#ifndef UNIDOS_BASE_DYNLIB_H
#define UNIDOS_BASE_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* *lib, opened once from soname; NULL (and why) when it is missing. */
void *dynlib_open(void **lib, const char *soname, char *why, size_t cap);

/* Each function *fns[i] looked up by names[i] in lib; false (and why)
 * when one is missing. */
bool dynlib_syms(void *lib, const char *soname, const char *const *names, void **const *fns,
                 size_t n, char *why, size_t cap);

#endif
