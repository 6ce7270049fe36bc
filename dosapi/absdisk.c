/* INT 25h/26h, absolute disk read and write (RBIL INT 25, INT 26): logical
 * sectors of a drive's volume, for disk image drives. The call returns
 * with a far return, leaving the caller's FLAGS on the stack (the caller
 * pops them), CF and AX telling the result. A drive that is no disk image
 * (host directory, zip, CD-ROM) answers "unknown unit" as DOSBox does for
 * its directory drives; a read-only image refuses writes with "write
 * protect". Writes make the drive's FAT code reload its caches. */
#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "fs/disk.h"
#include "fs/drive.h"

#define VEC_ABS_READ 0x25
#define VEC_ABS_WRITE 0x26
#define LARGE_REQUEST 0xFFFFu /* CX: DS:BX points to a packet */
#define PKT_SECTOR 0x00
#define PKT_COUNT 0x04
#define PKT_BUFFER 0x06
#define PKT_BYTES 0x0A
/* AX on failure: BIOS status in AH, driver error in AL (RBIL table 02550). */
#define ERR_UNKNOWN_UNIT 0x0201  /* bad address mark, unknown unit */
#define ERR_WRITE_PROTECT 0x0300 /* write-protected, write-protect error */
#define ERR_NOT_FOUND 0x0408     /* sector not found */
#define ERR_WRITE_FAULT 0x040A
#define ERR_READ_FAULT 0x040B

struct abs_req {
    uint32_t sector;
    uint32_t count;
    uint16_t seg, off;
};

static void request(struct intr_call *ic, struct abs_req *q)
{
    struct cpu_regs *r = ic->r;
    if (r->cx != LARGE_REQUEST) {
        *q = (struct abs_req){r->dx, r->cx, r->ds, r->bx};
        return;
    }
    uint8_t p[PKT_BYTES];
    mem_read_far(ic->mem, r->ds, r->bx, p, sizeof p);
    *q = (struct abs_req){get_le32(p + PKT_SECTOR), get_le16(p + PKT_COUNT),
                          get_le16(p + PKT_BUFFER + 2), get_le16(p + PKT_BUFFER)};
}

/* Move the sectors; returns 0 or the AX error word. */
static uint16_t transfer(struct dos *d, unsigned drive, const struct abs_req *q, bool write)
{
    struct fs_volume vi;
    uint8_t sec[FS_SECTOR_BYTES];
    if (fs_volume(d->fs, drive, &vi) < 0 || !vi.fat_bits)
        return ERR_UNKNOWN_UNIT;
    if (q->sector > vi.total_sectors || q->count > vi.total_sectors - q->sector)
        return ERR_NOT_FOUND;
    if (write && fs_disk_readonly(vi.disk))
        return ERR_WRITE_PROTECT;
    for (uint32_t i = 0; i < q->count; i++) {
        uint64_t lba = vi.first_sector + q->sector + i;
        uint16_t at = (uint16_t)(q->off + i * FS_SECTOR_BYTES);
        if (write) {
            mem_read_far(d->mem, q->seg, at, sec, sizeof sec);
            int rc = fs_disk_write(vi.disk, lba, 1, sec);
            fs_disk_touch(vi.disk);
            if (rc < 0)
                return rc == -DOSERR_WRITE_PROTECTED ? ERR_WRITE_PROTECT : ERR_WRITE_FAULT;
        } else {
            if (fs_disk_read(vi.disk, lba, 1, sec) < 0)
                return ERR_READ_FAULT;
            mem_write_far(d->mem, q->seg, at, sec, sizeof sec);
        }
    }
    return 0;
}

/* Return as the real handler does: RETF with the caller's FLAGS still
 * pushed, CF set and AX = err on failure. */
static void finish(struct intr_call *ic, uint16_t err)
{
    struct cpu_regs out;
    uint16_t caller_flags = ic->r->flags;
    intr_caller_regs(ic, &out);
    out.sp = (uint16_t)(out.sp - 2);
    mem_wr16(ic->mem, mem_lin(ic->mem, out.ss, out.sp), caller_flags);
    out.flags = caller_flags;
    regs_set_flag(&out, CPU_FLAG_CF, err != 0);
    if (err)
        out.ax = err;
    *ic->r = out;
}

static void absolute(struct dos *d, struct intr_call *ic, bool write)
{
    struct abs_req q;
    unsigned drive = reg_lo(ic->r->ax);
    request(ic, &q);
    uint16_t err = transfer(d, drive, &q, write);
    LOG(LOG_DOS, "INT %02Xh drive %c: sector %u, %u sectors -> %04X", write ? 0x26 : 0x25,
        'A' + drive, q.sector, q.count, err);
    finish(ic, err);
}

static void int25_read(void *ctx, struct intr_call *ic)
{
    absolute(ctx, ic, false);
}

static void int26_write(void *ctx, struct intr_call *ic)
{
    absolute(ctx, ic, true);
}

void dos_absdisk_init(struct dos *d)
{
    intr_set(d->intr, VEC_ABS_READ, int25_read, d);
    intr_set(d->intr, VEC_ABS_WRITE, int26_write, d);
}
