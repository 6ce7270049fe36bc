/* File times recorded during a deterministic session: an open-addressing
 * table from file id to DOS date and time. */
#include "fs/stamps.h"

#include <stdlib.h>

#include "base/common.h"

#define STAMPS_MIN_CAP 64u

struct stamp {
    uint64_t id; /* 0: empty slot (ids are never 0) */
    uint16_t date, time;
};

struct fs_stamps {
    uint16_t fixed_date, fixed_time;
    struct stamp *slot;
    size_t n, cap; /* cap is a power of two */
};

struct fs_stamps *fs_stamps_new(uint16_t fixed_date, uint16_t fixed_time)
{
    struct fs_stamps *s = xcalloc(1, sizeof *s);
    s->fixed_date = fixed_date;
    s->fixed_time = fixed_time;
    return s;
}

void fs_stamps_free(struct fs_stamps *s)
{
    if (!s)
        return;
    free(s->slot);
    free(s);
}

static struct stamp *find(const struct fs_stamps *s, uint64_t id)
{
    size_t mask = s->cap - 1, i = (size_t)(id ^ id >> 29) & mask;
    while (s->slot[i].id && s->slot[i].id != id)
        i = (i + 1) & mask;
    return &s->slot[i];
}

static void grow(struct fs_stamps *s)
{
    struct stamp *old = s->slot;
    size_t old_cap = s->cap;
    s->cap = old_cap ? old_cap * 2 : STAMPS_MIN_CAP;
    s->slot = xcalloc(s->cap, sizeof *s->slot);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].id)
            *find(s, old[i].id) = old[i];
    free(old);
}

void fs_stamps_put(struct fs_stamps *s, uint64_t id, uint16_t dos_date, uint16_t dos_time)
{
    if (!id)
        return;
    if ((s->n + 1) * 2 > s->cap)
        grow(s);
    struct stamp *e = find(s, id);
    if (!e->id)
        s->n++;
    *e = (struct stamp){id, dos_date, dos_time};
}

void fs_stamps_get(const struct fs_stamps *s, uint64_t id, uint16_t *dos_date,
                   uint16_t *dos_time)
{
    const struct stamp *e = id && s->cap ? find(s, id) : NULL;
    *dos_date = e && e->id ? e->date : s->fixed_date;
    *dos_time = e && e->id ? e->time : s->fixed_time;
}
