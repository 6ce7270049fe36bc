/* Key script parsing: "dir{enter}", "{alt+f}s", "{wait 500ms}{F10}";
 * names are case-insensitive. */
#include "ui/keyscript.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/ui.h"
#include "base/common.h"
#include "base/cp437.h"
#include "bios/kbd_table.h"

#define WAIT_WORD "wait"
#define MS_PER_S 1000.0
#define SHOT_PREFIX "screenshot:"

/* Set-1 make codes by name (IBM PC/AT Technical Reference, keyboard
 * scan code set 1; E0-prefixed grey keys marked with UI_KEY_E0). */
static const struct {
    const char *name;
    unsigned code;
} k_names[] = {
    {"Esc", 0x01},
    {"Escape", 0x01},
    {"Backspace", 0x0E},
    {"BS", 0x0E},
    {"Tab", 0x0F},
    {"Enter", 0x1C},
    {"Return", 0x1C},
    {"Space", 0x39},
    {"Ctrl", 0x1D},
    {"LShift", 0x2A},
    {"RShift", 0x36},
    {"Alt", 0x38},
    {"CapsLock", 0x3A},
    {"NumLock", 0x45},
    {"ScrollLock", 0x46},
    {"F1", 0x3B},
    {"F2", 0x3C},
    {"F3", 0x3D},
    {"F4", 0x3E},
    {"F5", 0x3F},
    {"F6", 0x40},
    {"F7", 0x41},
    {"F8", 0x42},
    {"F9", 0x43},
    {"F10", 0x44},
    {"F11", 0x57},
    {"F12", 0x58},
    {"Home", UI_KEY_E0 | 0x47},
    {"Up", UI_KEY_E0 | 0x48},
    {"PgUp", UI_KEY_E0 | 0x49},
    {"PageUp", UI_KEY_E0 | 0x49},
    {"Left", UI_KEY_E0 | 0x4B},
    {"Right", UI_KEY_E0 | 0x4D},
    {"End", UI_KEY_E0 | 0x4F},
    {"Down", UI_KEY_E0 | 0x50},
    {"PgDn", UI_KEY_E0 | 0x51},
    {"PageDown", UI_KEY_E0 | 0x51},
    {"Ins", UI_KEY_E0 | 0x52},
    {"Insert", UI_KEY_E0 | 0x52},
    {"Del", UI_KEY_E0 | 0x53},
    {"Delete", UI_KEY_E0 | 0x53},
    {"KpEnter", UI_KEY_E0 | 0x1C},
    {"Pause", UI_KEY_PAUSE},
};

/* Make code of a key name ("Enter", "F10", "Up"...), or 0. */
static unsigned ks_key_code(const char *name, size_t len)
{
    for (size_t i = 0; i < ARRAY_LEN(k_names); i++)
        if (strlen(k_names[i].name) == len && !strncasecmp(name, k_names[i].name, len))
            return k_names[i].code;
    return 0;
}

static struct ks_step *add(struct keyscript *ks)
{
    struct ks_step *s = xreallocarray(ks->steps, ks->n + 1, sizeof *s);
    ks->steps = s;
    memset(&s[ks->n], 0, sizeof s[ks->n]);
    return &s[ks->n++];
}

/* Strip "Ctrl+", "Alt+", "Shift+" prefixes into mods. */
static const char *modifiers(const char *p, const char *end, unsigned *mods)
{
    static const struct {
        const char *name;
        unsigned mod;
    } k_mods[] = {{"Ctrl+", KBD_MOD_CTRL}, {"Alt+", KBD_MOD_ALT}, {"Shift+", KBD_MOD_SHIFT}};
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < ARRAY_LEN(k_mods); i++) {
            size_t n = strlen(k_mods[i].name);
            if ((size_t)(end - p) > n && !strncasecmp(p, k_mods[i].name, n)) {
                *mods |= k_mods[i].mod;
                p += n;
                again = true;
            }
        }
    }
    return p;
}

/* A duration: "500ms", "2s", "1.5s"; a bare number is milliseconds when
 * bare_ms, else an error. Returns false on bad syntax. */
bool ks_parse_duration(const char *p, size_t len, bool bare_ms, unsigned *out_ms)
{
    char buf[32], *end;
    if (!len || len >= sizeof buf)
        return false;
    memcpy(buf, p, len);
    buf[len] = 0;
    double v = strtod(buf, &end);
    double scale = !strcasecmp(end, "ms")                             ? 1
                   : !strcasecmp(end, "s")                            ? MS_PER_S
                   : !strcasecmp(end, "m") || !strcasecmp(end, "min") ? 60 * MS_PER_S
                   : !*end && bare_ms                                 ? 1
                                                                      : -1;
    if (end == buf || scale < 0 || !(v >= 0) || v * scale > UINT32_MAX)
        return false;
    *out_ms = (unsigned)(v * scale + 0.5);
    return true;
}

/* {wait:MS} or {wait TIME}: true when p..end is a wait (step added). */
static bool wait_step(const char *p, const char *end, struct keyscript *ks, bool *ok)
{
    size_t len = (size_t)(end - p), w = strlen(WAIT_WORD);
    if (len <= w || strncasecmp(p, WAIT_WORD, w) || (p[w] != ':' && p[w] != ' '))
        return false;
    const char *t = p + w + 1;
    while (t < end && *t == ' ')
        t++;
    unsigned ms;
    *ok = ks_parse_duration(t, (size_t)(end - t), p[w] == ':', &ms);
    if (*ok) {
        add(ks)->kind = KS_WAIT;
        ks->steps[ks->n - 1].wait_ms = ms;
    }
    return true;
}

static bool prefixed(const char *p, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len > n && !strncasecmp(p, prefix, n);
}

/* "X,Y" of a mouse step. */
static bool pair(const char *p, const char *end, int *x, int *y)
{
    char buf[32], extra;
    size_t n = (size_t)(end - p);
    if (n >= sizeof buf)
        return false;
    memcpy(buf, p, n);
    buf[n] = 0;
    return sscanf(buf, "%d,%d%c", x, y, &extra) == 2;
}

static unsigned button_named(const char *p, const char *end)
{
    static const struct {
        const char *name;
        unsigned bit;
    } k_buttons[] = {{"left", BIOS_MOUSE_LEFT},
                     {"right", BIOS_MOUSE_RIGHT},
                     {"middle", BIOS_MOUSE_MIDDLE}};
    for (size_t i = 0; i < ARRAY_LEN(k_buttons); i++)
        if ((size_t)(end - p) == strlen(k_buttons[i].name) &&
            !strncasecmp(p, k_buttons[i].name, (size_t)(end - p)))
            return k_buttons[i].bit;
    return 0;
}

/* {mouse:X,Y}, {move:DX,DY}, {click:B}, {press:B}, {release:B}; false
 * when the text is none of them (true with *ok false: a bad argument). */
static bool mouse_step(const char *p, const char *end, struct keyscript *ks, bool *ok)
{
    static const struct {
        const char *prefix;
        enum ks_mouse kind;
    } k_steps[] = {{"mouse:", KS_MOUSE_TO},
                   {"move:", KS_MOUSE_BY},
                   {"click:", KS_MOUSE_CLICK},
                   {"press:", KS_MOUSE_PRESS},
                   {"release:", KS_MOUSE_RELEASE}};
    for (size_t i = 0; i < ARRAY_LEN(k_steps); i++) {
        if (!prefixed(p, (size_t)(end - p), k_steps[i].prefix))
            continue;
        const char *arg = p + strlen(k_steps[i].prefix);
        struct ks_step st = {.kind = KS_MOUSE, .mouse = k_steps[i].kind};
        if (st.mouse == KS_MOUSE_TO || st.mouse == KS_MOUSE_BY)
            *ok = pair(arg, end, &st.x, &st.y);
        else
            *ok = (st.button = button_named(arg, end)) != 0;
        if (*ok)
            *add(ks) = st;
        return true;
    }
    return false;
}

/* {...}: a named key, a combination, a wait, a mouse step or a screenshot. */
static bool braced(const char *p, const char *end, struct keyscript *ks, char *why, size_t cap)
{
    size_t len = (size_t)(end - p);
    bool ok = true;
    if (wait_step(p, end, ks, &ok)) {
        if (!ok)
            snprintf(why, cap,
                     "bad wait {%.*s} (expected {wait 500ms}, {wait 2s} or {wait:500})",
                     (int)len, p);
        return ok;
    }
    if (prefixed(p, len, SHOT_PREFIX)) {
        struct ks_step *s = add(ks);
        s->kind = KS_SCREENSHOT;
        s->path = xstrndup(p + strlen(SHOT_PREFIX), len - strlen(SHOT_PREFIX));
        return true;
    }
    if (mouse_step(p, end, ks, &ok)) {
        if (!ok)
            snprintf(why, cap, "bad mouse step {%.*s} (expected X,Y or left, right, middle)",
                     (int)len, p);
        return ok;
    }
    unsigned mods = 0;
    const char *name = modifiers(p, end, &mods);
    unsigned code = ks_key_code(name, (size_t)(end - name));
    uint8_t scan = 0;
    unsigned cmods = 0;
    uint8_t c = (uint8_t)*name;
    if (mods && c >= 'A' && c <= 'Z')
        c = (uint8_t)(c + ('a' - 'A')); /* {Alt+F} means the F key */
    if (!code && end - name == 1 && kbd_char_key(c, &scan, &cmods))
        code = scan;
    if (!code) {
        snprintf(why, cap, "unknown key {%.*s}", (int)len, p);
        return false;
    }
    struct ks_step *s = add(ks);
    s->kind = KS_PRESS;
    s->code = code;
    s->mods = mods | cmods;
    return true;
}

bool ks_parse(const char *text, struct keyscript *ks, char *why, size_t why_cap)
{
    memset(ks, 0, sizeof *ks);
    return ks_append(text, ks, why, why_cap);
}

bool ks_append(const char *text, struct keyscript *ks, char *why, size_t why_cap)
{
    size_t n0 = ks->n;
    for (const char *p = text; *p; p++) {
        if (*p == '{' && p[1] == '{') {
            add(ks)->kind = KS_CHAR;
            ks->steps[ks->n - 1].ch = '{';
            p++;
            continue;
        }
        if (*p != '{') {
            uint32_t u = (uint8_t)*p;
            size_t len = utf8_decode((const uint8_t *)p, &u);
            add(ks)->kind = KS_CHAR;
            ks->steps[ks->n - 1].ch = len ? u : (uint8_t)*p; /* not UTF-8: the byte */
            p += len > 1 ? len - 1 : 0;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end || !braced(p + 1, end, ks, why, why_cap)) {
            if (!end)
                snprintf(why, why_cap, "unclosed '{' in key script");
            while (ks->n > n0)
                free(ks->steps[--ks->n].path);
            return false;
        }
        p = end;
    }
    return true;
}

void ks_free(struct keyscript *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        free(ks->steps[i].path);
    free(ks->steps);
    memset(ks, 0, sizeof *ks);
}

bool ks_done(const struct keyscript *ks)
{
    return ks->next >= ks->n;
}
