/* The baseline for LOOP.COM: the same bytes on bare Unicorn, no DOS, no
 * hooks but INT 21h AH=02h/4Ch. What unidos must stay within 10 % of. */
#include <stdio.h>
#include <stdlib.h>
#include <unicorn/unicorn.h>

#define RAM_BYTES 0x110000
#define LOAD_SEG 0x1000

static void on_intr(uc_engine *uc, uint32_t intno, void *user)
{
    uint16_t ax, dx;
    (void)user;
    uc_reg_read(uc, UC_X86_REG_AX, &ax);
    uc_reg_read(uc, UC_X86_REG_DX, &dx);
    if (intno == 0x21 && ax >> 8 == 0x02)
        putchar(dx & 0xFF);
    else
        uc_emu_stop(uc);
}

int main(int argc, char **argv)
{
    uc_engine *uc;
    uc_hook h;
    uint8_t *ram = calloc(1, RAM_BYTES);
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
    if (!ram || !f || uc_open(UC_ARCH_X86, UC_MODE_16, &uc) != UC_ERR_OK)
        return 2;
    size_t n = fread(ram + LOAD_SEG * 16 + 0x100, 1, 0xFF00, f);
    fclose(f);
    uint16_t seg = LOAD_SEG, sp = 0xFFFE;
    uc_mem_map_ptr(uc, 0, RAM_BYTES, UC_PROT_ALL, ram);
    uc_reg_write(uc, UC_X86_REG_CS, &seg);
    uc_reg_write(uc, UC_X86_REG_DS, &seg);
    uc_reg_write(uc, UC_X86_REG_SS, &seg);
    uc_reg_write(uc, UC_X86_REG_SP, &sp);
#pragma GCC diagnostic ignored "-Wpedantic"
    uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)on_intr, NULL, 1, 0);
    uc_err e = uc_emu_start(uc, LOAD_SEG * 16 + 0x100, 1ull << 40, 0, 0);
    uc_close(uc);
    free(ram);
    return n && e == UC_ERR_OK ? 0 : 1;
}
