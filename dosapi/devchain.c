/* The device chain as MS-DOS 5 has it (RBIL table 01646; MS-DOS 4.0
 * BIOS/MSBDATA.INC): NUL in the List of Lists, then the installed
 * drivers, last loaded first (the CD-ROM driver, EMMXXXX0, XMSXXXX0),
 * then IO.SYS's own at 0070h: CON, AUX, PRN, CLOCK$, the block device,
 * COM1, LPT1, LPT2, LPT3, COM2, COM3, COM4. Every header's strategy and
 * interrupt entries lead to the drivers of dosapi/devreq.c. */
#include <ctype.h>
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "bios/rom.h"
#include "dosapi/dosdata.h"
#include "dosapi/ems.h"
#include "dosapi/mscdex.h"
#include "dosapi/tables.h"

#define OP_JMP_FAR 0xEA
#define FAR_NONE 0xFFFFFFFFu
#define ATTR_CHAR 0x8000
#define ATTR_NUL 0x8004
#define ATTR_BLOCK 0x0842 /* open/close/removable, generic IOCTL, 32-bit sectors */
#define CHAIN_MAX 64      /* a longer walk is a loop */
/* The NUL driver's entry points, in the DOS data segment (NUL's own). */
#define DD_NUL_STRATEGY 0x00B0
#define DD_NUL_INTERRUPT 0x00B8
/* Free room after the EMS driver's header and INT 67h entry (ems.c). */
#define EMS_STRATEGY 0x0020
#define EMS_INTERRUPT 0x0028
/* After the XMS driver's header in its sub-block. */
#define XMS_STRATEGY 0x0012
#define XMS_INTERRUPT 0x0017
#define XMS_DEV_ATTR 0xA000

static const struct builtin {
    const char *name; /* NULL: the block device */
    uint16_t attr;
} k_builtin[DEV_BUILTIN] = {
    {"CON", 0x8013},    {"AUX", 0x8000},  {"PRN", 0xA040},  {"CLOCK$", 0x8008},
    {NULL, ATTR_BLOCK}, {"COM1", 0x8000}, {"LPT1", 0xA040}, {"LPT2", 0xA040},
    {"LPT3", 0xA040},   {"COM2", 0x8000}, {"COM3", 0x8000}, {"COM4", 0x8000},
};

static uint32_t lin_of(uint32_t far)
{
    return ((far >> 16) << 4) + (far & 0xFFFF);
}

static uint32_t builtin_far(unsigned i)
{
    return (uint32_t)DOS_BIOS_SEG << 16 | (BD_DEVICES + i * BD_DEV_SLOT);
}

uint32_t dos_block_dev_far(void)
{
    return builtin_far(DEV_BLOCK);
}

static void jmp_far(struct mem *m, uint32_t lin, uint16_t rom_off)
{
    uint8_t j[5] = {OP_JMP_FAR, (uint8_t)rom_off, (uint8_t)(rom_off >> 8), ROM_SEG & 0xFF,
                    ROM_SEG >> 8};
    mem_write(m, lin, j, sizeof j);
}

/* A header: next, attribute, entries (offsets in its segment), name. */
static void header(struct mem *m, uint32_t lin, uint32_t next, uint16_t attr, uint16_t strat,
                   uint16_t intr, const char *name)
{
    uint8_t h[DEVHDR_BYTES];
    memset(h + DEVHDR_NAME, ' ', DEVHDR_NAME_BYTES);
    put_le32(h + DEVHDR_NEXT, next);
    put_le16(h + DEVHDR_ATTR, attr);
    put_le16(h + DEVHDR_STRATEGY, strat);
    put_le16(h + DEVHDR_INTERRUPT, intr);
    memcpy(h + DEVHDR_NAME, name, strnlen(name, DEVHDR_NAME_BYTES));
    mem_write(m, lin, h, sizeof h);
}

/* IO.SYS's drivers; the block device's "name" is its number of units. */
static void builtins(struct dos *d)
{
    uint32_t bios = (uint32_t)DOS_BIOS_SEG << 4;
    jmp_far(d->mem, bios + BD_STRATEGY, dos_devreq_callback(d, DEV_STRATEGY));
    mem_wr8(d->mem, bios + BD_RETF, 0xCB);
    for (unsigned i = 0; i < DEV_BUILTIN; i++) {
        uint32_t next = i + 1 < DEV_BUILTIN ? builtin_far(i + 1) : FAR_NONE;
        uint16_t entry = (uint16_t)(BD_ENTRIES + i * BD_ENTRY_BYTES);
        jmp_far(d->mem, bios + entry, dos_devreq_callback(d, i));
        header(d->mem, lin_of(builtin_far(i)), next, k_builtin[i].attr, BD_STRATEGY, entry,
               k_builtin[i].name ? k_builtin[i].name : "");
        if (!k_builtin[i].name)
            mem_wr8(d->mem, lin_of(builtin_far(i)) + DEVHDR_UNITS, (uint8_t)d->tab->ndpb);
    }
}

void dos_devchain_units(struct dos *d)
{
    mem_wr8(d->mem, lin_of(builtin_far(DEV_BLOCK)) + DEVHDR_UNITS, (uint8_t)d->tab->ndpb);
}

/* NUL, inside the List of Lists of the version reported. */
static uint32_t nul_lin(const struct dos *d)
{
    unsigned off = d->ver_major == 2                        ? LOL2_NUL
                   : d->ver_major == 3 && d->ver_minor == 0 ? LOL30_NUL
                                                            : LOL_NUL;
    return ((uint32_t)DOS_DATA_SEG << 4) + DD_LOL + off;
}

void dos_devchain_init(struct dos *d)
{
    uint32_t dseg = (uint32_t)DOS_DATA_SEG << 4;
    dos_devreq_init(d);
    builtins(d);
    jmp_far(d->mem, dseg + DD_NUL_STRATEGY, dos_devreq_callback(d, DEV_STRATEGY));
    jmp_far(d->mem, dseg + DD_NUL_INTERRUPT, dos_devreq_callback(d, DEV_NUL));
    header(d->mem, nul_lin(d), builtin_far(0), ATTR_NUL, DD_NUL_STRATEGY, DD_NUL_INTERRUPT,
           "NUL");
}

/* Installed drivers, first in the chain first. */
static unsigned installed(struct dos *d, uint32_t *out)
{
    uint8_t letters[26];
    unsigned n = 0;
    if (d->mscdex && mscdex_drives(d->mscdex, letters))
        out[n++] = (uint32_t)ROM_SEG << 16 | ROM_CDROM_DEVICE;
    if (d->ems)
        out[n++] = (uint32_t)ems_device_seg(d->ems) << 16;
    if (d->tab->xms_dev)
        out[n++] = d->tab->xms_dev;
    return n;
}

static void ems_entries(struct dos *d, uint32_t hdr)
{
    uint32_t lin = lin_of(hdr);
    jmp_far(d->mem, lin + EMS_STRATEGY, dos_devreq_callback(d, DEV_STRATEGY));
    jmp_far(d->mem, lin + EMS_INTERRUPT, dos_devreq_callback(d, DEV_EMS));
    mem_wr16(d->mem, lin + DEVHDR_STRATEGY, EMS_STRATEGY);
    mem_wr16(d->mem, lin + DEVHDR_INTERRUPT, EMS_INTERRUPT);
}

static void xms_header(struct dos *d, uint32_t next)
{
    uint32_t lin = lin_of(d->tab->xms_dev);
    header(d->mem, lin, next, XMS_DEV_ATTR, XMS_STRATEGY, XMS_INTERRUPT, "XMSXXXX0");
    jmp_far(d->mem, lin + XMS_STRATEGY, dos_devreq_callback(d, DEV_STRATEGY));
    jmp_far(d->mem, lin + XMS_INTERRUPT, dos_devreq_callback(d, DEV_XMS));
}

void dos_devchain_link(struct dos *d)
{
    uint32_t dev[4], prev = nul_lin(d);
    unsigned n = installed(d, dev);
    for (unsigned i = 0; i < n; i++) {
        uint32_t next = i + 1 < n ? dev[i + 1] : builtin_far(0);
        mem_wr32(d->mem, prev + DEVHDR_NEXT, dev[i]);
        if (dev[i] == d->tab->xms_dev)
            xms_header(d, next);
        else
            mem_wr32(d->mem, lin_of(dev[i]) + DEVHDR_NEXT, next);
        if (d->ems && dev[i] == (uint32_t)ems_device_seg(d->ems) << 16)
            ems_entries(d, dev[i]);
        prev = lin_of(dev[i]);
    }
}

static bool name_is(const struct mem *m, uint32_t hdr, const char *name)
{
    char got[DEVHDR_NAME_BYTES];
    size_t n = strlen(name);
    if (n > DEVHDR_NAME_BYTES || !(mem_rd16(m, hdr + DEVHDR_ATTR) & ATTR_CHAR))
        return false;
    mem_read(m, hdr + DEVHDR_NAME, got, sizeof got);
    for (size_t i = 0; i < DEVHDR_NAME_BYTES; i++) {
        char want = i < n ? (char)toupper((unsigned char)name[i]) : ' ';
        if (got[i] != want)
            return false;
    }
    return true;
}

uint32_t dos_dev_far(struct dos *d, const char *name)
{
    uint32_t at = nul_lin(d), far = (uint32_t)DOS_DATA_SEG << 16 | (at - (DOS_DATA_SEG << 4));
    for (unsigned n = 0; n < CHAIN_MAX; n++) {
        if (name_is(d->mem, at, name))
            return far;
        far = mem_rd32(d->mem, at + DEVHDR_NEXT);
        if ((far & 0xFFFF) == 0xFFFF)
            return 0;
        at = lin_of(far);
    }
    return 0;
}
