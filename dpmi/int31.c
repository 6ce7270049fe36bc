/* INT 31h: the table of DPMI functions by AX, and the descriptor (0000h-
 * 000Dh), version (0400h), interrupt flag (0900h-0902h), vendor (0A00h)
 * and coprocessor (0E00h/0E01h) functions. A handler returns 0 (CF clear)
 * or -error (CF set, AX = the DPMI 1.0 error code). */
#include "dpmi/dpmi_impl.h"

#define EFL_CF 0x0001u
#define EFL_IF 0x0200u
#define SEL_INCREMENT 8
#define MAX_SEGMENT_SELS 64
#define HOST_FLAGS_32BIT 0x0001 /* 0400h BX: 32-bit host, real mode (no V86), no VM */
#define PIC_MASTER_BASE 0x08
#define PIC_SLAVE_BASE 0x70
#define FPU_MPV 0x0001 /* 0E00h AX */
#define FPU_MPR 0x0004
#define FPU_TYPE_486 0x0040
#define FPU_SET_MP 0x0001 /* 0E01h BX */
#define FPU_SET_EM 0x0002

typedef int dpmi_fn(struct dpmi_call *c);

static uint16_t lo16(uint32_t v)
{
    return (uint16_t)v;
}
static void set_lo16(uint32_t *r, uint32_t v)
{
    *r = (*r & 0xFFFF0000u) | (v & 0xFFFFu);
}

/* ES:(E)DI as a linear address: DI for 16-bit clients. */
/* ES:(E)DI for len bytes, or false. */
static bool es_di(struct dpmi_call *c, uint32_t len, uint32_t *lin)
{
    uint32_t off = c->cl->is32 ? c->s.edi : lo16(c->s.edi);
    return dpmi_ptr(c->h, (uint16_t)c->s.es, off, len, lin);
}

/* A selector the client may change: allocated by it (or an outer
 * client, which a nested one can reach too) and not the host's own. */
static bool own_sel(struct dpmi_call *c, uint16_t sel)
{
    unsigned idx = SEL_INDEX(sel);
    return dpmi_sel_valid(c->h, sel) && c->h->ldt_kind[idx] != LDT_HOST &&
           c->h->ldt_kind[idx] != LDT_FREE;
}

/* ---- 0000h-000Dh descriptors ---- */

static int fn_alloc_desc(struct dpmi_call *c)
{
    uint16_t n = lo16(c->s.ecx);
    if (!n)
        return -DPMI_ERR_VALUE;
    uint16_t sel = dpmi_sel_alloc(c->h, c->cl->id, n, LDT_CLIENT);
    if (!sel)
        return -DPMI_ERR_DESCRIPTOR;
    for (unsigned i = 0; i < n; i++) {
        struct dpmi_desc d;
        dpmi_desc_data(&d, 0, 0, c->cl->is32);
        dpmi_desc_set(c->h, (uint16_t)(sel + i * SEL_INCREMENT), &d);
    }
    set_lo16(&c->s.eax, sel);
    return 0;
}

/* A freed selector may sit in a segment register: zero it there. */
static void drop_loaded(struct dpmi_call *c, uint16_t sel)
{
    uint16_t *segs[] = {&c->s.ds, &c->s.es, &c->s.fs, &c->s.gs};
    for (size_t i = 0; i < ARRAY_LEN(segs); i++)
        if ((*segs[i] & ~SEL_RPL) == (sel & ~SEL_RPL))
            *segs[i] = 0;
}

static int fn_free_desc(struct dpmi_call *c)
{
    uint16_t sel = lo16(c->s.ebx);
    if (!own_sel(c, sel) || c->h->ldt_kind[SEL_INDEX(sel)] == LDT_SEGMENT)
        return -DPMI_ERR_SELECTOR;
    if ((sel & ~SEL_RPL) == (c->s.cs & ~SEL_RPL) || (sel & ~SEL_RPL) == (c->s.ss & ~SEL_RPL))
        return -DPMI_ERR_SELECTOR; /* in use by CS or SS */
    dpmi_sel_free(c->h, sel);
    drop_loaded(c, sel);
    return 0;
}

/* 0002h: one selector per real-mode segment, never freed (until the
 * client ends). */
static int fn_seg_to_desc(struct dpmi_call *c)
{
    uint32_t base = (uint32_t)lo16(c->s.ebx) << 4;
    struct dpmi *h = c->h;
    for (unsigned i = DPMI_LDT_SPECIFIC; i < DPMI_LDT_ENTRIES; i++) {
        struct dpmi_desc d;
        if (h->ldt_kind[i] != LDT_SEGMENT || h->ldt_owner[i] != c->cl->id)
            continue;
        dpmi_desc_get(h, SEL_LDT(i), &d);
        if (d.base == base) {
            set_lo16(&c->s.eax, SEL_LDT(i));
            return 0;
        }
    }
    uint16_t sel = dpmi_sel_alloc(h, c->cl->id, 1, LDT_SEGMENT);
    if (!sel)
        return -DPMI_ERR_DESCRIPTOR;
    struct dpmi_desc d;
    dpmi_desc_data(&d, base, 0xFFFF, false);
    dpmi_desc_set(h, sel, &d);
    set_lo16(&c->s.eax, sel);
    return 0;
}

static int fn_sel_increment(struct dpmi_call *c)
{
    set_lo16(&c->s.eax, SEL_INCREMENT);
    return 0;
}

static int fn_get_base(struct dpmi_call *c)
{
    struct dpmi_desc d;
    uint16_t sel = lo16(c->s.ebx);
    if (!dpmi_sel_valid(c->h, sel))
        return -DPMI_ERR_SELECTOR;
    dpmi_desc_get(c->h, sel, &d);
    set_lo16(&c->s.ecx, d.base >> 16);
    set_lo16(&c->s.edx, d.base);
    return 0;
}

static int fn_set_base(struct dpmi_call *c)
{
    struct dpmi_desc d;
    uint16_t sel = lo16(c->s.ebx);
    if (!own_sel(c, sel))
        return -DPMI_ERR_SELECTOR;
    dpmi_desc_get(c->h, sel, &d);
    d.base = (uint32_t)lo16(c->s.ecx) << 16 | lo16(c->s.edx);
    dpmi_desc_set(c->h, sel, &d);
    return 0;
}

static int fn_set_limit(struct dpmi_call *c)
{
    struct dpmi_desc d;
    uint16_t sel = lo16(c->s.ebx);
    uint32_t limit = (uint32_t)lo16(c->s.ecx) << 16 | lo16(c->s.edx);
    if (!own_sel(c, sel))
        return -DPMI_ERR_SELECTOR;
    if (limit > LIMIT_BYTE_MAX && (limit & 0xFFFu) != 0xFFFu)
        return -DPMI_ERR_VALUE;
    dpmi_desc_get(c->h, sel, &d);
    d.limit = limit;
    dpmi_desc_set(c->h, sel, &d);
    return 0;
}

/* CL: access byte; CH bits 7 (G), 6 (D/B), 4 (AVL). */
static int fn_set_access(struct dpmi_call *c)
{
    struct dpmi_desc d;
    uint16_t sel = lo16(c->s.ebx);
    uint8_t access = (uint8_t)c->s.ecx, ext = (uint8_t)(c->s.ecx >> 8);
    if (!own_sel(c, sel))
        return -DPMI_ERR_SELECTOR;
    if (!dpmi_access_ok(access))
        return -DPMI_ERR_VALUE;
    uint8_t raw[DESC_BYTES];
    dpmi_desc_get(c->h, sel, &d);
    dpmi_desc_encode(&d, raw);
    raw[5] = access;
    raw[6] = (uint8_t)((raw[6] & 0x0Fu) | (ext & 0xD0u)); /* G, D/B, AVL */
    dpmi_desc_set_raw(c->h, sel, raw);
    return 0;
}

static int fn_alias(struct dpmi_call *c)
{
    struct dpmi_desc d;
    uint16_t sel = lo16(c->s.ebx);
    if (!dpmi_sel_valid(c->h, sel))
        return -DPMI_ERR_SELECTOR;
    dpmi_desc_get(c->h, sel, &d);
    uint16_t alias = dpmi_sel_alloc(c->h, c->cl->id, 1, LDT_CLIENT);
    if (!alias)
        return -DPMI_ERR_DESCRIPTOR;
    d.access = ACC_DATA3;
    dpmi_desc_set(c->h, alias, &d);
    set_lo16(&c->s.eax, alias);
    return 0;
}

static int fn_get_desc(struct dpmi_call *c)
{
    uint16_t sel = lo16(c->s.ebx);
    uint32_t at;
    if (!dpmi_sel_valid(c->h, sel))
        return -DPMI_ERR_SELECTOR;
    if (!es_di(c, DESC_BYTES, &at))
        return -DPMI_ERR_ADDRESS;
    mem_write(c->h->mem, at, c->h->shadow[SEL_INDEX(sel)], DESC_BYTES);
    return 0;
}

static int fn_set_desc(struct dpmi_call *c)
{
    uint16_t sel = lo16(c->s.ebx);
    uint32_t at;
    uint8_t raw[DESC_BYTES];
    if (!own_sel(c, sel))
        return -DPMI_ERR_SELECTOR;
    if (!es_di(c, DESC_BYTES, &at))
        return -DPMI_ERR_ADDRESS;
    mem_read(c->h->mem, at, raw, sizeof raw);
    if (!dpmi_access_ok(raw[5]))
        return -DPMI_ERR_VALUE;
    dpmi_desc_set_raw(c->h, sel, raw);
    return 0;
}

static int fn_alloc_specific(struct dpmi_call *c)
{
    uint16_t sel = lo16(c->s.ebx);
    if (SEL_INDEX(sel) >= DPMI_LDT_SPECIFIC || !(sel & SEL_TI))
        return -DPMI_ERR_SELECTOR;
    if (!dpmi_sel_alloc_at(c->h, c->cl->id, sel))
        return -DPMI_ERR_DESCRIPTOR;
    return 0;
}

/* ---- 0400h, 0900h-0902h, 0A00h, 0E00h/0E01h ---- */

static int fn_version(struct dpmi_call *c)
{
    set_lo16(&c->s.eax, 0x005A);
    set_lo16(&c->s.ebx, HOST_FLAGS_32BIT);
    c->s.ecx = (c->s.ecx & 0xFFFFFF00u) | c->h->cfg.cpu_type;
    set_lo16(&c->s.edx, PIC_MASTER_BASE << 8 | PIC_SLAVE_BASE);
    return 0;
}

/* The virtual interrupt flag is EFLAGS.IF: clients run with IOPL 3. */
static int virtual_if(struct dpmi_call *c, int set)
{
    uint32_t was = (c->s.eflags & EFL_IF) != 0;
    c->s.eax = (c->s.eax & 0xFFFFFF00u) | was;
    if (set == 0)
        c->s.eflags &= ~EFL_IF;
    if (set == 1)
        c->s.eflags |= EFL_IF;
    return 0;
}

static int fn_vif_disable(struct dpmi_call *c)
{
    return virtual_if(c, 0);
}
static int fn_vif_enable(struct dpmi_call *c)
{
    return virtual_if(c, 1);
}
static int fn_vif_get(struct dpmi_call *c)
{
    return virtual_if(c, -1);
}

/* No vendor extensions: every vendor string is unknown. */
static int fn_vendor(struct dpmi_call *c)
{
    UNUSED(c);
    return -DPMI_ERR_UNSUPPORTED;
}

static int fn_fpu_status(struct dpmi_call *c)
{
    set_lo16(&c->s.eax, (c->cl->fpu_mp ? FPU_MPV : 0) | FPU_MPR | FPU_TYPE_486);
    return 0;
}

/* MP may be set or cleared; EM (emulate the FPU in the client) is not
 * offered: the FPU is real. */
static int fn_fpu_set(struct dpmi_call *c)
{
    if (c->s.ebx & FPU_SET_EM)
        return -DPMI_ERR_REQUEST;
    c->cl->fpu_mp = c->s.ebx & FPU_SET_MP;
    return 0;
}

static const struct {
    uint16_t ax;
    dpmi_fn *fn;
    const char *name;
} k_fns[] = {
    {0x0000, fn_alloc_desc, "allocate descriptors"},
    {0x0001, fn_free_desc, "free descriptor"},
    {0x0002, fn_seg_to_desc, "segment to descriptor"},
    {0x0003, fn_sel_increment, "selector increment"},
    {0x0006, fn_get_base, "get base"},
    {0x0007, fn_set_base, "set base"},
    {0x0008, fn_set_limit, "set limit"},
    {0x0009, fn_set_access, "set access rights"},
    {0x000A, fn_alias, "create alias"},
    {0x000B, fn_get_desc, "get descriptor"},
    {0x000C, fn_set_desc, "set descriptor"},
    {0x000D, fn_alloc_specific, "allocate specific descriptor"},
    {0x0100, dpmi_fn_dos_alloc, "allocate DOS memory"},
    {0x0101, dpmi_fn_dos_free, "free DOS memory"},
    {0x0102, dpmi_fn_dos_resize, "resize DOS memory"},
    {0x0200, dpmi_fn_get_rm_vec, "get real-mode vector"},
    {0x0201, dpmi_fn_set_rm_vec, "set real-mode vector"},
    {0x0202, dpmi_fn_get_exc, "get exception handler"},
    {0x0203, dpmi_fn_set_exc, "set exception handler"},
    {0x0204, dpmi_fn_get_pm_vec, "get protected-mode vector"},
    {0x0205, dpmi_fn_set_pm_vec, "set protected-mode vector"},
    {0x0300, dpmi_fn_simulate, "simulate real-mode interrupt"},
    {0x0301, dpmi_fn_simulate, "call real-mode far procedure"},
    {0x0302, dpmi_fn_simulate, "call real-mode IRET procedure"},
    {0x0303, dpmi_fn_callback_alloc, "allocate real-mode callback"},
    {0x0304, dpmi_fn_callback_free, "free real-mode callback"},
    {0x0305, dpmi_fn_state_save, "state save/restore addresses"},
    {0x0306, dpmi_fn_raw_switch, "raw mode switch addresses"},
    {0x0400, fn_version, "version"},
    {0x0500, dpmi_fn_mem_info, "free memory information"},
    {0x0501, dpmi_fn_mem_alloc, "allocate memory block"},
    {0x0502, dpmi_fn_mem_free, "free memory block"},
    {0x0503, dpmi_fn_mem_resize, "resize memory block"},
    {0x0504, dpmi_fn_lin_alloc, "allocate linear memory block"},
    {0x0505, dpmi_fn_lin_resize, "resize linear memory block"},
    {0x0506, dpmi_fn_page_get, "get page attributes"},
    {0x0507, dpmi_fn_page_set, "set page attributes"},
    {0x050A, dpmi_fn_block_info, "memory block size and base"},
    {0x0600, dpmi_fn_ok, "lock linear region"},
    {0x0601, dpmi_fn_ok, "unlock linear region"},
    {0x0602, dpmi_fn_ok, "mark real-mode region pageable"},
    {0x0603, dpmi_fn_ok, "relock real-mode region"},
    {0x0604, dpmi_fn_page_size, "page size"},
    {0x0702, dpmi_fn_ok, "mark page demand-paging candidate"},
    {0x0703, dpmi_fn_ok, "discard page contents"},
    {0x0800, dpmi_fn_map_phys, "physical address mapping"},
    {0x0801, dpmi_fn_ok, "free physical address mapping"},
    {0x0900, fn_vif_disable, "disable virtual interrupts"},
    {0x0901, fn_vif_enable, "enable virtual interrupts"},
    {0x0902, fn_vif_get, "virtual interrupt state"},
    {0x0A00, fn_vendor, "vendor API entry"},
    {0x0E00, fn_fpu_status, "coprocessor status"},
    {0x0E01, fn_fpu_set, "set coprocessor emulation"},
};

/* The INT 31h call in the current state (EIP past the INT). Functions
 * that switch modes (0300h-0302h) take the state over themselves. */
void dpmi_int31(struct dpmi *h, struct dpmi_client *cl)
{
    struct dpmi_call c = {h, cl, {0}};
    cpu_get_state(h->cpu, &c.s);
    uint16_t ax = lo16(c.s.eax);
    const char *name = "?";
    int rc = -DPMI_ERR_UNSUPPORTED;
    for (size_t i = 0; i < ARRAY_LEN(k_fns); i++)
        if (k_fns[i].ax == ax) {
            name = k_fns[i].name;
            rc = k_fns[i].fn(&c);
            break;
        }
    LOG(LOG_DPMI, "INT 31h AX=%04X %s (BX=%04X CX=%04X DX=%04X SI=%04X DI=%04X) -> %s%04X", ax,
        name, lo16(c.s.ebx), lo16(c.s.ecx), lo16(c.s.edx), lo16(c.s.esi), lo16(c.s.edi),
        rc < 0 ? "error " : "", rc < 0 ? (unsigned)-rc : lo16(c.s.eax));
    if (rc == 1)
        return; /* the function switched modes itself */
    if (rc < 0) {
        set_lo16(&c.s.eax, (uint32_t)-rc);
        c.s.eflags |= EFL_CF;
    } else {
        c.s.eflags &= ~EFL_CF;
    }
    cpu_set_state(h->cpu, &c.s);
}
