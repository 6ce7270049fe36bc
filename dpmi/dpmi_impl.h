/* Internal to dpmi/: the host's state, shared by its files.
 *   host.c      clients: entry, exit, the protected-mode event router
 *   desc.c      the GDT and LDT (descriptors, selectors, checks)
 *   int31.c     the INT 31h table and its descriptor/misc functions
 *   mem31.c     DOS memory, extended memory blocks, physical mappings
 *   vectors.c   interrupt and exception vectors, delivery in protected mode
 *   realmode.c  reflection to real mode, 0300h-0306h, callbacks, raw switches */
#ifndef UNIDOS_DPMI_DPMI_IMPL_H
#define UNIDOS_DPMI_DPMI_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"
#include "dpmi/dpmi.h"

/* DPMI error codes (DPMI 1.0, returned in AX with CF set). */
enum dpmi_err {
    DPMI_ERR_UNSUPPORTED = 0x8001,
    DPMI_ERR_STATE = 0x8002,
    DPMI_ERR_SYSTEM = 0x8003,
    DPMI_ERR_RESOURCE = 0x8010,
    DPMI_ERR_DESCRIPTOR = 0x8011,
    DPMI_ERR_LINEAR = 0x8012,
    DPMI_ERR_PHYSICAL = 0x8013,
    DPMI_ERR_CALLBACK = 0x8015,
    DPMI_ERR_HANDLE = 0x8016,
    DPMI_ERR_VALUE = 0x8021,
    DPMI_ERR_SELECTOR = 0x8022,
    DPMI_ERR_BAD_HANDLE = 0x8023,
    DPMI_ERR_BAD_CALLBACK = 0x8024,
    DPMI_ERR_ADDRESS = 0x8025,
    DPMI_ERR_REQUEST = 0x8026,
};

/* ---- tables ---- */
#define DPMI_GDT_LIN MEM_SYS_LIN
#define DPMI_LDT_LIN (MEM_SYS_LIN + 0x1000u)
#define DPMI_LDT_ENTRIES 8192u
#define DPMI_LDT_SPECIFIC 16u /* entries 0-15: 000Dh only */
#define DESC_BYTES 8u
#define SEL_TI 0x4u
#define SEL_RPL 0x3u
#define SEL_LDT(i) ((uint16_t)((i) << 3 | SEL_TI | SEL_RPL))
#define SEL_INDEX(s) ((unsigned)(s) >> 3)
#define GDT_LDT 0x08u    /* the LDT's descriptor */
#define SEL_HOST16 0x13u /* host stubs, 16-bit code, DPL 3 */
#define SEL_HOST32 0x1Bu /* the same bytes as 32-bit code */
/* Selector 40h: the BIOS data area (base 400h), as Windows and dosemu give
 * it; DOS/4GW and others load it in protected mode. */
#define SEL_BDA 0x40u
#define BDA_BASE 0x400u
#define GDT_LIMIT 0x47u

/* Access byte bits (x86 descriptors). */
#define ACC_ACCESSED 0x01u
#define ACC_RW 0x02u      /* readable code / writable data */
#define ACC_CONFORM 0x04u /* conforming code / expand-down data */
#define ACC_CODE 0x08u
#define ACC_S 0x10u /* code or data, not system */
#define ACC_DPL3 0x60u
#define ACC_P 0x80u
#define ACC_DATA3 (ACC_P | ACC_DPL3 | ACC_S | ACC_RW | ACC_ACCESSED)
#define ACC_CODE3 (ACC_P | ACC_DPL3 | ACC_S | ACC_CODE | ACC_RW | ACC_ACCESSED)
/* The flags nibble (bits 52-55). */
#define FL_AVL 0x1u
#define FL_DB 0x4u /* 32-bit code / big stack */
#define FL_G 0x8u  /* limit in pages */
#define LIMIT_BYTE_MAX 0xFFFFFu

enum ldt_kind { LDT_FREE, LDT_CLIENT, LDT_SEGMENT, LDT_HOST };

struct dpmi_desc {
    uint32_t base, limit; /* limit in bytes (G applied) */
    uint8_t access, flags;
};

/* ---- host code in the ROM (F000, reached through SEL_HOST16/32) ---- */
#define DPMI_ROM_VECS ROM_DPMI               /* 256 x "INT F2h; IRET": default PM handlers */
#define DPMI_ROM_EXCS (ROM_DPMI + 0x400u)    /* 32 x "INT F2h": default exception handlers */
#define DPMI_ROM_EXC_RET (ROM_DPMI + 0x480u) /* an exception handler's RETF lands here */
#define DPMI_ROM_IRQ_RET (ROM_DPMI + 0x484u) /* a hardware interrupt handler's IRET */
#define DPMI_ROM_CB_RET (ROM_DPMI + 0x488u)  /* a real-mode callback procedure's IRET */
#define DPMI_ROM_RAW (ROM_DPMI + 0x48Cu)     /* raw switch to real mode (0306h) */
#define DPMI_ROM_RETF (ROM_DPMI + 0x490u)    /* 0305h save/restore: a plain RETF */
#define DPMI_ROM_END (ROM_DPMI + 0x4A0u)
_Static_assert(DPMI_ROM_END <= ROM_DPMI_END, "the DPMI stubs fit their ROM area");
#define DPMI_STUB_BYTES 4u
#define DPMI_STUB_VEC 0xF2u
#define INT_INSN 2u

/* ---- limits ---- */
#define DPMI_MAX_CLIENTS 8 /* nested clients (a client EXECing one) */
#define DPMI_MAX_FRAMES 64 /* pending returns across mode switches */
#define DPMI_MAX_CALLBACKS 32
#define DPMI_MAX_BLOCKS 512
#define DPMI_MAX_DOSMEM 64
#define DPMI_HOST_PARAS 0x100u    /* real-mode stack asked for at entry */
#define DPMI_LSTACK_BYTES 0x8000u /* locked protected-mode stack */
#define DPMI_VECTORS 256u
#define DPMI_EXCEPTIONS 32u

struct far32 {
    uint16_t sel; /* 0: the host's default */
    uint32_t off;
};

struct dpmi_block { /* 0501h/0504h memory */
    uint32_t handle, addr, bytes;
    int client;
};

struct dpmi_dosmem { /* 0100h: a DOS block and its selectors */
    uint16_t seg, sel, count;
    int client;
};

struct dpmi_callback { /* 0303h */
    bool used;
    int client;
    struct far32 proc; /* DS:(E)SI at allocation */
    struct far32 regs; /* ES:(E)DI */
};

struct dpmi_client {
    int id; /* LDT owner tag, > 0 */
    uint16_t psp;
    bool is32;
    uint16_t host_seg;    /* the real-mode stack the client gave at entry */
    uint16_t env_seg;     /* PSP:2Ch before the switch */
    uint32_t lstack_addr; /* locked stack (extended memory) */
    uint16_t lstack_sel;
    uint16_t rmstack_sel;              /* DS for real-mode callbacks: the RM stack */
    struct far32 vec[DPMI_VECTORS];    /* 0205h */
    struct far32 exc[DPMI_EXCEPTIONS]; /* 0203h */
    bool a20_was;                      /* A20 before the first client */
    uint16_t outer_rm_top;             /* the host RM stack top of the client outside */
    uint8_t fpu_mp;                    /* 0E01h */
};

enum frame_kind {
    FRAME_REFLECT,  /* an interrupt reflected to real mode */
    FRAME_SIMULATE, /* 0300h-0302h */
    FRAME_CALLBACK, /* a real-mode callback running in PM */
    FRAME_IRQ,      /* a hardware interrupt in a PM handler */
};

/* A switch the host has to undo when a return stub runs. */
struct dpmi_frame {
    enum frame_kind kind;
    int client;
    bool saved_pm;          /* the mode to go back to */
    struct cpu_state saved; /* the state to go back to */
    uint32_t regs_lin;      /* 0300h: the register structure */
    uint16_t rm_sp;         /* the host RM stack top before */
};

struct dpmi {
    struct mem *mem;
    struct cpu *cpu;
    struct intr *intr;
    struct dos *dos;
    struct xmem *xmem;
    struct dpmi_config cfg;
    bool probed; /* ready and why_not are known */
    bool ready;  /* the CPU can do it */
    const char *why_not;
    struct dpmi_client *client[DPMI_MAX_CLIENTS];
    int nclients, next_id;
    struct dpmi_frame frame[DPMI_MAX_FRAMES];
    int nframes;
    uint8_t ldt_kind[DPMI_LDT_ENTRIES];
    uint8_t ldt_owner[DPMI_LDT_ENTRIES];
    uint8_t shadow[DPMI_LDT_ENTRIES][DESC_BYTES]; /* what the client set */
    struct dpmi_block block[DPMI_MAX_BLOCKS];
    int nblocks;
    uint32_t next_handle;
    struct dpmi_dosmem dosmem[DPMI_MAX_DOSMEM];
    struct dpmi_callback cb[DPMI_MAX_CALLBACKS];
    uint16_t rom_entry, rom_rm_return, rom_raw, rom_callback; /* ROM callback offsets */
    uint16_t rm_top; /* free top of the current client's RM stack */
};

/* One INT 31h (or stub) call: the whole register file. */
struct dpmi_call {
    struct dpmi *h;
    struct dpmi_client *cl;
    struct cpu_state s;
};

/* host.c */
struct dpmi_client *dpmi_current(struct dpmi *h);
/* Stop the run with a one-line reason (a client fault the host cannot
 * hand to the client). */
void dpmi_fatal(struct dpmi *h, const char *fmt, ...) PRINTF_FMT(2, 3);
struct dpmi_frame *dpmi_push_frame(struct dpmi *h, enum frame_kind kind);
struct dpmi_frame *dpmi_pop_frame(struct dpmi *h);
/* Real-mode code interrupted on the client's real-mode stack (the host
 * data area) keeps what it used there: later switches go below r's SP
 * (until the frame pushed just before is popped). */
void dpmi_rm_stack_in_use(struct dpmi *h, const struct cpu_state *r);
/* The host's selector for its stubs, as the client's bitness wants it. */
uint16_t dpmi_host_sel(const struct dpmi_client *cl);

/* desc.c */
void dpmi_desc_init(struct dpmi *h);
void dpmi_desc_encode(const struct dpmi_desc *d, uint8_t out[DESC_BYTES]);
void dpmi_desc_decode(const uint8_t in[DESC_BYTES], struct dpmi_desc *d);
/* count contiguous LDT entries for client cl from the general area; the
 * first selector, or 0 when none. */
uint16_t dpmi_sel_alloc(struct dpmi *h, int client, unsigned count, enum ldt_kind kind);
bool dpmi_sel_alloc_at(struct dpmi *h, int client, uint16_t sel);
void dpmi_sel_free(struct dpmi *h, uint16_t sel);
/* Every descriptor of client id. */
void dpmi_sel_free_client(struct dpmi *h, int client);
/* sel is an allocated LDT selector (of any client). */
bool dpmi_sel_valid(const struct dpmi *h, uint16_t sel);
/* Write a descriptor as the client sees it; the live table gets it with
 * the accessed bit set (it is read-only to the CPU) and code readable. */
void dpmi_desc_set(struct dpmi *h, uint16_t sel, const struct dpmi_desc *d);
void dpmi_desc_set_raw(struct dpmi *h, uint16_t sel, const uint8_t raw[DESC_BYTES]);
void dpmi_desc_get(const struct dpmi *h, uint16_t sel, struct dpmi_desc *d);
/* Base of any selector the CPU can hold (LDT, host GDT, null: 0). */
uint32_t dpmi_sel_base(const struct dpmi *h, uint16_t sel);
/* Checks before a selector goes into a register. */
bool dpmi_sel_code(const struct dpmi *h, uint16_t sel);
bool dpmi_sel_data(const struct dpmi *h, uint16_t sel); /* null allowed */
bool dpmi_sel_stack(const struct dpmi *h, uint16_t sel);
/* sel:off for len bytes the host reads or writes for the client: a present
 * client segment (or the BIOS data selector) whose limit holds them, over
 * guest memory. *lin gets the linear address. */
bool dpmi_ptr(const struct dpmi *h, uint16_t sel, uint32_t off, uint32_t len, uint32_t *lin);
/* A stack segment with the B bit: pushes use ESP, not SP. */
bool dpmi_sel_big(const struct dpmi *h, uint16_t sel);
/* Access rights a client may set: DPL 3 code or data. */
bool dpmi_access_ok(uint8_t access);
/* A data descriptor (DPL 3, writable) for base/limit. */
void dpmi_desc_data(struct dpmi_desc *d, uint32_t base, uint32_t limit, bool big);
uint16_t dpmi_sel_new(struct dpmi *h, int client, uint32_t base, uint32_t limit, uint8_t access,
                      bool big);

/* Stack access for frames: push/pop on SS:(E)SP of s by the stack's size. */
void dpmi_push(struct dpmi *h, struct cpu_state *s, uint32_t v, bool dword);
uint32_t dpmi_pop(struct dpmi *h, struct cpu_state *s, bool dword);

/* int31.c */
void dpmi_int31(struct dpmi *h, struct dpmi_client *cl);

/* mem31.c */
int dpmi_fn_dos_alloc(struct dpmi_call *c);
int dpmi_fn_dos_free(struct dpmi_call *c);
int dpmi_fn_dos_resize(struct dpmi_call *c);
int dpmi_fn_mem_info(struct dpmi_call *c);
int dpmi_fn_mem_alloc(struct dpmi_call *c);
int dpmi_fn_mem_free(struct dpmi_call *c);
int dpmi_fn_mem_resize(struct dpmi_call *c);
int dpmi_fn_lin_alloc(struct dpmi_call *c);
int dpmi_fn_lin_resize(struct dpmi_call *c);
int dpmi_fn_block_info(struct dpmi_call *c);
int dpmi_fn_page_get(struct dpmi_call *c);
int dpmi_fn_page_set(struct dpmi_call *c);
int dpmi_fn_ok(struct dpmi_call *c);
int dpmi_fn_page_size(struct dpmi_call *c);
int dpmi_fn_map_phys(struct dpmi_call *c);
/* Extended memory for the host's own use of client cl (its locked stack). */
bool dpmi_mem_take(struct dpmi *h, int client, uint32_t bytes, uint32_t *addr);
void dpmi_mem_free_client(struct dpmi *h, int client);
/* Bytes of client-visible linear memory [lin, lin+len) that are mapped. */
bool dpmi_lin_ok(const struct dpmi *h, uint32_t lin, uint32_t len);

/* vectors.c */
int dpmi_fn_get_rm_vec(struct dpmi_call *c);
int dpmi_fn_set_rm_vec(struct dpmi_call *c);
int dpmi_fn_get_exc(struct dpmi_call *c);
int dpmi_fn_set_exc(struct dpmi_call *c);
int dpmi_fn_get_pm_vec(struct dpmi_call *c);
int dpmi_fn_set_pm_vec(struct dpmi_call *c);
/* Software INT vec from client code (EIP past it) in s. */
void dpmi_soft_int(struct dpmi *h, struct dpmi_client *cl, unsigned vec, struct cpu_state *s);
/* A CPU exception (EIP at the instruction). */
void dpmi_exception(struct dpmi *h, struct dpmi_client *cl, unsigned vec, uint32_t err,
                    struct cpu_state *s);
/* The host stubs of vectors.c: exception return, IRQ return, defaults. */
bool dpmi_vector_stub(struct dpmi *h, struct dpmi_client *cl, uint32_t off,
                      struct cpu_state *s);
bool dpmi_irq(void *ctx, unsigned vec);

/* realmode.c */
void dpmi_rm_init(struct dpmi *h);
/* Reflect vec to its real-mode handler; s (PM, resuming after the INT) is
 * restored with the real-mode results. */
void dpmi_reflect(struct dpmi *h, struct dpmi_client *cl, unsigned vec,
                  const struct cpu_state *s);
int dpmi_fn_simulate(struct dpmi_call *c);
int dpmi_fn_callback_alloc(struct dpmi_call *c);
int dpmi_fn_callback_free(struct dpmi_call *c);
int dpmi_fn_state_save(struct dpmi_call *c);
int dpmi_fn_raw_switch(struct dpmi_call *c);
bool dpmi_rm_stub(struct dpmi *h, struct dpmi_client *cl, uint32_t off, struct cpu_state *s);
void dpmi_callbacks_free_client(struct dpmi *h, int client);
/* Where the locked stack is free for a new frame. */
uint32_t dpmi_locked_top(const struct dpmi *h, const struct dpmi_client *cl);
/* Enter protected mode with s (CPL 3, selectors valid), from real mode. */
void dpmi_enter_pm(struct dpmi *h, const struct cpu_state *s);

#endif
