/* The SDL2 version, asked of the library itself (SDL_GetVersion needs no
 * SDL_Init). */
#include "ui/sdl_version.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SDL_LIBRARY "libSDL2-2.0.so.0"

/* SDL_version (SDL_version.h): three bytes. */
struct sdl_version {
    uint8_t major, minor, patch;
};

bool ui_sdl_version(char *out, size_t cap)
{
    void (*get)(struct sdl_version *);
    void *lib = dlopen(SDL_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
    if (!lib) {
        snprintf(out, cap, "%s", dlerror());
        return false;
    }
    void *sym = dlsym(lib, "SDL_GetVersion");
    if (!sym) {
        snprintf(out, cap, "%s has no SDL_GetVersion", SDL_LIBRARY);
        dlclose(lib);
        return false;
    }
    memcpy(&get, &sym, sizeof sym);
    struct sdl_version v = {0};
    get(&v);
    snprintf(out, cap, "%u.%u.%u", v.major, v.minor, v.patch);
    dlclose(lib);
    return true;
}
