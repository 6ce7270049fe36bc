#include "base/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

static void *dynlib_open(void **lib, const char *soname, char *why, size_t cap)
{
    if (!*lib)
        *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!*lib)
        snprintf(why, cap, "%s is not installed", soname);
    return *lib;
}

static bool dynlib_syms(void *lib, const char *soname, const char *const *names,
                        void **const *fns, size_t n, char *why, size_t cap)
{
    for (size_t i = 0; i < n; i++) {
        if (!(*fns[i] = dlsym(lib, names[i]))) {
            snprintf(why, cap, "%s lacks %s", soname, names[i]);
            return false;
        }
    }
    return true;
}

bool dynlib_load(void **lib, const char *soname, const char *const *names, void **const *fns,
                 size_t n, char *why, size_t cap)
{
    return dynlib_open(lib, soname, why, cap) &&
           dynlib_syms(*lib, soname, names, fns, n, why, cap);
}
