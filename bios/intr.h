/* Interrupt routing: every INT, CPU exception and IRQ goes through here.
 * Vectors still pointing at their ROM stub are served natively; vectors a
 * program hooked are reflected into the guest exactly as the CPU would. */
#ifndef UNIDOS_BIOS_INTR_H
#define UNIDOS_BIOS_INTR_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "bus/mem.h"
#include "cpu/regs.h"

struct intr;


/* One native service call. r is the caller's view: r->flags are the FLAGS
 * the caller will see on return (the router moves them to or from the
 * stacked copy when the call came through the ROM stub). Setting r->cs:ip
 * transfers control (EXEC, terminate) and abandons any stacked frame. */
struct intr_call {
    struct cpu_regs *r;
    struct mem *mem;
    struct cpu *cpu; /* for 32-bit registers; NULL without a CPU (unit tests) */
    unsigned vec;
    bool framed; /* came through the ROM stub: IRET frame on the stack */
    bool retry;
    bool yield;
    bool again;
    bool via; /* retry: call via_vec first (intr_retry_via) */
    uint8_t via_vec;
};

typedef void intr_fn(void *ctx, struct intr_call *ic);

/* What a callback stub executes after its native function returns. */
enum intr_epilogue {
    INTR_EPI_NONE = 0x90, /* NOP: the function sets CS:IP itself */
    INTR_EPI_RETF = 0xCB, /* far return to the guest that called it */
    INTR_EPI_IRET = 0xCF, /* interrupt return */
};

struct intr *intr_new(struct mem *m, struct cpu *cpu);
void intr_free(struct intr *ir);

/* Serve vector vec natively with fn (replacing any earlier handler). */
void intr_set(struct intr *ir, unsigned vec, intr_fn *fn, void *ctx);

/* Allocate a ROM stub that calls fn when the guest executes it. Returns its
 * offset in ROM_SEG. Callbacks are allocated at start-up, never freed. */
uint16_t intr_callback(struct intr *ir, intr_fn *fn, void *ctx, enum intr_epilogue ep);

/* The CPU hooks call these. */
void intr_dispatch(struct intr *ir, unsigned intno, struct cpu_regs *r);
bool intr_invalid_opcode(struct intr *ir, struct cpu_regs *r);

/* Protected mode belongs to the DPMI host: it takes every INT, exception
 * and unmapped fetch there (cpu.h, struct cpu_callbacks.pm), and may take
 * hardware interrupts in either mode (intr_hardware). */
struct intr_pm_router {
    void (*event)(void *ctx, const struct cpu_pm_event *ev);
    /* A hardware interrupt for vector vec with the guest's IF set: true
     * when the router delivered it (to a protected-mode handler, or to
     * real mode from protected mode). */
    bool (*irq)(void *ctx, unsigned vec);
    void *ctx;
};
void intr_set_pm_router(struct intr *ir, const struct intr_pm_router *rt);
/* The CPU's protected-mode callback: to the router, or the CPU stops
 * (a program that entered protected mode by itself). */
void intr_pm_event(struct intr *ir, const struct cpu_pm_event *ev);
/* Deliver hardware interrupt vec (the guest's IF is set): through the
 * router, else reflected into the real-mode handler. */
void intr_hardware(struct intr *ir, unsigned vec);

/* Enter the guest handler of vec as the CPU does: push FLAGS, CS, IP; clear
 * IF and TF; load CS:IP from the IVT. */
void intr_reflect(struct intr *ir, struct cpu_regs *r, unsigned vec);

/* For blocking services: re-execute the INT after the next interrupt or
 * input, letting IRQs in meanwhile. The run loop idles until then. */
void intr_retry(struct intr_call *ic);

/* As intr_retry, but the guest's handler of vec runs first, as if the
 * stub executed INT vec: its IRET comes back to the INT being retried,
 * which gets the registers it was first called with (DOS's INT 28h while
 * a character function waits). No idling this time. */
void intr_retry_via(struct intr_call *ic, uint8_t vec);
/* The call a handler should have returned to is gone (its process ended
 * inside the handler): forget its registers. */
void intr_forget_via(struct intr *ir);

/* End the current run slice after this service returns (no idling): for
 * long native work done in rounds, so timeouts, signals and timer ticks
 * are seen between them. */
void intr_yield(struct intr_call *ic);

/* Re-execute the INT at once, in a new run slice (no idling): for a
 * service that needs something done between slices first. */
void intr_again(struct intr_call *ic);

/* The caller's registers as they will be once the INT has returned (the
 * stub's frame popped), for services that resume the caller later. */
void intr_caller_regs(const struct intr_call *ic, struct cpu_regs *out);

/* A program is spinning on a service that has nothing for it (polling an
 * empty keyboard): end the slice and let the run loop idle until the next
 * event, as for intr_retry, but without repeating the call. */
void intr_idle(struct intr *ir);

/* Idle detection (bios/idle.c): the service running now only looked for
 * input or the time (a poll); every other service served from guest code
 * (outside the hardware interrupt handlers) counts as the program being
 * busy. */
void intr_note_poll(struct intr *ir);
/* A callback did real work for the program (a device driver's request):
 * busy as a service is (callbacks are not counted otherwise). */
void intr_note_work(struct intr *ir);
uint64_t intr_busy_services(const struct intr *ir);
bool intr_is_irq_vector(unsigned vec);

/* True once after a service asked to wait (intr_retry, intr_idle). */
bool intr_take_idle(struct intr *ir);

/* Functions run before and after every native service and callback: the
 * DOS kernel takes in what the guest changed in its tables, and shows what
 * the service changed, there. Either may be NULL. */
typedef void intr_hook_fn(void *ctx);
void intr_set_hooks(struct intr *ir, intr_hook_fn *before, intr_hook_fn *after, void *ctx);

/* True when IVT[vec] still points at the ROM default. */
bool intr_vector_is_default(struct intr *ir, unsigned vec);

#endif
