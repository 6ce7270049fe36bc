/* BIOS start-up: data area, ROM, equipment and memory services, INT 15h. */
#include "bios/bios_impl.h"

#include <stdlib.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/rom.h"
#include "hw/xmem.h"

#define CONV_MEMORY_KB 640

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

/* Vectors whose BIOS default is a bare IRET (IBM PC/AT BIOS "dummy
 * return"): single step (01h), breakpoint (03h), INTO overflow (04h), user
 * timer tick (1Ch), Ctrl-Break (1Bh), RTC alarm (4Ah). */
static void int_noop(void *ctx, struct intr_call *ic)
{
    UNUSED(ctx);
    UNUSED(ic);
}

static const uint8_t k_noop_vectors[] = {0x01, 0x03, 0x04, 0x1B, 0x1C, 0x4A};

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
    b->pic = cfg->pic;
    b->codepage = BIOS_CODEPAGE_DEFAULT;
    rom_install(m);
    if (intr_callback(ir, reset_callback, b, INTR_EPI_NONE) !=
        ROM_CALLBACKS + ROM_RESET_CALLBACK * ROM_CALLBACK_BYTES)
        die("the reset callback must be the first ROM callback");
    bda_init(b);
    intr_set(ir, 0x11, int11_equipment, b);
    intr_set(ir, 0x12, int12_memory, b);
    for (size_t i = 0; i < ARRAY_LEN(k_noop_vectors); i++)
        intr_set(ir, k_noop_vectors[i], int_noop, b);
    bios_int15_init(b, cfg->ext_kb);
    bios_time_init(b);
    bios_video_init(b);
    bios_mouse_init(b);
    bios_kbd_init(b);
    bios_int09_init(b);
    bios_disk_init(b);
    return b;
}

void bios_free(struct bios *b)
{
    if (!b)
        return;
    LOG(LOG_BIOS, "idle: the program waited %llu times (bios/idle.c)",
        (unsigned long long)b->idle.idles);
    xmem_free(b->xmem);
    bios_mouse_free(b);
    free(b);
}

bool bios_input_starved(const struct bios *b)
{
    return b->input_starved;
}
