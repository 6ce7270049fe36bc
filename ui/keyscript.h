/* Key scripts (--keys): text (UTF-8) typed as the machine's keyboard layout
 * types it, with {Name} for
 * special keys, {Ctrl+X}/{Alt+X}/{Shift+X} combinations, waits ({wait 500ms},
 * {wait 2s}, {wait:MS}), mouse steps {mouse:X,Y}, {move:DX,DY}, {click:B},
 * {press:B}, {release:B} and {screenshot:FILE}; names are case-insensitive. */
#ifndef UNIDOS_UI_KEYSCRIPT_H
#define UNIDOS_UI_KEYSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ks_kind { KS_PRESS, KS_CHAR, KS_WAIT, KS_MOUSE, KS_SCREENSHOT };

/* How a KS_MOUSE step changes the mouse. */
enum ks_mouse { KS_MOUSE_TO, KS_MOUSE_BY, KS_MOUSE_CLICK, KS_MOUSE_PRESS, KS_MOUSE_RELEASE };

struct ks_step {
    enum ks_kind kind;
    unsigned code;       /* KS_PRESS: set-1 make code (| UI_KEY_E0) */
    unsigned mods;       /* KS_PRESS: KBD_MOD_* held around it */
    uint32_t ch;         /* KS_CHAR: the character (Unicode) to type */
    unsigned wait_ms;    /* KS_WAIT */
    enum ks_mouse mouse; /* KS_MOUSE */
    int x, y;            /* KS_MOUSE_TO/BY: coordinates or mickeys */
    unsigned button;     /* KS_MOUSE_CLICK/PRESS/RELEASE: BIOS_MOUSE_* bit */
    char *path;          /* KS_SCREENSHOT (owned) */
};

struct keyscript {
    struct ks_step *steps;
    size_t n, next;
};

/* Parse text; on error returns false and describes it in why. */
bool ks_parse(const char *text, struct keyscript *ks, char *why, size_t why_cap);
/* Parse text and add its steps after those already there (typed once the
 * earlier ones were); on error nothing is added. */
bool ks_append(const char *text, struct keyscript *ks, char *why, size_t why_cap);
void ks_free(struct keyscript *ks);
bool ks_done(const struct keyscript *ks);

/* Parse a duration ("500ms", "2s", "1.5s", "1m"; a bare number counts as
 * milliseconds only when bare_ms) into *out_ms. */
bool ks_parse_duration(const char *p, size_t len, bool bare_ms, unsigned *out_ms);

#endif
