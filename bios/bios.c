/* BIOS start-up: data area, ROM, equipment and memory services, INT 15h. */
#include "bios/bios_impl.h"

#include <stdlib.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/rom.h"

#define CONV_MEMORY_KB 640
#define INT15_UNSUPPORTED 0x86  /* AH on return: function not supported */

static void bda_init(struct bios *b)
{
    struct mem *m = b->mem;
    mem_fill(m, BDA_LIN, 0, 0x100);
    mem_wr16(m, BDA_LIN + BDA_EQUIPMENT, BDA_EQ_FPU | BDA_EQ_VIDEO_80x25_COLOR);
    mem_wr16(m, BDA_LIN + BDA_MEMORY_KB, CONV_MEMORY_KB);
}

static void int11_equipment(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    ic->r->ax = mem_rd16(b->mem, BDA_LIN + BDA_EQUIPMENT);
}

static void int12_memory(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    ic->r->ax = mem_rd16(b->mem, BDA_LIN + BDA_MEMORY_KB);
}

/* RBIL INT 15: unsupported functions return CF=1, AH=86h. The foundation
 * has no extended memory: 88h reports 0 KB. */
static void int15_system(void *ctx, struct intr_call *ic)
{
    struct cpu_regs *r = ic->r;
    switch (reg_hi(r->ax)) {
    case 0x86:
        bios_int15_wait(ctx, ic);
        return;
    case 0x88:
        r->ax = 0;
        regs_set_flag(r, CPU_FLAG_CF, 0);
        return;
    default:
        LOG(LOG_BIOS, "INT 15h AH=%02Xh not supported", reg_hi(r->ax));
        reg_set_hi(&r->ax, INT15_UNSUPPORTED);
        regs_set_flag(r, CPU_FLAG_CF, 1);
    }
}

/* Vectors whose BIOS default is a bare IRET: user timer tick (1Ch),
 * Ctrl-Break (1Bh), RTC alarm (4Ah). */
static void int_noop(void *ctx, struct intr_call *ic)
{
    UNUSED(ctx), UNUSED(ic);
}

static const uint8_t k_noop_vectors[] = {0x1B, 0x1C, 0x4A};

static void reset_callback(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    UNUSED(ic);
    if (b->host.reboot)
        b->host.reboot(b->host.ctx);
}

struct bios *bios_new(struct mem *m, struct intr *ir, struct vclock *clk,
                      const struct bios_config *cfg, const struct bios_host *host)
{
    struct bios *b = xcalloc(1, sizeof *b);
    b->mem = m;
    b->intr = ir;
    b->clk = clk;
    b->host = *host;
    b->wall_start = cfg->wall_start;
    b->vga = cfg->vga;
    b->kbc = cfg->kbc;
    b->cmos = cfg->cmos;
    rom_install(m);
    if (intr_callback(ir, reset_callback, b, INTR_EPI_NONE) !=
        ROM_CALLBACKS + ROM_RESET_CALLBACK * ROM_CALLBACK_BYTES)
        die("the reset callback must be the first ROM callback");
    bda_init(b);
    intr_set(ir, 0x11, int11_equipment, b);
    intr_set(ir, 0x12, int12_memory, b);
    intr_set(ir, 0x15, int15_system, b);
    for (size_t i = 0; i < ARRAY_LEN(k_noop_vectors); i++)
        intr_set(ir, k_noop_vectors[i], int_noop, b);
    bios_time_init(b);
    bios_video_init(b);
    bios_kbd_init(b);
    bios_int09_init(b);
    return b;
}

void bios_free(struct bios *b)
{
    free(b);
}

bool bios_input_starved(const struct bios *b)
{
    return b->input_starved;
}
