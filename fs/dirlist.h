/* A directory as DOS sees it: entries with unique 8.3 names (host names
 * that are not valid 8.3 get ~N aliases), found by DOS or backend name in
 * constant time. Entry indexes never move: a removed entry stays as a
 * tombstone, so find-first/next positions (an index) survive deletions,
 * as DOS directory slots do. A new entry takes the lowest tombstone, as
 * FAT takes the first free slot, so a directory with churn (a compiler's
 * temporary files, a host program renaming) keeps its size. Shared by the
 * drive backends. */
#ifndef UNIDOS_FS_DIRLIST_H
#define UNIDOS_FS_DIRLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/names83.h"

enum fs_dirent_flags {
    FS_DE_REMOVED = 1,
    FS_DE_LINK = 2, /* host symbolic link (checked on every use) */
};

struct fs_dirent {
    char dos[FS_NAME83_MAX];
    char *host;   /* backend's name of the entry (owned) */
    uint8_t attr; /* FS_ATTR_DIRECTORY, FS_ATTR_HIDDEN, ... */
    uint8_t flags;
    uint8_t set_attr; /* attributes the guest set (43h), kept for the run */
    bool attr_set;
    uint32_t aux; /* backend data (zip: member index) */
};

struct fs_dirlist {
    struct fs_dirent *e;
    uint32_t n;
    size_t cap;
    uint32_t dead;              /* tombstones among the n */
    uint32_t dead_from;         /* no tombstone below this index */
    uint32_t *by_dos, *by_host; /* open addressing: index + 1, 0 = empty */
    uint32_t hcap;
    uint32_t hused; /* occupied slots of each table, stale ones included */
    /* Aliases of names with the same ~1 form: every number below next is
     * taken (until something is removed), so a run of them is not
     * quadratic. */
    char hint_key[FS_NAME83_MAX];
    unsigned hint_next;
};

/* One name of a backend listing. */
struct fs_dl_item {
    const char *host;
    uint8_t attr, flags;
    uint32_t aux;
};

void fs_dl_free(struct fs_dirlist *l);

/* Bring l in line with a complete listing (any order): entries no longer
 * listed are removed; new names are added in byte order of their host
 * names, those that are valid 8.3 names first, then the ones needing
 * aliases. The same listing always gives the same names, and existing
 * entries keep theirs. */
void fs_dl_merge(struct fs_dirlist *l, struct fs_dl_item *items, size_t n);

/* Add one entry; dos is the name to use (the guest created it) or NULL to
 * derive one. Returns its index: the lowest tombstone, else a new one. */
uint32_t fs_dl_add(struct fs_dirlist *l, const struct fs_dl_item *it, const char *dos);

/* Index of the live entry with that DOS name (any case) / backend name, or -1. */
long fs_dl_find(const struct fs_dirlist *l, const char *dos);
long fs_dl_find_host(const struct fs_dirlist *l, const char *host);

void fs_dl_remove(struct fs_dirlist *l, uint32_t index);

#endif
