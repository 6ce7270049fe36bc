/* Fuzz harness: a cache of large blocks for the machine built per input.
 * AddressSanitizer maps every allocation over 128 KiB afresh and unmaps it
 * on free; guest RAM, the port table and the VGA state cost about 600
 * page faults and several TLB shootdowns per input that way, ten times
 * the work of the input itself. The fuzz targets are linked with
 * -Wl,--wrap=xcalloc,--wrap=free: large xcalloc blocks come from this
 * cache (zeroed again; a larger cached block has its tail poisoned, so an
 * overflow is still reported), and while cached they are poisoned, so a use after
 * free is still reported; a double free aborts, and fz_alloc_check_none()
 * finds a large block never freed (LeakSanitizer cannot: the cache holds
 * a pointer to it). Everything else goes to the real allocator. */
#include <sanitizer/asan_interface.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fz.h"

#define BIG_BYTES (16u * 1024u)
#define SLOTS 32

void *__wrap_xcalloc(size_t n, size_t size);
void __wrap_free(void *p);
void *__real_xcalloc(size_t n, size_t size);
void __real_free(void *p);

struct slot {
    void *p;
    size_t cap;                 /* bytes allocated */
    size_t bytes;               /* bytes handed out; the rest stays poisoned */
    int live;
};

static struct slot g_slots[SLOTS];

/* The smallest free cached block that fits bytes without wasting half. */
static struct slot *fit(size_t bytes)
{
    struct slot *best = NULL;
    for (int i = 0; i < SLOTS; i++) {
        struct slot *s = &g_slots[i];
        if (s->p && !s->live && s->cap >= bytes && s->cap / 2 <= bytes &&
            (!best || s->cap < best->cap))
            best = s;
    }
    return best;
}

/* A slot for a new block: an empty one, else a free one released. */
static struct slot *victim(void)
{
    for (int i = 0; i < SLOTS; i++)
        if (!g_slots[i].p)
            return &g_slots[i];
    for (int i = 0; i < SLOTS; i++)
        if (!g_slots[i].live) {
            ASAN_UNPOISON_MEMORY_REGION(g_slots[i].p, g_slots[i].cap);
            __real_free(g_slots[i].p);
            g_slots[i].p = NULL;
            return &g_slots[i];
        }
    return NULL;
}

void *__wrap_xcalloc(size_t n, size_t size)
{
    size_t bytes = n * size;
    if (bytes < BIG_BYTES || (size && bytes / size != n))
        return __real_xcalloc(n, size);
    struct slot *s = fit(bytes);
    if (s) {
        ASAN_UNPOISON_MEMORY_REGION(s->p, bytes);
        memset(s->p, 0, bytes);
        ASAN_POISON_MEMORY_REGION((char *)s->p + bytes, s->cap - bytes);
        s->bytes = bytes;
        s->live = 1;
        return s->p;
    }
    void *p = __real_xcalloc(n, size);
    s = victim();
    if (s)
        *s = (struct slot){p, bytes, bytes, 1};
    return p;
}

void __wrap_free(void *p)
{
    for (int i = 0; p && i < SLOTS; i++)
        if (g_slots[i].p == p) {
            FZ_CHECK(g_slots[i].live, "double free of a %zu-byte block", g_slots[i].bytes);
            g_slots[i].live = 0;
            ASAN_POISON_MEMORY_REGION(p, g_slots[i].cap);
            return;
        }
    __real_free(p);
}

void fz_alloc_check_none(void)
{
    for (int i = 0; i < SLOTS; i++)
        FZ_CHECK(!g_slots[i].p || !g_slots[i].live, "a %zu-byte block was never freed",
                 g_slots[i].bytes);
}
