/* EXEC on behalf of an interrupted program (INT 2Eh and other native
 * services that start a child in the caller's place). */
#include <string.h>

#include "base/common.h"
#include "dosapi/dos_impl.h"
#include "dosapi/psp.h"

#define EXEC_LOAD_RUN 0x00
#define PB_BYTES 0x0E /* RBIL INT 21/AX=4B00h parameter block */
#define PB_TAIL 0x02
#define PB_FCB1 0x06
#define SPAWN_AREA_BYTES 0x100 /* tail and parameter block below the caller's SP */
#define SPAWN_MIN_SP (SPAWN_AREA_BYTES + 0x40)

/* The parameter block and tail go just below the caller's stack pointer:
 * that memory is free, and EXEC has copied them before anything else can
 * use the stack. */
int dos_spawn(struct dos *d, struct intr_call *ic, const char *path, const char *tail)
{
    struct cpu_regs *r = ic->r;
    struct dos_ctx c = {.dos = d, .ic = ic, .r = r, .mem = d->mem};
    uint8_t area[PB_BYTES + PSP_TAIL_MAX + 2] = {0};
    size_t n = MIN(strlen(tail), (size_t)PSP_TAIL_MAX);
    if (r->sp < SPAWN_MIN_SP)
        return -DOSERR_INSUFFICIENT_MEMORY;
    uint16_t base = (uint16_t)(r->sp - SPAWN_AREA_BYTES), tail_off = base + PB_BYTES;
    area[PB_TAIL] = (uint8_t)tail_off;
    area[PB_TAIL + 1] = (uint8_t)(tail_off >> 8);
    area[PB_TAIL + 2] = (uint8_t)r->ss;
    area[PB_TAIL + 3] = (uint8_t)(r->ss >> 8);
    memset(area + PB_FCB1, 0xFF, 8); /* no FCBs */
    area[PB_BYTES] = (uint8_t)n;
    memcpy(area + PB_BYTES + 1, tail, n);
    area[PB_BYTES + 1 + n] = '\r';
    mem_write_far(d->mem, r->ss, base, area, sizeof area);
    uint16_t ax = r->ax;
    r->ax = 0; /* what the caller sees when the child is done */
    int rc = dos_exec(&c, path, EXEC_LOAD_RUN, r->ss, base);
    if (rc < 0)
        r->ax = ax;
    return rc;
}
