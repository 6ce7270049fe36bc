/* The CPU-less BIOS machine of the video, graphics and keyboard suites. */
#include "tests/unit/unit_bios.h"

#include <string.h>

uint64_t unit_blocks;

uint64_t unit_bios_blocks(void *ctx)
{
    (void)ctx;
    return unit_blocks;
}

void unit_bios_setup(struct unit_bios *m, unsigned parts)
{
    memset(m, 0, sizeof *m);
    unit_blocks = 0;
    m->mem = mem_new();
    m->io = io_new();
    m->clk = clock_new(true, unit_bios_blocks, NULL);
    if (parts & (UNIT_BIOS_PIC | UNIT_BIOS_KBC))
        m->pic = pic_new(m->io);
    if (parts & UNIT_BIOS_VGA)
        m->vga = vga_new(m->io, m->clk, m->mem, NULL);
    if (parts & UNIT_BIOS_KBC)
        m->kbc = kbc_new(m->io, m->pic, NULL, m->clk, m->mem);
    m->ir = intr_new(m->mem, NULL);
    struct bios_config cfg = {
        .vga = m->vga, .kbc = m->kbc, .pic = (parts & UNIT_BIOS_PIC) ? m->pic : NULL};
    struct bios_host host = {0};
    m->bios = bios_new(m->mem, m->ir, m->clk, &cfg, &host);
}

void unit_bios_teardown(struct unit_bios *m)
{
    bios_free(m->bios);
    intr_free(m->ir);
    if (m->kbc)
        kbc_free(m->kbc);
    if (m->vga)
        vga_free(m->vga);
    if (m->pic)
        pic_free(m->pic);
    clock_free(m->clk);
    io_free(m->io);
    mem_free(m->mem);
}
