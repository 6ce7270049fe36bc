/* Store fast path for Unicorn 2.0.1 (linked statically).
 *
 * In Unicorn 2.0.1 every guest store to RAM takes QEMU's "not dirty" slow
 * path, which calls page_collection_lock(): it allocates a GLib tree of the
 * pages written, "locks" them and frees the tree again in
 * page_collection_unlock(). Unicorn runs one vCPU and makes page locks
 * no-ops, so the collection is dead work, and it makes stores about ten
 * times slower than loads. Upstream removed it in 2.0.2 (unicorn PR #1838).
 *
 * The Makefile links a copy of libunicorn.a in which the two functions are
 * weak symbols; these definitions replace them: no collection is built,
 * and every caller only ever hands the result back to the unlock. Self-
 * modifying code is still detected, since the invalidation itself
 * (tb_invalidate_phys_page_fast) is untouched; tests/unit/test_x86.c and
 * the smc/loadcode guest fixtures pin that. Signatures as in Unicorn 2.0.1
 * qemu/accel/tcg/translate-all.c (x86 target). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>

#include "base/log.h"
#include "cpu/cpu.h"
#include "cpu/tcache.h"

#ifdef UNIDOS_UC_FASTPATH
struct uc_struct;
struct page_collection;

struct page_collection *page_collection_lock_x86_64(struct uc_struct *uc, uint64_t start,
                                                    uint64_t end);
void page_collection_unlock_x86_64(struct page_collection *set);

struct page_collection *page_collection_lock_x86_64(struct uc_struct *uc, uint64_t start,
                                                    uint64_t end)
{
    (void)uc;
    (void)start;
    (void)end;
    return NULL;
}

void page_collection_unlock_x86_64(struct page_collection *set)
{
    (void)set;
}

/* The library's memset (the Makefile renames its calls): flushing the
 * translation cache zeroes the whole 1 GiB code buffer, which
 * cpu/tcache.c does by giving its pages back instead. */
void *unidos_uc_memset(void *dst, int c, size_t n);
void *unidos_uc_memset(void *dst, int c, size_t n)
{
    enum { ZERO_BY_PAGES_MIN = 1 << 20 };
    if (c == 0 && n >= ZERO_BY_PAGES_MIN && tcache_zero(dst, n))
        return dst;
    return memset(dst, c, n);
}

/* Instruction breakpoints set through DR7 (MOV DR7 with an execute
 * breakpoint enabled). In Unicorn 2.0.1 inserting one flushes every
 * translation while the MOV's own generated code is still running, which
 * then returns into the wiped buffer and crashes the process (unicorn issue
 * #2001, fixed after 2.0.1). The insertion is refused instead: the debug
 * registers keep their values, data breakpoints (watchpoints) still work,
 * and an instruction breakpoint never fires. The library's only caller
 * (target/i386/bpt_helper.c) treats a refusal as "no breakpoint". */
struct CPUState;
struct CPUBreakpoint;
int cpu_breakpoint_insert_x86_64(struct CPUState *cpu, uint64_t pc, int flags,
                                 struct CPUBreakpoint **breakpoint);
int cpu_breakpoint_insert_x86_64(struct CPUState *cpu, uint64_t pc, int flags,
                                 struct CPUBreakpoint **breakpoint)
{
    (void)cpu;
    (void)flags;
    LOG(LOG_CPU, "DR7: an instruction breakpoint at linear %08llXh is not supported",
        (unsigned long long)pc);
    if (breakpoint)
        *breakpoint = NULL;
    return -ENOSYS;
}

/* The library's mmap (the Makefile renames its calls): the translation
 * cache sees its code buffer made. */
void *unidos_uc_mmap(void *addr, size_t n, int prot, int flags, int fd, off_t off);
void *unidos_uc_mmap(void *addr, size_t n, int prot, int flags, int fd, off_t off)
{
    void *p = mmap(addr, n, prot, flags, fd, off);
    if (p != MAP_FAILED)
        tcache_mapped(p, n, prot, flags);
    return p;
}
#endif

bool cpu_store_fastpath(void)
{
#ifdef UNIDOS_UC_FASTPATH
    return true;
#else
    return false;
#endif
}
