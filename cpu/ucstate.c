/* Moving the CPU state in and out of a Unicorn context. A context holds a
 * 16-byte header and then QEMU's CPUX86State, whose first fields (Unicorn
 * 2.0.1's x86_64 build: 64-bit target_ulong) are:
 *   regs[16] eip eflags cc_dst cc_src cc_src2 (8 bytes each), cc_op df
 *   hflags hflags2 (4 bytes each), segs[6] of {selector, base, limit, flags}.
 * Outside the engine eflags holds the full flags; cc_op and the cc values
 * the lazy state, which the interpreter continues exactly. ucs_new checks
 * the offsets with values written through the register API and refuses a
 * library whose layout differs (the interpreter is then not used). */
#include "cpu/ucstate.h"

#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"

#define CTX_HEADER 16
#define OFF_REGS 0
#define OFF_EIP 128
#define OFF_EFLAGS 136
#define OFF_CC_DST 144
#define OFF_CC_SRC 152
#define OFF_CC_SRC2 160
#define OFF_CC_OP 168
#define OFF_DF 172
#define OFF_HFLAGS 176
#define OFF_SEGS 184
#define SEG_BYTES 24
#define SEG_OFF_BASE 8
#define HF_INHIBIT_IRQ 0x8u
#define HF_CPL_MASK 0x3u
#define REG_BYTES 8
#define PROBE_EAX 0x5A6B7C8Du
#define PROBE_FLAGS 0x0893u /* OF SF AF CF and bit 1: a CC pattern */
#define PROBE_SEL 0x1234u
#define PROBE_IP 0x4321u

struct ucs {
    uc_engine *uc;
    uc_context *ctx;
    size_t size;
};

static uint8_t *data(struct ucs *u)
{
    return (uint8_t *)u->ctx + CTX_HEADER;
}

static uint64_t get64(struct ucs *u, size_t off)
{
    uint64_t v;
    memcpy(&v, data(u) + off, sizeof v);
    return v;
}

static void put64(struct ucs *u, size_t off, uint64_t v)
{
    memcpy(data(u) + off, &v, sizeof v);
}

static uint32_t get32(struct ucs *u, size_t off)
{
    uint32_t v;
    memcpy(&v, data(u) + off, sizeof v);
    return v;
}

static void put32(struct ucs *u, size_t off, uint32_t v)
{
    memcpy(data(u) + off, &v, sizeof v);
}

/* Write probe values through the API and find them where expected. */
static bool layout_ok(struct ucs *u)
{
    uint32_t eax = PROBE_EAX, fl = PROBE_FLAGS;
    uint16_t ds = PROBE_SEL, ip = PROBE_IP;
    if (uc_reg_write(u->uc, UC_X86_REG_EAX, &eax) ||
        uc_reg_write(u->uc, UC_X86_REG_EFLAGS, &fl) ||
        uc_reg_write(u->uc, UC_X86_REG_DS, &ds) || uc_reg_write(u->uc, UC_X86_REG_IP, &ip) ||
        uc_context_save(u->uc, u->ctx))
        return false;
    return get64(u, OFF_REGS) == PROBE_EAX && get64(u, OFF_EIP) == PROBE_IP &&
           get32(u, OFF_CC_OP) == IX_CC_EFLAGS &&
           get64(u, OFF_CC_SRC) == (PROBE_FLAGS & IX_FLAGS_CC) &&
           (int32_t)get32(u, OFF_DF) == 1 &&
           get32(u, OFF_SEGS + IX_DS * SEG_BYTES) == PROBE_SEL &&
           get64(u, OFF_SEGS + IX_DS * SEG_BYTES + SEG_OFF_BASE) == (uint64_t)PROBE_SEL << 4;
}

struct ucs *ucs_new(uc_engine *uc)
{
    struct ucs *u = xcalloc(1, sizeof *u);
    uc_context *saved;
    u->uc = uc;
    u->size = uc_context_size(uc);
    if (u->size < OFF_SEGS + IX_NSEG * SEG_BYTES || uc_context_alloc(uc, &u->ctx) ||
        uc_context_alloc(uc, &saved)) {
        free(u);
        return NULL;
    }
    uc_context_save(uc, saved);
    bool ok = layout_ok(u);
    uc_context_restore(uc, saved);
    uc_context_free(saved);
    if (!ok) {
        LOG(LOG_CPU,
            "the interpreter is off: this Unicorn's CPU state layout is not QEMU 5.0's");
        ucs_free(u);
        return NULL;
    }
    return u;
}

void ucs_free(struct ucs *u)
{
    if (!u)
        return;
    if (u->ctx)
        uc_context_free(u->ctx);
    free(u);
}

static void read_cc(struct ucs *u, struct ix_state *s)
{
    s->cc_dst = (uint32_t)get64(u, OFF_CC_DST);
    s->cc_src = (uint32_t)get64(u, OFF_CC_SRC);
    s->cc_src2 = (uint32_t)get64(u, OFF_CC_SRC2);
    s->cc_op = get32(u, OFF_CC_OP);
}

static void write_cc(struct ucs *u, const struct ix_state *s)
{
    put64(u, OFF_CC_DST, s->cc_dst);
    put64(u, OFF_CC_SRC, s->cc_src);
    put64(u, OFF_CC_SRC2, s->cc_src2);
    put32(u, OFF_CC_OP, s->cc_op);
}

void ucs_load(struct ucs *u, struct ix_state *s)
{
    uc_context_save(u->uc, u->ctx);
    for (unsigned i = 0; i < IX_NREG; i++)
        s->r[i] = (uint32_t)get64(u, OFF_REGS + i * REG_BYTES);
    s->eip = (uint32_t)get64(u, OFF_EIP);
    s->eflags = (uint32_t)get64(u, OFF_EFLAGS) & ~(uint32_t)(IX_FLAGS_CC | IX_DF);
    read_cc(u, s);
    s->df = (int32_t)get32(u, OFF_DF);
    s->inhibit = get32(u, OFF_HFLAGS) & HF_INHIBIT_IRQ;
    s->cpl = (uint8_t)(get32(u, OFF_HFLAGS) & HF_CPL_MASK);
    for (unsigned i = 0; i < IX_NSEG; i++) {
        s->sel[i] = (uint16_t)get32(u, OFF_SEGS + i * SEG_BYTES);
        s->base[i] = (uint32_t)get64(u, OFF_SEGS + i * SEG_BYTES + SEG_OFF_BASE);
    }
}

void ucs_store(struct ucs *u, const struct ix_state *s)
{
    uc_context_save(u->uc, u->ctx);
    for (unsigned i = 0; i < IX_NREG; i++)
        put64(u, OFF_REGS + i * REG_BYTES, s->r[i]);
    put64(u, OFF_EIP, s->eip);
    put64(u, OFF_EFLAGS, ix_flags(s));
    write_cc(u, s);
    put32(u, OFF_DF, (uint32_t)s->df);
    uint32_t hf = get32(u, OFF_HFLAGS);
    put32(u, OFF_HFLAGS, s->inhibit ? hf | HF_INHIBIT_IRQ : hf & ~HF_INHIBIT_IRQ);
    for (unsigned i = 0; i < IX_NSEG; i++) {
        put32(u, OFF_SEGS + i * SEG_BYTES, s->sel[i]);
        put64(u, OFF_SEGS + i * SEG_BYTES + SEG_OFF_BASE, s->base[i]);
    }
    uc_context_restore(u->uc, u->ctx);
}

void ucs_store_cc(struct ucs *u, const struct ix_state *s)
{
    uc_context_save(u->uc, u->ctx);
    write_cc(u, s);
    uc_context_restore(u->uc, u->ctx);
}
