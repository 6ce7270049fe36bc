/* Upper memory blocks: a second MCB arena in C800h-EFFFh (what video, ROMs
 * and the EMS page frame leave), reached from the conventional chain
 * through a system block at 9FFFh as in MS-DOS 5+ with DOS=UMB. 5803h
 * links and unlinks it by turning the last conventional block's 'Z' into
 * 'M' and back; XMS 10h-12h hand out blocks of the same arena. */
#include <string.h>

#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/dosdata.h"
#include "dosapi/mcb.h"

#define UMB_HEAD_SEG 0x9FFFu /* MCB of the A000h-UMB gap, "SC" (system code) */
#define UMB_GAP_NAME "SC"
#define UMB_XMS_NAME "XMSUMB" /* blocks handed out by XMS 10h */
#define STRAT_HIGH_ONLY 0x40
#define STRAT_HIGH_FIRST 0x80

uint16_t dos_conv_end(const struct dos *d)
{
    return d->umb_start ? UMB_HEAD_SEG : DOS_MEM_END;
}

void dos_umb_init(struct dos *d, uint16_t start, uint16_t end)
{
    d->umb_start = start;
    d->umb_end = end;
    if (!start)
        return;
    mcb_write(d->mem, UMB_HEAD_SEG, MCB_SIG_MID, MCB_OWNER_DOS,
              (uint16_t)(start - UMB_HEAD_SEG - 1), UMB_GAP_NAME);
    mcb_write(d->mem, start, MCB_SIG_LAST, MCB_OWNER_FREE, (uint16_t)(end - start - 1), NULL);
    LOG(LOG_MEM, "UMBs at %04X-%04X (%u KiB)", start, end, (end - start) / 64u);
}

/* The conventional block just below 9FFFh (its signature is the link). */
static int last_conv_block(struct dos *d, uint16_t *seg)
{
    uint16_t at = DOS_FIRST_MCB;
    for (unsigned n = 0; n < 0x10000; n++) {
        uint8_t sig = mem_rd8(d->mem, (uint32_t)at << 4);
        uint16_t next = (uint16_t)(at + mcb_size(d->mem, (uint16_t)(at + 1)) + 1);
        if (sig != MCB_SIG_MID && sig != MCB_SIG_LAST)
            return -DOSERR_MCB_DESTROYED;
        if (next == UMB_HEAD_SEG) {
            *seg = at;
            return 0;
        }
        if (sig == MCB_SIG_LAST || next <= at)
            return -DOSERR_MCB_DESTROYED;
        at = next;
    }
    return -DOSERR_MCB_DESTROYED;
}

int dos_umb_link(struct dos *d, bool link)
{
    uint16_t seg;
    if (!d->umb_start)
        return link ? -DOSERR_FUNCTION_INVALID : 0;
    int rc = last_conv_block(d, &seg);
    if (rc < 0)
        return rc;
    mem_wr8(d->mem, (uint32_t)seg << 4, link ? MCB_SIG_MID : MCB_SIG_LAST);
    d->umb_link = link;
    LOG(LOG_MEM, "UMBs %s", link ? "linked" : "unlinked");
    return 0;
}

/* Where 48h and EXEC look first: the UMB arena when the strategy asks for
 * high memory and the UMBs are linked (RBIL INT 21/AX=5801h bits 6-7). */
static bool want_high(const struct dos *d)
{
    return d->umb_start && d->umb_link && (d->strategy & (STRAT_HIGH_ONLY | STRAT_HIGH_FIRST));
}

int dos_mem_alloc(struct dos *d, uint16_t paras, uint16_t owner, uint16_t *seg,
                  uint16_t *largest)
{
    enum mcb_strategy fit = (enum mcb_strategy)(d->strategy & 3);
    uint16_t big_high = 0;
    if (want_high(d)) {
        int rc = mcb_alloc(d->mem, d->umb_start, paras, owner, fit, seg, &big_high);
        if (rc != -DOSERR_INSUFFICIENT_MEMORY || (d->strategy & STRAT_HIGH_ONLY)) {
            *largest = big_high;
            return rc;
        }
    }
    int rc = mcb_alloc(d->mem, DOS_FIRST_MCB, paras, owner, fit, seg, largest);
    if (rc == -DOSERR_INSUFFICIENT_MEMORY)
        *largest = MAX(*largest, big_high);
    return rc;
}

uint16_t dos_exec_arena(struct dos *d, uint32_t need_paras)
{
    uint16_t dummy, largest = 0;
    if (!want_high(d))
        return DOS_FIRST_MCB;
    mcb_alloc(d->mem, d->umb_start, 0xFFFF, 0, MCB_FIRST_FIT, &dummy, &largest);
    return largest >= need_paras ? d->umb_start : DOS_FIRST_MCB;
}

void dos_umb_free_owner(struct dos *d, uint16_t owner)
{
    if (d->umb_start && !d->umb_link)
        mcb_free_owner(d->mem, d->umb_start, owner);
}

/* ---- XMS 10h-12h over the same arena ---- */

int dos_umb_xms_alloc(struct dos *d, uint16_t paras, uint16_t *seg, uint16_t *largest)
{
    if (!d->umb_start)
        return -DOSERR_INSUFFICIENT_MEMORY;
    int rc = mcb_alloc(d->mem, d->umb_start, paras, MCB_OWNER_DOS, MCB_BEST_FIT, seg, largest);
    if (rc == 0)
        mcb_set_owner(d->mem, *seg, MCB_OWNER_DOS, UMB_XMS_NAME);
    return rc;
}

static bool is_xms_umb(struct dos *d, uint16_t seg)
{
    char name[MCB_NAME_BYTES + 1] = {0};
    if (!d->umb_start || seg <= d->umb_start || seg >= d->umb_end)
        return false;
    mem_read(d->mem, ((uint32_t)(seg - 1) << 4) + MCB_OFF_NAME, name, MCB_NAME_BYTES);
    return mem_rd16(d->mem, ((uint32_t)(seg - 1) << 4) + MCB_OFF_OWNER) == MCB_OWNER_DOS &&
           !strcmp(name, UMB_XMS_NAME);
}

int dos_umb_xms_free(struct dos *d, uint16_t seg)
{
    if (!is_xms_umb(d, seg))
        return -DOSERR_INVALID_BLOCK;
    return mcb_free(d->mem, d->umb_start, seg);
}

int dos_umb_xms_resize(struct dos *d, uint16_t seg, uint16_t paras, uint16_t *largest)
{
    if (!is_xms_umb(d, seg))
        return -DOSERR_INVALID_BLOCK;
    return mcb_resize(d->mem, d->umb_start, seg, paras, largest);
}
