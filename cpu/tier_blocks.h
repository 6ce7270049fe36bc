/* The block table of the tiers (cpu/tier.c): decoded blocks, execution
 * counts and the tier each block belongs to, by linear address. */
#ifndef UNIDOS_CPU_TIER_BLOCKS_H
#define UNIDOS_CPU_TIER_BLOCKS_H

#include <stdint.h>

#include "cpu/interp.h"

enum tb_state {
    TB_COLD,         /* the interpreter runs it */
    TB_HOT,          /* Unicorn runs it; the interpreter enters Unicorn here */
    TB_HOT_NO_ENTRY, /* Unicorn runs it when it gets there, but stays were short */
    TB_UNSUPPORTED,  /* something in it the interpreter does not run */
};

#define TB_SUCCESSORS 2
struct tb_entry {
    uint32_t key;         /* ~linear address (0: an empty slot) */
    uint8_t state;        /* enum tb_state */
    uint8_t short_stays;  /* Unicorn stays entered here that were short */
    uint8_t succ_next;    /* the successor slot to replace next */
    uint32_t count;       /* executions in the interpreter */
    uint32_t epoch;       /* blk was checked against memory in this code epoch */
    struct ix_block *blk; /* NULL until decoded */
    /* Blocks that ran after this one: no hash lookup for the usual next
     * block. Entries never move until the table is flushed (which zeroes
     * them: a successor is used only when its key still matches). */
    struct tb_entry *succ[TB_SUCCESSORS];
};

struct tb_table;

struct tb_table *tbt_new(void);
void tbt_free(struct tb_table *t);
/* Drop every entry and decoded block. */
void tbt_flush(struct tb_table *t);
uint64_t tbt_flushes(const struct tb_table *t);

struct tb_entry *tbt_find(struct tb_table *t, uint32_t lin);
/* Find or add (may flush the table first: entry pointers held across a
 * call that adds are stale). */
struct tb_entry *tbt_get(struct tb_table *t, uint32_t lin);
/* The entry for lin, found through prev's successors when it ran after prev
 * before (prev may be NULL). May flush: see tbt_get. */
struct tb_entry *tbt_next(struct tb_table *t, struct tb_entry *prev, uint32_t lin);
/* Keep a copy of the decoded block b as lin's (may flush). */
struct tb_entry *tbt_store(struct tb_table *t, uint32_t lin, const struct ix_block *b);

#endif
