/* INT 21h memory functions 48h, 49h, 4Ah, 58h over the MCB chain. */
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/dosdata.h"
#include "dosapi/mcb.h"

#define STRATEGY_VALID_MASK 0xC3
#define STRATEGY_HIGH_BOTH 0xC0 /* bits 6 and 7 together are not a strategy */

int dos_fn_alloc(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    uint16_t seg = 0, largest = 0;
    dos_detail(c, "%u paragraphs", c->r->bx);
    int rc = dos_mem_alloc(d, c->r->bx, d->cur_psp, &seg, &largest);
    if (rc == -DOSERR_INSUFFICIENT_MEMORY)
        c->r->bx = largest;
    if (rc < 0)
        return rc;
    c->r->ax = seg;
    return 0;
}

int dos_fn_free(struct dos_ctx *c)
{
    dos_detail(c, "segment %04X", c->r->es);
    return mcb_free(c->mem, DOS_FIRST_MCB, c->r->es);
}

int dos_fn_resize(struct dos_ctx *c)
{
    uint16_t largest = 0;
    dos_detail(c, "segment %04X to %u paragraphs", c->r->es, c->r->bx);
    int rc = mcb_resize(c->mem, DOS_FIRST_MCB, c->r->es, c->r->bx, &largest);
    if (rc == -DOSERR_INSUFFICIENT_MEMORY)
        c->r->bx = largest;
    return rc;
}

/* 58h: 00h/01h get/set strategy, 02h/03h get/set UMB link state. */
int dos_fn_strategy(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    struct cpu_regs *r = c->r;
    switch (reg_lo(r->ax)) {
    case 0x00:
        r->ax = d->strategy;
        return 0;
    case 0x01:
        if ((r->bx & ~STRATEGY_VALID_MASK) || (r->bx & 3) == 3 ||
            (r->bx & STRATEGY_HIGH_BOTH) == STRATEGY_HIGH_BOTH)
            return -DOSERR_FUNCTION_INVALID;
        d->strategy = (uint8_t)r->bx;
        return 0;
    case 0x02:
        r->ax = d->umb_link;
        return 0;
    case 0x03:
        if (r->bx > 1)
            return -DOSERR_FUNCTION_INVALID;
        return dos_umb_link(d, r->bx == 1);
    default:
        return -DOSERR_FUNCTION_INVALID;
    }
}
