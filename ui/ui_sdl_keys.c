/* Keys of the window for the program. Keys that type characters go by the
 * character (SDL's text input, composed by the host's layout and dead
 * keys): the key of the machine's layout (bios/kbd_layout.h) that types
 * it is pressed, and held while the host key is when the Shift and AltGr
 * held already suit it, else tapped with them set for it. Every other key
 * (and any key with Ctrl or Alt) goes by its position: USB HID usages
 * (SDL scancodes) to set-1 make codes. The host's layout, told apart by
 * what a few positions type, is the machine's by default. */
#include "ui/ui_sdl_impl.h"

#include "base/common.h"
#include "base/cp437.h"
#include "bios/kbd_layout.h"
#include "bios/kbd_table.h"

/* USB HID usages (SDL scancodes) to set-1 make codes; UI_KEY_E0 marks the
 * grey keys (IBM PC/AT Technical Reference, scan code set 1). */
static const uint16_t k_sdl_to_set1[SDL_NUM_SCANCODES] = {
    [SDL_SCANCODE_A] = 0x1E,
    [SDL_SCANCODE_B] = 0x30,
    [SDL_SCANCODE_C] = 0x2E,
    [SDL_SCANCODE_D] = 0x20,
    [SDL_SCANCODE_E] = 0x12,
    [SDL_SCANCODE_F] = 0x21,
    [SDL_SCANCODE_G] = 0x22,
    [SDL_SCANCODE_H] = 0x23,
    [SDL_SCANCODE_I] = 0x17,
    [SDL_SCANCODE_J] = 0x24,
    [SDL_SCANCODE_K] = 0x25,
    [SDL_SCANCODE_L] = 0x26,
    [SDL_SCANCODE_M] = 0x32,
    [SDL_SCANCODE_N] = 0x31,
    [SDL_SCANCODE_O] = 0x18,
    [SDL_SCANCODE_P] = 0x19,
    [SDL_SCANCODE_Q] = 0x10,
    [SDL_SCANCODE_R] = 0x13,
    [SDL_SCANCODE_S] = 0x1F,
    [SDL_SCANCODE_T] = 0x14,
    [SDL_SCANCODE_U] = 0x16,
    [SDL_SCANCODE_V] = 0x2F,
    [SDL_SCANCODE_W] = 0x11,
    [SDL_SCANCODE_X] = 0x2D,
    [SDL_SCANCODE_Y] = 0x15,
    [SDL_SCANCODE_Z] = 0x2C,
    [SDL_SCANCODE_1] = 0x02,
    [SDL_SCANCODE_2] = 0x03,
    [SDL_SCANCODE_3] = 0x04,
    [SDL_SCANCODE_4] = 0x05,
    [SDL_SCANCODE_5] = 0x06,
    [SDL_SCANCODE_6] = 0x07,
    [SDL_SCANCODE_7] = 0x08,
    [SDL_SCANCODE_8] = 0x09,
    [SDL_SCANCODE_9] = 0x0A,
    [SDL_SCANCODE_0] = 0x0B,
    [SDL_SCANCODE_RETURN] = 0x1C,
    [SDL_SCANCODE_ESCAPE] = 0x01,
    [SDL_SCANCODE_BACKSPACE] = 0x0E,
    [SDL_SCANCODE_TAB] = 0x0F,
    [SDL_SCANCODE_SPACE] = 0x39,
    [SDL_SCANCODE_MINUS] = 0x0C,
    [SDL_SCANCODE_EQUALS] = 0x0D,
    [SDL_SCANCODE_LEFTBRACKET] = 0x1A,
    [SDL_SCANCODE_RIGHTBRACKET] = 0x1B,
    [SDL_SCANCODE_BACKSLASH] = 0x2B,
    [SDL_SCANCODE_NONUSHASH] = 0x2B,
    [SDL_SCANCODE_SEMICOLON] = 0x27,
    [SDL_SCANCODE_APOSTROPHE] = 0x28,
    [SDL_SCANCODE_GRAVE] = 0x29,
    [SDL_SCANCODE_COMMA] = 0x33,
    [SDL_SCANCODE_PERIOD] = 0x34,
    [SDL_SCANCODE_SLASH] = 0x35,
    [SDL_SCANCODE_CAPSLOCK] = 0x3A,
    [SDL_SCANCODE_F1] = 0x3B,
    [SDL_SCANCODE_F2] = 0x3C,
    [SDL_SCANCODE_F3] = 0x3D,
    [SDL_SCANCODE_F4] = 0x3E,
    [SDL_SCANCODE_F5] = 0x3F,
    [SDL_SCANCODE_F6] = 0x40,
    [SDL_SCANCODE_F7] = 0x41,
    [SDL_SCANCODE_F8] = 0x42,
    [SDL_SCANCODE_F9] = 0x43,
    [SDL_SCANCODE_F10] = 0x44,
    [SDL_SCANCODE_F11] = 0x57,
    [SDL_SCANCODE_F12] = 0x58,
    [SDL_SCANCODE_PRINTSCREEN] = UI_KEY_E0 | 0x37,
    [SDL_SCANCODE_SCROLLLOCK] = 0x46,
    [SDL_SCANCODE_PAUSE] = UI_KEY_PAUSE,
    [SDL_SCANCODE_INSERT] = UI_KEY_E0 | 0x52,
    [SDL_SCANCODE_HOME] = UI_KEY_E0 | 0x47,
    [SDL_SCANCODE_PAGEUP] = UI_KEY_E0 | 0x49,
    [SDL_SCANCODE_DELETE] = UI_KEY_E0 | 0x53,
    [SDL_SCANCODE_END] = UI_KEY_E0 | 0x4F,
    [SDL_SCANCODE_PAGEDOWN] = UI_KEY_E0 | 0x51,
    [SDL_SCANCODE_RIGHT] = UI_KEY_E0 | 0x4D,
    [SDL_SCANCODE_LEFT] = UI_KEY_E0 | 0x4B,
    [SDL_SCANCODE_DOWN] = UI_KEY_E0 | 0x50,
    [SDL_SCANCODE_UP] = UI_KEY_E0 | 0x48,
    [SDL_SCANCODE_NUMLOCKCLEAR] = 0x45,
    [SDL_SCANCODE_KP_DIVIDE] = UI_KEY_E0 | 0x35,
    [SDL_SCANCODE_KP_MULTIPLY] = 0x37,
    [SDL_SCANCODE_KP_MINUS] = 0x4A,
    [SDL_SCANCODE_KP_PLUS] = 0x4E,
    [SDL_SCANCODE_KP_ENTER] = UI_KEY_E0 | 0x1C,
    [SDL_SCANCODE_KP_1] = 0x4F,
    [SDL_SCANCODE_KP_2] = 0x50,
    [SDL_SCANCODE_KP_3] = 0x51,
    [SDL_SCANCODE_KP_4] = 0x4B,
    [SDL_SCANCODE_KP_5] = 0x4C,
    [SDL_SCANCODE_KP_6] = 0x4D,
    [SDL_SCANCODE_KP_7] = 0x47,
    [SDL_SCANCODE_KP_8] = 0x48,
    [SDL_SCANCODE_KP_9] = 0x49,
    [SDL_SCANCODE_KP_0] = 0x52,
    [SDL_SCANCODE_KP_PERIOD] = 0x53,
    [SDL_SCANCODE_NONUSBACKSLASH] = 0x56,
    [SDL_SCANCODE_APPLICATION] = UI_KEY_E0 | 0x5D,
    [SDL_SCANCODE_LCTRL] = 0x1D,
    [SDL_SCANCODE_LSHIFT] = 0x2A,
    [SDL_SCANCODE_LALT] = 0x38,
    [SDL_SCANCODE_LGUI] = UI_KEY_E0 | 0x5B,
    [SDL_SCANCODE_RCTRL] = UI_KEY_E0 | 0x1D,
    [SDL_SCANCODE_RSHIFT] = 0x36,
    [SDL_SCANCODE_RALT] = UI_KEY_E0 | 0x38,
    [SDL_SCANCODE_RGUI] = UI_KEY_E0 | 0x5C,
};

unsigned sdl_key_code(SDL_Scancode sc)
{
    return sc >= 0 && sc < SDL_NUM_SCANCODES ? k_sdl_to_set1[sc] : 0;
}

/* The modifier keys held on the host that the program sees pressed. */
static const struct {
    SDL_Scancode sc;
    unsigned mod;
    unsigned code; /* what pressing it for a character sends */
} k_mod_keys[] = {
    {SDL_SCANCODE_LSHIFT, KBD_MOD_SHIFT, KBD_SC_LSHIFT},
    {SDL_SCANCODE_RSHIFT, KBD_MOD_SHIFT, KBD_SC_LSHIFT},
    {SDL_SCANCODE_LCTRL, KBD_MOD_CTRL, KBD_SC_CTRL},
    {SDL_SCANCODE_RCTRL, KBD_MOD_CTRL, KBD_SC_CTRL},
    {SDL_SCANCODE_LALT, KBD_MOD_ALT, KBD_SC_ALT},
    {SDL_SCANCODE_RALT, KBD_MOD_ALTGR, UI_KEY_E0 | KBD_SC_ALT},
};
#define CHAR_MODS (KBD_MOD_SHIFT | KBD_MOD_ALTGR)

static unsigned held_mods(const struct sdl_keys *k)
{
    unsigned m = 0;
    for (size_t i = 0; i < ARRAY_LEN(k_mod_keys); i++)
        if (k->sent[k_mod_keys[i].sc])
            m |= k_mod_keys[i].mod;
    return m;
}

static unsigned mod_code(unsigned mod)
{
    for (size_t i = 0; i < ARRAY_LEN(k_mod_keys); i++)
        if (k_mod_keys[i].mod == mod)
            return k_mod_keys[i].code;
    return 0;
}

/* Modifier keys held on the host that the stroke must not have go up
 * (down: false) or back down (down: true). */
static void unwanted_mods(struct sdl_keys *k, struct ui *u, unsigned want, bool down)
{
    for (size_t i = 0; i < ARRAY_LEN(k_mod_keys); i++) {
        unsigned sent = k->sent[k_mod_keys[i].sc];
        if (sent && !(want & k_mod_keys[i].mod))
            ui_key_event(u, sent - 1, down);
    }
}

/* Modifiers the stroke needs that are not held: down, or up again. */
static void missing_mods(struct ui *u, unsigned missing, bool down)
{
    for (unsigned bit = 1; bit <= KBD_MOD_ALTGR; bit <<= 1)
        if (missing & bit)
            ui_key_event(u, mod_code(bit), down);
}

/* One press of s with exactly its modifiers, whatever the host holds. */
static void tap(struct sdl_keys *k, struct ui *u, const struct kbd_stroke *s)
{
    unsigned missing = s->mods & ~held_mods(k);
    unwanted_mods(k, u, s->mods, false);
    missing_mods(u, missing, true);
    ui_key_event(u, s->scan, true);
    ui_key_event(u, s->scan, false);
    missing_mods(u, missing, false);
    unwanted_mods(k, u, s->mods, true);
}

/* Character c typed by host key sc (SDL_SCANCODE_UNKNOWN: by none). */
static void typed(struct sdl_keys *k, struct ui *u, SDL_Scancode sc, uint32_t c)
{
    struct kbd_stroke st[KBD_MAX_STROKES];
    size_t n = ui_char_strokes(u, c, st);
    if (!n) {
        ui_key_unicode(u, c, 0); /* no key types it: into the buffer */
        return;
    }
    unsigned held = held_mods(k);
    if (n == 1 && sc != SDL_SCANCODE_UNKNOWN && !(held & ~CHAR_MODS) &&
        (st[0].mods & CHAR_MODS) == (held & CHAR_MODS)) {
        ui_key_event(u, st[0].scan, true); /* held until the host key goes up */
        k->sent[sc] = (uint16_t)(st[0].scan + 1);
        return;
    }
    for (size_t i = 0; i < n; i++)
        tap(k, u, &st[i]);
}

/* A key whose text SDL reports: a printable symbol, no Ctrl, no left Alt
 * (AltGr is how many layouts type). */
static bool has_text(const SDL_Keysym *ks)
{
    return ks->sym >= ' ' && ks->sym != SDLK_DELETE && !(ks->sym & SDLK_SCANCODE_MASK) &&
           !(ks->mod & (KMOD_CTRL | KMOD_LALT));
}

/* A key that goes by its character: one with text, but not the keypad nor
 * Space (the same everywhere, and held in games). */
static bool types_char(const SDL_Keysym *ks)
{
    bool keypad = ks->scancode >= SDL_SCANCODE_KP_DIVIDE &&
                  ks->scancode <= SDL_SCANCODE_KP_PERIOD;
    return has_text(ks) && ks->sym != ' ' && !keypad;
}

void sdl_keys_down(struct sdl_keys *k, struct ui *u, const SDL_KeyboardEvent *e)
{
    SDL_Scancode sc = e->keysym.scancode;
    if (sc <= SDL_SCANCODE_UNKNOWN || sc >= SDL_NUM_SCANCODES)
        return;
    if (types_char(&e->keysym)) {
        k->pending = sc; /* its character comes as text */
        k->swallow = false;
        return;
    }
    k->pending = SDL_SCANCODE_UNKNOWN;
    k->swallow = has_text(&e->keysym); /* its text follows: the key already says it */
    unsigned code = sdl_key_code(sc);
    if (!code)
        return;
    ui_key_event(u, code, true);
    k->sent[sc] = (uint16_t)(code + 1);
}

void sdl_keys_up(struct sdl_keys *k, struct ui *u, const SDL_KeyboardEvent *e)
{
    SDL_Scancode sc = e->keysym.scancode;
    if (sc <= SDL_SCANCODE_UNKNOWN || sc >= SDL_NUM_SCANCODES)
        return;
    if (k->pending == sc)
        k->pending = SDL_SCANCODE_UNKNOWN; /* a dead key: it typed nothing yet */
    if (k->sent[sc])
        ui_key_event(u, k->sent[sc] - 1u, false);
    k->sent[sc] = 0;
}

void sdl_keys_text(struct sdl_keys *k, struct ui *u, const char *utf8)
{
    const uint8_t *p = (const uint8_t *)utf8;
    while (*p) {
        uint32_t c;
        size_t n = utf8_decode(p, &c);
        if (!n)
            break;
        if (!k->swallow)
            typed(k, u, k->pending, c);
        k->pending = SDL_SCANCODE_UNKNOWN;
        k->swallow = false;
        p += n;
    }
}

/* Each layout by what keys at US positions type there (all must match). */
static const struct {
    const char *layout;
    SDL_Scancode sc[2];
    SDL_Keycode sym[2];
} k_host_layouts[] = {
    {"de", {SDL_SCANCODE_Y, SDL_SCANCODE_MINUS}, {'z', 0xDF}},                /* QWERTZ, ß */
    {"fr", {SDL_SCANCODE_Q, SDL_SCANCODE_SEMICOLON}, {'a', 'm'}},             /* AZERTY */
    {"it", {SDL_SCANCODE_SEMICOLON, SDL_SCANCODE_APOSTROPHE}, {0xF2, 0xE0}},  /* ò à */
    {"es", {SDL_SCANCODE_SEMICOLON, SDL_SCANCODE_APOSTROPHE}, {0xF1, 0xB4}},  /* ñ ´ */
    {"se", {SDL_SCANCODE_LEFTBRACKET, SDL_SCANCODE_SEMICOLON}, {0xE5, 0xF6}}, /* å ö */
    {"no", {SDL_SCANCODE_SEMICOLON, SDL_SCANCODE_APOSTROPHE}, {0xF8, 0xE6}},  /* ø æ */
    {"dk", {SDL_SCANCODE_SEMICOLON, SDL_SCANCODE_APOSTROPHE}, {0xE6, 0xF8}},  /* æ ø */
    {"uk", {SDL_SCANCODE_BACKSLASH, SDL_SCANCODE_GRAVE}, {'#', '`'}},
    {"uk", {SDL_SCANCODE_NONUSHASH, SDL_SCANCODE_GRAVE}, {'#', '`'}},
};

const char *sdl_host_layout(void)
{
    for (size_t i = 0; i < ARRAY_LEN(k_host_layouts); i++)
        if (S(SDL_GetKeyFromScancode)(k_host_layouts[i].sc[0]) == k_host_layouts[i].sym[0] &&
            S(SDL_GetKeyFromScancode)(k_host_layouts[i].sc[1]) == k_host_layouts[i].sym[1])
            return k_host_layouts[i].layout;
    return "us";
}
