/* National keyboard layouts, as DOS's KEYB installs them: which character
 * each key types with no shift, Shift or AltGr (right Alt, or Ctrl+Alt),
 * in Unicode, over the US table (bios/kbd_table.h) for keys they leave
 * alone; dead keys (an accent that combines with the next letter); and
 * the code page each layout comes with. */
#ifndef UNIDOS_BIOS_KBD_LAYOUT_H
#define UNIDOS_BIOS_KBD_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kbd_column { KBD_COL_NORMAL, KBD_COL_SHIFT, KBD_COL_ALTGR, KBD_COLUMNS };

#define KBD_MOD_ALTGR 0x08             /* with KBD_MOD_*: right Alt held */
#define KBD_DEAD(col) (0x10u << (col)) /* that column of the key is a dead key */

/* A key's characters (Unicode, 0: none) and flags (KBD_LETTER: Caps Lock
 * swaps normal and Shift; KBD_DEAD). */
struct kbd_lkey {
    uint8_t scan;
    uint16_t ch[KBD_COLUMNS];
    uint8_t flags;
};

struct kbd_layout {
    const char *name;  /* "de" (what --keyboard takes) */
    const char *keyb;  /* "GR": MS-DOS KEYB's keyboard code */
    const char *desc;  /* "German" */
    unsigned codepage; /* the code page KEYB loads with it */
    const struct kbd_lkey *keys;
    size_t nkeys;
};

/* The layout named name (--keyboard's name or KEYB's code, any case), or
 * NULL. kbd_layout_at(i) for i from 0 lists them all (NULL past the end). */
const struct kbd_layout *kbd_layout_find(const char *name);
const struct kbd_layout *kbd_layout_at(size_t i);
const struct kbd_layout *kbd_layout_us(void);

/* "LAYOUT[,CODEPAGE]" (as --keyboard and KEYB take it: "de", "GR,437"):
 * the layout and the code page (its own when none is given, else one
 * there is a font for). False when either is unknown. */
bool kbd_layout_parse(const char *spec, const struct kbd_layout **l, unsigned *cp);

/* What make code scan types on layout l (its own row, or the US table's
 * printable characters): false for keys that type no character (Enter,
 * Tab, function keys, the keypad). */
bool kbd_layout_lookup(const struct kbd_layout *l, uint8_t scan, struct kbd_lkey *out);

/* A dead key's accent combined with the next character: the composed
 * letter, the accent itself after a space, or 0 (they do not combine). */
uint32_t kbd_compose(uint32_t accent, uint32_t base);

/* One key press with modifiers (KBD_MOD_*, KBD_MOD_ALTGR). */
struct kbd_stroke {
    uint8_t scan;
    unsigned mods;
    bool letter; /* Caps Lock swaps its Shift */
};
#define KBD_MAX_STROKES 2

/* The presses that type code point u on layout l in code page cp: one, or
 * a dead key and a letter; 0 when none does (u is not in the code page, or
 * no key types it). */
size_t kbd_strokes(const struct kbd_layout *l, unsigned cp, uint32_t u,
                   struct kbd_stroke out[KBD_MAX_STROKES]);

#endif
