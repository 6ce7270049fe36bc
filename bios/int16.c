/* INT 16h keyboard services over the BDA ring buffer. Keys arrive from the
 * frontend (bios_key_push) or, later, from the INT 09h handler. */
#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/bios_impl.h"

static uint16_t bda16(struct bios *b, unsigned off)
{
    return mem_rd16(b->mem, BDA_LIN + off);
}

static uint16_t next_slot(struct bios *b, uint16_t at)
{
    at = (uint16_t)(at + 2);
    return at >= bda16(b, BDA_KBD_END) ? bda16(b, BDA_KBD_START) : at;
}

bool bios_key_push(struct bios *b, uint16_t key)
{
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
    if (buffer_empty(b) && !b->input_ended && b->host.kbd_poll)
        b->input_ended = !b->host.kbd_poll(b->host.ctx);
    if (buffer_empty(b))
        return b->input_ended ? -1 : 0;
    uint16_t head = bda16(b, BDA_KBD_HEAD);
    *key = bda16(b, head);
    if (take)
        mem_wr16(b->mem, BDA_LIN + BDA_KBD_HEAD, next_slot(b, head));
    return 1;
}

/* Set-1 scan codes of the US layout by ASCII character (IBM PC/AT
 * Technical Reference, keyboard scan codes). Shifted characters share the
 * scan code of their key. */
static const uint8_t k_scan_of[128] = {
    [0x08] = 0x0E, [0x09] = 0x0F, [0x0D] = 0x1C, [0x1B] = 0x01, [' '] = 0x39,
    ['1'] = 0x02, ['!'] = 0x02, ['2'] = 0x03, ['@'] = 0x03, ['3'] = 0x04, ['#'] = 0x04,
    ['4'] = 0x05, ['$'] = 0x05, ['5'] = 0x06, ['%'] = 0x06, ['6'] = 0x07, ['^'] = 0x07,
    ['7'] = 0x08, ['&'] = 0x08, ['8'] = 0x09, ['*'] = 0x09, ['9'] = 0x0A, ['('] = 0x0A,
    ['0'] = 0x0B, [')'] = 0x0B, ['-'] = 0x0C, ['_'] = 0x0C, ['='] = 0x0D, ['+'] = 0x0D,
    ['q'] = 0x10, ['w'] = 0x11, ['e'] = 0x12, ['r'] = 0x13, ['t'] = 0x14, ['y'] = 0x15,
    ['u'] = 0x16, ['i'] = 0x17, ['o'] = 0x18, ['p'] = 0x19, ['['] = 0x1A, ['{'] = 0x1A,
    [']'] = 0x1B, ['}'] = 0x1B, ['a'] = 0x1E, ['s'] = 0x1F, ['d'] = 0x20, ['f'] = 0x21,
    ['g'] = 0x22, ['h'] = 0x23, ['j'] = 0x24, ['k'] = 0x25, ['l'] = 0x26, [';'] = 0x27,
    [':'] = 0x27, ['\''] = 0x28, ['"'] = 0x28, ['`'] = 0x29, ['~'] = 0x29, ['\\'] = 0x2B,
    ['|'] = 0x2B, ['z'] = 0x2C, ['x'] = 0x2D, ['c'] = 0x2E, ['v'] = 0x2F, ['b'] = 0x30,
    ['n'] = 0x31, ['m'] = 0x32, [','] = 0x33, ['<'] = 0x33, ['.'] = 0x34, ['>'] = 0x34,
    ['/'] = 0x35, ['?'] = 0x35,
};

/* Control characters come from Ctrl+letter: the letter's scan code. */
static const char k_ctrl_letters[] = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

uint16_t bios_ascii_key(uint8_t ch)
{
    uint8_t base = ch;
    if (ch >= 'A' && ch <= 'Z')
        base = (uint8_t)(ch + 32);
    if (ch < 0x20 && !k_scan_of[ch])
        base = (uint8_t)k_ctrl_letters[ch];
    if (ch >= 0x80 || !k_scan_of[base])
        return ch >= 0x80 ? ch : 0;
    return (uint16_t)(k_scan_of[base] << 8 | ch);
}

void bios_key_flush(struct bios *b)
{
    mem_wr16(b->mem, BDA_LIN + BDA_KBD_HEAD, bda16(b, BDA_KBD_TAIL));
}

/* Wait for a key: when none will ever come, stop the run with a message
 * rather than hang (the frontend reports bios_input_starved). */
static void read_key(struct bios *b, struct intr_call *ic)
{
    uint16_t key;
    int rc = bios_key_get(b, true, &key);
    if (rc > 0) {
        ic->r->ax = key;
        return;
    }
    if (rc < 0)
        b->input_starved = true;
    intr_retry(ic);
}

static void peek_key(struct bios *b, struct intr_call *ic)
{
    uint16_t key;
    int rc = bios_key_get(b, false, &key);
    if (rc > 0)
        ic->r->ax = key;
    regs_set_flag(ic->r, CPU_FLAG_ZF, rc <= 0);
}

/* RBIL INT 16: 00h/10h read, 01h/11h peek, 02h/12h shift flags, 05h store. */
static void int16_keyboard(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    struct cpu_regs *r = ic->r;
    switch (reg_hi(r->ax)) {
    case 0x00:
    case 0x10:
        read_key(b, ic);
        return;
    case 0x01:
    case 0x11:
        peek_key(b, ic);
        return;
    case 0x02:
        reg_set_lo(&r->ax, mem_rd8(b->mem, BDA_LIN + BDA_KBD_FLAGS1));
        return;
    case 0x12:
        reg_set_lo(&r->ax, mem_rd8(b->mem, BDA_LIN + BDA_KBD_FLAGS1));
        reg_set_hi(&r->ax, mem_rd8(b->mem, BDA_LIN + BDA_KBD_FLAGS2));
        return;
    case 0x05:
        reg_set_lo(&r->ax, bios_key_push(b, r->cx) ? 0 : 1);
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
