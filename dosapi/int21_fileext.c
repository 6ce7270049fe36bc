/* INT 21h file functions of DOS 3+: temporary files (5Ah), region locks
 * (5Ch), canonical names (60h) and larger handle tables (67h). */
#include <stdio.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/mcb.h"
#include "dosapi/dosdata.h"
#include "dosapi/psp.h"

#define TEMP_TRIES 1000
#define TEMP_NAME_BYTES 13 /* room 5Ah needs after the directory */
#define LOCK_LOCK 0
#define LOCK_UNLOCK 1
#define TRUENAME_BYTES 128
#define HANDLES_MAX 0xFFFE

/* 5Ah: CX attributes, DS:DX directory ending in '\' (with 13 spare
 * bytes); creates a new file with a unique name, appended to DS:DX. */
int dos_fn_create_temp(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    char dir[FS_PATH_MAX], path[FS_PATH_MAX + TEMP_NAME_BYTES];
    struct bios_time t;
    int n = dos_get_path(c, c->r->ds, c->r->dx, dir);
    if (n < 0)
        return n;
    bios_wall_time(d->bios, &t);
    bool sep = n == 0 || dir[n - 1] == '\\' || dir[n - 1] == '/' || dir[n - 1] == ':';
    for (int k = 0; k < TEMP_TRIES; k++) {
        uint32_t v = (uint32_t)(t.hour << 24 | t.min << 16 | t.sec << 8 | t.centi) ^
                     (uint32_t)(++d->temp_seq * 0x9E3779B1u);
        snprintf(path, sizeof path, "%s%s%08X", dir, sep ? "" : "\\", (unsigned)v);
        int h = dos_open_path(d, path, FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_EXCL,
                              DOS_ACCESS_RW);
        if (h == -DOSERR_FILE_EXISTS)
            continue;
        if (h < 0)
            return h;
        const char *name = path + strlen(dir);
        mem_write_far(c->mem, c->r->ds, (uint16_t)(c->r->dx + n), name, strlen(name) + 1);
        dos_detail(c, "\"%s\"", path);
        c->r->ax = (uint16_t)h;
        return 0;
    }
    return -DOSERR_ACCESS_DENIED;
}

/* 5Ch: AL 0 lock / 1 unlock, BX handle, CX:DX offset, SI:DI length. */
int dos_fn_lock(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    struct sft *s;
    int i = dos_handle_sft(c->dos, r->bx, &s);
    uint8_t al = reg_lo(r->ax);
    if (i < 0)
        return i;
    if (al != LOCK_LOCK && al != LOCK_UNLOCK)
        return -DOSERR_FUNCTION_INVALID;
    if (s->kind != SFT_FILE)
        return -DOSERR_ACCESS_DENIED;
    uint32_t off = (uint32_t)r->cx << 16 | r->dx, len = (uint32_t)r->si << 16 | r->di;
    dos_detail(c, "%s %s %u+%u", al ? "unlock" : "lock", s->name, off, len);
    return dos_lock(c->dos, (unsigned)i, off, len, al == LOCK_UNLOCK);
}

/* 60h: DS:SI path, ES:DI 128-byte buffer for its canonical form
 * ("C:\DIR\FILE.EXT"; "C:/CON" for devices; '*' expanded to '?'). */
int dos_fn_truename(struct dos_ctx *c)
{
    char path[FS_PATH_MAX], out[TRUENAME_BYTES];
    int rc = dos_get_path(c, c->r->ds, c->r->si, path);
    if (rc < 0)
        return rc;
    if (dos_device_by_name(path)) {
        const char *base = path + strlen(path);
        while (base > path && !strchr("\\/:", base[-1]))
            base--;
        snprintf(out, sizeof out, "%c:/%.*s", 'A' + fs_current_drive(c->dos->fs),
                 (int)strcspn(base, "."), base);
        for (char *p = out + 3; *p; p++)
            *p = (char)fs_upcase((uint8_t)*p);
    } else {
        rc = fs_truename(c->dos->fs, path, out, sizeof out);
        if (rc < 0)
            return rc;
        char *last = strrchr(out, '\\') + 1;
        if (strchr(last, '*')) {
            uint8_t fcb[FS_FCB_NAME_BYTES];
            fs_name_to_fcb(last, fcb);
            fs_fcb_to_name(fcb, last);
        }
    }
    mem_write_far(c->mem, c->r->es, c->r->di, out, strlen(out) + 1);
    return 0;
}

/* 67h: BX handles. Up to 20 the PSP's own table serves; more live in a
 * block the process owns (RBIL INT 21/AH=67h). */
int dos_fn_set_handle_count(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    uint32_t psp = (uint32_t)d->cur_psp << 4;
    unsigned size, want = MAX(c->r->bx, (uint16_t)PSP_JFT_DEFAULT);
    uint32_t old = dos_jft_lin(d, d->cur_psp, &size);
    if (c->r->bx > HANDLES_MAX)
        return -DOSERR_TOO_MANY_OPEN_FILES;
    for (unsigned h = want; h < size; h++)
        if (mem_rd8(c->mem, old + h) != PSP_JFT_UNUSED)
            return -DOSERR_TOO_MANY_OPEN_FILES;
    if (want == size)
        return 0;
    uint8_t table[HANDLES_MAX + 1];
    memset(table, PSP_JFT_UNUSED, want);
    mem_read(c->mem, old, table, MIN(size, want));
    uint16_t seg = d->cur_psp, off = PSP_JFT, largest;
    if (want > PSP_JFT_DEFAULT) {
        int rc = mcb_alloc(c->mem, DOS_FIRST_MCB, (uint16_t)((want + 15) / 16), d->cur_psp,
                           MCB_FIRST_FIT, &seg, &largest);
        if (rc < 0)
            return rc;
        off = 0;
    }
    if (old != psp + PSP_JFT)
        mcb_free(c->mem, DOS_FIRST_MCB, (uint16_t)(old >> 4));
    mem_write(c->mem, mem_lin(c->mem, seg, off), table, want);
    mem_wr16(c->mem, psp + PSP_JFT_SIZE, (uint16_t)want);
    mem_wr16(c->mem, psp + PSP_JFT_PTR, off);
    mem_wr16(c->mem, psp + PSP_JFT_PTR + 2, seg);
    return 0;
}
