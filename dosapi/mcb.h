/* The memory control block chain (RBIL INT 21/AH=52h, "MCB format"): pure
 * functions over guest memory, so they can be tested without a CPU. */
#ifndef UNIDOS_DOSAPI_MCB_H
#define UNIDOS_DOSAPI_MCB_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/mem.h"

#define MCB_SIG_MID 'M'
#define MCB_SIG_LAST 'Z'
#define MCB_OFF_SIG 0x00
#define MCB_OFF_OWNER 0x01 /* PSP segment of the owner, 0 = free */
#define MCB_OFF_SIZE 0x03  /* paragraphs after the MCB */
#define MCB_OFF_NAME 0x08  /* DOS 4+: program name, 8 bytes */
#define MCB_NAME_BYTES 8
#define MCB_OWNER_FREE 0x0000
#define MCB_OWNER_DOS 0x0008 /* system blocks ("SC"/"SD") */

enum mcb_strategy {
    MCB_FIRST_FIT = 0,
    MCB_BEST_FIT = 1,
    MCB_LAST_FIT = 2,
};

/* Write a block header at seg: signature, owner, size, name (up to 8
 * bytes, NUL-padded; NULL clears it). */
void mcb_write(struct mem *m, uint16_t seg, uint8_t sig, uint16_t owner, uint16_t size,
               const char *name);

/* Make [first_mcb, end_seg) one free block. */
void mcb_init(struct mem *m, uint16_t first_mcb, uint16_t end_seg);

/* Allocate paras paragraphs for owner. Returns 0 and the block's data
 * segment in *seg, or -DOSERR_INSUFFICIENT_MEMORY with the largest free
 * block in *largest, or -DOSERR_MCB_DESTROYED. Adjacent free blocks are
 * merged first, as DOS does. */
int mcb_alloc(struct mem *m, uint16_t first_mcb, uint16_t paras, uint16_t owner,
              enum mcb_strategy strat, uint16_t *seg, uint16_t *largest);

/* Free the block whose data starts at seg. */
int mcb_free(struct mem *m, uint16_t first_mcb, uint16_t seg);

/* Grow or shrink the block at seg to paras. On failure to grow returns
 * -DOSERR_INSUFFICIENT_MEMORY and the most it could have in *largest. */
int mcb_resize(struct mem *m, uint16_t first_mcb, uint16_t seg, uint16_t paras,
               uint16_t *largest);

/* Free every block owned by owner (a terminating process). */
void mcb_free_owner(struct mem *m, uint16_t first_mcb, uint16_t owner);

/* Set owner and name of the block at seg (name: up to 8 bytes, padded with NULs). */
void mcb_set_owner(struct mem *m, uint16_t seg, uint16_t owner, const char *name);

/* Size in paragraphs of the block at seg (no checks). */
uint16_t mcb_size(const struct mem *m, uint16_t seg);

/* Walk the chain; 0 when it is intact, else -DOSERR_MCB_DESTROYED. */
int mcb_check(const struct mem *m, uint16_t first_mcb);

#endif
