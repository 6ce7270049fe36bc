/* Which entry a listed name opens. A name opens the first live entry that
 * holds it, so a listing must leave out a later entry of the same name (a
 * damaged directory): else it would show one entry's size and open
 * another's. Asking the lookup for every listed entry costs a scan from
 * the directory's start each, so a listing of n entries took n^2/2 steps
 * (a DIR of 12,000 files 1 s instead of 10 ms); instead the volume keeps
 * the hashes of the names a listing has passed, and only a name whose
 * hash is among them asks the lookup. The set belongs to one directory
 * and is rebuilt when another is listed or anything was written. */
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/doserr.h"
#include "fs/fat_dir.h"

#define SEEN_MIN_SLOTS 64u
#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

/* The 11-byte name as lookups compare it: upper case. */
static void key_of(const uint8_t *ent, uint8_t key[FAT_NAME_BYTES])
{
    fat_ent_name(ent, key);
    for (int i = 0; i < FAT_NAME_BYTES; i++)
        key[i] = fs_upcase(key[i]);
}

/* FNV-1a; never 0, the empty slot. */
static uint32_t key_hash(const uint8_t key[FAT_NAME_BYTES])
{
    uint32_t h = FNV_BASIS;
    for (int i = 0; i < FAT_NAME_BYTES; i++)
        h = (h ^ key[i]) * FNV_PRIME;
    return h ? h : 1;
}

static uint32_t *slot_of(uint32_t *slot, uint32_t cap, uint32_t h)
{
    uint32_t i = h & (cap - 1);
    while (slot[i] && slot[i] != h)
        i = (i + 1) & (cap - 1);
    return &slot[i];
}

static bool seen_has(const struct fat_seen *s, uint32_t h)
{
    return s->cap && *slot_of(s->slot, s->cap, h) == h;
}

static void seen_add(struct fat_seen *s, uint32_t h)
{
    if (2 * (s->n + 1) > s->cap) { /* at most half full */
        uint32_t cap = MAX(SEEN_MIN_SLOTS, 2 * s->cap);
        uint32_t *slot = xcalloc(cap, sizeof *slot);
        for (uint32_t i = 0; i < s->cap; i++)
            if (s->slot[i])
                *slot_of(slot, cap, s->slot[i]) = s->slot[i];
        free(s->slot);
        s->slot = slot;
        s->cap = cap;
    }
    uint32_t *p = slot_of(s->slot, s->cap, h);
    s->n += !*p;
    *p = h;
}

static void seen_reset(struct fat_vol *v, uint32_t dir)
{
    struct fat_seen *s = &v->seen;
    if (s->n)
        memset(s->slot, 0, s->cap * sizeof *s->slot);
    s->n = 0;
    s->dir = dir;
    s->upto = 0;
    s->wgen = v->wgen;
    s->valid = true;
}

/* The set over entries [0, idx) of dir: 1 ready; 0 when the directory
 * ends before idx (what a lookup sees stops there: ask it). */
static int seen_upto(struct fat_vol *v, uint32_t dir, uint32_t idx)
{
    struct fat_seen *s = &v->seen;
    if (!s->valid || s->dir != dir || s->wgen != v->wgen || s->upto > idx)
        seen_reset(v, dir);
    for (; s->upto < idx; s->upto++) {
        struct fat_loc l;
        uint8_t *e, key[FAT_NAME_BYTES];
        int rc = fat_dir_entry(v, dir, s->upto, &l, &e);
        if (rc < 0 || e[0] == DIR_END) {
            s->valid = false;
            return rc < 0 && rc != -DOSERR_NO_MORE_FILES ? rc : 0;
        }
        if (!fat_ent_is_file(e))
            continue;
        key_of(e, key);
        seen_add(s, key_hash(key));
    }
    return 1;
}

int fat_dir_shadowed(struct fat_vol *v, const struct fat_loc *loc,
                     const uint8_t ent[DIR_ENTRY_BYTES])
{
    uint8_t own[FAT_NAME_BYTES], key[FAT_NAME_BYTES], found[DIR_ENTRY_BYTES];
    char listed[FS_NAME83_MAX];
    struct fat_loc l;
    fat_ent_name(ent, own);
    fs_fcb_to_name(own, listed);
    fs_name_to_fcb(listed, key); /* what a program opening the listed name looks up */
    key_of(ent, own);
    if (!memcmp(key, own, sizeof key)) { /* the usual case: does an earlier entry hold it? */
        int rc = seen_upto(v, loc->dir, loc->idx);
        if (rc < 0)
            return rc;
        if (rc && !seen_has(&v->seen, key_hash(key)))
            return 0;
    }
    int rc = fat_dir_lookup(v, loc->dir, key, &l, found);
    return rc == 1 ? l.idx != loc->idx : rc;
}
