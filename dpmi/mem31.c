/* Memory for clients: DOS memory with selectors (0100h-0102h), blocks of
 * extended memory (0500h-0503h, 0504h/0505h/050Ah of DPMI 1.0) from the
 * shared allocator (hw/xmem.h) within --dpmi-mem, locking and paging
 * calls that succeed without paging (0600h-0604h, 0702h/0703h), and
 * physical address mappings (0800h): without paging a linear address is
 * the physical one, so only memory that exists can be mapped. */
#include <string.h>

#include "dpmi/dpmi_impl.h"
#include "video/vga.h"

#define PARA 16u
#define SEG_BYTES 0x10000u
#define PAGE 4096u
#define MEM_INFO_BYTES 0x30u
#define UNKNOWN 0xFFFFFFFFu
#define LIN_COMMITTED 0x1u /* 0504h/0505h EDX */
#define LIN_UPDATE_SELS 0x2u
/* 0100h-0102h fail with DOS's own error codes (DPMI 0.9). */
#define DOS_ERR_NO_MEMORY 0x0008
#define DOS_ERR_BAD_BLOCK 0x0009

static uint16_t lo16(uint32_t v)
{
    return (uint16_t)v;
}
static void set_lo16(uint32_t *r, uint32_t v)
{
    *r = (*r & 0xFFFF0000u) | (v & 0xFFFFu);
}
static uint32_t pair(uint32_t hi, uint32_t lo)
{
    return (uint32_t)lo16(hi) << 16 | lo16(lo);
}

static void put_pair(uint32_t *hi, uint32_t *lo, uint32_t v)
{
    set_lo16(hi, v >> 16);
    set_lo16(lo, v);
}

/* ---- DOS memory ---- */

static struct dpmi_dosmem *dosmem_of(struct dpmi *h, uint16_t sel)
{
    for (int i = 0; i < DPMI_MAX_DOSMEM; i++)
        if (h->dosmem[i].count && h->dosmem[i].sel == sel)
            return &h->dosmem[i];
    return NULL;
}

/* Descriptors for paras paragraphs at seg: 64 KiB each, the first one
 * covering the whole block for 32-bit clients. */
static void dosmem_descs(struct dpmi *h, const struct dpmi_client *cl, uint16_t sel,
                         uint16_t seg, uint32_t paras, unsigned count)
{
    uint32_t bytes = paras * PARA;
    for (unsigned k = 0; k < count; k++) {
        struct dpmi_desc d;
        uint32_t left = bytes - k * SEG_BYTES;
        uint32_t limit = k == 0 && cl->is32 ? bytes - 1 : MIN(left, SEG_BYTES) - 1;
        dpmi_desc_data(&d, ((uint32_t)seg << 4) + k * SEG_BYTES, limit, false);
        dpmi_desc_set(h, (uint16_t)(sel + k * DESC_BYTES), &d);
    }
}

static unsigned seg_count(uint32_t paras)
{
    return (unsigned)((paras * PARA + SEG_BYTES - 1) / SEG_BYTES);
}

int dpmi_fn_dos_alloc(struct dpmi_call *c)
{
    uint16_t paras = lo16(c->s.ebx), seg, largest = 0;
    int slot = 0;
    while (slot < DPMI_MAX_DOSMEM && c->h->dosmem[slot].count)
        slot++;
    if (!paras || slot == DPMI_MAX_DOSMEM)
        return -DPMI_ERR_VALUE;
    if (dos_mem_get(c->h->dos, paras, &seg, &largest) < 0) {
        set_lo16(&c->s.ebx, largest);
        return -DOS_ERR_NO_MEMORY;
    }
    unsigned count = seg_count(paras);
    uint16_t sel = dpmi_sel_alloc(c->h, c->cl->id, count, LDT_CLIENT);
    if (!sel) {
        dos_mem_put(c->h->dos, seg);
        return -DPMI_ERR_DESCRIPTOR;
    }
    dosmem_descs(c->h, c->cl, sel, seg, paras, count);
    c->h->dosmem[slot] = (struct dpmi_dosmem){seg, sel, (uint16_t)count, c->cl->id};
    set_lo16(&c->s.eax, seg);
    set_lo16(&c->s.edx, sel);
    return 0;
}

int dpmi_fn_dos_free(struct dpmi_call *c)
{
    struct dpmi_dosmem *m = dosmem_of(c->h, lo16(c->s.edx));
    if (!m)
        return -DPMI_ERR_SELECTOR;
    if (dos_mem_put(c->h->dos, m->seg) < 0)
        return -DOS_ERR_BAD_BLOCK;
    for (unsigned k = 0; k < m->count; k++)
        dpmi_sel_free(c->h, (uint16_t)(m->sel + k * DESC_BYTES));
    *m = (struct dpmi_dosmem){0};
    return 0;
}

int dpmi_fn_dos_resize(struct dpmi_call *c)
{
    struct dpmi_dosmem *m = dosmem_of(c->h, lo16(c->s.edx));
    uint16_t paras = lo16(c->s.ebx), largest = 0;
    if (!m)
        return -DPMI_ERR_SELECTOR;
    unsigned need = seg_count(paras);
    for (unsigned k = m->count; k < need; k++) {
        unsigned idx = SEL_INDEX(m->sel) + k;
        if (!paras || idx >= DPMI_LDT_ENTRIES || c->h->ldt_kind[idx] != LDT_FREE)
            return -DPMI_ERR_DESCRIPTOR;
    }
    if (dos_mem_resize(c->h->dos, m->seg, paras, &largest) < 0) {
        set_lo16(&c->s.ebx, largest);
        return -DOS_ERR_NO_MEMORY;
    }
    for (unsigned k = need; k < m->count; k++)
        dpmi_sel_free(c->h, (uint16_t)(m->sel + k * DESC_BYTES));
    for (unsigned k = m->count; k < need; k++) {
        unsigned idx = SEL_INDEX(m->sel) + k;
        c->h->ldt_kind[idx] = LDT_CLIENT;
        c->h->ldt_owner[idx] = (uint8_t)m->client;
    }
    m->count = (uint16_t)need;
    dosmem_descs(c->h, c->cl, m->sel, m->seg, paras, need);
    return 0;
}

/* ---- extended memory blocks ---- */

static uint32_t dpmi_used(const struct dpmi *h)
{
    uint32_t n = 0;
    for (int i = 0; i < h->nblocks; i++)
        n += h->block[i].bytes;
    return n;
}

/* Free bytes for clients: their budget, and what the pool has. */
static void room(const struct dpmi *h, uint32_t *total, uint32_t *largest)
{
    uint32_t pool_total, pool_largest, budget = h->cfg.mem_kb * 1024u;
    uint32_t left = budget - MIN(dpmi_used(h), budget);
    xmem_free_bytes(h->xmem, &pool_total, &pool_largest);
    *total = MIN(left, pool_total);
    *largest = MIN(left, pool_largest);
}

static struct dpmi_block *block_of(struct dpmi *h, uint32_t handle)
{
    for (int i = 0; i < h->nblocks; i++)
        if (h->block[i].handle == handle)
            return &h->block[i];
    return NULL;
}

static int new_block(struct dpmi *h, int client, uint32_t bytes, struct dpmi_block **out)
{
    uint32_t total, largest, addr;
    room(h, &total, &largest);
    if (!bytes)
        return -DPMI_ERR_VALUE;
    if (h->nblocks == DPMI_MAX_BLOCKS)
        return -DPMI_ERR_HANDLE;
    if (bytes > total || xmem_alloc(h->xmem, XMEM_DPMI, bytes, &addr) < 0)
        return -DPMI_ERR_LINEAR;
    struct dpmi_block *b = &h->block[h->nblocks++];
    *b = (struct dpmi_block){h->next_handle++, addr, xmem_block_bytes(h->xmem, addr), client};
    LOG(LOG_DPMI, "block %08X: %u bytes at %08X", b->handle, bytes, addr);
    *out = b;
    return 0;
}

static void drop_block(struct dpmi *h, struct dpmi_block *b)
{
    xmem_release(h->xmem, b->addr);
    *b = h->block[--h->nblocks];
}

bool dpmi_mem_take(struct dpmi *h, int client, uint32_t bytes, uint32_t *addr)
{
    struct dpmi_block *b;
    if (new_block(h, client, bytes, &b) < 0)
        return false;
    *addr = b->addr;
    return true;
}

void dpmi_mem_free_client(struct dpmi *h, int client)
{
    for (int i = h->nblocks; i-- > 0;)
        if (h->block[i].client == client)
            drop_block(h, &h->block[i]);
    for (int i = 0; i < DPMI_MAX_DOSMEM; i++)
        if (h->dosmem[i].client == client)
            h->dosmem[i] = (struct dpmi_dosmem){0}; /* DOS frees it with the PSP */
}

int dpmi_fn_mem_info(struct dpmi_call *c)
{
    uint32_t total, largest, pool_total, pool_largest;
    uint32_t at;
    if (!dpmi_ptr(c->h, (uint16_t)c->s.es, c->cl->is32 ? c->s.edi : lo16(c->s.edi),
                  MEM_INFO_BYTES, &at))
        return -DPMI_ERR_ADDRESS;
    room(c->h, &total, &largest);
    xmem_free_bytes(c->h->xmem, &pool_total, &pool_largest);
    uint32_t budget_pages = c->h->cfg.mem_kb / 4u;
    uint32_t info[MEM_INFO_BYTES / 4] = {
        largest,        /* largest available block, bytes */
        largest / PAGE, /* maximum unlocked page allocation */
        largest / PAGE, /* maximum locked page allocation */
        budget_pages,   /* linear address space, pages */
        budget_pages,   /* total unlocked pages */
        total / PAGE,   /* free pages */
        budget_pages,   /* total physical pages */
        total / PAGE,   /* free linear address space, pages */
        UNKNOWN,        /* paging file size, pages */
        UNKNOWN,        UNKNOWN, UNKNOWN,
    };
    for (size_t i = 0; i < ARRAY_LEN(info); i++)
        mem_wr32(c->h->mem, at + (uint32_t)i * 4, info[i]);
    return 0;
}

int dpmi_fn_mem_alloc(struct dpmi_call *c)
{
    struct dpmi_block *b;
    int rc = new_block(c->h, c->cl->id, pair(c->s.ebx, c->s.ecx), &b);
    if (rc < 0)
        return rc;
    put_pair(&c->s.ebx, &c->s.ecx, b->addr);
    put_pair(&c->s.esi, &c->s.edi, b->handle);
    return 0;
}

int dpmi_fn_mem_free(struct dpmi_call *c)
{
    struct dpmi_block *b = block_of(c->h, pair(c->s.esi, c->s.edi));
    if (!b)
        return -DPMI_ERR_BAD_HANDLE;
    drop_block(c->h, b);
    return 0;
}

/* Grow in place when the pool allows, else move with the contents (DPMI
 * 0.9 allows a resized block to move). */
static int resize(struct dpmi_call *c, struct dpmi_block *b, uint32_t bytes)
{
    uint32_t total, largest, addr = b->addr;
    room(c->h, &total, &largest);
    if (!bytes)
        return -DPMI_ERR_VALUE;
    if (bytes > b->bytes && bytes - b->bytes > total)
        return -DPMI_ERR_LINEAR;
    if (xmem_resize(c->h->xmem, &addr, bytes, true) < 0)
        return -DPMI_ERR_LINEAR;
    LOG(LOG_DPMI, "block %08X: %u bytes at %08X (was %08X)", b->handle, bytes, addr, b->addr);
    b->addr = addr;
    b->bytes = xmem_block_bytes(c->h->xmem, addr);
    return 0;
}

int dpmi_fn_mem_resize(struct dpmi_call *c)
{
    struct dpmi_block *b = block_of(c->h, pair(c->s.esi, c->s.edi));
    if (!b)
        return -DPMI_ERR_BAD_HANDLE;
    int rc = resize(c, b, pair(c->s.ebx, c->s.ecx));
    if (rc < 0)
        return rc;
    put_pair(&c->s.ebx, &c->s.ecx, b->addr);
    return 0;
}

/* 0504h (DPMI 1.0): EBX = address wanted (0: any), ECX = bytes. Blocks
 * are always committed; a particular address cannot be promised. */
int dpmi_fn_lin_alloc(struct dpmi_call *c)
{
    struct dpmi_block *b;
    if (c->s.ebx)
        return -DPMI_ERR_LINEAR;
    int rc = new_block(c->h, c->cl->id, c->s.ecx, &b);
    if (rc < 0)
        return rc;
    c->s.ebx = b->addr;
    c->s.esi = b->handle;
    return 0;
}

/* 0505h (DPMI 1.0): ESI = handle, ECX = bytes, EDX bit 1: move the bases
 * of the EDI selectors at ES:EBX along with the block. */
int dpmi_fn_lin_resize(struct dpmi_call *c)
{
    struct dpmi_block *b = block_of(c->h, c->s.esi);
    if (!b)
        return -DPMI_ERR_BAD_HANDLE;
    uint32_t old = b->addr;
    uint32_t list = 0;
    if ((c->s.edx & LIN_UPDATE_SELS) &&
        !dpmi_ptr(c->h, (uint16_t)c->s.es, c->s.ebx, lo16(c->s.edi) * 2u, &list))
        return -DPMI_ERR_ADDRESS;
    int rc = resize(c, b, c->s.ecx);
    if (rc < 0)
        return rc;
    for (unsigned i = 0; (c->s.edx & LIN_UPDATE_SELS) && i < lo16(c->s.edi); i++) {
        uint16_t sel = mem_rd16(c->h->mem, list + i * 2u);
        struct dpmi_desc d;
        if (!dpmi_sel_valid(c->h, sel))
            continue;
        dpmi_desc_get(c->h, sel, &d);
        if (d.base >= old && d.base - old < b->bytes) {
            d.base = d.base - old + b->addr;
            dpmi_desc_set(c->h, sel, &d);
        }
    }
    c->s.ebx = b->addr;
    return 0;
}

int dpmi_fn_block_info(struct dpmi_call *c)
{
    struct dpmi_block *b = block_of(c->h, pair(c->s.esi, c->s.edi));
    if (!b)
        return -DPMI_ERR_BAD_HANDLE;
    put_pair(&c->s.esi, &c->s.edi, b->bytes);
    put_pair(&c->s.ebx, &c->s.ecx, b->addr);
    return 0;
}

/* 0506h/0507h (DPMI 1.0): page attributes of ECX pages from offset EBX of
 * block ESI, one word each at ES:EDX. Without paging every page is
 * committed and writable; setting that is done, anything else (an
 * uncommitted or read-only page: DJGPP's null-pointer trap) is not
 * offered, with ECX = 0 pages changed. */
#define PAGE_COMMITTED_RW 0x0009u
#define PAGE_TYPE_MASK 0x0007u
#define PAGE_SET_RW 0x0008u
static int page_range(struct dpmi_call *c, uint32_t *list)
{
    struct dpmi_block *b = block_of(c->h, c->s.esi);
    if (!b)
        return -DPMI_ERR_BAD_HANDLE;
    if (c->s.ebx % PAGE || c->s.ebx > b->bytes || c->s.ecx > (b->bytes - c->s.ebx) / PAGE)
        return -DPMI_ERR_VALUE;
    return dpmi_ptr(c->h, (uint16_t)c->s.es, c->s.edx, c->s.ecx * 2u, list) ? 0
                                                                            : -DPMI_ERR_ADDRESS;
}

int dpmi_fn_page_get(struct dpmi_call *c)
{
    uint32_t list;
    int rc = page_range(c, &list);
    for (uint32_t i = 0; rc == 0 && i < c->s.ecx; i++)
        mem_wr16(c->h->mem, list + i * 2u, PAGE_COMMITTED_RW);
    return rc;
}

int dpmi_fn_page_set(struct dpmi_call *c)
{
    uint32_t list;
    int rc = page_range(c, &list);
    for (uint32_t i = 0; rc == 0 && i < c->s.ecx; i++) {
        uint16_t a = mem_rd16(c->h->mem, list + i * 2u);
        if ((a & PAGE_TYPE_MASK) != (PAGE_COMMITTED_RW & PAGE_TYPE_MASK) ||
            !(a & PAGE_SET_RW)) {
            c->s.ecx = 0;
            return -DPMI_ERR_UNSUPPORTED;
        }
    }
    return rc;
}

int dpmi_fn_ok(struct dpmi_call *c)
{
    UNUSED(c);
    return 0;
}

int dpmi_fn_page_size(struct dpmi_call *c)
{
    put_pair(&c->s.ebx, &c->s.ecx, PAGE);
    return 0;
}

/* ---- linear addresses ---- */

bool dpmi_lin_ok(const struct dpmi *h, uint32_t lin, uint32_t len)
{
    uint32_t ext_end = MEM_EXT_BASE + mem_ext_bytes(h->mem);
    if ((uint64_t)lin + len <= MEM_EXT_BASE)
        return true;
    return lin >= MEM_EXT_BASE && (uint64_t)lin + len <= ext_end;
}

/* 0800h: BX:CX physical address, SI:DI bytes. The VESA frame buffer
 * counts before its first mode set too: a program maps it from what 4F01h
 * reported, then sets the mode. */
int dpmi_fn_map_phys(struct dpmi_call *c)
{
    uint32_t phys = pair(c->s.ebx, c->s.ecx), len = pair(c->s.esi, c->s.edi);
    bool lfb = phys >= VGA_VBE_LFB_PHYS && len <= VGA_VBE_MEM_BYTES &&
               phys - VGA_VBE_LFB_PHYS <= VGA_VBE_MEM_BYTES - len;
    if (!len || !(lfb || dpmi_lin_ok(c->h, phys, len)))
        return -DPMI_ERR_VALUE;
    return 0; /* BX:CX: linear = physical */
}
