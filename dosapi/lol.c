/* The List of Lists (RBIL INT 21/AH=52h, table 01627) in the layout of the
 * DOS version reported, and the system data block ("SD", owner 0008h)
 * that MS-DOS 5 builds after its data segment, with one sub-block per
 * CONFIG.SYS setting (RBIL table 01629): 'D' the XMS driver's header,
 * 'F' the second file table (FILES=), 'X' the FCB table (FCBS=), 'B' the
 * disk buffers (BUFFERS=), 'L' the current directory structures
 * (LASTDRIVE=), followed there by the drive parameter blocks. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dosdata.h"
#include "dosapi/mcb.h"
#include "dosapi/tables.h"

#define SD_NAME "SD"
#define SUB_DEVICE 'D'
#define SUB_FILES 'F'
#define SUB_FCBS 'X'
#define SUB_BUFFERS 'B'
#define SUB_LASTDRIVE 'L'
#define SUB_OWNER 0x01 /* sub-block MCB: segment of its data */
#define SUB_SIZE 0x03
#define SUB_NAME 0x08
#define XMS_DRIVER_NAME "HIMEM"
#define XMS_DEV_PARAS 2
#define FAR_NONE 0xFFFFFFFFu
#define SECTOR_BYTES 512u
#define SHARE_RETRIES 3 /* 440Bh defaults */
#define SHARE_DELAY 1
#define BOOT_DRIVE_C 3
#define HMA_KB 64u           /* extended memory below the XMS blocks */
#define UMB_HEAD_SEG 0x9FFFu /* dosapi/umb.c: the MCB that links the UMBs */
#define NO_UMB 0xFFFFu
/* Disk buffer info, DOS 5.0-6.0 (RBIL table 01653) and 4.0 (01652). */
#define BI_FIRST 0x00
#define BI_UMB_LINKED 0x1C
#define BI_UMB_FIRST 0x1F
#define BI_SCAN_START 0x21
#define BI4_CHAINS 0x04
#define BI4_HASH_HEAD 0x30 /* one hash chain head, after the info */
#define HASH_LRU 0x02
/* Disk buffer headers: DOS 4.0-6.0 (table 01655), 2.x-3.x (01650). */
#define BUF4_HEADER 0x14
#define BUF4_NEXT 0x00
#define BUF4_PREV 0x02
#define BUF4_DRIVE 0x04
#define BUF4_COPIES 0x0A
#define BUF3_HEADER 0x10
#define BUF3_DRIVE 0x04
#define BUF3_COPIES 0x08
#define BUF_UNUSED 0xFF
/* DPB slot sizes: 2.x holds the current directory (64 bytes at 1Eh). */
#define DPB2_SLOT 0x60
#define DPB3_SLOT 0x20
#define DPB4_SLOT 0x21
#define DPB_SPARE 4 /* slots for drives mounted after start-up (Z:) */

static uint32_t dd(unsigned off)
{
    return ((uint32_t)DOS_DATA_SEG << 4) + off;
}

static uint32_t far(uint16_t seg, uint16_t off)
{
    return (uint32_t)seg << 16 | off;
}

static uint16_t paras(unsigned bytes)
{
    return (uint16_t)((bytes + 15) / 16);
}

static unsigned sft_entry_bytes(const struct dos *d)
{
    if (d->ver_major >= 4)
        return 0x3B;
    if (d->ver_major == 3)
        return d->ver_minor == 0 ? 0x38 : 0x35;
    return 0x28;
}

static uint16_t buffer_bytes(const struct dos *d)
{
    return (uint16_t)((d->ver_major >= 4 ? BUF4_HEADER : BUF3_HEADER) + SECTOR_BYTES);
}

/* The sub-blocks of SD in order: type, name, paragraphs of data. */
struct sub {
    char type;
    const char *name;
    uint16_t paras;
};

static unsigned sd_plan(const struct dos *d, bool xms, struct sub *s)
{
    struct dos_tables *t = d->tab;
    unsigned n = 0, files = DOS_MAX_SFT - DOS_SFT_FIRST;
    if (xms)
        s[n++] = (struct sub){SUB_DEVICE, XMS_DRIVER_NAME, XMS_DEV_PARAS};
    s[n++] = (struct sub){SUB_FILES, NULL, paras(SFT_HEADER + files * t->sft_bytes)};
    s[n++] = (struct sub){SUB_FCBS, NULL, paras(SFT_HEADER + DOS_FCBS * t->sft_bytes)};
    s[n++] = (struct sub){SUB_BUFFERS, NULL, paras(DOS_BUFFERS * buffer_bytes(d))};
    s[n++] = (struct sub){SUB_LASTDRIVE, NULL,
                          paras(t->dpb_off + t->dpb_slots * (unsigned)t->dpb_slot)};
    return n;
}

static void sub_header(struct dos *d, uint16_t seg, const struct sub *s)
{
    uint8_t h[16] = {(uint8_t)s->type};
    put_le16(h + SUB_OWNER, (uint16_t)(seg + 1));
    put_le16(h + SUB_SIZE, s->paras);
    if (s->name)
        memcpy(h + SUB_NAME, s->name, strlen(s->name));
    mem_write(d->mem, (uint32_t)seg << 4, h, sizeof h);
}

/* Remember where each sub-block's data went. */
static void sub_placed(struct dos_tables *t, char type, uint16_t data_seg)
{
    if (type == SUB_DEVICE)
        t->xms_dev = far(data_seg, 0);
    else if (type == SUB_FILES)
        t->sft2_seg = data_seg;
    else if (type == SUB_FCBS)
        t->fcb_seg = data_seg;
    else if (type == SUB_BUFFERS)
        t->buf_seg = data_seg;
    else
        t->cds_seg = data_seg;
}

/* The SD block is the first one allocated: in the upper memory arena when
 * there is one (as DOS=HIGH,UMB with FILESHIGH and LASTDRIVEHIGH puts
 * these tables), so its 10 KiB stay free for programs as DOSBox's private
 * area leaves them, else first in conventional memory. */
static void sd_block(struct dos *d, bool xms)
{
    struct dos_tables *t = d->tab;
    struct sub s[8];
    unsigned n = sd_plan(d, xms, s), total = 0;
    uint16_t seg, largest;
    for (unsigned i = 0; i < n; i++)
        total += 1u + s[i].paras;
    uint16_t arena = d->umb_start ? d->umb_start : DOS_FIRST_MCB;
    int rc = mcb_alloc(d->mem, arena, (uint16_t)total, MCB_OWNER_DOS, MCB_FIRST_FIT, &seg,
                       &largest);
    if (rc < 0 && arena != DOS_FIRST_MCB)
        rc = mcb_alloc(d->mem, DOS_FIRST_MCB, (uint16_t)total, MCB_OWNER_DOS, MCB_FIRST_FIT,
                       &seg, &largest);
    if (rc < 0)
        die("no memory for the DOS system data");
    mcb_set_owner(d->mem, seg, MCB_OWNER_DOS, SD_NAME);
    mem_fill(d->mem, (uint32_t)seg << 4, 0, total * 16u);
    t->sd_seg = seg;
    for (unsigned i = 0; i < n; i++) {
        sub_header(d, seg, &s[i]);
        sub_placed(t, s[i].type, (uint16_t)(seg + 1));
        seg = (uint16_t)(seg + 1 + s[i].paras);
    }
}

/* Mounted drives get DPB slots in drive order, as long as slots remain;
 * true when one got a slot. */
static bool dpb_assign(struct dos *d)
{
    struct dos_tables *t = d->tab;
    bool changed = false;
    for (unsigned drive = 0; drive < DOS_LASTDRIVE && t->ndpb < t->dpb_slots; drive++)
        if (fs_drive_valid(d->fs, drive) && !t->dpb_index[drive]) {
            t->dpb_index[drive] = (uint8_t)++t->ndpb;
            changed = true;
        }
    return changed;
}

/* The slot size of the version's layout, and slots for the drives there
 * are now and a few more. */
static void dpb_plan(struct dos *d)
{
    struct dos_tables *t = d->tab;
    t->dpb_slot = d->ver_major >= 4 ? DPB4_SLOT : d->ver_major == 3 ? DPB3_SLOT : DPB2_SLOT;
    t->dpb_off = (uint16_t)(DOS_LASTDRIVE * t->cds_bytes);
    t->dpb_slots = DPB_SPARE;
    for (unsigned drive = 0; drive < DOS_LASTDRIVE; drive++)
        t->dpb_slots += fs_drive_valid(d->fs, drive);
    dpb_assign(d);
}

uint32_t dos_dpb_far(const struct dos *d, unsigned drive)
{
    const struct dos_tables *t = d->tab;
    if (drive >= DOS_LASTDRIVE || !t->dpb_index[drive])
        return 0;
    return far(t->cds_seg, (uint16_t)(t->dpb_off + (t->dpb_index[drive] - 1u) * t->dpb_slot));
}

uint32_t dos_cds_far(const struct dos *d, unsigned drive)
{
    return far(d->tab->cds_seg, (uint16_t)(drive * d->tab->cds_bytes));
}

uint32_t dos_sft_entry_far(const struct dos *d, unsigned index)
{
    const struct dos_tables *t = d->tab;
    if (index < DOS_SFT_FIRST)
        return far(DOS_DATA_SEG, (uint16_t)(DD_SFT + SFT_HEADER + index * t->sft_bytes));
    return far(t->sft2_seg, (uint16_t)(SFT_HEADER + (index - DOS_SFT_FIRST) * t->sft_bytes));
}

uint32_t dos_sft_entry_lin(const struct dos *d, unsigned index)
{
    uint32_t f = dos_sft_entry_far(d, index);
    return ((f >> 16) << 4) + (f & 0xFFFF);
}

/* The file tables' headers: kernel table -> FILES= table; FCB table alone. */
static void file_tables(struct dos *d)
{
    struct dos_tables *t = d->tab;
    mem_wr32(d->mem, dd(DD_SFT), far(t->sft2_seg, 0));
    mem_wr16(d->mem, dd(DD_SFT) + 4, DOS_SFT_FIRST);
    mem_wr32(d->mem, (uint32_t)t->sft2_seg << 4, FAR_NONE);
    mem_wr16(d->mem, ((uint32_t)t->sft2_seg << 4) + 4, DOS_MAX_SFT - DOS_SFT_FIRST);
    mem_wr32(d->mem, (uint32_t)t->fcb_seg << 4, FAR_NONE);
    mem_wr16(d->mem, ((uint32_t)t->fcb_seg << 4) + 4, DOS_FCBS);
}

/* BUFFERS=: empty buffers on one ring (DOS 4+: offsets in one segment;
 * before: a chain of far pointers). */
static void disk_buffers(struct dos *d)
{
    uint32_t base = (uint32_t)d->tab->buf_seg << 4;
    uint16_t step = buffer_bytes(d);
    for (unsigned i = 0; i < DOS_BUFFERS; i++) {
        uint32_t at = base + i * step;
        uint16_t next = (uint16_t)(((i + 1) % DOS_BUFFERS) * step);
        uint16_t prev = (uint16_t)(((i + DOS_BUFFERS - 1) % DOS_BUFFERS) * step);
        if (d->ver_major >= 4) {
            mem_wr16(d->mem, at + BUF4_NEXT, next);
            mem_wr16(d->mem, at + BUF4_PREV, prev);
            mem_wr8(d->mem, at + BUF4_DRIVE, BUF_UNUSED);
            mem_wr8(d->mem, at + BUF4_COPIES, 1);
        } else {
            mem_wr32(d->mem, at, i + 1 < DOS_BUFFERS ? far(d->tab->buf_seg, next) : FAR_NONE);
            mem_wr8(d->mem, at + BUF3_DRIVE, BUF_UNUSED);
            mem_wr8(d->mem, at + BUF3_COPIES, 1);
        }
    }
}

static void buffer_info(struct dos *d)
{
    uint32_t bi = dd(DD_BUFINFO), first = far(d->tab->buf_seg, 0);
    if (d->ver_major == 4) {
        mem_wr32(d->mem, bi + BI_FIRST, far(DOS_DATA_SEG, DD_BUFINFO + BI4_HASH_HEAD));
        mem_wr16(d->mem, bi + BI4_CHAINS, 1);
        mem_wr32(d->mem, bi + BI4_HASH_HEAD + HASH_LRU, first);
        return;
    }
    mem_wr32(d->mem, bi + BI_FIRST, first);
    mem_wr16(d->mem, bi + BI_UMB_FIRST, d->umb_start ? UMB_HEAD_SEG : NO_UMB);
    mem_wr16(d->mem, bi + BI_SCAN_START, DOS_FIRST_MCB);
}

/* A drive mounted after start-up (the shell's Z:): its DPB, its CDS, and
 * the counts of block devices. */
static void drives_changed(struct dos *d)
{
    struct dos_tables *t = d->tab;
    uint32_t lol = dd(DD_LOL);
    if (!dpb_assign(d))
        return;
    dos_build_dpbs(d);
    dos_sync_cds(d);
    dos_devchain_units(d);
    if (d->ver_major == 2)
        mem_wr8(d->mem, lol + LOL2_DRIVES, (uint8_t)t->ndpb);
    else
        mem_wr8(d->mem,
                lol + (d->ver_major == 3 && d->ver_minor == 0 ? LOL30_BLOCK_DEVS
                                                              : LOL_BLOCK_DEVS),
                (uint8_t)t->ndpb);
}

void dos_lol_sync(struct dos *d)
{
    struct dos_tables *t = d->tab;
    uint32_t mask = fs_drive_mask(d->fs);
    if (mask != t->drives_shown) {
        t->drives_shown = mask;
        drives_changed(d);
    }
    if (t->umb_link_shown == d->umb_link || d->ver_major < 5)
        return;
    t->umb_link_shown = d->umb_link;
    mem_wr8(d->mem, dd(DD_BUFINFO) + BI_UMB_LINKED, d->umb_link ? 1 : 0);
}

/* DOS 3.1 and later (the common layout), with DOS 5's additions. */
static void lol_31(struct dos *d, uint32_t lol, uint32_t ext_kb)
{
    struct dos_tables *t = d->tab;
    mem_wr16(d->mem, lol + LOL_MAX_SECTOR, SECTOR_BYTES);
    mem_wr32(d->mem, lol + LOL_BUFFERS,
             d->ver_major >= 4 ? far(DOS_DATA_SEG, DD_BUFINFO) : far(t->buf_seg, 0));
    mem_wr32(d->mem, lol + LOL_CDS, far(t->cds_seg, 0));
    mem_wr32(d->mem, lol + LOL_FCB_SFT, far(t->fcb_seg, 0));
    mem_wr8(d->mem, lol + LOL_BLOCK_DEVS, (uint8_t)t->ndpb);
    mem_wr8(d->mem, lol + LOL_LASTDRIVE, DOS_LASTDRIVE);
    if (d->ver_major < 5)
        return;
    mem_wr16(d->mem, lol + LOL_BUFFERS_X, DOS_BUFFERS);
    mem_wr8(d->mem, lol + LOL_BOOT_DRIVE, BOOT_DRIVE_C);
    mem_wr8(d->mem, lol + LOL_DWORD_MOVES, 1);
    mem_wr16(d->mem, lol + LOL_EXT_KB, (uint16_t)MIN(ext_kb, 0xFFFFu));
}

static void lol_30(struct dos *d, uint32_t lol)
{
    struct dos_tables *t = d->tab;
    mem_wr8(d->mem, lol + LOL30_BLOCK_DEVS, (uint8_t)t->ndpb);
    mem_wr16(d->mem, lol + LOL30_MAX_SECTOR, SECTOR_BYTES);
    mem_wr32(d->mem, lol + LOL30_BUFFERS, far(t->buf_seg, 0));
    mem_wr32(d->mem, lol + LOL30_CDS, far(t->cds_seg, 0));
    mem_wr8(d->mem, lol + LOL30_LASTDRIVE, DOS_LASTDRIVE);
    mem_wr32(d->mem, lol + LOL30_FCB_SFT, far(t->fcb_seg, 0));
}

static void lol_2(struct dos *d, uint32_t lol)
{
    mem_wr8(d->mem, lol + LOL2_DRIVES, (uint8_t)d->tab->ndpb);
    mem_wr16(d->mem, lol + LOL2_MAX_SECTOR, SECTOR_BYTES);
    mem_wr32(d->mem, lol + LOL2_BUFFERS, far(d->tab->buf_seg, 0));
}

/* The fields before the NUL header, which dos_devchain_init writes. The
 * DPB chain comes from int21_disk.c. */
static void list_of_lists(struct dos *d, uint32_t ext_kb)
{
    uint32_t lol = dd(DD_LOL);
    mem_wr16(d->mem, lol + LOL_FIRST_MCB, DOS_FIRST_MCB);
    mem_wr16(d->mem, lol + LOL_SHARE_RETRIES, SHARE_RETRIES);
    mem_wr16(d->mem, lol + LOL_SHARE_DELAY, SHARE_DELAY);
    mem_wr32(d->mem, lol + LOL_OEM_HANDLER, FAR_NONE);
    if (d->ver_major >= 3)
        mem_wr32(d->mem, lol + LOL_CUR_BUFFER, far(d->tab->buf_seg, 0));
    mem_wr32(d->mem, lol + LOL_DPB, FAR_NONE);
    mem_wr32(d->mem, lol + LOL_SFT, far(DOS_DATA_SEG, DD_SFT));
    mem_wr32(d->mem, lol + LOL_CLOCK, dos_dev_far(d, "CLOCK$"));
    mem_wr32(d->mem, lol + LOL_CON, dos_dev_far(d, "CON"));
    if (d->ver_major == 2)
        lol_2(d, lol);
    else if (d->ver_major == 3 && d->ver_minor == 0)
        lol_30(d, lol);
    else
        lol_31(d, lol, ext_kb);
}

void dos_tables_init(struct dos *d, uint32_t xms_kb)
{
    bool xms = xms_kb != 0;
    struct dos_tables *t = d->tab;
    t->sft_bytes = sft_entry_bytes(d);
    t->cds_bytes = dos_cds_bytes(d);
    mem_wr8(d->mem, dd(DD_SDA_FORMAT), d->ver_major >= 4 ? 1 : 0);
    dpb_plan(d);
    sd_block(d, xms);
    file_tables(d);
    disk_buffers(d);
    buffer_info(d);
    dos_devchain_init(d);
    list_of_lists(d, HMA_KB + xms_kb);
    dos_cds_init(d);
    t->drives_shown = fs_drive_mask(d->fs);
    LOG(LOG_MEM,
        "DOS tables: SD block at %04X, %u drives with DPBs, %u file entries of %u bytes",
        t->sd_seg, t->ndpb, DOS_MAX_SFT, t->sft_bytes);
}
