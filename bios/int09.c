/* INT 09h, the keyboard interrupt: reads the scan code from the 8042,
 * keeps the shift states in the BDA and stores key words in the type-ahead
 * buffer (IBM PC/AT Technical Reference, "Keyboard BIOS"; RBIL INT 09 and
 * MEMORY.LST 0040h:0017h-0018h, 0096h-0097h). The ROM stub around it sends
 * the EOI. */
#include "base/codepage.h"
#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/bios_impl.h"
#include "bios/kbd_table.h"

/* BDA 17h */
#define F1_RSHIFT 0x01
#define F1_LSHIFT 0x02
#define F1_CTRL 0x04
#define F1_ALT 0x08
#define F1_SCROLL 0x10
#define F1_NUM 0x20
#define F1_CAPS 0x40
#define F1_INSERT 0x80
/* BDA 18h: keys held */
#define F2_LCTRL 0x01
#define F2_LALT 0x02
#define F2_SYSREQ 0x04
#define F2_SCROLL 0x10
#define F2_NUM 0x20
#define F2_CAPS 0x40
#define F2_INSERT 0x80
/* BDA 96h */
#define F3_E1 0x01
#define F3_E0 0x02
#define F3_RCTRL 0x04
#define F3_RALT 0x08
#define F3_ENHANCED 0x10
/* BDA 97h: LED bits mirror the lock states */
#define F4_LEDS 0x07
#define BDA_ALT_KEYPAD 0x19  /* byte: Alt + keypad digits being typed */
#define E1_SEQUENCE_BYTES 5  /* Pause: E1 1D 45 E1 9D C5 */
#define CH_SPACE_ACCENT 0x20 /* a space after a dead key gives its accent */

static uint8_t flags(struct bios *b, unsigned off)
{
    return mem_rd8(b->mem, BDA_LIN + off);
}

static void set_bits(struct bios *b, unsigned off, uint8_t bits, bool on)
{
    uint8_t v = flags(b, off);
    mem_wr8(b->mem, BDA_LIN + off, (uint8_t)(on ? v | bits : v & ~bits));
}

static void sync_leds(struct bios *b)
{
    uint8_t f1 = flags(b, BDA_KBD_FLAGS1);
    uint8_t leds = (uint8_t)((f1 & F1_SCROLL ? 1 : 0) | (f1 & F1_NUM ? 2 : 0) |
                             (f1 & F1_CAPS ? 4 : 0));
    set_bits(b, BDA_KBD_FLAGS4, F4_LEDS, false);
    set_bits(b, BDA_KBD_FLAGS4, leds, true);
}

/* Alt released after keypad digits: the typed code becomes a key (RBIL). */
static void alt_released(struct bios *b)
{
    uint8_t code = flags(b, BDA_ALT_KEYPAD);
    mem_wr8(b->mem, BDA_LIN + BDA_ALT_KEYPAD, 0);
    if (code)
        bios_key_push(b, code);
}

/* Shift, Ctrl, Alt and the locks. Returns true when scan was one of them. */
static bool modifier(struct bios *b, uint8_t scan, bool e0, bool up)
{
    switch (scan) {
    case KBD_SC_LSHIFT:
    case KBD_SC_RSHIFT:
        if (!e0) /* E0 2A / E0 36 are the fake shifts around grey keys */
            set_bits(b, BDA_KBD_FLAGS1, scan == KBD_SC_LSHIFT ? F1_LSHIFT : F1_RSHIFT, !up);
        return true;
    case KBD_SC_CTRL:
        set_bits(b, e0 ? BDA_KBD_FLAGS3 : BDA_KBD_FLAGS2, e0 ? F3_RCTRL : F2_LCTRL, !up);
        set_bits(b, BDA_KBD_FLAGS1, F1_CTRL,
                 (flags(b, BDA_KBD_FLAGS2) & F2_LCTRL) ||
                     (flags(b, BDA_KBD_FLAGS3) & F3_RCTRL));
        return true;
    case KBD_SC_ALT:
        set_bits(b, e0 ? BDA_KBD_FLAGS3 : BDA_KBD_FLAGS2, e0 ? F3_RALT : F2_LALT, !up);
        set_bits(b, BDA_KBD_FLAGS1, F1_ALT,
                 (flags(b, BDA_KBD_FLAGS2) & F2_LALT) || (flags(b, BDA_KBD_FLAGS3) & F3_RALT));
        if (up && !(flags(b, BDA_KBD_FLAGS1) & F1_ALT))
            alt_released(b);
        return true;
    default:
        return false;
    }
}

/* Caps/Num/Scroll Lock toggle on the make code, not on auto-repeat. */
static bool lock_key(struct bios *b, uint8_t scan, bool e0, bool up)
{
    static const struct {
        uint8_t scan, f1, f2;
    } k_locks[] = {
        {KBD_SC_CAPS, F1_CAPS, F2_CAPS},
        {KBD_SC_NUM, F1_NUM, F2_NUM},
        {KBD_SC_SCROLL, F1_SCROLL, F2_SCROLL},
    };
    if (e0 || (flags(b, BDA_KBD_FLAGS1) & F1_CTRL))
        return false; /* Ctrl+Num Lock is Pause, Ctrl+Scroll Lock is Break */
    for (size_t i = 0; i < ARRAY_LEN(k_locks); i++) {
        if (k_locks[i].scan != scan)
            continue;
        bool held = flags(b, BDA_KBD_FLAGS2) & k_locks[i].f2;
        if (!up && !held)
            set_bits(b, BDA_KBD_FLAGS1, k_locks[i].f1,
                     !(flags(b, BDA_KBD_FLAGS1) & k_locks[i].f1));
        set_bits(b, BDA_KBD_FLAGS2, k_locks[i].f2, !up);
        sync_leds(b);
        return true;
    }
    return false;
}

/* Alt + keypad digits accumulate a character code. */
static bool alt_keypad(struct bios *b, uint8_t scan, bool e0)
{
    static const int8_t k_digit[] = {7, 8, 9, -1, 4, 5, 6, -1, 1, 2, 3, 0}; /* 47h..52h */
    if (e0 || scan < 0x47 || scan > 0x52 || k_digit[scan - 0x47] < 0)
        return false;
    uint8_t v = flags(b, BDA_ALT_KEYPAD);
    mem_wr8(b->mem, BDA_LIN + BDA_ALT_KEYPAD, (uint8_t)(v * 10 + k_digit[scan - 0x47]));
    return true;
}

static uint16_t translate(struct bios *b, const struct kbd_key *k)
{
    uint8_t f1 = flags(b, BDA_KBD_FLAGS1);
    if (f1 & F1_ALT)
        return k->alt;
    if (f1 & F1_CTRL)
        return k->ctrl;
    bool shift = f1 & (F1_LSHIFT | F1_RSHIFT);
    if ((k->flags & KBD_LETTER) && (f1 & F1_CAPS))
        shift = !shift;
    if ((k->flags & KBD_PAD) && (f1 & F1_NUM))
        shift = !shift;
    return shift ? k->shift : k->normal;
}

/* ---- national keyboards (bios/kbd_layout.h) ---- */

/* AltGr: right Alt, or Ctrl and Alt together (as KEYB takes them). */
static bool altgr_held(struct bios *b)
{
    uint8_t f1 = flags(b, BDA_KBD_FLAGS1);
    return (flags(b, BDA_KBD_FLAGS3) & F3_RALT) || ((f1 & F1_CTRL) && (f1 & F1_ALT));
}

/* Character u (Unicode) into the buffer in the code page, as the key
 * word of scan (0: no key); a pending dead key's accent combines with it,
 * or comes first on its own when they do not combine. Characters the code
 * page lacks are dropped. */
static void put_char(struct bios *b, uint8_t scan, uint32_t u)
{
    uint32_t c = u;
    if (b->dead) {
        c = kbd_compose(b->dead, u);
        if (!c) {
            uint32_t accent = b->dead;
            b->dead = 0;
            put_char(b, 0, accent);
            c = u;
        }
        b->dead = 0;
    }
    int byte = codepage_from_unicode(b->codepage, c);
    if (byte >= 0 && !bios_key_push(b, (uint16_t)(scan << 8 | byte)))
        LOG(LOG_BIOS, "keyboard buffer full: a character lost");
}

/* Ctrl+letter where the layout moved the letter (Ctrl+Z on a German Z). */
static bool ctrl_letter(struct bios *b, uint8_t scan, const struct kbd_lkey *k)
{
    uint8_t f1 = flags(b, BDA_KBD_FLAGS1);
    uint32_t c = k->ch[KBD_COL_NORMAL];
    if (!(f1 & F1_CTRL) || (f1 & F1_ALT) || !(k->flags & KBD_LETTER) || c < 'a' || c > 'z')
        return false;
    bios_key_push(b, (uint16_t)(scan << 8 | (c - 'a' + 1)));
    return true;
}

/* A key that types a character on the layout, with no Ctrl or Alt (or
 * with AltGr): true when handled here; false leaves it to the US table
 * by position (Alt+key, function keys, the keypad). */
static bool layout_key(struct bios *b, uint8_t scan, bool e0)
{
    struct kbd_lkey k;
    uint8_t f1 = flags(b, BDA_KBD_FLAGS1);
    unsigned col;
    if (e0 || !kbd_layout_lookup(b->layout, scan, &k))
        return false;
    if (altgr_held(b) && k.ch[KBD_COL_ALTGR]) {
        col = KBD_COL_ALTGR;
    } else if (f1 & (F1_CTRL | F1_ALT)) {
        return ctrl_letter(b, scan, &k);
    } else {
        bool shift = f1 & (F1_LSHIFT | F1_RSHIFT);
        if ((k.flags & KBD_LETTER) && (f1 & F1_CAPS))
            shift = !shift;
        col = shift ? KBD_COL_SHIFT : KBD_COL_NORMAL;
    }
    uint32_t u = k.ch[col];
    if (u && (k.flags & KBD_DEAD(col))) {
        if (b->dead)
            put_char(b, 0, CH_SPACE_ACCENT); /* the pending accent, alone */
        b->dead = (uint16_t)u;
    } else if (u) {
        put_char(b, scan, u);
    }
    return true;
}

static void make_code(struct bios *b, uint8_t scan, bool e0)
{
    uint8_t f1 = flags(b, BDA_KBD_FLAGS1);
    if (scan == KBD_SC_INSERT && !(f1 & (F1_ALT | F1_CTRL)))
        set_bits(b, BDA_KBD_FLAGS1, F1_INSERT, !(f1 & F1_INSERT));
    if ((f1 & F1_ALT) && alt_keypad(b, scan, e0))
        return;
    if ((f1 & F1_CTRL) && (f1 & F1_ALT) && scan == KBD_SC_DELETE) {
        log_note("Ctrl-Alt-Del pressed: ignored (unidos does not reboot)");
        return;
    }
    if (layout_key(b, scan, e0))
        return;
    const struct kbd_key *k = kbd_key_of(scan, e0);
    uint16_t word = k ? translate(b, k) : 0;
    if (word && b->dead)
        put_char(b, 0, CH_SPACE_ACCENT); /* dead key, then Enter, Tab...: the accent */
    if (word && !bios_key_push(b, word))
        LOG(LOG_BIOS, "keyboard buffer full: key %04Xh lost", word);
}

/* One scan code byte from port 60h. */
void bios_kbd_scancode(struct bios *b, uint8_t code)
{
    if (b->kbd_e1_left) { /* Pause/Break sequence: not a key */
        b->kbd_e1_left--;
        return;
    }
    if (code == KBD_PREFIX_E0) {
        set_bits(b, BDA_KBD_FLAGS3, F3_E0, true);
        return;
    }
    if (code == KBD_PREFIX_E1) {
        b->kbd_e1_left = E1_SEQUENCE_BYTES;
        return;
    }
    bool e0 = flags(b, BDA_KBD_FLAGS3) & F3_E0, up = code & KBD_BREAK;
    uint8_t scan = code & (uint8_t)~KBD_BREAK;
    set_bits(b, BDA_KBD_FLAGS3, F3_E0 | F3_E1, false);
    if (modifier(b, scan, e0, up) || lock_key(b, scan, e0, up))
        return;
    if (scan == KBD_SC_INSERT)
        set_bits(b, BDA_KBD_FLAGS2, F2_INSERT, !up);
    if (!up)
        make_code(b, scan, e0);
}

static void int09_keyboard(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    UNUSED(ic);
    if (b->kbc)
        bios_kbd_scancode(b, kbc_read_data(b->kbc));
}

void bios_set_keyboard(struct bios *b, const struct kbd_layout *l)
{
    b->layout = l ? l : kbd_layout_us();
    b->dead = 0;
}

bool bios_caps_lock(struct bios *b)
{
    return flags(b, BDA_KBD_FLAGS1) & F1_CAPS;
}

const struct kbd_layout *bios_keyboard(const struct bios *b)
{
    return b->layout;
}

void bios_int09_init(struct bios *b)
{
    b->layout = kbd_layout_us();
    set_bits(b, BDA_KBD_FLAGS3, F3_ENHANCED, true);
    intr_set(b->intr, 0x09, int09_keyboard, b);
}
