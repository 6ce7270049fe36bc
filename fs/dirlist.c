/* Directory listings with stable 8.3 names and hashed lookup. */
#include "fs/dirlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define HASH_MIN 16
#define HASH_SPARSE 4 /* table slots per live entry after a rehash */
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u
#define ALIAS_TRIES_MAX 999999u

static uint32_t hash_str(const char *s, bool fold)
{
    uint32_t h = FNV_OFFSET;
    for (; *s; s++)
        h = (h ^ (fold ? fs_upcase((uint8_t)*s) : (uint8_t)*s)) * FNV_PRIME;
    return h;
}

static bool dos_eq(const char *a, const char *b)
{
    for (; *a && fs_upcase((uint8_t)*a) == fs_upcase((uint8_t)*b); a++, b++)
        ;
    return *a == 0 && *b == 0;
}

static void hash_put(uint32_t *tab, uint32_t cap, uint32_t h, uint32_t index)
{
    uint32_t i = h & (cap - 1);
    while (tab[i])
        i = (i + 1) & (cap - 1);
    tab[i] = index + 1;
}

/* Tables rebuilt for the live entries: the stale slots of tombstones and
 * of reused indexes go. */
static void rehash(struct fs_dirlist *l, uint32_t cap)
{
    free(l->by_dos);
    free(l->by_host);
    l->hcap = cap;
    l->hused = 0;
    l->by_dos = xcalloc(cap, sizeof *l->by_dos);
    l->by_host = xcalloc(cap, sizeof *l->by_host);
    for (uint32_t k = 0; k < l->n; k++) {
        if (l->e[k].flags & FS_DE_REMOVED)
            continue;
        hash_put(l->by_dos, cap, hash_str(l->e[k].dos, true), k);
        hash_put(l->by_host, cap, hash_str(l->e[k].host, false), k);
        l->hused++;
    }
}

/* A table size for count live entries: a quarter full at most. */
static uint32_t table_cap(uint32_t count)
{
    uint32_t cap = HASH_MIN;
    while (cap < count * HASH_SPARSE)
        cap *= 2;
    return cap;
}

void fs_dl_free(struct fs_dirlist *l)
{
    for (uint32_t k = 0; k < l->n; k++)
        free(l->e[k].host);
    free(l->e);
    free(l->by_dos);
    free(l->by_host);
    memset(l, 0, sizeof *l);
}

long fs_dl_find(const struct fs_dirlist *l, const char *dos)
{
    if (!l->hcap)
        return -1;
    for (uint32_t i = hash_str(dos, true) & (l->hcap - 1); l->by_dos[i];
         i = (i + 1) & (l->hcap - 1)) {
        const struct fs_dirent *e = &l->e[l->by_dos[i] - 1];
        if (!(e->flags & FS_DE_REMOVED) && dos_eq(e->dos, dos))
            return (long)(l->by_dos[i] - 1);
    }
    return -1;
}

long fs_dl_find_host(const struct fs_dirlist *l, const char *host)
{
    if (!l->hcap)
        return -1;
    for (uint32_t i = hash_str(host, false) & (l->hcap - 1); l->by_host[i];
         i = (i + 1) & (l->hcap - 1)) {
        const struct fs_dirent *e = &l->e[l->by_host[i] - 1];
        if (!(e->flags & FS_DE_REMOVED) && !strcmp(e->host, host))
            return (long)(l->by_host[i] - 1);
    }
    return -1;
}

/* The DOS name for a new entry: its own name if it is 8.3 and free, else
 * the first free alias. */
static void pick_name(struct fs_dirlist *l, const char *host, char out[FS_NAME83_MAX])
{
    char key[FS_NAME83_MAX];
    if (fs_name_plain83(host, out) && fs_dl_find(l, out) < 0)
        return;
    fs_name_alias(host, 1, key);
    unsigned k = strcmp(key, l->hint_key) ? 1 : l->hint_next;
    for (; k <= ALIAS_TRIES_MAX; k++) {
        fs_name_alias(host, k, out);
        if (fs_dl_find(l, out) < 0) {
            memcpy(l->hint_key, key, sizeof key);
            l->hint_next = k + 1;
            return;
        }
    }
    ASSERT(!"no free 8.3 alias");
}

/* The index for a new entry: the lowest tombstone (its old name freed),
 * else one past the end. */
static uint32_t take_slot(struct fs_dirlist *l)
{
    if (l->dead == 0) {
        l->e = xgrow(l->e, l->n, &l->cap, HASH_MIN, sizeof *l->e);
        return l->n++;
    }
    uint32_t k = l->dead_from;
    while (!(l->e[k].flags & FS_DE_REMOVED))
        k++;
    free(l->e[k].host);
    l->e[k].host = NULL;
    l->dead--;
    l->dead_from = k + 1;
    return k;
}

uint32_t fs_dl_add(struct fs_dirlist *l, const struct fs_dl_item *it, const char *dos)
{
    if ((l->hused + 1) * 2 > l->hcap)
        rehash(l, table_cap(l->n - l->dead + 1));
    char name[FS_NAME83_MAX] = "";
    if (dos)
        str_copy_n(name, sizeof name, dos, SIZE_MAX);
    else
        pick_name(l, it->host, name);
    uint32_t k = take_slot(l);
    struct fs_dirent *e = &l->e[k];
    memset(e, 0, sizeof *e);
    memcpy(e->dos, name, sizeof e->dos);
    e->host = xstrdup(it->host);
    e->attr = it->attr;
    e->flags = it->flags;
    e->aux = it->aux;
    hash_put(l->by_dos, l->hcap, hash_str(e->dos, true), k);
    hash_put(l->by_host, l->hcap, hash_str(e->host, false), k);
    l->hused++;
    return k;
}

void fs_dl_remove(struct fs_dirlist *l, uint32_t index)
{
    if (index >= l->n || (l->e[index].flags & FS_DE_REMOVED))
        return;
    l->e[index].flags |= FS_DE_REMOVED;
    l->dead++;
    l->dead_from = MIN(l->dead_from, index);
    l->hint_key[0] = 0; /* a number may have become free */
}

static int by_host_name(const void *a, const void *b)
{
    return strcmp(((const struct fs_dl_item *)a)->host, ((const struct fs_dl_item *)b)->host);
}

void fs_dl_merge(struct fs_dirlist *l, struct fs_dl_item *items, size_t n)
{
    bool *seen = xcalloc(l->n + 1, sizeof *seen);
    bool *fresh = xcalloc(n + 1, sizeof *fresh);
    char name[FS_NAME83_MAX];
    if (n)
        qsort(items, n, sizeof *items, by_host_name);
    for (size_t i = 0; i < n; i++) {
        long k = fs_dl_find_host(l, items[i].host);
        if (k >= 0) {
            seen[k] = true;
            l->e[k].attr = items[i].attr;
            l->e[k].flags = items[i].flags;
        }
        fresh[i] = k < 0;
    }
    for (uint32_t k = 0; k < l->n; k++)
        if (!seen[k])
            fs_dl_remove(l, k);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            bool plain = fs_name_plain83(items[i].host, name) && fs_dl_find(l, name) < 0;
            if (fresh[i] && (plain || pass == 1)) {
                fs_dl_add(l, &items[i], NULL);
                fresh[i] = false;
            }
        }
    free(seen);
    free(fresh);
}
