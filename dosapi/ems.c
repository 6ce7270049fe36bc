/* LIM EMS 4.0: handles own logical pages of 16 KiB; four physical pages
 * form the frame at E000h. A page's bytes live in extended memory (one
 * block of the shared allocator, hw/xmem.h, holds every page) while it is
 * unmapped and in the frame (guest RAM) while mapped: mapping copies the
 * old page out and the new one in, so guest code sees plain RAM. A page
 * mapped twice at once shows the last copy (documented limitation). */
#include "dosapi/ems.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dos_impl.h"
#include "dosapi/dosdata.h"
#include "dosapi/mcb.h"
#include "hw/xmem.h"

#define EMS_PAGE_BYTES 0x4000u
#define EMS_PHYS_PAGES 4
#define EMS_HANDLES 255
#define EMS_NAME_BYTES 8
#define EMS_VERSION 0x40 /* BCD 4.0 */
#define EMS_UNMAP 0xFFFFu
#define EMS_NO_PAGE 0xFFFFu
#define OP_JMP_FAR 0xEA
#define EMS_DEV_PARAS 3          /* header (18 bytes) + entry jump, rounded */
#define EMS_DEV_ENTRY 0x12       /* INT 67h points here: JMP FAR to the callback */
#define EMS_DEV_ATTR_CHAR 0xC000 /* character device supporting IOCTL */
#define EMS_SAVE_BYTES (EMS_PHYS_PAGES * 4)

/* Status codes in AH (LIM EMS 4.0, chapter 6). */
enum {
    EMS_OK = 0x00,
    EMS_ERR_SOFTWARE = 0x80,
    EMS_ERR_BAD_HANDLE = 0x83,
    EMS_ERR_BAD_FUNCTION = 0x84,
    EMS_ERR_NO_HANDLES = 0x85,
    EMS_ERR_MAP_SAVED = 0x86,
    EMS_ERR_TOO_MANY_PAGES = 0x87,
    EMS_ERR_NO_FREE_PAGES = 0x88,
    EMS_ERR_ZERO_PAGES = 0x89,
    EMS_ERR_BAD_LOGICAL = 0x8A,
    EMS_ERR_BAD_PHYSICAL = 0x8B,
    EMS_ERR_NO_SAVE_ROOM = 0x8C,
    EMS_ERR_ALREADY_SAVED = 0x8D,
    EMS_ERR_NOT_SAVED = 0x8E,
    EMS_ERR_BAD_SUBFUNCTION = 0x8F,
    EMS_ERR_NAME_NOT_FOUND = 0xA0,
    EMS_ERR_BAD_SOURCE = 0xA3,
    EMS_ERR_NAME_EXISTS = 0xA1,
};

struct ems_handle {
    bool used, saved;
    uint16_t npages;
    uint16_t *pages; /* logical -> global page */
    char name[EMS_NAME_BYTES];
    uint16_t save[EMS_PHYS_PAGES][2]; /* 47h: handle, logical per physical page */
};

struct ems {
    struct dos *dos;
    uint16_t total;                  /* global pages */
    uint32_t base;                   /* physical address of global page 0 */
    uint16_t *owner;                 /* per global page: handle + 1, 0 = free */
    uint16_t map[EMS_PHYS_PAGES][2]; /* handle, logical; EMS_NO_PAGE when unmapped */
    struct ems_handle h[EMS_HANDLES + 1];
    uint16_t dev_seg;
};

struct ems_call {
    struct ems *e;
    struct cpu_regs *r;
    struct mem *mem;
};

typedef int ems_fn(struct ems_call *c); /* AH = status; >= 0 ok, < 0 -status */

static uint32_t frame_lin(unsigned phys)
{
    return ((uint32_t)EMS_FRAME_SEG << 4) + phys * EMS_PAGE_BYTES;
}

static uint8_t *page_data(struct ems *e, uint16_t g)
{
    uint32_t lin = e->base + (uint32_t)g * EMS_PAGE_BYTES;
    return mem_ptr(e->dos->mem, lin, EMS_PAGE_BYTES);
}

static uint16_t global_page(struct ems *e, const uint16_t m[2])
{
    return e->h[m[0]].pages[m[1]];
}

/* Frame -> storage for every mapped physical page. */
static void save_frame(struct ems *e)
{
    for (unsigned p = 0; p < EMS_PHYS_PAGES; p++)
        if (e->map[p][0] != EMS_NO_PAGE)
            mem_read(e->dos->mem, frame_lin(p), page_data(e, global_page(e, e->map[p])),
                     EMS_PAGE_BYTES);
}

static void load_frame(struct ems *e)
{
    for (unsigned p = 0; p < EMS_PHYS_PAGES; p++)
        if (e->map[p][0] != EMS_NO_PAGE)
            mem_write(e->dos->mem, frame_lin(p), page_data(e, global_page(e, e->map[p])),
                      EMS_PAGE_BYTES);
}

/* Install a whole new mapping (4 pairs) in one go. */
static void remap(struct ems *e, uint16_t next[EMS_PHYS_PAGES][2])
{
    save_frame(e);
    memcpy(e->map, next, sizeof e->map);
    load_frame(e);
}

static struct ems_handle *handle(struct ems *e, uint16_t h)
{
    return h <= EMS_HANDLES && e->h[h].used ? &e->h[h] : NULL;
}

static unsigned free_pages(const struct ems *e)
{
    unsigned n = 0;
    for (unsigned g = 0; g < e->total; g++)
        n += !e->owner[g];
    return n;
}

static void unmap_handle(struct ems *e, uint16_t h)
{
    uint16_t next[EMS_PHYS_PAGES][2];
    memcpy(next, e->map, sizeof next);
    for (unsigned p = 0; p < EMS_PHYS_PAGES; p++)
        if (next[p][0] == h)
            next[p][0] = next[p][1] = EMS_NO_PAGE;
    remap(e, next);
}

/* Give handle h n pages (growing or shrinking). */
static int set_pages(struct ems *e, uint16_t h, uint16_t n)
{
    struct ems_handle *hd = &e->h[h];
    if (n > hd->npages && n - hd->npages > (int)free_pages(e))
        return n > e->total ? -EMS_ERR_TOO_MANY_PAGES : -EMS_ERR_NO_FREE_PAGES;
    unmap_handle(e, h);
    for (uint16_t i = n; i < hd->npages; i++) {
        e->owner[hd->pages[i]] = 0;
        mem_discard(e->dos->mem, e->base + (uint32_t)hd->pages[i] * EMS_PAGE_BYTES,
                    EMS_PAGE_BYTES);
    }
    uint16_t *pages = xreallocarray(hd->pages, n ? n : 1, sizeof *pages);
    hd->pages = pages;
    for (uint16_t i = hd->npages, g = 0; i < n; i++) {
        while (e->owner[g])
            g++;
        e->owner[g] = (uint16_t)(h + 1);
        hd->pages[i] = g;
    }
    hd->npages = n;
    return 0;
}

static int new_handle(struct ems *e, uint16_t n, uint16_t *out)
{
    unsigned h = 1;
    while (h <= EMS_HANDLES && e->h[h].used)
        h++;
    if (h > EMS_HANDLES)
        return -EMS_ERR_NO_HANDLES;
    e->h[h] = (struct ems_handle){.used = true};
    int rc = set_pages(e, (uint16_t)h, n);
    if (rc < 0) {
        free(e->h[h].pages);
        e->h[h] = (struct ems_handle){0};
        return rc;
    }
    *out = (uint16_t)h;
    return 0;
}

/* ---- functions (AH) ---- */

static int fn_status(struct ems_call *c)
{
    UNUSED(c);
    return 0;
}

static int fn_frame(struct ems_call *c)
{
    c->r->bx = EMS_FRAME_SEG;
    return 0;
}

static int fn_page_counts(struct ems_call *c)
{
    c->r->bx = (uint16_t)free_pages(c->e);
    c->r->dx = c->e->total;
    return 0;
}

static int fn_alloc(struct ems_call *c)
{
    uint16_t h;
    if (c->r->bx == 0)
        return -EMS_ERR_ZERO_PAGES;
    int rc = new_handle(c->e, c->r->bx, &h);
    if (rc == 0)
        c->r->dx = h;
    return rc;
}

static int map_one(struct ems *e, uint16_t h, uint16_t logical, uint16_t phys)
{
    struct ems_handle *hd = handle(e, h);
    if (!hd)
        return -EMS_ERR_BAD_HANDLE;
    if (phys >= EMS_PHYS_PAGES)
        return -EMS_ERR_BAD_PHYSICAL;
    if (logical != EMS_UNMAP && logical >= hd->npages)
        return -EMS_ERR_BAD_LOGICAL;
    uint16_t next[EMS_PHYS_PAGES][2];
    memcpy(next, e->map, sizeof next);
    next[phys][0] = logical == EMS_UNMAP ? EMS_NO_PAGE : h;
    next[phys][1] = logical == EMS_UNMAP ? EMS_NO_PAGE : logical;
    remap(e, next);
    return 0;
}

static int fn_map(struct ems_call *c)
{
    return map_one(c->e, c->r->dx, c->r->bx, reg_lo(c->r->ax));
}

static int fn_dealloc(struct ems_call *c)
{
    struct ems_handle *hd = handle(c->e, c->r->dx);
    if (!hd)
        return -EMS_ERR_BAD_HANDLE;
    if (hd->saved)
        return -EMS_ERR_MAP_SAVED;
    set_pages(c->e, c->r->dx, 0);
    if (c->r->dx != 0) {
        free(hd->pages);
        *hd = (struct ems_handle){0};
    }
    return 0;
}

static int fn_version(struct ems_call *c)
{
    reg_set_lo(&c->r->ax, EMS_VERSION);
    return 0;
}

static int fn_save(struct ems_call *c)
{
    struct ems_handle *hd = handle(c->e, c->r->dx);
    if (!hd)
        return -EMS_ERR_BAD_HANDLE;
    if (hd->saved)
        return -EMS_ERR_ALREADY_SAVED;
    memcpy(hd->save, c->e->map, sizeof hd->save);
    hd->saved = true;
    return 0;
}

static int fn_restore(struct ems_call *c)
{
    struct ems_handle *hd = handle(c->e, c->r->dx);
    if (!hd)
        return -EMS_ERR_BAD_HANDLE;
    if (!hd->saved)
        return -EMS_ERR_NOT_SAVED;
    remap(c->e, hd->save);
    hd->saved = false;
    return 0;
}

static int fn_handle_count(struct ems_call *c)
{
    unsigned n = 0;
    for (unsigned h = 0; h <= EMS_HANDLES; h++)
        n += c->e->h[h].used;
    c->r->bx = (uint16_t)n;
    return 0;
}

static int fn_handle_pages(struct ems_call *c)
{
    struct ems_handle *hd = handle(c->e, c->r->dx);
    if (!hd)
        return -EMS_ERR_BAD_HANDLE;
    c->r->bx = hd->npages;
    return 0;
}

/* 4Dh: ES:DI receives handle, pages pairs for every open handle. */
static int fn_all_handle_pages(struct ems_call *c)
{
    uint16_t n = 0;
    for (unsigned h = 0; h <= EMS_HANDLES; h++) {
        if (!c->e->h[h].used)
            continue;
        uint32_t at = mem_lin(c->mem, c->r->es, (uint16_t)(c->r->di + n * 4));
        mem_wr16(c->mem, at, (uint16_t)h);
        mem_wr16(c->mem, at + 2, c->e->h[h].npages);
        n++;
    }
    c->r->bx = n;
    return 0;
}

/* 4Eh: page map to ES:DI / from DS:SI (00h get, 01h set, 02h both, 03h size). */
static int fn_page_map(struct ems_call *c)
{
    struct ems *e = c->e;
    uint8_t al = reg_lo(c->r->ax);
    if (al == 0x03) {
        reg_set_lo(&c->r->ax, EMS_SAVE_BYTES);
        return 0;
    }
    if (al > 0x03)
        return -EMS_ERR_BAD_SUBFUNCTION;
    if (al == 0x00 || al == 0x02)
        mem_write_far(c->mem, c->r->es, c->r->di, e->map, EMS_SAVE_BYTES);
    if (al == 0x01 || al == 0x02) {
        uint16_t next[EMS_PHYS_PAGES][2];
        mem_read_far(c->mem, c->r->ds, c->r->si, next, EMS_SAVE_BYTES);
        for (unsigned p = 0; p < EMS_PHYS_PAGES; p++)
            if (next[p][0] != EMS_NO_PAGE &&
                (!handle(e, next[p][0]) || next[p][1] >= e->h[next[p][0]].npages))
                return -EMS_ERR_BAD_SOURCE;
        remap(e, next);
    }
    return 0;
}

/* 50h: map several pages; DS:SI has CX (logical, physical) pairs, AL=00h
 * by page number, 01h by segment. */
static int fn_map_multiple(struct ems_call *c)
{
    uint8_t al = reg_lo(c->r->ax);
    if (al > 1)
        return -EMS_ERR_BAD_SUBFUNCTION;
    for (unsigned i = 0; i < c->r->cx; i++) {
        uint32_t at = mem_lin(c->mem, c->r->ds, (uint16_t)(c->r->si + i * 4));
        uint16_t logical = mem_rd16(c->mem, at), phys = mem_rd16(c->mem, at + 2);
        if (al == 1)
            phys = (uint16_t)((phys - EMS_FRAME_SEG) / (EMS_PAGE_BYTES >> 4));
        int rc = map_one(c->e, c->r->dx, logical, phys);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int fn_realloc(struct ems_call *c)
{
    if (!handle(c->e, c->r->dx))
        return -EMS_ERR_BAD_HANDLE;
    int rc = set_pages(c->e, c->r->dx, c->r->bx);
    c->r->bx = c->e->h[c->r->dx].npages;
    return rc;
}

/* 53h: 00h get name to ES:DI, 01h set name from DS:SI. */
static int fn_name(struct ems_call *c)
{
    struct ems_handle *hd = handle(c->e, c->r->dx);
    if (!hd)
        return -EMS_ERR_BAD_HANDLE;
    if (reg_lo(c->r->ax) == 0x00) {
        mem_write_far(c->mem, c->r->es, c->r->di, hd->name, EMS_NAME_BYTES);
        return 0;
    }
    if (reg_lo(c->r->ax) != 0x01)
        return -EMS_ERR_BAD_SUBFUNCTION;
    char name[EMS_NAME_BYTES];
    mem_read_far(c->mem, c->r->ds, c->r->si, name, EMS_NAME_BYTES);
    for (unsigned h = 0; h <= EMS_HANDLES; h++)
        if (c->e->h[h].used && &c->e->h[h] != hd && name[0] &&
            !memcmp(c->e->h[h].name, name, EMS_NAME_BYTES))
            return -EMS_ERR_NAME_EXISTS;
    memcpy(hd->name, name, EMS_NAME_BYTES);
    return 0;
}

/* 54h: 01h search for the handle named at DS:SI; 02h total handles. */
static int fn_handle_dir(struct ems_call *c)
{
    uint8_t al = reg_lo(c->r->ax);
    if (al == 0x02) {
        c->r->bx = EMS_HANDLES + 1;
        return 0;
    }
    if (al != 0x01)
        return -EMS_ERR_BAD_SUBFUNCTION;
    char name[EMS_NAME_BYTES];
    mem_read_far(c->mem, c->r->ds, c->r->si, name, EMS_NAME_BYTES);
    for (unsigned h = 0; h <= EMS_HANDLES; h++)
        if (c->e->h[h].used && !memcmp(c->e->h[h].name, name, EMS_NAME_BYTES)) {
            c->r->dx = (uint16_t)h;
            return 0;
        }
    return -EMS_ERR_NAME_NOT_FOUND;
}

/* 58h: 00h mappable array (segment, page number) to ES:DI; 01h count. */
static int fn_mappable(struct ems_call *c)
{
    uint8_t al = reg_lo(c->r->ax);
    if (al > 1)
        return -EMS_ERR_BAD_SUBFUNCTION;
    c->r->cx = EMS_PHYS_PAGES;
    for (unsigned p = 0; al == 0 && p < EMS_PHYS_PAGES; p++) {
        uint32_t at = mem_lin(c->mem, c->r->es, (uint16_t)(c->r->di + p * 4));
        mem_wr16(c->mem, at, (uint16_t)(frame_lin(p) >> 4));
        mem_wr16(c->mem, at + 2, (uint16_t)p);
    }
    return 0;
}

/* 59h: 01h raw page counts (raw pages are 16 KiB here). */
static int fn_hw_info(struct ems_call *c)
{
    if (reg_lo(c->r->ax) != 0x01)
        return -EMS_ERR_BAD_SUBFUNCTION;
    return fn_page_counts(c);
}

/* 5Ah: allocate standard (00h) or raw (01h) pages; 0 pages is allowed. */
static int fn_alloc_v4(struct ems_call *c)
{
    uint16_t h;
    if (reg_lo(c->r->ax) > 1)
        return -EMS_ERR_BAD_SUBFUNCTION;
    int rc = new_handle(c->e, c->r->bx, &h);
    if (rc == 0)
        c->r->dx = h;
    return rc;
}

static ems_fn *const k_ems[256] = {
    [0x40] = fn_status,       [0x41] = fn_frame,        [0x42] = fn_page_counts,
    [0x43] = fn_alloc,        [0x44] = fn_map,          [0x45] = fn_dealloc,
    [0x46] = fn_version,      [0x47] = fn_save,         [0x48] = fn_restore,
    [0x4B] = fn_handle_count, [0x4C] = fn_handle_pages, [0x4D] = fn_all_handle_pages,
    [0x4E] = fn_page_map,     [0x50] = fn_map_multiple, [0x51] = fn_realloc,
    [0x53] = fn_name,         [0x54] = fn_handle_dir,   [0x58] = fn_mappable,
    [0x59] = fn_hw_info,      [0x5A] = fn_alloc_v4,
};

/* VCPI (INT 67h AX=DE00h-DE0Ch) is how DOS extenders switch to protected
 * mode by themselves: not provided. Extenders that also speak DPMI use
 * unidos's DPMI host instead; one that insists is stopped with the reason. */
#define EMS_VCPI 0xDE
static bool vcpi_refused(struct intr_call *ic)
{
    char why[200];
    if (reg_hi(ic->r->ax) != EMS_VCPI || !ic->cpu)
        return false;
    snprintf(why, sizeof why,
             "it asked for VCPI (INT 67h AX=%04Xh) to switch to protected mode by itself; "
             "unidos provides DPMI (INT 2Fh AX=1687h) for protected-mode programs, not VCPI",
             ic->r->ax);
    cpu_stop_fault(ic->cpu, why);
    return true;
}

static void int67(void *ctx, struct intr_call *ic)
{
    static struct log_once noted;
    struct ems_call c = {ctx, ic->r, ic->mem};
    uint8_t ah = reg_hi(ic->r->ax);
    int rc = -EMS_ERR_BAD_FUNCTION;
    if (vcpi_refused(ic))
        return;
    if (k_ems[ah])
        rc = k_ems[ah](&c);
    else if (log_once_first(&noted, ah))
        log_quiet(LOG_MEM, "EMS function %02Xh (AX=%04Xh) is not implemented", ah, ic->r->ax);
    LOG(LOG_MEM, "EMS %02Xh -> %02Xh", ah, rc < 0 ? -rc : 0);
    reg_set_hi(&ic->r->ax, (uint8_t)(rc < 0 ? -rc : EMS_OK));
}

/* "EMMXXXX0" opened as a file: a character device that reads nothing
 * and is always ready (IOCTL 4407h answers FFh), as EMM386's is. */
#define EMM_DEVINFO 0x80C0 /* IOCTL 4400h: character device, IOCTL capable */
static const struct dos_device k_emm_device = {"EMMXXXX0", EMM_DEVINFO, dos_nul_read,
                                               dos_nul_write, dos_always_ready};

const struct dos_device *dos_ems_device(struct dos *d, const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    size_t n = strcspn(base, ".");
    if (!d->ems || n != strlen(k_emm_device.name) || strncasecmp(base, k_emm_device.name, n))
        return NULL;
    return &k_emm_device;
}

/* A device header named EMMXXXX0 at dev_seg:0000 with INT 67h's entry at
 * dev_seg:0012 (a far jump to the native service), in a DOS-owned block. */
static void install_device(struct ems *e)
{
    struct dos *d = e->dos;
    uint16_t seg, largest, off = intr_callback(d->intr, int67, e, INTR_EPI_IRET);
    if (mcb_alloc(d->mem, DOS_FIRST_MCB, EMS_DEV_PARAS, MCB_OWNER_DOS, MCB_FIRST_FIT, &seg,
                  &largest) < 0)
        die("no memory for the EMS driver");
    mcb_set_owner(d->mem, seg, MCB_OWNER_DOS, "SD");
    uint8_t hdr[EMS_DEV_PARAS * 16] = {
        0xFF, 0xFF, 0xFF, 0xFF, (uint8_t)EMS_DEV_ATTR_CHAR, EMS_DEV_ATTR_CHAR >> 8};
    memcpy(hdr + DEVHDR_NAME, "EMMXXXX0", EMS_NAME_BYTES);
    uint8_t jmp[5] = {OP_JMP_FAR, (uint8_t)off, (uint8_t)(off >> 8), ROM_SEG & 0xFF,
                      ROM_SEG >> 8};
    memcpy(hdr + EMS_DEV_ENTRY, jmp, sizeof jmp);
    mem_write(d->mem, (uint32_t)seg << 4, hdr, sizeof hdr);
    mem_wr16(d->mem, 0x67 * 4, EMS_DEV_ENTRY);
    mem_wr16(d->mem, 0x67 * 4 + 2, seg);
    e->dev_seg = seg;
}

struct ems *ems_new(struct dos *d, uint32_t kb)
{
    struct ems *e = xcalloc(1, sizeof *e);
    e->dos = d;
    e->total = (uint16_t)(kb * 1024u / EMS_PAGE_BYTES);
    if (e->total &&
        xmem_alloc(bios_xmem(d->bios), XMEM_EMS, e->total * EMS_PAGE_BYTES, &e->base) < 0) {
        log_note("EMS: no room for %u KiB in extended memory; EMS has no pages", kb);
        e->total = 0;
    }
    e->owner = xcalloc(e->total + 1u, sizeof *e->owner);
    memset(e->map, 0xFF, sizeof e->map);
    e->h[0].used = true; /* the operating system's handle, 0 pages */
    install_device(e);
    LOG(LOG_MEM, "EMS: %u pages, frame %04X, device at %04X:0000", e->total, EMS_FRAME_SEG,
        e->dev_seg);
    return e;
}

uint16_t ems_device_seg(const struct ems *e)
{
    return e->dev_seg;
}

void ems_free(struct ems *e)
{
    if (!e)
        return;
    if (e->total)
        xmem_release(bios_xmem(e->dos->bios), e->base);
    for (unsigned h = 0; h <= EMS_HANDLES; h++)
        free(e->h[h].pages);
    free(e->owner);
    free(e);
}
