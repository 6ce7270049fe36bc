/* The window frontend: SDL2, loaded with dlopen() on first use so that
 * programs that never show a screen pay nothing for it (linking SDL2 pulls
 * in ~50 shared libraries and doubles start-up time). The picture is scaled
 * by an integer factor horizontally with a 4:3 display aspect; keys are
 * SDL scancodes (physical US positions) turned into set-1 scan codes.
 * A click captures the mouse once the program uses it (relative motion
 * goes to the INT 33h driver as mickeys); Ctrl-F10 releases it, Ctrl-F5
 * saves a screenshot at the mode's native resolution. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "ui/ui.h"
#include "base/common.h"
#include "base/log.h"
#include "bios/kbd_table.h"
#include "video/png.h"

#define SDL_LIBRARY "libSDL2-2.0.so.0"
#define ASPECT_W 4
#define ASPECT_H 3
#define SCREEN_FRACTION_PCT 80          /* start at most this much of the desktop */
#define GL_RENDERER_NAME 0x1F01         /* glGetString(GL_RENDERER) */

#define SDL_FUNCS(X)                                                                           \
    X(SDL_Init) X(SDL_Quit) X(SDL_GetError) X(SDL_SetHint) X(SDL_CreateWindow)                 \
    X(SDL_DestroyWindow) X(SDL_CreateRenderer) X(SDL_DestroyRenderer) X(SDL_CreateTexture)     \
    X(SDL_DestroyTexture) X(SDL_UpdateTexture) X(SDL_SetRenderDrawColor) X(SDL_RenderClear)    \
    X(SDL_RenderCopy) X(SDL_RenderPresent) X(SDL_GetRendererOutputSize) X(SDL_PollEvent)       \
    X(SDL_WaitEventTimeout) X(SDL_RenderReadPixels) X(SDL_SetWindowMinimumSize)                \
    X(SDL_SetRelativeMouseMode) X(SDL_SetWindowGrab) X(SDL_GetDesktopDisplayMode)          \
    X(SDL_SetWindowTitle) X(SDL_GetRendererInfo) X(SDL_GL_GetProcAddress)

static struct {
    void *lib;
#define SDL_PTR_(f) __typeof__(f) *f;
    SDL_FUNCS(SDL_PTR_)
#undef SDL_PTR_
} g_sdl;

#define S(f) g_sdl.f

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

/* USB HID usages (SDL scancodes) to set-1 make codes; UI_KEY_E0 marks the
 * grey keys (IBM PC/AT Technical Reference, scan code set 1). */
static const uint16_t k_sdl_to_set1[SDL_NUM_SCANCODES] = {
    [SDL_SCANCODE_A] = 0x1E, [SDL_SCANCODE_B] = 0x30, [SDL_SCANCODE_C] = 0x2E,
    [SDL_SCANCODE_D] = 0x20, [SDL_SCANCODE_E] = 0x12, [SDL_SCANCODE_F] = 0x21,
    [SDL_SCANCODE_G] = 0x22, [SDL_SCANCODE_H] = 0x23, [SDL_SCANCODE_I] = 0x17,
    [SDL_SCANCODE_J] = 0x24, [SDL_SCANCODE_K] = 0x25, [SDL_SCANCODE_L] = 0x26,
    [SDL_SCANCODE_M] = 0x32, [SDL_SCANCODE_N] = 0x31, [SDL_SCANCODE_O] = 0x18,
    [SDL_SCANCODE_P] = 0x19, [SDL_SCANCODE_Q] = 0x10, [SDL_SCANCODE_R] = 0x13,
    [SDL_SCANCODE_S] = 0x1F, [SDL_SCANCODE_T] = 0x14, [SDL_SCANCODE_U] = 0x16,
    [SDL_SCANCODE_V] = 0x2F, [SDL_SCANCODE_W] = 0x11, [SDL_SCANCODE_X] = 0x2D,
    [SDL_SCANCODE_Y] = 0x15, [SDL_SCANCODE_Z] = 0x2C,
    [SDL_SCANCODE_1] = 0x02, [SDL_SCANCODE_2] = 0x03, [SDL_SCANCODE_3] = 0x04,
    [SDL_SCANCODE_4] = 0x05, [SDL_SCANCODE_5] = 0x06, [SDL_SCANCODE_6] = 0x07,
    [SDL_SCANCODE_7] = 0x08, [SDL_SCANCODE_8] = 0x09, [SDL_SCANCODE_9] = 0x0A,
    [SDL_SCANCODE_0] = 0x0B,
    [SDL_SCANCODE_RETURN] = 0x1C, [SDL_SCANCODE_ESCAPE] = 0x01, [SDL_SCANCODE_BACKSPACE] = 0x0E,
    [SDL_SCANCODE_TAB] = 0x0F, [SDL_SCANCODE_SPACE] = 0x39, [SDL_SCANCODE_MINUS] = 0x0C,
    [SDL_SCANCODE_EQUALS] = 0x0D, [SDL_SCANCODE_LEFTBRACKET] = 0x1A,
    [SDL_SCANCODE_RIGHTBRACKET] = 0x1B, [SDL_SCANCODE_BACKSLASH] = 0x2B,
    [SDL_SCANCODE_NONUSHASH] = 0x2B, [SDL_SCANCODE_SEMICOLON] = 0x27,
    [SDL_SCANCODE_APOSTROPHE] = 0x28, [SDL_SCANCODE_GRAVE] = 0x29, [SDL_SCANCODE_COMMA] = 0x33,
    [SDL_SCANCODE_PERIOD] = 0x34, [SDL_SCANCODE_SLASH] = 0x35, [SDL_SCANCODE_CAPSLOCK] = 0x3A,
    [SDL_SCANCODE_F1] = 0x3B, [SDL_SCANCODE_F2] = 0x3C, [SDL_SCANCODE_F3] = 0x3D,
    [SDL_SCANCODE_F4] = 0x3E, [SDL_SCANCODE_F5] = 0x3F, [SDL_SCANCODE_F6] = 0x40,
    [SDL_SCANCODE_F7] = 0x41, [SDL_SCANCODE_F8] = 0x42, [SDL_SCANCODE_F9] = 0x43,
    [SDL_SCANCODE_F10] = 0x44, [SDL_SCANCODE_F11] = 0x57, [SDL_SCANCODE_F12] = 0x58,
    [SDL_SCANCODE_PRINTSCREEN] = UI_KEY_E0 | 0x37, [SDL_SCANCODE_SCROLLLOCK] = 0x46,
    [SDL_SCANCODE_PAUSE] = UI_KEY_PAUSE, [SDL_SCANCODE_INSERT] = UI_KEY_E0 | 0x52,
    [SDL_SCANCODE_HOME] = UI_KEY_E0 | 0x47, [SDL_SCANCODE_PAGEUP] = UI_KEY_E0 | 0x49,
    [SDL_SCANCODE_DELETE] = UI_KEY_E0 | 0x53, [SDL_SCANCODE_END] = UI_KEY_E0 | 0x4F,
    [SDL_SCANCODE_PAGEDOWN] = UI_KEY_E0 | 0x51, [SDL_SCANCODE_RIGHT] = UI_KEY_E0 | 0x4D,
    [SDL_SCANCODE_LEFT] = UI_KEY_E0 | 0x4B, [SDL_SCANCODE_DOWN] = UI_KEY_E0 | 0x50,
    [SDL_SCANCODE_UP] = UI_KEY_E0 | 0x48, [SDL_SCANCODE_NUMLOCKCLEAR] = 0x45,
    [SDL_SCANCODE_KP_DIVIDE] = UI_KEY_E0 | 0x35, [SDL_SCANCODE_KP_MULTIPLY] = 0x37,
    [SDL_SCANCODE_KP_MINUS] = 0x4A, [SDL_SCANCODE_KP_PLUS] = 0x4E,
    [SDL_SCANCODE_KP_ENTER] = UI_KEY_E0 | 0x1C, [SDL_SCANCODE_KP_1] = 0x4F,
    [SDL_SCANCODE_KP_2] = 0x50, [SDL_SCANCODE_KP_3] = 0x51, [SDL_SCANCODE_KP_4] = 0x4B,
    [SDL_SCANCODE_KP_5] = 0x4C, [SDL_SCANCODE_KP_6] = 0x4D, [SDL_SCANCODE_KP_7] = 0x47,
    [SDL_SCANCODE_KP_8] = 0x48, [SDL_SCANCODE_KP_9] = 0x49, [SDL_SCANCODE_KP_0] = 0x52,
    [SDL_SCANCODE_KP_PERIOD] = 0x53, [SDL_SCANCODE_NONUSBACKSLASH] = 0x56,
    [SDL_SCANCODE_APPLICATION] = UI_KEY_E0 | 0x5D, [SDL_SCANCODE_LCTRL] = 0x1D,
    [SDL_SCANCODE_LSHIFT] = 0x2A, [SDL_SCANCODE_LALT] = 0x38,
    [SDL_SCANCODE_LGUI] = UI_KEY_E0 | 0x5B, [SDL_SCANCODE_RCTRL] = UI_KEY_E0 | 0x1D,
    [SDL_SCANCODE_RSHIFT] = 0x36, [SDL_SCANCODE_RALT] = UI_KEY_E0 | 0x38,
    [SDL_SCANCODE_RGUI] = UI_KEY_E0 | 0x5C,
};

struct window {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    unsigned tex_w, tex_h;
    bool have_frame;
    SDL_Rect dst;                       /* where the picture is in the window */
    char title[256];
    bool mouse_wanted;                  /* the program reset the mouse driver */
    bool captured;
    long frac_x, frac_y;                /* motion not yet a whole mickey, 1/256 units */
};

#define FRAC_ONE 256

bool ui_sdl_display_present(void)
{
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
}

/* Where the frame goes in an out_w x out_h window: the largest integer
 * multiple of its width that fits with a 4:3 height; else fit 4:3. */
static SDL_Rect place(unsigned fw, int out_w, int out_h)
{
    int w = (int)fw, h = w * ASPECT_H / ASPECT_W;
    int k = MIN(out_w / w, out_h / h);
    if (k >= 1) {
        w *= k;
        h *= k;
    } else if (out_w * ASPECT_H <= out_h * ASPECT_W) {
        w = out_w;
        h = out_w * ASPECT_H / ASPECT_W;
    } else {
        h = out_h;
        w = out_h * ASPECT_W / ASPECT_H;
    }
    return (SDL_Rect){(out_w - w) / 2, (out_h - h) / 2, w, h};
}

static SDL_Rect draw(struct window *w)
{
    int ow, oh;
    S(SDL_GetRendererOutputSize)(w->ren, &ow, &oh);
    SDL_Rect dst = place(w->tex_w, ow, oh);
    w->dst = dst;
    S(SDL_SetRenderDrawColor)(w->ren, 0, 0, 0, 255);
    S(SDL_RenderClear)(w->ren);
    if (w->have_frame)
        S(SDL_RenderCopy)(w->ren, w->tex, NULL, &dst);
    return dst;
}

static bool upload(struct window *w, const struct vid_frame *f)
{
    if (!w->tex || w->tex_w != f->width || w->tex_h != f->height) {
        if (w->tex)
            S(SDL_DestroyTexture)(w->tex);
        w->tex = S(SDL_CreateTexture)(w->ren, SDL_PIXELFORMAT_ARGB8888,
                                      SDL_TEXTUREACCESS_STREAMING, (int)f->width,
                                      (int)f->height);
        if (!w->tex)
            return false;
        w->tex_w = f->width;
        w->tex_h = f->height;
    }
    S(SDL_UpdateTexture)(w->tex, NULL, f->px, (int)(f->width * 4));
    w->have_frame = true;
    return true;
}

/* Only the changed lines go to the texture. */
static void sdl_present(void *self, const struct ui_screen *s)
{
    struct window *w = self;
    const struct vid_frame *f = s->frame;
    w->mouse_wanted = s->mouse;
    if (!f)
        return;
    if (w->tex && w->tex_w == f->width && w->tex_h == f->height && s->dirty_y1 > s->dirty_y0) {
        SDL_Rect r = {0, (int)s->dirty_y0, (int)f->width, (int)(s->dirty_y1 - s->dirty_y0)};
        S(SDL_UpdateTexture)(w->tex, &r, f->px + (size_t)s->dirty_y0 * f->width,
                             (int)(f->width * 4));
    } else if (!upload(w, f)) {
        return;
    }
    draw(w);
    S(SDL_RenderPresent)(w->ren);
}

static void capture(struct window *w, bool on)
{
    char title[300];
    if (w->captured == on)
        return;
    w->captured = on;
    S(SDL_SetRelativeMouseMode)(on ? SDL_TRUE : SDL_FALSE);
    S(SDL_SetWindowGrab)(w->win, on ? SDL_TRUE : SDL_FALSE);
    snprintf(title, sizeof title, "%s%s", w->title, on ? " (Ctrl-F10 releases the mouse)" : "");
    S(SDL_SetWindowTitle)(w->win, title);
    w->frac_x = w->frac_y = 0;
}

/* Host keys: Ctrl-F12 quits, Ctrl-F10 releases the mouse, Ctrl-F5 saves
 * a screenshot, Ctrl-F4 inserts the next disk image of drives that have
 * several. */
static bool host_key(struct window *w, struct ui *u, const SDL_KeyboardEvent *k)
{
    if (!(k->keysym.mod & KMOD_CTRL))
        return false;
    bool down = k->type == SDL_KEYDOWN;
    switch (k->keysym.scancode) {
    case SDL_SCANCODE_F12:
        if (down)
            ui_request_quit(u);
        return true;
    case SDL_SCANCODE_F10:
        capture(w, false);
        return true;
    case SDL_SCANCODE_F5:
        if (down && !k->repeat)
            ui_save_shot(u);
        return true;
    case SDL_SCANCODE_F4:
        if (down && !k->repeat)
            ui_request_swap(u);
        return true;
    default:
        return false;
    }
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
    unsigned bit = b->button == SDL_BUTTON_LEFT ? BIOS_MOUSE_LEFT
                   : b->button == SDL_BUTTON_RIGHT ? BIOS_MOUSE_RIGHT
                   : b->button == SDL_BUTTON_MIDDLE ? BIOS_MOUSE_MIDDLE : 0;
    if (!w->captured) {
        if (b->type == SDL_MOUSEBUTTONDOWN && w->mouse_wanted)
            capture(w, true);           /* the capturing click is not passed on */
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
        case SDL_KEYUP:
            if (!host_key(w, u, &ev.key) && ev.key.keysym.scancode < SDL_NUM_SCANCODES &&
                k_sdl_to_set1[ev.key.keysym.scancode])
                ui_key_event(u, k_sdl_to_set1[ev.key.keysym.scancode], ev.type == SDL_KEYDOWN);
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
            draw(w);
            S(SDL_RenderPresent)(w->ren);
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

static int initial_scale(void)
{
    SDL_DisplayMode dm;
    int k = 1;
    if (S(SDL_GetDesktopDisplayMode)(0, &dm) == 0)
        while (720 * (k + 1) <= dm.w * SCREEN_FRACTION_PCT / 100 &&
               540 * (k + 1) <= dm.h * SCREEN_FRACTION_PCT / 100)
            k++;
    return k;
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
    UNUSED(u);
    if (!ui_sdl_display_present() && !getenv("SDL_VIDEODRIVER")) {
        warn("cannot open a window: no display (DISPLAY and WAYLAND_DISPLAY are not set)");
        return false;
    }
    if (!load_sdl())
        return false;
    S(SDL_SetHint)(SDL_HINT_RENDER_SCALE_QUALITY, "0");
    if (S(SDL_Init)(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        warn("cannot open a window: %s", S(SDL_GetError)());
        return false;
    }
    snprintf(name, sizeof name, "%s - unidos", title ? title : "DOS");
    snprintf(w->title, sizeof w->title, "%s", name);
    int k = initial_scale();
    w->win = S(SDL_CreateWindow)(name, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 720 * k,
                                 540 * k, SDL_WINDOW_RESIZABLE);
    w->ren = w->win ? create_renderer(w->win) : NULL;
    if (!w->ren) {
        warn("cannot open a window: %s", S(SDL_GetError)());
        if (w->win)
            S(SDL_DestroyWindow)(w->win);
        S(SDL_Quit)();
        return false;
    }
    S(SDL_SetWindowMinimumSize)(w->win, 320, 240);
    return true;
}

static void sdl_close(void *self)
{
    struct window *w = self;
    if (w->tex)
        S(SDL_DestroyTexture)(w->tex);
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
    S(SDL_SetWindowTitle)(w->win, title);
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
};

struct ui_frontend ui_sdl_frontend(void)
{
    static struct window w;
    return (struct ui_frontend){&k_sdl_ops, &w};
}
