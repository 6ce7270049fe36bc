/* Lockstep differential testing of the CPU tiers (docs/tiers.md): the same
 * code from the same state in Unicorn alone (the reference), in the
 * interpreter, and with the tier flipping at random block boundaries;
 * registers, flags, QEMU's lazy flag state, block counts, stops and memory
 * compared after every block (or every instruction). */
#ifndef UNIDOS_TESTS_LOCKSTEP_LS_H
#define UNIDOS_TESTS_LOCKSTEP_LS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ls;

/* How the machines advance between comparisons. */
enum ls_step {
    LS_BLOCK,                   /* one block (cpu_run), lazy flags compared too */
    LS_INSN,                    /* one instruction (cpu_step) */
};

/* One test: code placed at CS:IP, the registers, the steps to run. */
#define LS_CODE_MAX 1024
struct ls_case {
    uint8_t code[LS_CODE_MAX];
    size_t ncode;
    uint32_t r[8];              /* EAX ECX EDX EBX ESP EBP ESI EDI */
    uint16_t sel[6];            /* ES CS SS DS FS GS */
    uint16_t ip, flags;
    unsigned steps;
    enum ls_step how;
    bool memory_each_step;      /* compare memory after every step, not only at the end */
    bool trace;                 /* print the reference's CS:EIP after each step */
};

/* Machines filled with the same pseudo-random memory (from seed). */
struct ls *ls_new(uint64_t seed);
void ls_free(struct ls *l);
/* From now on run only the reference (Unicorn alone): is a crash the
 * engine's own? */
void ls_reference_only(struct ls *l);

/* Run a case in every machine; false on a difference, described in why. */
bool ls_run(struct ls *l, const struct ls_case *c, char *why, size_t cap);

/* A random case: code biased towards the instructions DOS programs use,
 * prefixes, jumps within the code, segment loads, stores into the code. */
void ls_random_case(uint64_t *rng, struct ls_case *c);
/* Registers and flags only (the code is set by the caller). */
void ls_random_regs(uint64_t *rng, struct ls_case *c);

uint64_t ls_rand(uint64_t *rng);
/* Remove RDTSC (it reads the host's clock) from code. */
void ls_no_rdtsc(uint8_t *p, size_t n);

/* Totals: cases, steps compared, cases that ended in a fault, machines
 * rebuilt after Unicorn aborted, blocks run by all machines, cases whose
 * difference came after they wrote a banned instruction (not judged). */
struct ls_totals {
    uint64_t cases, steps, faults, rebuilds, blocks, unjudged;
};
void ls_counts(const struct ls *l, struct ls_totals *t);

#endif
