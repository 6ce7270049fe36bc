/* The CPU state inside a Unicorn 2.0.1 context: what a tier switch moves
 * (cpu/interp.h's struct ix_state), read and written at the offsets of
 * QEMU 5.0's CPUX86State, which ucs_new checks through the register API. */
#ifndef UNIDOS_CPU_UCSTATE_H
#define UNIDOS_CPU_UCSTATE_H

#include <stdbool.h>
#include <unicorn/unicorn.h>

#include "cpu/interp.h"

struct ucs;

/* NULL (with a --trace cpu note) when the layout is not the expected one. */
struct ucs *ucs_new(uc_engine *uc);
void ucs_free(struct ucs *u);

/* Unicorn -> interpreter, between engine runs. */
void ucs_load(struct ucs *u, struct ix_state *s);
/* Interpreter -> Unicorn, between engine runs. */
void ucs_store(struct ucs *u, const struct ix_state *s);
/* Only the lazy flags, from inside the block hook (the engine's start
 * replaced them with computed flags: x86_cpu_exec_enter). */
void ucs_store_cc(struct ucs *u, const struct ix_state *s);

#endif
