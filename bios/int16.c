/* INT 16h keyboard services over the BDA ring buffer. Keys arrive from the
 * frontend (bios_key_push) or, later, from the INT 09h handler. */
#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/bios_impl.h"
#include "bios/kbd_table.h"

#define KBD_RING_MIN_BYTES 4      /* room for one key besides the gap */
#define KBD_RING_MAX_KEYS 0x8000u /* a ring spanning the whole segment */

static uint16_t bda16(struct bios *b, unsigned off)
{
    return mem_rd16(b->mem, BDA_LIN + off);
}

static uint16_t next_slot(struct bios *b, uint16_t at)
{
    at = (uint16_t)(at + 2);
    return at >= bda16(b, BDA_KBD_END) ? bda16(b, BDA_KBD_START) : at;
}

static bool slot_ok(uint16_t at, uint16_t start, uint16_t end)
{
    return at >= start && at < end && !((at - start) & 1);
}

/* [a, b) and [c, d) share a byte. */
static bool overlaps(unsigned a, unsigned b, unsigned c, unsigned d)
{
    return a < d && c < b;
}

/* The ring's four pointers are guest data (programs move the buffer, and
 * a wild one writes anything there). Walking a ring whose pointers do not
 * agree never meets the tail: a start past the end, a head or tail outside
 * the buffer or between its words; a ring over the pointers themselves
 * would have a key stored into them. Such a ring is put back, empty: the
 * default buffer when the bounds are broken, else the same buffer. */
static void ring_check(struct bios *b)
{
    uint16_t start = bda16(b, BDA_KBD_START), end = bda16(b, BDA_KBD_END);
    uint16_t head = bda16(b, BDA_KBD_HEAD), tail = bda16(b, BDA_KBD_TAIL);
    bool bounds = start < end && end - start >= KBD_RING_MIN_BYTES && !((end - start) & 1) &&
                  !overlaps(start, end, BDA_KBD_HEAD, BDA_KBD_BUFFER) &&
                  !overlaps(start, end, BDA_KBD_START, BDA_KBD_END + 2);
    if (bounds && slot_ok(head, start, end) && slot_ok(tail, start, end))
        return;
    LOG(LOG_BIOS,
        "keyboard buffer pointers broken (start %04X end %04X head %04X tail %04X): "
        "emptied",
        start, end, head, tail);
    if (!bounds) {
        start = BDA_KBD_BUFFER;
        mem_wr16(b->mem, BDA_LIN + BDA_KBD_START, start);
        mem_wr16(b->mem, BDA_LIN + BDA_KBD_END, BDA_KBD_BUFFER_END);
    }
    mem_wr16(b->mem, BDA_LIN + BDA_KBD_HEAD, start);
    mem_wr16(b->mem, BDA_LIN + BDA_KBD_TAIL, start);
}

bool bios_key_push(struct bios *b, uint16_t key)
{
    ring_check(b);
    uint16_t tail = bda16(b, BDA_KBD_TAIL), next = next_slot(b, tail);
    if (next == bda16(b, BDA_KBD_HEAD))
        return false;
    mem_wr16(b->mem, BDA_LIN + tail, key);
    mem_wr16(b->mem, BDA_LIN + BDA_KBD_TAIL, next);
    return true;
}

static bool buffer_empty(struct bios *b)
{
    return bda16(b, BDA_KBD_HEAD) == bda16(b, BDA_KBD_TAIL);
}

int bios_key_get(struct bios *b, bool take, uint16_t *key)
{
    ring_check(b);
    if (buffer_empty(b) && !b->input_ended && b->host.kbd_poll)
        b->input_ended = !b->host.kbd_poll(b->host.ctx);
    if (buffer_empty(b)) {
        bios_key_missed(b);
        return b->input_ended ? -1 : 0;
    }
    bios_poll_hit(b);
    uint16_t head = bda16(b, BDA_KBD_HEAD);
    *key = bda16(b, head);
    if (take) {
        mem_wr16(b->mem, BDA_LIN + BDA_KBD_HEAD, next_slot(b, head));
        b->keys_taken++;
    }
    return 1;
}

uint16_t bios_ascii_key(uint8_t ch)
{
    uint8_t scan;
    unsigned mods;
    if (ch >= 0x80)
        return ch;
    if (!kbd_char_key(ch, &scan, &mods))
        return 0;
    return (uint16_t)(scan << 8 | ch);
}

/* Key words as the compatible functions (AH=00h/01h) return them: grey
 * keys lose their E0h marker; 101-key-only combinations are dropped (0). */
static uint16_t compatible_key(uint16_t key)
{
    uint8_t ascii = (uint8_t)key, scan = (uint8_t)(key >> 8);
    if (scan == KBD_PREFIX_E0) /* keypad Enter and / */
        return (uint16_t)((ascii == '/' ? 0x35 : 0x1C) << 8 | ascii);
    if (scan && ascii == KBD_ENHANCED_ASCII)
        return 0;
    if (scan && ascii == KBD_PREFIX_E0)
        return (uint16_t)(scan << 8);
    return key;
}

/* AH=10h/11h: the enhanced marker reads as 00h. */
static uint16_t enhanced_key(uint16_t key)
{
    if ((key >> 8) && (uint8_t)key == KBD_ENHANCED_ASCII)
        return key & 0xFF00;
    return key;
}

unsigned bios_key_buffered(struct bios *b)
{
    ring_check(b);
    unsigned size = bda16(b, BDA_KBD_END) - bda16(b, BDA_KBD_START);
    unsigned used = (unsigned)(bda16(b, BDA_KBD_TAIL) - bda16(b, BDA_KBD_HEAD) + size) %
                    MAX(size, 1u);
    return used / 2;
}

uint64_t bios_keys_taken(const struct bios *b)
{
    return b->keys_taken;
}

uint64_t bios_key_misses(const struct bios *b)
{
    return b->key_misses;
}

void bios_kbd_port_read(struct bios *b, bool fresh)
{
    if (fresh) {
        bios_poll_hit(b);
        return;
    }
    if (!b->input_ended && b->host.kbd_poll)
        b->input_ended = !b->host.kbd_poll(b->host.ctx); /* can keys still come? */
    bios_poll_empty(b, b->input_ended ? BIOS_POLL_ENDED : BIOS_POLL_INPUT);
}

void bios_key_flush(struct bios *b)
{
    ring_check(b);
    mem_wr16(b->mem, BDA_LIN + BDA_KBD_HEAD, bda16(b, BDA_KBD_TAIL));
}

/* The next key in the form the caller asked for, skipping keys the
 * compatible functions cannot return. 1, 0 (none yet) or -1 (input ended). */
static int next_key(struct bios *b, bool take, bool enhanced, uint16_t *out)
{
    /* Each round takes a key: a full ring is skipped in as many rounds. */
    for (unsigned n = 0; n <= KBD_RING_MAX_KEYS; n++) {
        uint16_t key;
        int rc = bios_key_get(b, false, &key);
        if (rc <= 0)
            return rc;
        uint16_t k = enhanced ? enhanced_key(key) : compatible_key(key);
        if (k || !key) {
            if (take)
                bios_key_get(b, true, &key);
            *out = k;
            return 1;
        }
        bios_key_get(b, true, &key); /* an enhanced-only key: AH=00h skips it */
    }
    return 0;
}

/* Wait for a key: when none will ever come, stop the run with a message
 * rather than hang (the frontend reports bios_input_starved). */
static void read_key(struct bios *b, struct intr_call *ic, bool enhanced)
{
    uint16_t key;
    int rc = next_key(b, true, enhanced, &key);
    if (rc > 0) {
        ic->r->ax = key;
        return;
    }
    if (rc < 0)
        b->input_starved = true;
    intr_retry(ic);
}

static void peek_key(struct bios *b, struct intr_call *ic, bool enhanced)
{
    uint16_t key;
    int rc = next_key(b, false, enhanced, &key);
    if (rc > 0)
        ic->r->ax = key;
    regs_set_flag(ic->r, CPU_FLAG_ZF, rc <= 0);
}

/* AH=12h: AH = Ctrl/Alt left and right, the locks and SysReq held. */
static uint8_t extended_shift(struct bios *b)
{
    uint8_t f2 = mem_rd8(b->mem, BDA_LIN + BDA_KBD_FLAGS2);
    uint8_t f3 = mem_rd8(b->mem, BDA_LIN + BDA_KBD_FLAGS3);
    return (uint8_t)((f2 & 0x73) | (f3 & 0x0C) | (f2 & 0x04 ? 0x80 : 0));
}

/* 02h/12h read the shift keys: a program polling them (EDIT shows their
 * state) finds something new only when they changed. */
static void shift_poll(struct bios *b, uint16_t flags)
{
    if (flags != b->shift_polled)
        bios_poll_hit(b);
    else
        bios_poll_empty(b, b->input_ended ? BIOS_POLL_ENDED : BIOS_POLL_INPUT);
    b->shift_polled = flags;
}

#define KBD_CAPS_FUNCS 0x34 /* AH=09h: 0305h, 0A00h, 10h-12h supported */
#define KBD_ID_MF2 0x41AB

/* RBIL INT 16: 00h/10h read, 01h/11h peek, 02h/12h shift flags, 03h
 * typematic, 05h store, 09h capabilities, 0Ah keyboard ID. */
static void int16_keyboard(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    struct cpu_regs *r = ic->r;
    switch (reg_hi(r->ax)) {
    case 0x00:
        read_key(b, ic, false);
        return;
    case 0x10:
        read_key(b, ic, true);
        return;
    case 0x01:
        peek_key(b, ic, false);
        return;
    case 0x11:
        peek_key(b, ic, true);
        return;
    case 0x02:
        reg_set_lo(&r->ax, mem_rd8(b->mem, BDA_LIN + BDA_KBD_FLAGS1));
        shift_poll(b, reg_lo(r->ax));
        return;
    case 0x12:
        reg_set_lo(&r->ax, mem_rd8(b->mem, BDA_LIN + BDA_KBD_FLAGS1));
        reg_set_hi(&r->ax, extended_shift(b));
        shift_poll(b, r->ax);
        return;
    case 0x03:
        return; /* typematic rate: keys repeat at the host's rate */
    case 0x05:
        reg_set_lo(&r->ax, bios_key_push(b, r->cx) ? 0 : 1);
        return;
    case 0x09:
        reg_set_lo(&r->ax, KBD_CAPS_FUNCS);
        return;
    case 0x0A:
        r->bx = KBD_ID_MF2;
        return;
    default:
        LOG(LOG_BIOS, "INT 16h AH=%02Xh not supported", reg_hi(r->ax));
    }
}

void bios_kbd_init(struct bios *b)
{
    mem_wr16(b->mem, BDA_LIN + BDA_KBD_START, BDA_KBD_BUFFER);
    mem_wr16(b->mem, BDA_LIN + BDA_KBD_END, BDA_KBD_BUFFER_END);
    mem_wr16(b->mem, BDA_LIN + BDA_KBD_HEAD, BDA_KBD_BUFFER);
    mem_wr16(b->mem, BDA_LIN + BDA_KBD_TAIL, BDA_KBD_BUFFER);
    intr_set(b->intr, 0x16, int16_keyboard, b);
}
