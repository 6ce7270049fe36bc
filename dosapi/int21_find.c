/* INT 21h 4Eh/4Fh: find first/next matching file. The search state lives
 * in the reserved part of the guest's DTA (RBIL table 01626), so programs
 * can copy DTAs and run several searches at once. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"

/* DTA layout of a search (DOS 3+). */
#define DTA_DRIVE 0x00    /* drive number, 1 = A: */
#define DTA_TEMPLATE 0x01 /* 11 bytes, FCB style */
#define DTA_SEARCH_ATTR 0x0C
#define DTA_POS 0x0D    /* entry number in the directory, bits 0-15 */
#define DTA_DIR_ID 0x0F /* DOS: start cluster of the directory */
#define DTA_CHECK 0x11  /* 3 bytes of the 4 reserved ones... */
#define DTA_POS_HI 0x14 /* ...and the entry number's bits 16-23 */
#define DTA_ATTR 0x15
#define DTA_TIME 0x16
#define DTA_DATE 0x18
#define DTA_SIZE 0x1A
#define DTA_NAME 0x1E /* 13 bytes ASCIZ */
#define DTA_BYTES 0x2B

static void store(struct dos_ctx *c, const struct fs_find *s, const struct fs_found *f)
{
    uint8_t b[DTA_BYTES] = {0};
    b[DTA_DRIVE] = (uint8_t)(s->drive + 1);
    memcpy(b + DTA_TEMPLATE, s->tmpl, FS_FCB_NAME_BYTES);
    b[DTA_SEARCH_ATTR] = s->attr;
    put_le16(b + DTA_POS, (uint16_t)s->pos);
    put_le16(b + DTA_DIR_ID, s->dir_id);
    put_le16(b + DTA_CHECK, (uint16_t)s->check);
    b[DTA_CHECK + 2] = (uint8_t)(s->check >> 16);
    b[DTA_POS_HI] = (uint8_t)(s->pos >> 16);
    b[DTA_ATTR] = f->st.attr;
    put_le16(b + DTA_TIME, f->st.dos_time);
    put_le16(b + DTA_DATE, f->st.dos_date);
    put_le32(b + DTA_SIZE, f->st.size);
    memcpy(b + DTA_NAME, f->name, strlen(f->name));
    mem_write_far(c->mem, c->dos->dta_seg, c->dos->dta_off, b, sizeof b);
    dos_detail(c, "-> %s", f->name);
}

static void load(struct dos_ctx *c, struct fs_find *s)
{
    uint8_t b[DTA_BYTES];
    mem_read_far(c->mem, c->dos->dta_seg, c->dos->dta_off, b, sizeof b);
    s->drive = (uint8_t)((b[DTA_DRIVE] & 0x7F) - 1);
    memcpy(s->tmpl, b + DTA_TEMPLATE, FS_FCB_NAME_BYTES);
    s->attr = b[DTA_SEARCH_ATTR];
    s->pos = get_le16(b + DTA_POS) | (uint32_t)b[DTA_POS_HI] << 16;
    s->dir_id = get_le16(b + DTA_DIR_ID);
    s->check = get_le16(b + DTA_CHECK) | (uint32_t)b[DTA_CHECK + 2] << 16;
}

/* 4Eh: CX attributes, DS:DX pattern; fills the DTA. AX = 0 on success
 * (what MS-DOS leaves there). */
int dos_fn_find_first(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    struct fs_find s;
    struct fs_found f;
    int rc = dos_get_path(c, c->r->ds, c->r->dx, path);
    if (rc < 0)
        return rc;
    rc = fs_find_first(c->dos->fs, path, (uint8_t)c->r->cx, &s, &f);
    if (rc < 0)
        return rc == -DOSERR_FILE_NOT_FOUND ? -DOSERR_NO_MORE_FILES : rc;
    store(c, &s, &f);
    c->r->ax = 0;
    return 0;
}

int dos_fn_find_next(struct dos_ctx *c)
{
    struct fs_find s;
    struct fs_found f;
    load(c, &s);
    int rc = fs_find_next(c->dos->fs, &s, &f);
    if (rc < 0)
        return rc;
    store(c, &s, &f);
    c->r->ax = 0;
    return 0;
}
