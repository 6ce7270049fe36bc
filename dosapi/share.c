/* File sharing and region locks, as DOS 3+ with SHARE loaded: every open
 * of a file already open is checked against the others' access and
 * sharing modes (RBIL INT 21/AH=3Dh, "sharing modes"); 5Ch locks regions
 * that other handles may then neither read nor write. */
#include <stdlib.h>

#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"

#define LOCKS_MIN 8

static uint8_t access_of(uint8_t mode)
{
    return mode & DOS_ACCESS_MASK;
}

/* Compatibility mode meets the other modes as deny-write when reading
 * and deny-all otherwise (the usual SHARE reading of it). */
static uint8_t share_of(uint8_t mode)
{
    uint8_t sh = mode & DOS_SHARE_MASK;
    if (sh != DOS_SHARE_COMPAT)
        return sh;
    return access_of(mode) == DOS_ACCESS_READ ? DOS_SHARE_DENY_WRITE : DOS_SHARE_DENY_ALL;
}

/* Does an open with sharing mode share allow another open with access acc? */
static bool permits(uint8_t share, uint8_t acc)
{
    switch (share) {
    case DOS_SHARE_DENY_NONE:
        return true;
    case DOS_SHARE_DENY_WRITE:
        return acc == DOS_ACCESS_READ;
    case DOS_SHARE_DENY_READ:
        return acc == DOS_ACCESS_WRITE;
    default:
        return false;
    }
}

static bool compatible(uint8_t a, uint8_t b)
{
    if ((a & DOS_SHARE_MASK) == DOS_SHARE_COMPAT && (b & DOS_SHARE_MASK) == DOS_SHARE_COMPAT)
        return true; /* compatibility opens never exclude each other */
    return permits(share_of(a), access_of(b)) && permits(share_of(b), access_of(a));
}

int dos_share_check(struct dos *d, unsigned k)
{
    const struct sft *n = &d->sft[k];
    for (unsigned i = 0; i < d->sft_top; i++) {
        const struct sft *o = &d->sft[i];
        if (i == k || o->refs == 0 || o->kind != SFT_FILE || o->id != n->id)
            continue;
        if (!compatible(o->mode, n->mode)) {
            LOG(LOG_DOS, "sharing violation: %s open with mode %02Xh, wanted %02Xh", n->name,
                o->mode, n->mode);
            return -DOSERR_SHARING_VIOLATION;
        }
    }
    return 0;
}

static bool overlap(const struct dos_lock *l, uint32_t off, uint32_t len)
{
    uint64_t a0 = l->off, a1 = (uint64_t)l->off + l->len, b0 = off, b1 = (uint64_t)off + len;
    return a0 < b1 && b0 < a1;
}

static int unlock(struct dos *d, unsigned k, uint32_t off, uint32_t len)
{
    for (unsigned i = 0; i < d->nlocks; i++) {
        struct dos_lock *l = &d->locks[i];
        if (l->sft == k && l->off == off && l->len == len && l->id == d->sft[k].id) {
            *l = d->locks[--d->nlocks];
            return 0;
        }
    }
    return -DOSERR_LOCK_VIOLATION;
}

int dos_lock(struct dos *d, unsigned k, uint32_t off, uint32_t len, bool do_unlock)
{
    if (do_unlock)
        return unlock(d, k, off, len);
    for (unsigned i = 0; i < d->nlocks; i++)
        if (d->locks[i].id == d->sft[k].id && overlap(&d->locks[i], off, len))
            return -DOSERR_LOCK_VIOLATION;
    d->locks = xgrow(d->locks, d->nlocks, &d->lockcap, LOCKS_MIN, sizeof *d->locks);
    d->locks[d->nlocks++] =
        (struct dos_lock){.id = d->sft[k].id, .sft = (uint8_t)k, .off = off, .len = len};
    return 0;
}

int dos_lock_check(struct dos *d, unsigned k, uint32_t off, uint32_t len)
{
    for (unsigned i = 0; i < d->nlocks; i++) {
        const struct dos_lock *l = &d->locks[i];
        if (l->sft != k && l->id == d->sft[k].id && overlap(l, off, len))
            return -DOSERR_LOCK_VIOLATION;
    }
    return 0;
}

void dos_locks_drop(struct dos *d, unsigned k)
{
    for (unsigned i = 0; i < d->nlocks;)
        if (d->locks[i].sft == k)
            d->locks[i] = d->locks[--d->nlocks];
        else
            i++;
}
