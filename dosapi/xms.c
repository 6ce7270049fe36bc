/* XMS 3.0: one far entry point, functions by AH, results in AX (1 ok, 0
 * error with the code in BL). Handles name blocks of the extended memory
 * above the HMA; blocks are placed first-fit and only cost host memory
 * once written (hw/xmem.c). */
#include "dosapi/xms.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dos_impl.h"
#include "hw/xmem.h"

#define XMS_VERSION 0x0300  /* spec version, BCD */
#define XMS_REVISION 0x0350 /* driver revision, BCD */
#define XMS_HANDLES 128
#define XMS_MAX_LOCKS 255
#define KIB 1024u

/* Error codes in BL (XMS 3.0 spec, appendix). */
enum {
    XMS_ERR_NOT_IMPLEMENTED = 0x80,
    XMS_ERR_A20 = 0x82,
    XMS_ERR_HMA_MISSING = 0x90,
    XMS_ERR_HMA_IN_USE = 0x91,
    XMS_ERR_HMA_NOT_ALLOCATED = 0x93,
    XMS_ERR_A20_STILL_ON = 0x94,
    XMS_ERR_NO_MEMORY = 0xA0,
    XMS_ERR_NO_HANDLES = 0xA1,
    XMS_ERR_BAD_HANDLE = 0xA2,
    XMS_ERR_BAD_SRC_HANDLE = 0xA3,
    XMS_ERR_BAD_SRC_OFFSET = 0xA4,
    XMS_ERR_BAD_DST_HANDLE = 0xA5,
    XMS_ERR_BAD_DST_OFFSET = 0xA6,
    XMS_ERR_BAD_LENGTH = 0xA7,
    XMS_ERR_NOT_LOCKED = 0xAA,
    XMS_ERR_LOCKED = 0xAB,
    XMS_ERR_LOCK_OVERFLOW = 0xAC,
    XMS_ERR_SMALLER_UMB = 0xB0,
    XMS_ERR_NO_UMB = 0xB1,
    XMS_ERR_BAD_UMB = 0xB2,
};

/* Extended memory move structure at DS:SI for 0Bh. */
#define MOVE_LEN 0x00
#define MOVE_SRC_HANDLE 0x04
#define MOVE_SRC_OFF 0x06
#define MOVE_DST_HANDLE 0x0A
#define MOVE_DST_OFF 0x0C

struct xms_block {
    bool used;
    uint32_t base, kb; /* physical address, size */
    unsigned locks;
};

struct xms {
    struct dos *dos;
    struct xmem *xmem;
    uint32_t budget_kb;                  /* --xms: the most its blocks may hold */
    struct xms_block h[XMS_HANDLES + 1]; /* index = handle; 0 is conventional memory */
    unsigned local_a20;                  /* 05h/06h nesting */
    uint16_t entry_off;
};

struct xms_call {
    struct xms *x;
    struct cpu_regs *r;
    struct intr_call *ic;
};

/* > 0: AX=1; 0: the function set AX itself; < 0: AX=0, BL=-rc. */
typedef int xms_fn(struct xms_call *c);

/* ---- blocks: pool blocks of hw/xmem.h within the XMS budget ---- */

static uint32_t used_kb(const struct xms *x)
{
    uint32_t kb = 0;
    for (unsigned i = 1; i <= XMS_HANDLES; i++)
        kb += x->h[i].used ? x->h[i].kb : 0;
    return kb;
}

/* Free KiB in total and in the largest gap, as far as the budget goes. */
static void free_kb(const struct xms *x, uint32_t *total, uint32_t *largest)
{
    uint32_t pool_total, pool_largest, left = x->budget_kb - MIN(used_kb(x), x->budget_kb);
    xmem_free_bytes(x->xmem, &pool_total, &pool_largest);
    *total = MIN(left, pool_total / KIB);
    *largest = MIN(left, pool_largest / KIB);
}

static unsigned free_handles(const struct xms *x)
{
    unsigned n = 0;
    for (unsigned i = 1; i <= XMS_HANDLES; i++)
        n += !x->h[i].used;
    return n;
}

static bool over_budget(const struct xms *x, uint32_t old_kb, uint32_t new_kb)
{
    return (uint64_t)used_kb(x) - old_kb + new_kb > x->budget_kb;
}

static int alloc_block(struct xms *x, uint32_t kb, uint16_t *handle)
{
    unsigned i = 1;
    uint32_t at = XMEM_BASE;
    while (i <= XMS_HANDLES && x->h[i].used)
        i++;
    if (i > XMS_HANDLES)
        return -XMS_ERR_NO_HANDLES;
    if (over_budget(x, 0, kb) || (kb && xmem_alloc(x->xmem, XMEM_XMS, kb * KIB, &at) < 0))
        return -XMS_ERR_NO_MEMORY;
    x->h[i] = (struct xms_block){true, at, kb, 0};
    *handle = (uint16_t)i;
    LOG(LOG_MEM, "XMS: handle %u: %u KiB at %08Xh", i, kb, at);
    return 0;
}

static struct xms_block *block(struct xms *x, uint16_t handle)
{
    return handle >= 1 && handle <= XMS_HANDLES && x->h[handle].used ? &x->h[handle] : NULL;
}

static void release_block(struct xms *x, struct xms_block *b)
{
    if (b->kb)
        xmem_release(x->xmem, b->base);
    b->used = false;
}

/* Grow or shrink in place, else move (the block is unlocked). */
static int resize_block(struct xms *x, uint16_t handle, uint32_t kb)
{
    struct xms_block *b = block(x, handle);
    if (!b)
        return -XMS_ERR_BAD_HANDLE;
    if (b->locks)
        return -XMS_ERR_LOCKED;
    if (over_budget(x, b->kb, kb))
        return -XMS_ERR_NO_MEMORY;
    uint32_t at = b->base;
    int rc = !kb      ? (b->kb ? xmem_release(x->xmem, at) : 0)
             : !b->kb ? xmem_alloc(x->xmem, XMEM_XMS, kb * KIB, &at)
                      : xmem_resize(x->xmem, &at, kb * KIB, true);
    if (rc < 0)
        return -XMS_ERR_NO_MEMORY;
    b->base = kb ? at : XMEM_BASE;
    b->kb = kb;
    return 0;
}

/* ---- functions ---- */

static int fn_version(struct xms_call *c)
{
    c->r->ax = XMS_VERSION;
    c->r->bx = XMS_REVISION;
    c->r->dx = 1; /* the HMA exists */
    return 0;     /* AX holds the version */
}

/* 01h/02h: DOS=HIGH owns the HMA, as with DOS=HIGH in CONFIG.SYS. */
static int fn_hma_request(struct xms_call *c)
{
    return c->x->dos->dos_high ? -XMS_ERR_HMA_IN_USE : -XMS_ERR_HMA_MISSING;
}

static int fn_hma_release(struct xms_call *c)
{
    UNUSED(c);
    return -XMS_ERR_HMA_NOT_ALLOCATED;
}

static int fn_a20_global_on(struct xms_call *c)
{
    mem_set_a20(c->x->dos->mem, true);
    return 1;
}

static int fn_a20_global_off(struct xms_call *c)
{
    if (c->x->local_a20)
        return -XMS_ERR_A20_STILL_ON;
    mem_set_a20(c->x->dos->mem, false);
    return 1;
}

static int fn_a20_local_on(struct xms_call *c)
{
    c->x->local_a20++;
    mem_set_a20(c->x->dos->mem, true);
    return 1;
}

static int fn_a20_local_off(struct xms_call *c)
{
    if (c->x->local_a20 && --c->x->local_a20)
        return -XMS_ERR_A20_STILL_ON;
    mem_set_a20(c->x->dos->mem, false);
    return 1;
}

static int fn_a20_query(struct xms_call *c)
{
    c->r->ax = mem_a20(c->x->dos->mem);
    reg_set_lo(&c->r->bx, 0);
    return 0; /* AX already holds the answer */
}

static int fn_query_free(struct xms_call *c)
{
    uint32_t total, largest;
    free_kb(c->x, &total, &largest);
    c->r->ax = (uint16_t)MIN(largest, 0xFFFFu);
    c->r->dx = (uint16_t)MIN(total, 0xFFFFu);
    reg_set_lo(&c->r->bx, largest ? 0 : XMS_ERR_NO_MEMORY);
    return 0;
}

static int fn_alloc(struct xms_call *c)
{
    uint16_t handle;
    int rc = alloc_block(c->x, c->r->dx, &handle);
    if (rc < 0)
        return rc;
    c->r->dx = handle;
    return 1;
}

static int fn_free(struct xms_call *c)
{
    struct xms_block *b = block(c->x, c->r->dx);
    if (!b)
        return -XMS_ERR_BAD_HANDLE;
    if (b->locks)
        return -XMS_ERR_LOCKED;
    release_block(c->x, b);
    return 1;
}

/* Physical address of handle:offset for len bytes; handle 0 means offset
 * is a real-mode seg:off pointer. */
static int locate(struct xms *x, uint16_t handle, uint32_t off, uint32_t len, uint32_t *phys,
                  int bad_handle, int bad_off)
{
    if (handle == 0) {
        *phys = ((off >> 16) << 4) + (off & 0xFFFF);
        return *phys + len <= MEM_CONV_BYTES + MEM_HMA_BYTES ? 0 : -bad_off;
    }
    struct xms_block *b = block(x, handle);
    if (!b)
        return -bad_handle;
    if (off > b->kb * KIB || len > b->kb * KIB - off)
        return -bad_off;
    *phys = b->base + off;
    return 0;
}

static int fn_move(struct xms_call *c)
{
    struct mem *m = c->x->dos->mem;
    uint32_t s = mem_lin(m, c->r->ds, c->r->si), src, dst;
    uint32_t len = mem_rd32(m, s + MOVE_LEN);
    if (len & 1)
        return -XMS_ERR_BAD_LENGTH;
    int rc = locate(c->x, mem_rd16(m, s + MOVE_SRC_HANDLE), mem_rd32(m, s + MOVE_SRC_OFF), len,
                    &src, XMS_ERR_BAD_SRC_HANDLE, XMS_ERR_BAD_SRC_OFFSET);
    if (rc == 0)
        rc = locate(c->x, mem_rd16(m, s + MOVE_DST_HANDLE), mem_rd32(m, s + MOVE_DST_OFF), len,
                    &dst, XMS_ERR_BAD_DST_HANDLE, XMS_ERR_BAD_DST_OFFSET);
    if (rc < 0)
        return rc;
    LOG(LOG_MEM, "XMS: move %u bytes %08Xh -> %08Xh", len, src, dst);
    return xmem_copy(c->x->xmem, dst, src, len) ? 1 : -XMS_ERR_BAD_LENGTH;
}

static int fn_lock(struct xms_call *c)
{
    struct xms_block *b = block(c->x, c->r->dx);
    if (!b)
        return -XMS_ERR_BAD_HANDLE;
    if (b->locks >= XMS_MAX_LOCKS)
        return -XMS_ERR_LOCK_OVERFLOW;
    b->locks++;
    c->r->dx = (uint16_t)(b->base >> 16);
    c->r->bx = (uint16_t)b->base;
    return 1;
}

static int fn_unlock(struct xms_call *c)
{
    struct xms_block *b = block(c->x, c->r->dx);
    if (!b)
        return -XMS_ERR_BAD_HANDLE;
    if (!b->locks)
        return -XMS_ERR_NOT_LOCKED;
    b->locks--;
    return 1;
}

static int fn_handle_info(struct xms_call *c)
{
    struct xms_block *b = block(c->x, c->r->dx);
    if (!b)
        return -XMS_ERR_BAD_HANDLE;
    c->r->bx = (uint16_t)(MIN(b->locks, 0xFFu) << 8 | MIN(free_handles(c->x), 0xFFu));
    c->r->dx = (uint16_t)MIN(b->kb, 0xFFFFu);
    return 1;
}

static int fn_realloc(struct xms_call *c)
{
    int rc = resize_block(c->x, c->r->dx, c->r->bx);
    return rc < 0 ? rc : 1;
}

/* 10h-12h: UMBs from dosapi/umb.c; DX in paragraphs. */
static int umb_error(struct xms_call *c, int rc, uint16_t largest)
{
    c->r->dx = largest;
    if (rc == -DOSERR_INSUFFICIENT_MEMORY)
        return largest ? -XMS_ERR_SMALLER_UMB : -XMS_ERR_NO_UMB;
    return -XMS_ERR_BAD_UMB;
}

static int fn_umb_alloc(struct xms_call *c)
{
    uint16_t seg, largest = 0, paras = c->r->dx;
    int rc = dos_umb_xms_alloc(c->x->dos, paras, &seg, &largest);
    if (rc < 0)
        return umb_error(c, rc, largest);
    c->r->bx = seg;
    c->r->dx = paras;
    return 1;
}

static int fn_umb_free(struct xms_call *c)
{
    return dos_umb_xms_free(c->x->dos, c->r->dx) < 0 ? -XMS_ERR_BAD_UMB : 1;
}

static int fn_umb_resize(struct xms_call *c)
{
    uint16_t largest = 0;
    int rc = dos_umb_xms_resize(c->x->dos, c->r->dx, c->r->bx, &largest);
    return rc < 0 ? umb_error(c, rc, largest) : 1;
}

/* 88h/89h/8Eh/8Fh: the 32-bit forms (XMS 3.0). */
static uint32_t reg32(struct xms_call *c, enum cpu_reg32 r)
{
    return c->ic->cpu ? cpu_reg32(c->ic->cpu, r) : 0;
}

static void set_reg32(struct xms_call *c, enum cpu_reg32 r, uint32_t v)
{
    if (c->ic->cpu)
        cpu_set_reg32(c->ic->cpu, r, v);
}

static int fn_query_free32(struct xms_call *c)
{
    uint32_t total, largest;
    free_kb(c->x, &total, &largest);
    set_reg32(c, CPU_EAX, largest);
    set_reg32(c, CPU_EDX, total);
    set_reg32(c, CPU_ECX, xmem_end(c->x->xmem) - 1);
    c->r->ax = (uint16_t)largest;
    c->r->dx = (uint16_t)total;
    c->r->cx = (uint16_t)(xmem_end(c->x->xmem) - 1);
    reg_set_lo(&c->r->bx, largest ? 0 : XMS_ERR_NO_MEMORY);
    return 0;
}

static int fn_alloc32(struct xms_call *c)
{
    uint16_t handle;
    int rc = alloc_block(c->x, reg32(c, CPU_EDX), &handle);
    if (rc < 0)
        return rc;
    c->r->dx = handle;
    return 1;
}

static int fn_handle_info32(struct xms_call *c)
{
    struct xms_block *b = block(c->x, c->r->dx);
    if (!b)
        return -XMS_ERR_BAD_HANDLE;
    reg_set_hi(&c->r->bx, (uint8_t)MIN(b->locks, 0xFFu));
    c->r->cx = (uint16_t)free_handles(c->x);
    set_reg32(c, CPU_EDX, b->kb);
    c->r->dx = (uint16_t)b->kb;
    return 1;
}

static int fn_realloc32(struct xms_call *c)
{
    int rc = resize_block(c->x, c->r->dx, reg32(c, CPU_EBX));
    return rc < 0 ? rc : 1;
}

static const struct {
    xms_fn *fn;
    const char *name;
} k_xms[256] = {
    [0x00] = {fn_version, "VERSION"},
    [0x01] = {fn_hma_request, "REQUEST HMA"},
    [0x02] = {fn_hma_release, "RELEASE HMA"},
    [0x03] = {fn_a20_global_on, "GLOBAL A20 ON"},
    [0x04] = {fn_a20_global_off, "GLOBAL A20 OFF"},
    [0x05] = {fn_a20_local_on, "LOCAL A20 ON"},
    [0x06] = {fn_a20_local_off, "LOCAL A20 OFF"},
    [0x07] = {fn_a20_query, "QUERY A20"},
    [0x08] = {fn_query_free, "QUERY FREE"},
    [0x09] = {fn_alloc, "ALLOCATE"},
    [0x0A] = {fn_free, "FREE"},
    [0x0B] = {fn_move, "MOVE"},
    [0x0C] = {fn_lock, "LOCK"},
    [0x0D] = {fn_unlock, "UNLOCK"},
    [0x0E] = {fn_handle_info, "HANDLE INFO"},
    [0x0F] = {fn_realloc, "REALLOCATE"},
    [0x10] = {fn_umb_alloc, "REQUEST UMB"},
    [0x11] = {fn_umb_free, "RELEASE UMB"},
    [0x12] = {fn_umb_resize, "REALLOCATE UMB"},
    [0x88] = {fn_query_free32, "QUERY FREE 32"},
    [0x89] = {fn_alloc32, "ALLOCATE 32"},
    [0x8E] = {fn_handle_info32, "HANDLE INFO 32"},
    [0x8F] = {fn_realloc32, "REALLOCATE 32"},
};

/* The entry point: far-called with AH = function. */
static void xms_call_entry(void *ctx, struct intr_call *ic)
{
    struct xms_call c = {ctx, ic->r, ic};
    uint8_t ah = reg_hi(ic->r->ax);
    int rc = -XMS_ERR_NOT_IMPLEMENTED;
    if (k_xms[ah].fn)
        rc = k_xms[ah].fn(&c);
    else
        log_quiet(LOG_MEM, "XMS function %02Xh is not implemented", ah);
    LOG(LOG_MEM, "XMS %02Xh %s -> %d", ah, k_xms[ah].name ? k_xms[ah].name : "?", rc);
    if (rc < 0) {
        ic->r->ax = 0;
        reg_set_lo(&ic->r->bx, (uint8_t)-rc);
    } else if (rc > 0) {
        ic->r->ax = 1;
    }
}

struct xms *xms_new(struct dos *d, uint32_t kb)
{
    struct xms *x = xcalloc(1, sizeof *x);
    x->dos = d;
    x->xmem = bios_xmem(d->bios);
    x->budget_kb = kb;
    x->entry_off = intr_callback(d->intr, xms_call_entry, x, INTR_EPI_RETF);
    bios_ext_claim(d->bios);
    LOG(LOG_MEM, "XMS: %u KiB, entry F000:%04X", kb, x->entry_off);
    return x;
}

void xms_free(struct xms *x)
{
    if (!x)
        return;
    for (unsigned i = 1; i <= XMS_HANDLES; i++)
        if (x->h[i].used)
            release_block(x, &x->h[i]);
    free(x);
}

uint32_t xms_entry(const struct xms *x)
{
    return (uint32_t)ROM_SEG << 16 | x->entry_off;
}
