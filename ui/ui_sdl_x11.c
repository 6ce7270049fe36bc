/* Whether an X window manager runs (EWMH: the root window's
 * _NET_SUPPORTING_WM_CHECK names one). SDL's fullscreen is a request to
 * the window manager; an X server alone never acts on it. libX11 is the
 * one SDL loaded: it is found with RTLD_NOLOAD, never loaded here. */
#include "ui/ui_sdl_impl.h"

#include <SDL_syswm.h>
#include <dlfcn.h>
#include <string.h>

#define X11_LIBRARY "libX11.so.6"
#define XA_WINDOW_ATOM 33 /* X11/Xatom.h XA_WINDOW */

struct x11_fns {
    __typeof__(SDL_GetWindowWMInfo) *wm_info; /* SDL's, declared by SDL_syswm.h only */
    __typeof__(XInternAtom) *intern_atom;
    __typeof__(XGetWindowProperty) *get_property;
    __typeof__(XFree) *free;
};

static bool load_x11(struct x11_fns *x)
{
    void *info = dlsym(ui_sdl_api()->lib, "SDL_GetWindowWMInfo");
    if (!info)
        return false;
    memcpy(&x->wm_info, &info, sizeof info);
    void *lib = dlopen(X11_LIBRARY, RTLD_LAZY | RTLD_NOLOAD);
    if (!lib)
        return false;
    void *a = dlsym(lib, "XInternAtom"), *b = dlsym(lib, "XGetWindowProperty");
    void *c = dlsym(lib, "XFree");
    dlclose(lib); /* SDL keeps it loaded */
    if (!a || !b || !c)
        return false;
    memcpy(&x->intern_atom, &a, sizeof a);
    memcpy(&x->get_property, &b, sizeof b);
    memcpy(&x->free, &c, sizeof c);
    return true;
}

bool sdl_x11_without_wm(SDL_Window *win)
{
    SDL_SysWMinfo info;
    struct x11_fns x;
    SDL_VERSION(&info.version);
    if (!load_x11(&x) || !x.wm_info(win, &info) || info.subsystem != SDL_SYSWM_X11)
        return false;
    Display *d = info.info.x11.display;
    Atom check = x.intern_atom(d, "_NET_SUPPORTING_WM_CHECK", True);
    if (check == None)
        return true; /* no window manager ever ran on this server */
    Atom type;
    int format;
    unsigned long n = 0, left;
    unsigned char *data = NULL;
    int rc = x.get_property(d, DefaultRootWindow(d), check, 0, 1, False, XA_WINDOW_ATOM, &type,
                            &format, &n, &left, &data);
    if (data)
        x.free(data);
    return rc != Success || n == 0;
}
