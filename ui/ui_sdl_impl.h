/* The window frontend's shared state, for ui/ui_sdl*.c only: ui_sdl.c
 * (loading SDL, opening, events, host keys, the mouse), ui_sdl_view.c (the
 * picture: scaling, filters, fullscreen, the icon), ui_sdl_keys.c (keys to
 * scan codes). SDL is opened with dlopen: every call goes through the
 * table ui_sdl_api() returns, as S(SDL_Function)(...). */
#ifndef UNIDOS_UI_UI_SDL_IMPL_H
#define UNIDOS_UI_UI_SDL_IMPL_H

#include <SDL.h>

#include "ui/scale.h"
#include "ui/ui_impl.h"

/* clang-format off */
#define SDL_FUNCS(X)                                                                           \
    X(SDL_Init) X(SDL_Quit) X(SDL_GetError) X(SDL_SetHint) X(SDL_CreateWindow)                 \
    X(SDL_DestroyWindow) X(SDL_CreateRenderer) X(SDL_DestroyRenderer) X(SDL_CreateTexture)     \
    X(SDL_DestroyTexture) X(SDL_UpdateTexture) X(SDL_SetRenderDrawColor) X(SDL_RenderClear)    \
    X(SDL_RenderCopy) X(SDL_RenderPresent) X(SDL_GetRendererOutputSize) X(SDL_PollEvent)       \
    X(SDL_WaitEventTimeout) X(SDL_SetWindowMinimumSize) X(SDL_SetRelativeMouseMode)            \
    X(SDL_SetWindowGrab) X(SDL_GetDesktopDisplayMode) X(SDL_SetWindowTitle)                    \
    X(SDL_GetRendererInfo) X(SDL_GL_GetProcAddress) X(SDL_SetTextureScaleMode)                 \
    X(SDL_SetRenderTarget) X(SDL_SetWindowFullscreen) X(SDL_GetWindowFlags)                    \
    X(SDL_SetWindowSize) X(SDL_GetWindowSize) X(SDL_SetWindowIcon) X(SDL_CreateRGBSurfaceFrom) \
    X(SDL_FreeSurface) X(SDL_GetWindowDisplayIndex) X(SDL_GetKeyFromScancode)                 \
    X(SDL_GetDisplayBounds) X(SDL_SetWindowBordered) X(SDL_SetWindowPosition)                  \
    X(SDL_GetWindowPosition) X(SDL_StartTextInput)
/* clang-format on */

struct sdl_api {
    void *lib;
#define SDL_PTR_(f) __typeof__(f) *f;
    SDL_FUNCS(SDL_PTR_)
#undef SDL_PTR_
};

/* The loaded functions (after ui_sdl_load succeeded). */
const struct sdl_api *ui_sdl_api(void);
#define S(f) (ui_sdl_api()->f)

/* Keys held on the host and what the program got for them. */
struct sdl_keys {
    SDL_Scancode pending;             /* down, its character to come as text */
    bool swallow;                     /* the text to come is a key sent by position */
    uint16_t sent[SDL_NUM_SCANCODES]; /* the code pressed for a held key, plus 1 */
};

struct window {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex; /* the frame at the mode's own size */
    unsigned tex_w, tex_h;
    SDL_Texture *pre; /* the sharp filter: tex at whole multiples */
    unsigned pre_w, pre_h;
    bool have_frame;
    SDL_Rect dst; /* where the picture is in the window */
    enum ui_scale scale;
    enum ui_filter filter;
    bool aspect;
    bool fullscreen;
    bool fullscreen_wanted;     /* --fullscreen: on as soon as it opens */
    bool fullscreen_by_hand;    /* no window manager: borderless, display-sized */
    int windowed_x, windowed_y; /* where to come back to from fullscreen */
    int windowed_w, windowed_h;
    char title[256];
    char status[96];   /* the machine's settings (ui_set_status) */
    bool mouse_wanted; /* the program reset the mouse driver */
    bool captured;
    long frac_x, frac_y; /* motion not yet a whole mickey, 1/256 units */
    struct sdl_keys keys;
};

/* ui_sdl_keys.c */
/* The set-1 make code (UI_KEY_E0 | code for grey keys) of the key at the
 * position sc, or 0. */
unsigned sdl_key_code(SDL_Scancode sc);
/* Key events and text input of the window, to the program. */
void sdl_keys_down(struct sdl_keys *k, struct ui *u, const SDL_KeyboardEvent *e);
void sdl_keys_up(struct sdl_keys *k, struct ui *u, const SDL_KeyboardEvent *e);
void sdl_keys_text(struct sdl_keys *k, struct ui *u, const char *utf8);
/* The host's keyboard layout ("de"; "us" when it is none of ours). */
const char *sdl_host_layout(void);

/* ui_sdl_x11.c */
/* True on an X server without a window manager (fullscreen is then done
 * by hand); false elsewhere, or when it cannot tell. */
bool sdl_x11_without_wm(SDL_Window *win);

/* ui_sdl_view.c */
/* The picture's settings from the configuration, before the window opens. */
void sdl_view_config(struct window *w, const struct ui_config *c);
/* The first window's size on the desktop it opens on. */
void sdl_view_first_size(int *width, int *height);
/* After the window and renderer exist: the icon, and fullscreen if asked. */
void sdl_view_start(struct window *w);
/* Take the frame (only lines [y0, y1) changed when its size did not). */
bool sdl_view_upload(struct window *w, const struct vid_frame *f, unsigned y0, unsigned y1);
/* Draw the picture into the window and show it. */
void sdl_view_draw(struct window *w);
/* Alt+Enter: fullscreen on the desktop (keeping its mode) and back to the
 * size the window had. */
void sdl_view_toggle_fullscreen(struct window *w);
void sdl_view_free(struct window *w);

#endif
