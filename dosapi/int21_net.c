/* INT 21h network functions without a network (RBIL INT 21/AH=5Eh, 5Fh):
 * the machine name DOS itself keeps (5E00h, 5E01h), an empty redirection
 * list, drives enabled (5F07h); what needs a redirector answers error 1
 * as MS-DOS does when none is loaded. */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "dosapi/dosdata.h"
#include "dosapi/tables.h"

#define NAME_BYTES 16       /* 15 characters, blank padded, and NUL */
#define PRE_NAME_COUNT 0x06 /* in the SDA prefix (RBIL table 01690: -28) */
#define PRE_NAME 0x07       /* -27: the machine name */

static uint32_t prefix(unsigned off)
{
    return ((uint32_t)DOS_DATA_SEG << 4) + DD_SDA_PREFIX + off;
}

/* 5E00h: DS:DX the name, CH its validity, CL the NetBIOS number. */
static int get_name(struct dos_ctx *c)
{
    struct dos_tables *t = c->dos->tab;
    uint8_t b[NAME_BYTES];
    mem_read(c->mem, prefix(PRE_NAME), b, sizeof b);
    b[NAME_BYTES - 1] = 0;
    mem_write_far(c->mem, c->r->ds, c->r->dx, b, sizeof b);
    reg_set_hi(&c->r->cx, t->machine_named ? 1 : 0);
    reg_set_lo(&c->r->cx, t->netbios);
    return 0;
}

/* 5E01h: CH=0 forgets the name, else DS:DX names this machine. */
static int set_name(struct dos_ctx *c)
{
    struct dos_tables *t = c->dos->tab;
    uint8_t b[NAME_BYTES];
    t->machine_named = reg_hi(c->r->cx) != 0;
    t->netbios = reg_lo(c->r->cx);
    memset(b, ' ', sizeof b);
    if (t->machine_named)
        mem_read_far(c->mem, c->r->ds, c->r->dx, b, NAME_BYTES - 1);
    b[NAME_BYTES - 1] = 0;
    mem_write(c->mem, prefix(PRE_NAME), b, sizeof b);
    mem_wr8(c->mem, prefix(PRE_NAME_COUNT),
            (uint8_t)(mem_rd8(c->mem, prefix(PRE_NAME_COUNT)) + 1));
    return 0;
}

int dos_fn_network(struct dos_ctx *c)
{
    switch (reg_lo(c->r->ax)) {
    case 0x00:
        return get_name(c);
    case 0x01:
        return set_name(c);
    default:
        log_quiet(LOG_DOS, "INT 21h AX=%04Xh needs a network redirector; returning error 1",
                  c->r->ax);
        return -DOSERR_FUNCTION_INVALID;
    }
}

/* 5F07h: DL (0 = A:) may be used: it is when it is mounted. */
static int enable_drive(struct dos_ctx *c)
{
    return fs_drive_valid(c->dos->fs, reg_lo(c->r->dx)) ? 0 : -DOSERR_INVALID_DRIVE;
}

int dos_fn_redirection(struct dos_ctx *c)
{
    switch (reg_lo(c->r->ax)) {
    case 0x02: /* get redirection list entry BX: there are none */
    case 0x05:
        return -DOSERR_NO_MORE_FILES;
    case 0x07:
        return enable_drive(c);
    default:
        log_quiet(LOG_DOS, "INT 21h AX=%04Xh needs a network redirector; returning error 1",
                  c->r->ax);
        return -DOSERR_FUNCTION_INVALID;
    }
}
