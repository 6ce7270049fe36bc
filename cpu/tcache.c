/* The translated-code cache's host memory.
 *
 * Unicorn 2.0.1 translates into one 1 GiB anonymous mapping (QEMU's code
 * generation buffer) and reuses it only when it is full: translations that
 * self-modifying code invalidated stay there, and so do their bookkeeping
 * allocations. A program that rewrites code it runs again and again (the
 * FreeDOS utilities build "INT n; RETF" on the stack for every BIOS call)
 * grew by ~60 MB a second while it polled, to 1.2 GB. The buffer also gets
 * transparent huge pages, so it grows in 2 MiB steps.
 *
 * The library offers no size limit, so the buffer is found: in the static
 * link the library's mmap is unidos_uc_mmap (cpu/uc_fastpath.c), which
 * reports the writable and executable anonymous mapping it makes while
 * the engine starts; otherwise in /proc/self/maps (such a mapping that
 * appeared when the engine started: two reads of the whole map, about
 * 0.2 ms of start-up). Huge pages are turned off for it, and
 * its use is read from the kernel: translation fills it from the front, so
 * the resident pages are a prefix (mincore, a binary search). The cache is
 * flushed (uc_ctl TB_FLUSH: everything is translated again on demand) and
 * the pages past the prologue given back (MADV_DONTNEED). The flush
 * zeroes the whole buffer with memset (tcg_region_assign): a gigabyte
 * written, 0.3 s and every page made resident. In the static link the
 * library's memset is unidos_uc_memset (cpu/uc_fastpath.c), which zeroes
 * the buffer with MADV_DONTNEED instead (anonymous pages read as zeros
 * again: the same bytes, no writes); without it nothing is flushed. When:
 * - when a program waits for input (bios/idle.c) and the cache grew by
 *   TCACHE_WAIT_GROWTH since it was last flushed, at most every
 *   TCACHE_WAIT_GAP_NS of host time: a waiting program that translates
 *   code keeps translating the same code again, and memory stays flat;
 * - whenever the cache passes TCACHE_MAX (looked at every
 *   TCACHE_CHECK_NS of host time), whatever the program does.
 * A game that waits between frames translates its frames again at most
 * every TCACHE_WAIT_GAP_NS (a few milliseconds of work). Without the
 * mapping (another libc, another Unicorn) nothing is done. */
#include "cpu/tcache.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "base/common.h"
#include "base/log.h"

#define MAPS_LINE 512
#define MIN_CODE_BUFFER (16u << 20) /* QEMU's buffer is far larger than this */
#define MAX_KNOWN 8
#define TCACHE_WAIT_GROWTH (512u << 10)   /* grown this much, a waiting program's... */
#define TCACHE_WAIT_GAP_NS 10000000000ull /* ...cache is flushed at most this often */
#define TCACHE_MAX (64u << 20)            /* the cache never holds more */
#define TCACHE_CHECK_NS 250000000u        /* how often the size is looked at */
#define MAX_BUFFERS 8                     /* engines alive at once (unit tests) */
#define TCACHE_ZERO_CHUNK 4096            /* compared with zeros at once */

static struct tcache_span g_buffers[MAX_BUFFERS];

#ifdef UNIDOS_UC_FASTPATH
#define TCACHE_CAN_TRIM true
#define TCACHE_SEES_MMAP true
#else
#define TCACHE_CAN_TRIM false
#define TCACHE_SEES_MMAP false
#endif

static struct tcache_span g_made; /* the code buffer mapped since tcache_before */

void tcache_mapped(void *p, size_t n, int prot, int flags)
{
    const int rwx = PROT_READ | PROT_WRITE | PROT_EXEC;
    if ((prot & rwx) == rwx && (flags & MAP_ANONYMOUS) && n >= MIN_CODE_BUFFER && !g_made.hi)
        g_made = (struct tcache_span){(uintptr_t)p, (uintptr_t)p + n};
}

bool tcache_zero(void *dst, size_t n)
{
    uintptr_t lo = (uintptr_t)dst, hi = lo + n;
    long page = sysconf(_SC_PAGESIZE);
    for (size_t i = 0; i < MAX_BUFFERS; i++) {
        if (lo < g_buffers[i].lo || hi > g_buffers[i].hi || hi <= lo)
            continue;
        uintptr_t a = (lo + (uintptr_t)page - 1) & ~(uintptr_t)(page - 1);
        uintptr_t b = hi & ~(uintptr_t)(page - 1);
        if (a >= b)
            return false;
        memset(dst, 0, a - lo);
        memset((void *)b, 0, hi - b);
        if (madvise((void *)a, b - a, MADV_DONTNEED) != 0)
            memset((void *)a, 0, b - a);
        return true;
    }
    return false;
}

/* The writable, executable, anonymous mappings of at least MIN_CODE_BUFFER. */
static size_t code_mappings(struct tcache_span *out, size_t cap)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[MAPS_LINE];
    size_t n = 0;
    while (f && n < cap && fgets(line, sizeof line, f)) {
        unsigned long lo, hi, off;
        char perms[5];
        unsigned dev_major, dev_minor;
        unsigned long inode;
        if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu", &lo, &hi, perms, &off, &dev_major,
                   &dev_minor, &inode) != 7)
            continue;
        if (strcmp(perms, "rwxp") || inode || hi - lo < MIN_CODE_BUFFER)
            continue;
        out[n++] = (struct tcache_span){lo, hi};
    }
    if (f)
        fclose(f);
    return n;
}

/* While the engine starts, no transparent huge pages: its first code
 * (the prologue) would fault in and zero a 2 MiB page of the buffer, given
 * back again at once. (Restored by tcache_after: a process-wide switch.) */
void tcache_before(struct tcache *t)
{
    memset(t, 0, sizeof *t);
    g_made = (struct tcache_span){0, 0};
    if (!TCACHE_SEES_MMAP)
        t->nknown = code_mappings(t->known, ARRAY_LEN(t->known));
    t->thp_was_off = prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1;
    prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
}

static bool page_resident(const struct tcache *t, size_t off)
{
    unsigned char v = 0;
    return mincore(t->base + off, (size_t)t->page, &v) == 0 && (v & 1);
}

/* The first page past the resident prefix (from off, a resident page). */
static size_t resident_end(const struct tcache *t, size_t off)
{
    size_t lo = off, hi = t->size; /* lo resident (or the start), hi not */
    while (hi - lo > t->page) {
        size_t mid = lo + (hi - lo) / 2 / t->page * t->page;
        if (page_resident(t, mid))
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* One past the last non-zero byte of buf[0, n) (0 when all are zero),
 * looked for from the end a page at a time: the prologue is a few KiB at
 * the front of what may be a resident 2 MiB huge page. */
static size_t last_used(const uint8_t *buf, size_t n, size_t page)
{
    static const uint8_t k_zero[TCACHE_ZERO_CHUNK];
    size_t chunk = MIN(page, sizeof k_zero);
    while (n >= chunk && !memcmp(buf + n - chunk, k_zero, chunk))
        n -= chunk;
    while (n && !buf[n - 1])
        n--;
    return n;
}

/* The new code mapping in /proc/self/maps (without unidos_uc_mmap). */
static void find_in_maps(struct tcache *t)
{
    struct tcache_span now[MAX_KNOWN];
    size_t n = code_mappings(now, ARRAY_LEN(now));
    for (size_t i = 0; i < n && !t->base; i++) {
        bool old = false;
        for (size_t k = 0; k < t->nknown; k++)
            old |= t->known[k].lo == now[i].lo;
        if (old)
            continue;
        t->base = (uint8_t *)now[i].lo;
        t->size = now[i].hi - now[i].lo;
    }
}

void tcache_after(struct tcache *t)
{
    if (!t->thp_was_off)
        prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
    t->page = (size_t)sysconf(_SC_PAGESIZE);
    if (g_made.hi) {
        t->base = (uint8_t *)g_made.lo;
        t->size = g_made.hi - g_made.lo;
    } else if (!TCACHE_SEES_MMAP) {
        find_in_maps(t);
    }
    if (!t->base) {
        LOG(LOG_CPU, "translation cache: not found; not bounded");
        return;
    }
    madvise(t->base, t->size, MADV_NOHUGEPAGE);
    for (size_t i = 0; i < MAX_BUFFERS; i++)
        if (!g_buffers[i].hi) {
            g_buffers[i] = (struct tcache_span){(uintptr_t)t->base,
                                                (uintptr_t)t->base + t->size};
            break;
        }
    /* Before any guest code ran only the prologue is there (a huge page
     * may make more of the buffer resident: given back, as zeros). */
    size_t end = page_resident(t, 0) ? resident_end(t, 0) : 0;
    size_t last = last_used(t->base, end, t->page);
    t->keep = MAX((last + t->page - 1) / t->page * t->page, t->page);
    if (end > t->keep)
        madvise(t->base + t->keep, end - t->keep, MADV_DONTNEED);
    LOG(LOG_CPU, "translation cache: %zu MiB at %p, prologue %zu KiB", t->size >> 20,
        (void *)t->base, t->keep >> 10);
}

size_t tcache_used(const struct tcache *t)
{
    if (!t->base)
        return 0;
    return page_resident(t, t->keep) ? resident_end(t, t->keep) : t->keep;
}

static void trim(struct tcache *t, uc_engine *uc, size_t used)
{
    uc_ctl_flush_tlb(uc); /* Unicorn 2.0.1's name for UC_CTL_TB_FLUSH */
    madvise(t->base + t->keep, t->size - t->keep, MADV_DONTNEED);
    t->trims++;
    LOG(LOG_CPU, "translation cache: %zu KiB flushed and given back (%llu so far)", used >> 10,
        (unsigned long long)t->trims);
}

void tcache_trim(struct tcache *t, uc_engine *uc)
{
    if (t->base && TCACHE_CAN_TRIM)
        trim(t, uc, tcache_used(t));
}

void tcache_forget(struct tcache *t)
{
    for (size_t i = 0; i < MAX_BUFFERS && t->base; i++)
        if (g_buffers[i].lo == (uintptr_t)t->base)
            g_buffers[i] = (struct tcache_span){0, 0};
    t->base = NULL;
}

void tcache_wait(struct tcache *t, uc_engine *uc, uint64_t now_ns)
{
    if (!t->base || !TCACHE_CAN_TRIM || now_ns - t->trimmed_ns < TCACHE_WAIT_GAP_NS)
        return;
    size_t used = tcache_used(t);
    if (used - t->keep >= TCACHE_WAIT_GROWTH) {
        t->trimmed_ns = now_ns;
        trim(t, uc, used);
    }
}

void tcache_tick(struct tcache *t, uc_engine *uc, uint64_t now_ns)
{
    if (!t->base || !TCACHE_CAN_TRIM || now_ns - t->checked_ns < TCACHE_CHECK_NS)
        return;
    t->checked_ns = now_ns;
    size_t used = tcache_used(t);
    if (used >= TCACHE_MAX)
        trim(t, uc, used);
}
