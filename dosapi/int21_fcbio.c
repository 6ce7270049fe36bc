/* INT 21h FCB record I/O (RBIL INT 21/AH=14h, 15h, 21h, 22h, 27h, 28h):
 * records of the FCB's record size between the file and the DTA, at the
 * current block/record (sequential) or the random record number. */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/fcb.h"

#define SEGMENT_BYTES 0x10000u
#define RANDOM_MASK_BIG 0x00FFFFFFu /* 3-byte random record for records >= 64 bytes */
#define BIG_RECORD 64

enum fcb_mode { SEQUENTIAL, RANDOM, RANDOM_BLOCK };

struct xfer {
    struct dos_fcb f;
    struct sft *s;
    uint16_t rs;    /* record size */
    uint32_t rec;   /* first record */
    uint32_t count; /* records asked for */
};

static uint32_t current_record(struct dos_ctx *c, const struct dos_fcb *f)
{
    return (uint32_t)mem_rd16(c->mem, f->lin + FCB_CUR_BLOCK) * FCB_BLOCK_RECORDS +
           mem_rd8(c->mem, f->lin + FCB_CUR_REC);
}

static void set_current(struct dos_ctx *c, const struct dos_fcb *f, uint32_t rec)
{
    mem_wr16(c->mem, f->lin + FCB_CUR_BLOCK, (uint16_t)(rec / FCB_BLOCK_RECORDS));
    mem_wr8(c->mem, f->lin + FCB_CUR_REC, (uint8_t)(rec % FCB_BLOCK_RECORDS));
}

static uint32_t random_record(struct dos_ctx *c, const struct dos_fcb *f, uint16_t rs)
{
    uint32_t r = mem_rd32(c->mem, f->lin + FCB_RANDOM);
    return rs >= BIG_RECORD ? r & RANDOM_MASK_BIG : r;
}

/* Set up a transfer; AL = FFh-style failure when the FCB is not open. */
static int begin(struct dos_ctx *c, enum fcb_mode mode, struct xfer *x)
{
    dos_fcb_at(c, c->r->ds, c->r->dx, &x->f);
    x->s = dos_fcb_sft(c, &x->f);
    if (!x->s)
        return -DOSERR_INVALID_HANDLE;
    x->rs = mem_rd16(c->mem, x->f.lin + FCB_REC_SIZE);
    if (x->rs == 0) {
        x->rs = FCB_DEFAULT_RECORD;
        mem_wr16(c->mem, x->f.lin + FCB_REC_SIZE, x->rs);
    }
    x->rec = mode == SEQUENTIAL ? current_record(c, &x->f) : random_record(c, &x->f, x->rs);
    x->count = mode == RANDOM_BLOCK ? c->r->cx : 1;
    if (mode != SEQUENTIAL)
        set_current(c, &x->f, x->rec);
    dos_detail(c, "FCB %s record %u x%u", x->s->name, x->rec, x->count);
    return 0;
}

/* After n records: advance the position the mode advances. */
static void advance(struct dos_ctx *c, enum fcb_mode mode, const struct xfer *x, uint32_t n)
{
    if (mode == SEQUENTIAL || mode == RANDOM_BLOCK)
        set_current(c, &x->f, x->rec + n);
    if (mode == RANDOM_BLOCK) {
        mem_wr32(c->mem, x->f.lin + FCB_RANDOM, x->rec + n);
        c->r->cx = (uint16_t)n;
    }
}

static int seek_to(const struct xfer *x)
{
    uint32_t pos;
    if (x->s->kind != SFT_FILE)
        return 0;
    return fs_seek(x->s->file, (int64_t)x->rec * x->rs, FS_SEEK_SET, &pos);
}

static bool wraps(struct dos_ctx *c, const struct xfer *x)
{
    return (uint32_t)c->dos->dta_off + (uint32_t)x->count * x->rs > SEGMENT_BYTES;
}

static int read_bytes(struct dos_ctx *c, struct sft *s, uint8_t *buf, uint32_t n)
{
    if (s->kind == SFT_FILE)
        return fs_read(s->file, buf, n);
    return s->dev->read ? s->dev->read(c, s, buf, n) : 0;
}

/* A transfer failed: critical errors go to INT 24h (the dispatcher),
 * others end it with AL = 01h (read: no data; write: disk full, which is
 * also what a read-only file gives). */
static int failed(struct dos_ctx *c, int rc)
{
    if (dos_crit_is_critical(-rc))
        return rc;
    dos_set_error(c->dos, -rc);
    reg_set_lo(&c->r->ax, FCB_EOF);
    return 0;
}

/* Set up a transfer; false (AL: end of file, or the DTA would wrap) when
 * nothing moves. */
static bool start(struct dos_ctx *c, enum fcb_mode mode, struct xfer *x)
{
    if (begin(c, mode, x) < 0) {
        reg_set_lo(&c->r->ax, FCB_EOF);
        return false;
    }
    if (wraps(c, x)) {
        reg_set_lo(&c->r->ax, FCB_WRAP);
        return false;
    }
    return true;
}

static int do_read(struct dos_ctx *c, enum fcb_mode mode)
{
    struct xfer x;
    if (!start(c, mode, &x))
        return 0;
    uint32_t want = x.count * x.rs;
    uint8_t *buf = dos_iobuf(c->dos);
    int n = seek_to(&x);
    if (n == 0)
        n = read_bytes(c, x.s, buf, want);
    if (n < 0)
        return failed(c, n);
    uint32_t full = (uint32_t)n / x.rs, part = (uint32_t)n % x.rs;
    if (part)
        memset(buf + n, 0, x.rs - part);
    mem_write_far(c->mem, c->dos->dta_seg, c->dos->dta_off, buf, (full + !!part) * x.rs);
    advance(c, mode, &x, full + !!part);
    reg_set_lo(&c->r->ax, part ? FCB_PARTIAL : (uint32_t)n < want ? FCB_EOF : FCB_OK);
    return 0;
}

/* The FCB's file size and time after a write. */
static void update_fcb(struct dos_ctx *c, const struct xfer *x)
{
    struct fs_stat st;
    if (x->s->kind != SFT_FILE || fs_fstat(x->s->file, &st) < 0)
        return;
    mem_wr32(c->mem, x->f.lin + FCB_FILE_SIZE, st.size);
    mem_wr16(c->mem, x->f.lin + FCB_DATE, st.dos_date);
    mem_wr16(c->mem, x->f.lin + FCB_TIME, st.dos_time);
}

static int write_bytes(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n)
{
    if (s->kind != SFT_FILE)
        return s->dev->write ? s->dev->write(c, s, buf, n) : (int)n;
    if ((s->mode & DOS_ACCESS_MASK) == DOS_ACCESS_READ)
        return -DOSERR_ACCESS_DENIED;
    if (n == 0)
        return fs_truncate(s->file); /* 28h with CX=0: size = position */
    int rc = fs_write(s->file, buf, n);
    return rc == -DOSERR_HANDLE_DISK_FULL ? 0 : rc;
}

static int do_write(struct dos_ctx *c, enum fcb_mode mode)
{
    struct xfer x;
    if (!start(c, mode, &x))
        return 0;
    uint32_t want = x.count * x.rs;
    uint8_t *buf = dos_iobuf(c->dos);
    mem_read_far(c->mem, c->dos->dta_seg, c->dos->dta_off, buf, want);
    int n = seek_to(&x);
    if (n == 0)
        n = write_bytes(c, x.s, buf, want);
    if (n < 0)
        return failed(c, n);
    update_fcb(c, &x);
    advance(c, mode, &x, (uint32_t)n / x.rs);
    reg_set_lo(&c->r->ax, (uint32_t)n < want ? FCB_EOF : FCB_OK);
    return 0;
}

int dos_fn_fcb_read_seq(struct dos_ctx *c)
{
    return do_read(c, SEQUENTIAL);
}

int dos_fn_fcb_write_seq(struct dos_ctx *c)
{
    return do_write(c, SEQUENTIAL);
}

int dos_fn_fcb_read_random(struct dos_ctx *c)
{
    return do_read(c, RANDOM);
}

int dos_fn_fcb_write_random(struct dos_ctx *c)
{
    return do_write(c, RANDOM);
}

int dos_fn_fcb_read_block(struct dos_ctx *c)
{
    return do_read(c, RANDOM_BLOCK);
}

int dos_fn_fcb_write_block(struct dos_ctx *c)
{
    return do_write(c, RANDOM_BLOCK);
}
