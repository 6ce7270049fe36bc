/* The window's picture: the frame in a streaming texture at the mode's
 * own size, placed by ui/scale.c (--scale, --aspect) and drawn with the
 * filter asked for (--filter): nearest, linear, or sharp (nearest to the
 * largest whole multiple below the picture's size in a target texture,
 * then linear from there: crisp pixels with even edges at any size).
 * Fullscreen uses the desktop's mode; the icon comes from ui/icon.c. */
#include "ui/ui_sdl_impl.h"

#include "base/common.h"
#include "base/log.h"
#include "ui/icon.h"

#define PIXEL_BYTES 4
#define ICON_DEPTH 32
#define ICON_MASK_R 0x00FF0000u
#define ICON_MASK_G 0x0000FF00u
#define ICON_MASK_B 0x000000FFu
#define ICON_MASK_A 0xFF000000u
#define FALLBACK_DESKTOP_W 1024
#define FALLBACK_DESKTOP_H 768

void sdl_view_config(struct window *w, const struct ui_config *c)
{
    w->scale = c->scale;
    w->filter = c->filter;
    w->aspect = !c->no_aspect;
    w->fullscreen = false;
    w->fullscreen_wanted = c->fullscreen;
}

void sdl_view_first_size(int *width, int *height)
{
    SDL_DisplayMode dm;
    if (S(SDL_GetDesktopDisplayMode)(0, &dm) != 0) {
        dm.w = FALLBACK_DESKTOP_W;
        dm.h = FALLBACK_DESKTOP_H;
    }
    ui_first_window(dm.w, dm.h, width, height);
}

static void set_icon(struct window *w)
{
    static uint32_t px[UI_ICON_WINDOW_SIZE * UI_ICON_WINDOW_SIZE];
    ui_icon_draw(UI_ICON_WINDOW_SIZE, px);
    SDL_Surface *s = S(SDL_CreateRGBSurfaceFrom)(px, UI_ICON_WINDOW_SIZE, UI_ICON_WINDOW_SIZE,
                                                 ICON_DEPTH, UI_ICON_WINDOW_SIZE * PIXEL_BYTES,
                                                 ICON_MASK_R, ICON_MASK_G, ICON_MASK_B,
                                                 ICON_MASK_A);
    if (!s)
        return;
    S(SDL_SetWindowIcon)(w->win, s);
    S(SDL_FreeSurface)(s);
}

void sdl_view_start(struct window *w)
{
    set_icon(w);
    if (w->fullscreen_wanted)
        sdl_view_toggle_fullscreen(w);
}

static SDL_Texture *texture(struct window *w, int access, unsigned width, unsigned height,
                            SDL_ScaleMode mode)
{
    SDL_Texture *t = S(SDL_CreateTexture)(w->ren, SDL_PIXELFORMAT_ARGB8888, access, (int)width,
                                          (int)height);
    if (t)
        S(SDL_SetTextureScaleMode)(t, mode);
    return t;
}

bool sdl_view_upload(struct window *w, const struct vid_frame *f, unsigned y0, unsigned y1)
{
    if (w->tex && w->tex_w == f->width && w->tex_h == f->height) {
        if (y1 <= y0)
            return false;
        SDL_Rect r = {0, (int)y0, (int)f->width, (int)(y1 - y0)};
        S(SDL_UpdateTexture)
        (w->tex, &r, f->px + (size_t)y0 * f->width, (int)(f->width * PIXEL_BYTES));
        w->have_frame = true;
        return true;
    }
    if (w->tex)
        S(SDL_DestroyTexture)(w->tex);
    SDL_ScaleMode mode = w->filter == UI_FILTER_LINEAR ? SDL_ScaleModeLinear
                                                       : SDL_ScaleModeNearest;
    w->tex = texture(w, SDL_TEXTUREACCESS_STREAMING, f->width, f->height, mode);
    if (!w->tex)
        return false;
    w->tex_w = f->width;
    w->tex_h = f->height;
    S(SDL_UpdateTexture)(w->tex, NULL, f->px, (int)(f->width * PIXEL_BYTES));
    w->have_frame = true;
    return true;
}

/* The sharp filter's source: the frame at whole multiples (kx, ky),
 * drawn with nearest into a target texture; NULL when the picture is a
 * whole multiple itself (nearest alone is exact) or targets fail. */
static SDL_Texture *prescaled(struct window *w)
{
    unsigned kx, ky;
    ui_prescale(w->tex_w, w->tex_h, w->dst.w, w->dst.h, &kx, &ky);
    unsigned pw = w->tex_w * kx, ph = w->tex_h * ky;
    if ((int)pw == w->dst.w && (int)ph == w->dst.h)
        return NULL;
    if (!w->pre || w->pre_w != pw || w->pre_h != ph) {
        if (w->pre)
            S(SDL_DestroyTexture)(w->pre);
        w->pre = texture(w, SDL_TEXTUREACCESS_TARGET, pw, ph, SDL_ScaleModeLinear);
        w->pre_w = w->pre ? pw : 0;
        w->pre_h = w->pre ? ph : 0;
    }
    if (!w->pre || S(SDL_SetRenderTarget)(w->ren, w->pre) != 0)
        return NULL;
    S(SDL_RenderCopy)(w->ren, w->tex, NULL, NULL);
    S(SDL_SetRenderTarget)(w->ren, NULL);
    return w->pre;
}

void sdl_view_draw(struct window *w)
{
    int ow, oh;
    S(SDL_GetRendererOutputSize)(w->ren, &ow, &oh);
    struct ui_rect r = ui_place(w->scale, w->aspect, w->tex_w, w->tex_h, ow, oh);
    w->dst = (SDL_Rect){r.x, r.y, r.w, r.h};
    SDL_Texture *src = w->have_frame && w->filter == UI_FILTER_SHARP ? prescaled(w) : NULL;
    S(SDL_SetRenderDrawColor)(w->ren, 0, 0, 0, 255);
    S(SDL_RenderClear)(w->ren);
    if (w->have_frame)
        S(SDL_RenderCopy)(w->ren, src ? src : w->tex, NULL, &w->dst);
    S(SDL_RenderPresent)(w->ren);
}

/* Without a window manager nobody acts on SDL's fullscreen request (an X
 * server alone, a kiosk): the window then covers the display itself,
 * borderless. */
static void fullscreen_by_hand(struct window *w, bool on)
{
    SDL_Rect b;
    int display = S(SDL_GetWindowDisplayIndex)(w->win);
    S(SDL_SetWindowBordered)(w->win, on ? SDL_FALSE : SDL_TRUE);
    if (on && S(SDL_GetDisplayBounds)(display < 0 ? 0 : display, &b) == 0) {
        S(SDL_SetWindowPosition)(w->win, b.x, b.y);
        S(SDL_SetWindowSize)(w->win, b.w, b.h);
    } else if (!on) {
        S(SDL_SetWindowSize)(w->win, w->windowed_w, w->windowed_h);
        S(SDL_SetWindowPosition)(w->win, w->windowed_x, w->windowed_y);
    }
    w->fullscreen_by_hand = on;
}

void sdl_view_toggle_fullscreen(struct window *w)
{
    bool on = !w->fullscreen;
    if (on) {
        S(SDL_GetWindowSize)(w->win, &w->windowed_w, &w->windowed_h);
        S(SDL_GetWindowPosition)(w->win, &w->windowed_x, &w->windowed_y);
    }
    if ((on && sdl_x11_without_wm(w->win)) || (!on && w->fullscreen_by_hand)) {
        fullscreen_by_hand(w, on);
    } else if (S(SDL_SetWindowFullscreen)(w->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0)) {
        warn("fullscreen: %s", S(SDL_GetError)());
        return;
    } else if (!on) {
        S(SDL_SetWindowSize)(w->win, w->windowed_w, w->windowed_h);
    }
    w->fullscreen = on;
    LOG(LOG_VIDEO, "window: fullscreen %s%s", on ? "on" : "off",
        w->fullscreen_by_hand ? " (by hand: no window manager)" : "");
    sdl_view_draw(w);
}

void sdl_view_free(struct window *w)
{
    if (w->pre)
        S(SDL_DestroyTexture)(w->pre);
    if (w->tex)
        S(SDL_DestroyTexture)(w->tex);
    w->pre = NULL;
    w->tex = NULL;
}
