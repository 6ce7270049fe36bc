/* The descriptor tables: a small GDT (the LDT and the host's code) and an
 * 8192-entry LDT whose descriptors clients allocate. Both live in the
 * system area (bus/mem.h), which the CPU maps read-only for the guest: a
 * descriptor is written here, with its accessed bit set so the CPU never
 * has to write it back. Clients see their own access bytes (shadow). */
#include <string.h>

#include "dpmi/dpmi_impl.h"

static uint32_t ldt_lin(unsigned idx)
{
    return DPMI_LDT_LIN + idx * DESC_BYTES;
}

void dpmi_desc_encode(const struct dpmi_desc *d, uint8_t out[DESC_BYTES])
{
    uint32_t limit = d->limit;
    uint8_t flags = d->flags & (FL_AVL | FL_DB);
    if (limit > LIMIT_BYTE_MAX) {
        limit >>= 12;
        flags |= FL_G;
    }
    out[0] = (uint8_t)limit;
    out[1] = (uint8_t)(limit >> 8);
    out[2] = (uint8_t)d->base;
    out[3] = (uint8_t)(d->base >> 8);
    out[4] = (uint8_t)(d->base >> 16);
    out[5] = d->access;
    out[6] = (uint8_t)(flags << 4 | (limit >> 16 & 0xFu));
    out[7] = (uint8_t)(d->base >> 24);
}

void dpmi_desc_decode(const uint8_t in[DESC_BYTES], struct dpmi_desc *d)
{
    uint32_t limit = in[0] | (uint32_t)in[1] << 8 | (uint32_t)(in[6] & 0xFu) << 16;
    d->flags = in[6] >> 4;
    d->limit = d->flags & FL_G ? limit << 12 | 0xFFFu : limit;
    d->base = in[2] | (uint32_t)in[3] << 8 | (uint32_t)in[4] << 16 | (uint32_t)in[7] << 24;
    d->access = in[5];
}

static void gdt_entry(struct dpmi *h, unsigned sel, uint32_t base, uint32_t limit,
                      uint8_t access, uint8_t flags)
{
    uint8_t raw[DESC_BYTES];
    struct dpmi_desc d = {base, limit, access, flags};
    dpmi_desc_encode(&d, raw);
    mem_write(h->mem, DPMI_GDT_LIN + (sel & ~7u), raw, sizeof raw);
}

void dpmi_desc_init(struct dpmi *h)
{
    enum { LDT_SYSTEM = 0x82 }; /* present, DPL 0, type 2 (LDT) */
    uint32_t ldt_limit = DPMI_LDT_ENTRIES * DESC_BYTES - 1;
    gdt_entry(h, GDT_LDT, DPMI_LDT_LIN, ldt_limit, LDT_SYSTEM, 0);
    gdt_entry(h, SEL_HOST16, ROM_LIN, 0xFFFF, ACC_CODE3, 0);
    gdt_entry(h, SEL_HOST32, ROM_LIN, 0xFFFF, ACC_CODE3, FL_DB);
    gdt_entry(h, SEL_BDA, BDA_BASE, 0xFFFF, ACC_DATA3, 0);
    memset(h->ldt_kind, LDT_FREE, sizeof h->ldt_kind);
    memset(h->ldt_owner, 0, sizeof h->ldt_owner);
    /* the LDT starts zeroed: the system area is fresh anonymous memory */
}

static void live_write(struct dpmi *h, unsigned idx, const uint8_t raw[DESC_BYTES])
{
    uint8_t live[DESC_BYTES];
    memcpy(live, raw, sizeof live);
    if (live[5] & ACC_S) {
        live[5] |= ACC_ACCESSED;
        if (live[5] & ACC_CODE)
            live[5] |= ACC_RW; /* Unicorn loads CS only from readable code */
    }
    mem_write(h->mem, ldt_lin(idx), live, sizeof live);
}

void dpmi_desc_set_raw(struct dpmi *h, uint16_t sel, const uint8_t raw[DESC_BYTES])
{
    unsigned idx = SEL_INDEX(sel);
    memcpy(h->shadow[idx], raw, DESC_BYTES);
    live_write(h, idx, raw);
}

void dpmi_desc_set(struct dpmi *h, uint16_t sel, const struct dpmi_desc *d)
{
    uint8_t raw[DESC_BYTES];
    dpmi_desc_encode(d, raw);
    dpmi_desc_set_raw(h, sel, raw);
}

void dpmi_desc_get(const struct dpmi *h, uint16_t sel, struct dpmi_desc *d)
{
    dpmi_desc_decode(h->shadow[SEL_INDEX(sel)], d);
}

void dpmi_desc_data(struct dpmi_desc *d, uint32_t base, uint32_t limit, bool big)
{
    *d = (struct dpmi_desc){base, limit, ACC_DATA3, big ? FL_DB : 0};
}

static void clear(struct dpmi *h, unsigned idx)
{
    static const uint8_t zero[DESC_BYTES];
    h->ldt_kind[idx] = LDT_FREE;
    h->ldt_owner[idx] = 0;
    memcpy(h->shadow[idx], zero, DESC_BYTES);
    mem_write(h->mem, ldt_lin(idx), zero, DESC_BYTES);
}

static void take(struct dpmi *h, unsigned idx, int client, enum ldt_kind kind)
{
    struct dpmi_desc d;
    h->ldt_kind[idx] = (uint8_t)kind;
    h->ldt_owner[idx] = (uint8_t)client;
    dpmi_desc_data(&d, 0, 0, false);
    dpmi_desc_set(h, SEL_LDT(idx), &d);
}

uint16_t dpmi_sel_alloc(struct dpmi *h, int client, unsigned count, enum ldt_kind kind)
{
    if (!count || count > DPMI_LDT_ENTRIES - DPMI_LDT_SPECIFIC)
        return 0;
    unsigned run = 0;
    for (unsigned i = DPMI_LDT_SPECIFIC; i < DPMI_LDT_ENTRIES; i++) {
        run = h->ldt_kind[i] == LDT_FREE ? run + 1 : 0;
        if (run == count) {
            unsigned first = i + 1 - count;
            for (unsigned k = first; k <= i; k++)
                take(h, k, client, kind);
            return SEL_LDT(first);
        }
    }
    return 0;
}

bool dpmi_sel_alloc_at(struct dpmi *h, int client, uint16_t sel)
{
    unsigned idx = SEL_INDEX(sel);
    if (!(sel & SEL_TI) || idx >= DPMI_LDT_SPECIFIC || h->ldt_kind[idx] != LDT_FREE)
        return false;
    take(h, idx, client, LDT_CLIENT);
    return true;
}

void dpmi_sel_free(struct dpmi *h, uint16_t sel)
{
    clear(h, SEL_INDEX(sel));
}

void dpmi_sel_free_client(struct dpmi *h, int client)
{
    for (unsigned i = 0; i < DPMI_LDT_ENTRIES; i++)
        if (h->ldt_kind[i] != LDT_FREE && h->ldt_owner[i] == client)
            clear(h, i);
}

bool dpmi_sel_valid(const struct dpmi *h, uint16_t sel)
{
    return (sel & SEL_TI) && h->ldt_kind[SEL_INDEX(sel)] != LDT_FREE;
}

static bool is_bda(uint16_t sel)
{
    return (sel & ~SEL_RPL) == SEL_BDA;
}

uint32_t dpmi_sel_base(const struct dpmi *h, uint16_t sel)
{
    struct dpmi_desc d;
    if ((sel | SEL_RPL) == SEL_HOST16 || (sel | SEL_RPL) == SEL_HOST32)
        return ROM_LIN;
    if (is_bda(sel))
        return BDA_BASE;
    if (!dpmi_sel_valid(h, sel))
        return 0;
    dpmi_desc_get(h, sel, &d);
    return d.base;
}

bool dpmi_access_ok(uint8_t access)
{
    return (access & ACC_S) && (access & ACC_DPL3) == ACC_DPL3;
}

static bool present_with(const struct dpmi *h, uint16_t sel, struct dpmi_desc *d)
{
    if (!dpmi_sel_valid(h, sel))
        return false;
    dpmi_desc_get(h, sel, d);
    return (d->access & ACC_P) && dpmi_access_ok(d->access);
}

bool dpmi_sel_code(const struct dpmi *h, uint16_t sel)
{
    struct dpmi_desc d;
    if ((sel | SEL_RPL) == SEL_HOST16 || (sel | SEL_RPL) == SEL_HOST32)
        return true;
    return present_with(h, sel, &d) && (d.access & ACC_CODE);
}

bool dpmi_sel_data(const struct dpmi *h, uint16_t sel)
{
    struct dpmi_desc d;
    if ((sel & ~SEL_RPL) == 0 || is_bda(sel))
        return true;
    if (!present_with(h, sel, &d))
        return false;
    return !(d.access & ACC_CODE) || (d.access & ACC_RW);
}

bool dpmi_sel_stack(const struct dpmi *h, uint16_t sel)
{
    struct dpmi_desc d;
    if (is_bda(sel))
        return true;
    return present_with(h, sel, &d) && !(d.access & ACC_CODE) && (d.access & ACC_RW);
}

bool dpmi_ptr(const struct dpmi *h, uint16_t sel, uint32_t off, uint32_t len, uint32_t *lin)
{
    struct dpmi_desc d;
    if (is_bda(sel)) {
        d = (struct dpmi_desc){.base = BDA_BASE, .limit = 0xFFFF, .access = ACC_DATA3};
    } else if (!present_with(h, sel, &d)) {
        return false;
    }
    uint64_t last = (uint64_t)off + (len ? len : 1) - 1;
    bool down = !(d.access & ACC_CODE) && (d.access & ACC_CONFORM);
    uint64_t top = down ? (d.flags & FL_DB ? 0xFFFFFFFFu : 0xFFFFu) : d.limit;
    if ((down && off <= d.limit) || last > top)
        return false;
    *lin = d.base + off;
    return dpmi_lin_ok(h, *lin, len);
}

bool dpmi_sel_big(const struct dpmi *h, uint16_t sel)
{
    struct dpmi_desc d;
    if (!dpmi_sel_valid(h, sel))
        return false;
    dpmi_desc_get(h, sel, &d);
    return d.flags & FL_DB;
}

uint16_t dpmi_sel_new(struct dpmi *h, int client, uint32_t base, uint32_t limit, uint8_t access,
                      bool big)
{
    uint16_t sel = dpmi_sel_alloc(h, client, 1, LDT_CLIENT);
    if (sel) {
        struct dpmi_desc d = {base, limit, access, big ? FL_DB : 0};
        dpmi_desc_set(h, sel, &d);
    }
    return sel;
}

/* ---- stacks ---- */

void dpmi_push(struct dpmi *h, struct cpu_state *s, uint32_t v, bool dword)
{
    bool big = dpmi_sel_big(h, s->ss);
    uint32_t n = dword ? 4 : 2;
    uint32_t sp = big ? s->esp - n : ((s->esp - n) & 0xFFFFu);
    uint32_t lin = dpmi_sel_base(h, s->ss) + sp;
    if (dword)
        mem_wr32(h->mem, lin, v);
    else
        mem_wr16(h->mem, lin, (uint16_t)v);
    s->esp = big ? sp : (s->esp & 0xFFFF0000u) | sp;
}

uint32_t dpmi_pop(struct dpmi *h, struct cpu_state *s, bool dword)
{
    bool big = dpmi_sel_big(h, s->ss);
    uint32_t n = dword ? 4 : 2;
    uint32_t sp = big ? s->esp : (s->esp & 0xFFFFu);
    uint32_t lin = dpmi_sel_base(h, s->ss) + sp;
    uint32_t v = dword ? mem_rd32(h->mem, lin) : mem_rd16(h->mem, lin);
    s->esp = big ? sp + n : (s->esp & 0xFFFF0000u) | ((sp + n) & 0xFFFFu);
    return v;
}
