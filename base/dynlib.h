/* Shared libraries opened on first use (dlopen): what a run does not use
 * costs it nothing at start-up. */
#ifndef UNIDOS_BASE_DYNLIB_H
#define UNIDOS_BASE_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* For an X-macro list of a library's functions: a struct member per
 * function, typed as the function, and the function's name. */
#define DYNLIB_MEMBER(name) __typeof__(&name) name;
#define DYNLIB_NAME(name) #name,

/* *lib opened once from soname, then each *fns[i] looked up by names[i];
 * false (and why) when the library or one of the functions is missing. */
bool dynlib_load(void **lib, const char *soname, const char *const *names, void **const *fns,
                 size_t n, char *why, size_t cap);

#endif
