/* The system file tables in guest memory (RBIL tables 01639-01642; MS-DOS
 * 4.0 INC/SF.INC): one entry per native SFT slot, so the index a JFT
 * holds is the entry's number in the chain. An entry is rebuilt from the
 * native handle (reference count, open mode, attribute, device info,
 * driver or DPB, time, date, size, position, 8.3 name, owner) after every
 * service that touched it, and written only where it changed. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "dosapi/dosdata.h"
#include "dosapi/tables.h"
#include "fs/names83.h"

#define MODE_FCB 0x8000        /* sf_mode: opened through an FCB */
#define FLAG_NO_INHERIT 0x1000 /* sf_flags */
#define DEVINFO_DEVICE 0x0080
#define DEVINFO_DRIVE 0x003F
#define NONE 0xFF

/* Where the fields are in each version's entry; NONE: absent. DOS 2.x
 * stores counts and flags in bytes, the drive (0: a device) at 03h, and
 * either the driver or the first cluster at 1Ch. */
struct layout {
    uint8_t bytes, refs, mode, attr, flags, devptr, firclus, time, date, size, pos, name, owner;
    uint8_t drive;
    bool narrow;
};

static const struct layout k_v4 = {0x3B, 0x00, 0x02, 0x04, 0x05, 0x07, 0x0B, 0x0D,
                                   0x0F, 0x11, 0x15, 0x20, 0x31, NONE, false};
static const struct layout k_v31 = {0x35, 0x00, 0x02, 0x04, 0x05, 0x07, 0x0B, 0x0D,
                                    0x0F, 0x11, 0x15, 0x20, 0x31, NONE, false};
static const struct layout k_v30 = {0x38, 0x00, 0x02, 0x04, 0x05, 0x07, 0x0B, 0x0D,
                                    0x0F, 0x11, 0x15, 0x21, 0x32, NONE, false};
static const struct layout k_v2 = {0x28, 0x00, 0x01, 0x02, 0x1B, 0x1C, 0x1C, 0x19,
                                   0x17, 0x13, 0x24, 0x04, NONE, 0x03, true};

static const struct layout *layout_of(const struct dos *d)
{
    if (d->ver_major >= 4)
        return &k_v4;
    if (d->ver_major == 3)
        return d->ver_minor == 0 ? &k_v30 : &k_v31;
    return &k_v2;
}

void dos_sft_touch(struct dos *d, unsigned index, unsigned what)
{
    struct dos_tables *t = d->tab;
    if (index >= DOS_MAX_SFT || !t)
        return;
    if (!t->sft_dirty[index])
        t->dirty_list[t->ndirty++] = (uint8_t)index;
    t->sft_dirty[index] |= (uint8_t)what;
    t->cur_sft = index;
}

/* The 11-byte directory form of the last part of a path or device name. */
static void fcb_name(const char *path, uint8_t out[FS_FCB_NAME_BYTES])
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == ':')
            base = p + 1;
    fs_name_to_fcb(base, out);
}

static void put16(uint8_t *e, const struct layout *l, uint8_t at, uint16_t v)
{
    if (at == NONE)
        return;
    if (l->narrow && (at == l->refs || at == l->mode || at == l->flags))
        e[at] = (uint8_t)v;
    else
        put_le16(e + at, v);
}

/* A disk file: what its handle and the file system say. */
static void file_fields(struct dos *d, const struct sft *s, const struct layout *l, uint8_t *e)
{
    struct fs_stat st;
    uint32_t pos = 0;
    unsigned drive = s->info & DEVINFO_DRIVE;
    if (s->kind == SFT_FILE && fs_fstat(s->file, &st) == 0) {
        e[l->attr] = st.attr;
        put16(e, l, l->time, st.dos_time);
        put16(e, l, l->date, st.dos_date);
        put_le32(e + l->size, st.size);
        put16(e, l, l->firclus, (uint16_t)st.cluster);
    }
    if (s->kind == SFT_FILE && fs_seek(s->file, 0, FS_SEEK_CUR, &pos) == 0)
        put_le32(e + l->pos, pos);
    if (l->drive != NONE)
        e[l->drive] = (uint8_t)(drive + 1);
    else
        put_le32(e + l->devptr, dos_dpb_far(d, drive));
}

static void build(struct dos *d, unsigned i, const struct layout *l, uint8_t *e)
{
    const struct sft *s = &d->sft[i];
    memset(e, 0, l->bytes);
    if (s->kind == SFT_FREE || s->refs <= 0)
        return;
    put16(e, l, l->refs, (uint16_t)s->refs);
    put16(e, l, l->mode, (uint16_t)(s->mode | (s->fcb ? MODE_FCB : 0)));
    put16(e, l, l->flags,
          (uint16_t)(s->info |
                     ((s->mode & DOS_OPEN_NO_INHERIT) && !l->narrow ? FLAG_NO_INHERIT : 0)));
    fcb_name(s->name, e + l->name);
    put16(e, l, l->owner, s->owner);
    if (s->info & DEVINFO_DEVICE)
        put_le32(e + l->devptr, dos_dev_far(d, s->name));
    else
        file_fields(d, s, l, e);
}

/* Show e as entry i where it differs from what the guest was last shown
 * (DOS's tables hold no code: mem_write_data). */
static void show(struct dos *d, unsigned i, const uint8_t *e, unsigned bytes)
{
    uint8_t *old = d->tab->sft_shadow[i];
    size_t len;
    size_t first = bytes_diff(e, old, bytes, &len);
    if (!len)
        return;
    mem_write_data(d->mem, dos_sft_entry_lin(d, i) + (uint32_t)first, e + first, len);
    memcpy(old + first, e + first, len);
}

/* Show a 32-bit field of entry i that changed alone. */
static void show32(struct dos *d, unsigned i, uint8_t at, uint32_t v)
{
    uint8_t *old = d->tab->sft_shadow[i] + at;
    if (get_le32(old) == v)
        return;
    put_le32(old, v);
    mem_write_data(d->mem, dos_sft_entry_lin(d, i) + at, old, sizeof v);
}

/* After reads, seeks and writes only the position changed, and with
 * writes the size, which a DOS write can only grow past the position
 * (truncations come as SFT_SYNC_ALL): no file status needed, and only
 * those two fields are compared and shown. */
static void sync_position(struct dos *d, unsigned i, const struct layout *l, bool grew)
{
    const struct sft *s = &d->sft[i];
    uint32_t pos;
    if (s->kind != SFT_FILE || s->refs <= 0 || fs_seek(s->file, 0, FS_SEEK_CUR, &pos) < 0)
        return;
    show32(d, i, l->pos, pos);
    if (grew && pos > get_le32(d->tab->sft_shadow[i] + l->size))
        show32(d, i, l->size, pos);
}

void dos_sft_flush(struct dos *d)
{
    struct dos_tables *t = d->tab;
    const struct layout *l = t->ndirty ? layout_of(d) : NULL;
    for (unsigned k = 0; k < t->ndirty; k++) {
        unsigned i = t->dirty_list[k];
        uint8_t what = t->sft_dirty[i];
        uint8_t e[SFT_ENTRY_MAX];
        t->sft_dirty[i] = 0;
        if (what & SFT_SYNC_ALL) {
            build(d, i, l, e);
            show(d, i, e, l->bytes);
        } else {
            sync_position(d, i, l, what & SFT_SYNC_SIZE);
        }
    }
    t->ndirty = 0;
}
