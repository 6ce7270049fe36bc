/* US keyboard translation table shared by the INT 09h handler and the
 * host side (characters typed into a terminal or a key script). */
#ifndef UNIDOS_BIOS_KBD_TABLE_H
#define UNIDOS_BIOS_KBD_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#define KBD_TABLE_SIZE 0x59     /* set-1 make codes 00h-58h */
#define KBD_LETTER 0x01         /* Caps Lock swaps normal and shift */
#define KBD_PAD 0x02            /* Num Lock swaps normal and shift */
#define KBD_ENHANCED_ASCII 0xF0 /* marker of 101-key-only key words */

#define KBD_MOD_SHIFT 0x01
#define KBD_MOD_CTRL 0x02
#define KBD_MOD_ALT 0x04

/* Set-1 make codes of the shift keys and friends. */
#define KBD_SC_ESC 0x01
#define KBD_SC_CTRL 0x1D
#define KBD_SC_LSHIFT 0x2A
#define KBD_SC_RSHIFT 0x36
#define KBD_SC_ALT 0x38
#define KBD_SC_CAPS 0x3A
#define KBD_SC_NUM 0x45
#define KBD_SC_SCROLL 0x46
#define KBD_SC_INSERT 0x52
#define KBD_SC_DELETE 0x53
#define KBD_SC_SYSREQ 0x54
#define KBD_BREAK 0x80 /* break code = make code | 80h */
#define KBD_PREFIX_E0 0xE0
#define KBD_PREFIX_E1 0xE1

struct kbd_key {
    uint16_t normal, shift, ctrl, alt; /* key words; 0: the combination types nothing */
    uint8_t flags;
};

/* The row for make code scan (with an E0h prefix: the grey keys), or NULL. */
const struct kbd_key *kbd_key_of(uint8_t scan, bool e0);

/* The key (make code and KBD_MOD_* to hold) that types ASCII ch on a US
 * keyboard; false when no key does. */
bool kbd_char_key(uint8_t ch, uint8_t *scan, unsigned *mods);

#endif
