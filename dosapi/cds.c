/* The current directory structures (RBIL table 01643: DOS 4.0-6.0, 58h
 * bytes; 01644: DOS 3.x, 51h bytes), one per drive letter up to
 * LASTDRIVE, kept in step with the current directories of fs/. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "dosapi/dosdata.h"
#include "dosapi/tables.h"

#define CDS3_BYTES 0x51
#define CLUSTER_UNKNOWN 0xFFFFu
#define REDIR_NONE 0xFFFFFFFFu
#define ROOT_BACKSLASH 2 /* "C:\" */

static void entry(struct dos *d, unsigned drv, uint8_t *e)
{
    char cwd[FS_DIR_MAX + 1];
    memset(e, 0, CDS_BYTES);
    e[CDS_PATH] = (uint8_t)('A' + drv);
    e[CDS_PATH + 1] = ':';
    e[CDS_PATH + 2] = '\\';
    put_le16(e + CDS_BACKSLASH, ROOT_BACKSLASH);
    if (!fs_drive_valid(d->fs, drv))
        return;
    if (fs_get_cwd(d->fs, drv + 1, cwd, sizeof cwd) == 0)
        memcpy(e + CDS_PATH + 3, cwd, strnlen(cwd, CDS_FLAGS - 4));
    put_le16(e + CDS_FLAGS, CDS_PHYSICAL);
    put_le32(e + CDS_DPB, dos_dpb_far(d, drv));
    put_le16(e + CDS_START_CLUSTER, cwd[0] ? CLUSTER_UNKNOWN : 0);
    put_le32(e + CDS_REDIR, REDIR_NONE);
}

/* Rewrite every drive's structure (after 0Eh, 3Bh, a mount or a swap). */
void dos_sync_cds(struct dos *d)
{
    struct dos_tables *t = d->tab;
    uint8_t e[CDS_BYTES];
    if (!t || !t->cds_bytes)
        return;
    for (unsigned drv = 0; drv < DOS_LASTDRIVE; drv++) {
        entry(d, drv, e);
        mem_write(d->mem, ((uint32_t)t->cds_seg << 4) + drv * t->cds_bytes, e, t->cds_bytes);
    }
}

void dos_cds_init(struct dos *d)
{
    dos_sync_cds(d);
}

unsigned dos_cds_bytes(const struct dos *d)
{
    if (d->ver_major < 3)
        return 0;
    return d->ver_major == 3 ? CDS3_BYTES : CDS_BYTES;
}
