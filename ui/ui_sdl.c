/* The window frontend: SDL2, loaded with dlopen() on first use so that
 * programs that never show a screen pay nothing for it (linking SDL2 pulls
 * in ~50 shared libraries and doubles start-up time). This file opens the
 * window and handles its events: host keys, keys for the program
 * (ui_sdl_keys.c), the mouse; the picture is ui_sdl_view.c's.
 * A click captures the mouse once the program uses it (relative motion
 * goes to the INT 33h driver as mickeys); Ctrl-F10 releases it, Ctrl-F5
 * saves a screenshot at the mode's native resolution, Alt+Enter toggles
 * fullscreen. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui_sdl_impl.h"
#include "base/common.h"
#include "base/log.h"
#include "video/png.h"

#define SDL_LIBRARY "libSDL2-2.0.so.0"
#define GL_RENDERER_NAME 0x1F01 /* glGetString(GL_RENDERER) */
#define WINDOW_MIN_W 320
#define WINDOW_MIN_H 240

static struct sdl_api g_sdl;

const struct sdl_api *ui_sdl_api(void)
{
    return &g_sdl;
}

static bool load_sdl(void)
{
    if (g_sdl.lib)
        return true;
    void *lib = dlopen(SDL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        warn("cannot load SDL2 (%s): %s", SDL_LIBRARY, dlerror());
        return false;
    }
#define SDL_LOAD_(f)                                                                           \
    {                                                                                          \
        void *p_ = dlsym(lib, #f);                                                             \
        if (!p_) {                                                                             \
            warn("SDL2 lacks %s", #f);                                                         \
            dlclose(lib);                                                                      \
            return false;                                                                      \
        }                                                                                      \
        memcpy(&g_sdl.f, &p_, sizeof p_);                                                      \
    }
    SDL_FUNCS(SDL_LOAD_)
#undef SDL_LOAD_
    g_sdl.lib = lib;
    return true;
}

#define FRAC_ONE 256

bool ui_sdl_display_present(void)
{
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
}

/* Only the changed lines go to the texture. */
static void sdl_present(void *self, const struct ui_screen *s)
{
    struct window *w = self;
    w->mouse_wanted = s->mouse;
    if (s->frame && sdl_view_upload(w, s->frame, s->dirty_y0, s->dirty_y1))
        sdl_view_draw(w);
}

/* The title: the program, the settings, what releases a captured mouse. */
static void retitle(struct window *w)
{
    char title[400];
    snprintf(title, sizeof title, "%s%s%s%s", w->title, w->status[0] ? " - " : "", w->status,
             w->captured ? " (Ctrl-F10 releases the mouse)" : "");
    S(SDL_SetWindowTitle)(w->win, title);
}

static void capture(struct window *w, bool on)
{
    if (w->captured == on)
        return;
    w->captured = on;
    S(SDL_SetRelativeMouseMode)(on ? SDL_TRUE : SDL_FALSE);
    S(SDL_SetWindowGrab)(w->win, on ? SDL_TRUE : SDL_FALSE);
    retitle(w);
    w->frac_x = w->frac_y = 0;
}

enum host_cmd {
    HOST_QUIT = 1,
    HOST_RELEASE,
    HOST_SHOT,
    HOST_SLOWER,
    HOST_FASTER,
    HOST_QUIETER,
    HOST_LOUDER,
    HOST_MUTE,
    HOST_FULLSCREEN,
    HOST_SWAP,
};
#define HOST_ANY_MODS 0xFFFF /* the key alone means it, whatever is held */

/* The window's own keys, by position and the modifiers held exactly
 * (either side). F11 and F12 were not on the keyboards most DOS programs
 * were written for, so their combinations are free for settings. */
static const struct {
    SDL_Scancode key;
    uint16_t mods;
    enum host_cmd cmd;
} k_host_keys[] = {
    {SDL_SCANCODE_F12, KMOD_CTRL, HOST_QUIT},
    {SDL_SCANCODE_F10, KMOD_CTRL, HOST_RELEASE},
    {SDL_SCANCODE_F5, KMOD_CTRL, HOST_SHOT},
    {SDL_SCANCODE_F4, KMOD_CTRL, HOST_SWAP}, /* the next disk image of drives with several */
    {SDL_SCANCODE_RETURN, KMOD_ALT, HOST_FULLSCREEN},
    {SDL_SCANCODE_F11, KMOD_ALT, HOST_SLOWER},
    {SDL_SCANCODE_F12, KMOD_ALT, HOST_FASTER},
    {SDL_SCANCODE_F11, KMOD_SHIFT, HOST_QUIETER},
    {SDL_SCANCODE_F12, KMOD_SHIFT, HOST_LOUDER},
    {SDL_SCANCODE_F11, KMOD_CTRL | KMOD_SHIFT, HOST_MUTE},
    {SDL_SCANCODE_MUTE, HOST_ANY_MODS, HOST_MUTE},
    {SDL_SCANCODE_AUDIOMUTE, HOST_ANY_MODS, HOST_MUTE},
    {SDL_SCANCODE_VOLUMEDOWN, HOST_ANY_MODS, HOST_QUIETER},
    {SDL_SCANCODE_VOLUMEUP, HOST_ANY_MODS, HOST_LOUDER},
};

static enum host_cmd host_cmd_of(const SDL_Keysym *k)
{
    unsigned held = 0;
    if (k->mod & KMOD_CTRL)
        held |= KMOD_CTRL;
    if (k->mod & KMOD_SHIFT)
        held |= KMOD_SHIFT;
    if (k->mod & KMOD_ALT)
        held |= KMOD_ALT;
    for (size_t i = 0; i < ARRAY_LEN(k_host_keys); i++)
        if (k_host_keys[i].key == k->scancode &&
            (k_host_keys[i].mods == HOST_ANY_MODS || k_host_keys[i].mods == held))
            return k_host_keys[i].cmd;
    return 0;
}

/* A host key (its press and its release) never reaches the program. */
static bool host_key(struct window *w, struct ui *u, const SDL_KeyboardEvent *k)
{
    static const enum ui_action k_actions[] = {
        [HOST_SLOWER] = UI_ACT_SLOWER,   [HOST_FASTER] = UI_ACT_FASTER,
        [HOST_QUIETER] = UI_ACT_QUIETER, [HOST_LOUDER] = UI_ACT_LOUDER,
        [HOST_MUTE] = UI_ACT_MUTE,
    };
    enum host_cmd cmd = host_cmd_of(&k->keysym);
    bool act = k->type == SDL_KEYDOWN && !k->repeat;
    if (!cmd)
        return false;
    if (cmd == HOST_QUIT && k->type == SDL_KEYDOWN)
        ui_request_quit(u);
    else if (cmd == HOST_RELEASE)
        capture(w, false);
    else if (cmd == HOST_SHOT && act)
        ui_save_shot(u);
    else if (cmd == HOST_SWAP && act)
        ui_request_swap(u);
    else if (cmd == HOST_FULLSCREEN && act)
        sdl_view_toggle_fullscreen(w);
    else if (cmd >= HOST_SLOWER && cmd <= HOST_MUTE && act)
        ui_action(u, k_actions[cmd]);
    return true;
}

/* Host pixels to mickeys at the driver's default ratio: moving across the
 * picture crosses the virtual screen (8 mickeys per 8 pixels across, 16
 * down). */
static void mouse_motion(struct window *w, struct ui *u, int xrel, int yrel)
{
    unsigned vw, vh;
    if (!w->captured || w->dst.w <= 0 || w->dst.h <= 0)
        return;
    ui_mouse_extent(u, &vw, &vh);
    w->frac_x += (long)xrel * vw * FRAC_ONE / w->dst.w;
    w->frac_y += (long)yrel * vh * 2 * FRAC_ONE / w->dst.h;
    struct ui_mouse m = {(int)(w->frac_x / FRAC_ONE), (int)(w->frac_y / FRAC_ONE), false,
                         ui_mouse_buttons(u)};
    w->frac_x %= FRAC_ONE;
    w->frac_y %= FRAC_ONE;
    if (m.x || m.y)
        ui_mouse_input(u, &m);
}

static void mouse_button(struct window *w, struct ui *u, const SDL_MouseButtonEvent *b)
{
    unsigned bit = b->button == SDL_BUTTON_LEFT     ? BIOS_MOUSE_LEFT
                   : b->button == SDL_BUTTON_RIGHT  ? BIOS_MOUSE_RIGHT
                   : b->button == SDL_BUTTON_MIDDLE ? BIOS_MOUSE_MIDDLE
                                                    : 0;
    if (!w->captured) {
        if (b->type == SDL_MOUSEBUTTONDOWN && w->mouse_wanted)
            capture(w, true); /* the capturing click is not passed on */
        return;
    }
    unsigned now = ui_mouse_buttons(u);
    now = b->type == SDL_MOUSEBUTTONDOWN ? (now | bit) : (now & ~bit);
    struct ui_mouse m = {0, 0, false, now};
    ui_mouse_input(u, &m);
}

static void sdl_poll(void *self, struct ui *u)
{
    struct window *w = self;
    SDL_Event ev;
    while (S(SDL_PollEvent)(&ev)) {
        switch (ev.type) {
        case SDL_QUIT:
            ui_request_quit(u);
            break;
        case SDL_KEYDOWN:
            if (!host_key(w, u, &ev.key))
                sdl_keys_down(&w->keys, u, &ev.key);
            break;
        case SDL_KEYUP:
            if (!host_key(w, u, &ev.key))
                sdl_keys_up(&w->keys, u, &ev.key);
            break;
        case SDL_TEXTINPUT:
            sdl_keys_text(&w->keys, u, ev.text.text);
            break;
        case SDL_MOUSEMOTION:
            mouse_motion(w, u, ev.motion.xrel, ev.motion.yrel);
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            mouse_button(w, u, &ev.button);
            break;
        case SDL_WINDOWEVENT:
            if (ev.window.event == SDL_WINDOWEVENT_FOCUS_LOST)
                capture(w, false);
            sdl_view_draw(w);
            break;
        default:
            break;
        }
    }
}

static bool sdl_wait(void *self, uint64_t ns)
{
    UNUSED(self);
    return S(SDL_WaitEventTimeout)(NULL, (int)((ns + 999999) / 1000000)) == 1;
}

/* OpenGL drawn by the CPU (Mesa's llvmpipe, softpipe or swrast: Xvfb, a
 * virtual machine, no GPU driver): SDL's own software renderer writing to
 * the window through shared memory does the same work on one thread
 * without the GL pipeline; an idle text screen under Xvfb cost 2.6 % of a
 * core through llvmpipe and 1.1 % this way. */
static bool gl_is_software(SDL_Renderer *ren)
{
    SDL_RendererInfo info;
    if (S(SDL_GetRendererInfo)(ren, &info) != 0 || strncmp(info.name, "opengl", 6) != 0)
        return false;
    typedef const unsigned char *gl_get_string_fn(unsigned name);
    gl_get_string_fn *get = NULL;
    void *p = S(SDL_GL_GetProcAddress)("glGetString");
    memcpy(&get, &p, sizeof p);
    const char *name = get ? (const char *)get(GL_RENDERER_NAME) : NULL;
    return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
                    strstr(name, "swrast") || strstr(name, "Software Rasterizer"));
}

static SDL_Renderer *create_renderer(SDL_Window *win)
{
    SDL_Renderer *ren = S(SDL_CreateRenderer)(win, -1, 0);
    if (!ren || getenv("SDL_RENDER_DRIVER") || !gl_is_software(ren))
        return ren;
    LOG(LOG_VIDEO, "window: OpenGL is drawn by the CPU; using SDL's software renderer");
    S(SDL_DestroyRenderer)(ren);
    S(SDL_SetHint)(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    ren = S(SDL_CreateRenderer)(win, -1, SDL_RENDERER_SOFTWARE);
    return ren ? ren : S(SDL_CreateRenderer)(win, -1, 0);
}

static bool sdl_open(void *self, struct ui *u, const char *title)
{
    struct window *w = self;
    char name[256];
    if (!ui_sdl_display_present() && !getenv("SDL_VIDEODRIVER")) {
        warn("cannot open a window: no display (DISPLAY and WAYLAND_DISPLAY are not set)");
        return false;
    }
    if (!load_sdl())
        return false;
    /* Mesa keeps an on-disk shader cache whose index (~/.cache) it maps
     * shared and grows with ftruncate: the one file-backed shared mapping
     * a window would bring into the process, and a SIGBUS if that file
     * system fills or another process cuts the file. SDL's renderer
     * compiles a handful of small shaders; the user's setting wins. */
    setenv("MESA_SHADER_CACHE_DISABLE", "true", 0);
    S(SDL_SetHint)(SDL_HINT_RENDER_SCALE_QUALITY, "0");
    if (S(SDL_Init)(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        warn("cannot open a window: %s", S(SDL_GetError)());
        return false;
    }
    snprintf(name, sizeof name, "%s - unidos", title ? title : "DOS");
    snprintf(w->title, sizeof w->title, "%s", name);
    sdl_view_config(w, &u->cfg);
    int width, height;
    sdl_view_first_size(&width, &height);
    w->win = S(SDL_CreateWindow)(name, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width,
                                 height, SDL_WINDOW_RESIZABLE);
    w->ren = w->win ? create_renderer(w->win) : NULL;
    if (!w->ren) {
        warn("cannot open a window: %s", S(SDL_GetError)());
        if (w->win)
            S(SDL_DestroyWindow)(w->win);
        S(SDL_Quit)();
        return false;
    }
    S(SDL_SetWindowMinimumSize)(w->win, WINDOW_MIN_W, WINDOW_MIN_H);
    sdl_view_start(w);
    S(SDL_StartTextInput)();
    ui_host_layout(u, sdl_host_layout());
    return true;
}

static void sdl_close(void *self)
{
    struct window *w = self;
    sdl_view_free(w);
    capture(w, false);
    S(SDL_DestroyRenderer)(w->ren);
    S(SDL_DestroyWindow)(w->win);
    S(SDL_Quit)();
    memset(w, 0, sizeof *w);
}

static void sdl_set_title(void *self, const char *title)
{
    struct window *w = self;
    snprintf(w->title, sizeof w->title, "%s", title);
    retitle(w);
}

static void sdl_set_status(void *self, const char *status)
{
    struct window *w = self;
    snprintf(w->status, sizeof w->status, "%s", status);
    retitle(w);
}

static const struct ui_frontend_ops k_sdl_ops = {
    .name = "window",
    .wants_pixels = true,
    .open = sdl_open,
    .close = sdl_close,
    .present = sdl_present,
    .poll = sdl_poll,
    .wait = sdl_wait,
    .set_title = sdl_set_title,
    .set_status = sdl_set_status,
};

struct ui_frontend ui_sdl_frontend(void)
{
    static struct window w;
    return (struct ui_frontend){&k_sdl_ops, &w};
}
