/* The version of the SDL2 library a window or sound would load, for
 * --version: SDL is opened with dlopen only when it is needed. */
#ifndef UNIDOS_UI_SDL_VERSION_H
#define UNIDOS_UI_SDL_VERSION_H

#include <stdbool.h>
#include <stddef.h>

/* "2.26.5" into out, or false with the reason (the loader's message). */
bool ui_sdl_version(char *out, size_t cap);

#endif
