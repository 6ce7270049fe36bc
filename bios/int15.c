/* INT 15h system services: A20 gate (24xxh), extended memory block move
 * (87h) and size (88h). Other functions answer "not supported". */
#include "base/common.h"
#include "base/log.h"
#include "bios/bios_impl.h"

#define INT15_UNSUPPORTED 0x86          /* AH on return: function not supported */
#define INT15_A20_SUPPORT_PORT92 0x0002 /* 2403h BX bit 1: port 92h */
#define INT15_MOVE_MAX_WORDS 0x8000u
#define INT15_MOVE_SRC 0x10 /* GDT offsets of the source and target descriptors */
#define INT15_MOVE_DST 0x18
#define DESC_BASE_LO 2 /* descriptor: 24-bit base at +2, bits 24-31 at +7 */
#define DESC_BASE_HI 7
#define INT15_MOVE_EXCEPTION 0x02 /* AH: "exception interrupt error" */
#define EXT_KB_MAX_88H 0xFFFFu

/* Returns AH and whether CF is set. */
struct int15_result {
    uint8_t ah;
    bool cf;
};

typedef struct int15_result int15_fn(struct bios *b, struct cpu_regs *r);

static const struct int15_result k_ok = {0, false};

/* RBIL INT 15/AX=2400h-2403h: disable, enable, status, support. */
static struct int15_result int15_a20(struct bios *b, struct cpu_regs *r)
{
    switch (reg_lo(r->ax)) {
    case 0x00:
    case 0x01:
        mem_set_a20(b->mem, reg_lo(r->ax) == 0x01);
        return k_ok;
    case 0x02:
        reg_set_lo(&r->ax, mem_a20(b->mem));
        return k_ok;
    case 0x03:
        r->bx = INT15_A20_SUPPORT_PORT92;
        return k_ok;
    default:
        return (struct int15_result){INT15_UNSUPPORTED, true};
    }
}

static uint32_t desc_base(struct mem *m, uint32_t desc)
{
    return (mem_rd32(m, desc + DESC_BASE_LO) & 0xFFFFFFu) |
           (uint32_t)mem_rd8(m, desc + DESC_BASE_HI) << 24;
}

/* RBIL INT 15/AH=87h: CX words from the source to the target descriptor
 * of the GDT at ES:SI (physical addresses). */
static struct int15_result int15_move(struct bios *b, struct cpu_regs *r)
{
    uint32_t gdt = mem_lin(b->mem, r->es, r->si);
    uint32_t src = desc_base(b->mem, gdt + INT15_MOVE_SRC);
    uint32_t dst = desc_base(b->mem, gdt + INT15_MOVE_DST);
    if (r->cx > INT15_MOVE_MAX_WORDS || !xmem_copy(b->xmem, dst, src, (uint32_t)r->cx * 2)) {
        LOG(LOG_BIOS, "INT 15h 87h: bad move %08X -> %08X, %u words", src, dst, r->cx);
        return (struct int15_result){INT15_MOVE_EXCEPTION, true};
    }
    LOG(LOG_BIOS, "INT 15h 87h: %08X -> %08X, %u words", src, dst, r->cx);
    regs_set_flag(r, CPU_FLAG_ZF, 1);
    return k_ok;
}

/* RBIL INT 15/AH=88h: KiB above 1 MiB; 0 once an XMS driver owns it. */
static struct int15_result int15_ext_size(struct bios *b, struct cpu_regs *r)
{
    r->ax = b->ext_claimed ? 0 : (uint16_t)MIN(xmem_ext_kb(b->xmem), EXT_KB_MAX_88H);
    return (struct int15_result){reg_hi(r->ax), false};
}

#define INT15_WAIT 0x86    /* RBIL INT 15/AH=86h: wait CX:DX us */
#define TOPVIEW_PAUSE 0x00 /* RBIL INT 15/AX=1000h: give up the time slice */

/* RBIL INT 15/AH=10h: TopView and DESQview. Not installed, as the answer
 * says; 1000h ("pause") still tells the idle detector the program waits. */
static struct int15_result int15_topview(struct bios *b, struct cpu_regs *r)
{
    if (reg_lo(r->ax) == TOPVIEW_PAUSE)
        bios_poll_empty(b, BIOS_POLL_YIELD);
    return (struct int15_result){INT15_UNSUPPORTED, true};
}

static int15_fn *const k_int15[256] = {
    [0x10] = int15_topview,
    [0x24] = int15_a20,
    [0x87] = int15_move,
    [0x88] = int15_ext_size,
};

static void int15_system(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    struct cpu_regs *r = ic->r;
    if (reg_hi(r->ax) == INT15_WAIT) { /* may wait: needs the call itself */
        bios_int15_wait(b, ic);
        return;
    }
    int15_fn *fn = k_int15[reg_hi(r->ax)];
    struct int15_result res = {INT15_UNSUPPORTED, true};
    if (fn)
        res = fn(b, r);
    else
        LOG(LOG_BIOS, "INT 15h AH=%02Xh not supported", reg_hi(r->ax));
    if (fn != int15_ext_size)
        reg_set_hi(&r->ax, res.ah);
    regs_set_flag(r, CPU_FLAG_CF, res.cf);
}

struct xmem *bios_xmem(struct bios *b)
{
    return b->xmem;
}

void bios_ext_claim(struct bios *b)
{
    b->ext_claimed = true;
}

void bios_int15_init(struct bios *b, uint32_t ext_kb)
{
    b->xmem = xmem_new(b->mem, ext_kb);
    intr_set(b->intr, 0x15, int15_system, b);
}
