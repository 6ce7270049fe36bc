/* Test fixture: the DOS kernel over plain guest memory (no CPU), with a
 * temporary host directory as drive C:. INT 21h calls are dispatched the
 * way the CPU hook does it; results come back in the registers. */
#ifndef UNIDOS_TESTS_UNIT_UNIT_DOS_H
#define UNIDOS_TESTS_UNIT_UNIT_DOS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/regs.h"
#include "tests/unit/unit_fs.h"

struct mem;
struct fs;
struct intr;

#define UDOS_SEG 0x5000u         /* scratch segment for strings and buffers */
#define UDOS_CODE_SEG 0x6000u    /* where the "INT 21h" the calls come from lives */
#define UDOS_STACK_SEG 0x7000u

struct udos {
    struct ufs_tree tree;        /* C: is tree.root/c */
    struct mem *mem;
    struct intr *intr;
    struct fs *fs;
    void *clk, *bios, *dos;
    bool exited;
    uint8_t exit_type;
};

/* Build the machine; C: = a fresh temporary directory (read-only when ro). */
void udos_new(struct udos *u, bool ro);
void udos_free(struct udos *u);

/* Registers for a call: everything zero, DS = ES = UDOS_SEG, a stack. */
struct cpu_regs udos_regs(uint16_t ax);
/* Execute INT vec with r; returns CF. */
bool udos_int(struct udos *u, unsigned vec, struct cpu_regs *r);
#define udos_int21(u, r) udos_int(u, 0x21, r)
/* Put a string or bytes at UDOS_SEG:off. */
void udos_put(struct udos *u, uint16_t off, const void *p, size_t n);
void udos_puts(struct udos *u, uint16_t off, const char *s);
void udos_get(struct udos *u, uint16_t off, void *p, size_t n);

/* Common calls; each fails the test when the call fails. */
uint16_t udos_open(struct udos *u, const char *path, uint8_t mode);
uint16_t udos_create(struct udos *u, const char *path);
void udos_close(struct udos *u, uint16_t h);

#endif
