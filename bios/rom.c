/* ROM image: stubs per vector, IRQ handlers with their EOIs, and the fixed
 * identification bytes at the top of the segment. */
#include "bios/rom.h"

#include <stdbool.h>

#include "base/common.h"
#include "hw/ports.h"

#define OP_INT 0xCD
#define OP_IRET 0xCF
#define OP_NOP 0x90
#define OP_PUSH_AX 0x50
#define OP_POP_AX 0x58
#define OP_MOV_AL 0xB0
#define OP_OUT_AL 0xE6
#define OP_JMP_FAR 0xEA
#define PIC_EOI 0x20

#define EOI_MASTER OP_MOV_AL, PIC_EOI, OP_OUT_AL, PORT_PIC1_CMD
#define EOI_SLAVE OP_MOV_AL, PIC_EOI, OP_OUT_AL, PORT_PIC2_CMD, OP_OUT_AL, PORT_PIC1_CMD

/* Special handlers: offset in F000, vector, code. The native service runs
 * at the INT n inside (which is the stub address the router checks). */
#define SPECIAL_TIMER (ROM_SPECIAL + 0x00)      /* INT 08h: tick, INT 1Ch, EOI */
#define SPECIAL_KBD (ROM_SPECIAL + 0x10)        /* INT 09h: read key, EOI */
#define SPECIAL_IRQ_MASTER (ROM_SPECIAL + 0x20) /* IRQ2-7 without a handler */
#define SPECIAL_IRQ_SLAVE (ROM_SPECIAL + 0x30)  /* IRQ8-15 without a handler */
#define SPECIAL_RTC (ROM_SPECIAL + 0x40)        /* INT 70h: RTC, EOI both */

struct rom_code {
    uint16_t off;
    uint8_t len;
    uint8_t bytes[16];
};

/* clang-format off */
#define ROM_BYTES_AT(o, ...)                                                                   \
    {.off = (o), .len = sizeof((uint8_t[]){__VA_ARGS__}), .bytes = {__VA_ARGS__}}
/* clang-format on */

static const struct rom_code k_rom_code[] = {
    /* per IBM PC/AT BIOS: INT 08h increments the tick count, calls the user
     * timer hook INT 1Ch, then sends a non-specific EOI. */
    ROM_BYTES_AT(SPECIAL_TIMER, OP_INT, 0x08, OP_INT, 0x1C, OP_PUSH_AX, EOI_MASTER, OP_POP_AX,
                 OP_IRET),
    ROM_BYTES_AT(SPECIAL_KBD, OP_INT, 0x09, OP_PUSH_AX, EOI_MASTER, OP_POP_AX, OP_IRET),
    ROM_BYTES_AT(SPECIAL_IRQ_MASTER, OP_PUSH_AX, EOI_MASTER, OP_POP_AX, OP_IRET),
    ROM_BYTES_AT(SPECIAL_IRQ_SLAVE, OP_PUSH_AX, EOI_SLAVE, OP_POP_AX, OP_IRET),
    ROM_BYTES_AT(SPECIAL_RTC, OP_INT, 0x70, OP_PUSH_AX, EOI_SLAVE, OP_POP_AX, OP_IRET),
    /* power-on entry: the first callback, which ends the run (a reboot) */
    ROM_BYTES_AT(ROM_RESET, OP_JMP_FAR, ROM_CALLBACKS & 0xFF, ROM_CALLBACKS >> 8, 0x00, 0xF0),
    ROM_BYTES_AT(ROM_DATE, '0', '1', '/', '0', '1', '/', '9', '2', 0),
    ROM_BYTES_AT(ROM_MODEL, ROM_MODEL_AT, 0x00),
};

/* Vectors whose IVT entry points somewhere other than the plain stub. */
static uint16_t special_handler(unsigned vec)
{
    if (vec == 0x08)
        return SPECIAL_TIMER;
    if (vec == 0x09)
        return SPECIAL_KBD;
    if (vec == 0x70)
        return SPECIAL_RTC;
    if (vec >= 0x0A && vec <= 0x0F)
        return SPECIAL_IRQ_MASTER;
    if (vec >= 0x71 && vec <= 0x77)
        return SPECIAL_IRQ_SLAVE;
    return 0;
}

uint16_t rom_stub_off(unsigned vec)
{
    uint16_t s = special_handler(vec);
    if (s == SPECIAL_TIMER || s == SPECIAL_KBD || s == SPECIAL_RTC)
        return s;
    return (uint16_t)(ROM_VEC_STUBS + vec * ROM_VEC_STUB_BYTES);
}

bool rom_vec_is_plain(unsigned vec)
{
    return special_handler(vec) == 0;
}

void rom_install(struct mem *m)
{
    uint8_t stubs[256 * ROM_VEC_STUB_BYTES];
    for (unsigned v = 0; v < 256; v++) {
        uint8_t *s = &stubs[v * ROM_VEC_STUB_BYTES];
        s[0] = OP_INT;
        s[1] = (uint8_t)v;
        s[2] = OP_IRET;
        s[3] = OP_NOP;
    }
    mem_write(m, ROM_LIN + ROM_VEC_STUBS, stubs, sizeof stubs);
    for (size_t i = 0; i < ARRAY_LEN(k_rom_code); i++)
        mem_write(m, ROM_LIN + k_rom_code[i].off, k_rom_code[i].bytes, k_rom_code[i].len);
    for (unsigned v = 0; v < 256; v++) {
        uint16_t off = special_handler(v);
        if (!off)
            off = rom_stub_off(v);
        mem_wr16(m, v * 4, off);
        mem_wr16(m, v * 4 + 2, ROM_SEG);
    }
}
