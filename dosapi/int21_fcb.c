/* INT 21h FCB functions of DOS 1 (RBIL INT 21/AH=0Fh..17h, 23h, 24h, 29h):
 * open, close, search, delete, create, rename, size, parse. An open FCB
 * holds an SFT index and allocation number in its reserved bytes; the
 * file stays open until 10h or the end of the process that opened it.
 * Results are in AL (00h ok, FFh failed), CF is left alone. */
#include <stdio.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "base/stop.h"
#include "dosapi/dos_impl.h"
#include "dosapi/tables.h"
#include "dosapi/dosdata.h"
#include "dosapi/fcb.h"

#define PARSE_MAX 128
#define PARSE_INVALID_DRIVE 0xFF

void dos_fcb_at(struct dos_ctx *c, uint16_t seg, uint16_t off, struct dos_fcb *f)
{
    f->lin = mem_lin(c->mem, seg, off);
    f->ext = mem_rd8(c->mem, f->lin) == XFCB_FLAG;
    f->attr = f->ext ? mem_rd8(c->mem, f->lin + XFCB_ATTR) : 0;
    if (f->ext)
        f->lin += XFCB_HEADER;
}

static void fcb_arg(struct dos_ctx *c, struct dos_fcb *f)
{
    dos_fcb_at(c, c->r->ds, c->r->dx, f);
}

/* "X:NAME.EXT" (or "NAME.EXT" on the current drive) of an FCB name at lin. */
static int name_path(struct dos_ctx *c, uint8_t drive, uint32_t name_lin, char *out)
{
    uint8_t name[FCB_NAME_BYTES];
    char n83[FS_NAME83_MAX];
    mem_read(c->mem, name_lin, name, sizeof name);
    fs_fcb_to_name(name, n83);
    if (!n83[0])
        return -DOSERR_FILE_NOT_FOUND;
    if (drive && !fs_drive_valid(c->dos->fs, drive - 1u))
        return -DOSERR_INVALID_DRIVE;
    if (drive)
        snprintf(out, FS_PATH_MAX, "%c:%s", 'A' + drive - 1, n83);
    else
        snprintf(out, FS_PATH_MAX, "%s", n83);
    dos_detail(c, "FCB \"%s\"", out);
    return 0;
}

static int fcb_path(struct dos_ctx *c, const struct dos_fcb *f, char *out)
{
    return name_path(c, mem_rd8(c->mem, f->lin + FCB_DRIVE), f->lin + FCB_NAME, out);
}

/* The FCB at DS:DX and the path its name gives. */
static int fcb_arg_path(struct dos_ctx *c, struct dos_fcb *f, char *out)
{
    fcb_arg(c, f);
    return fcb_path(c, f, out);
}

struct sft *dos_fcb_sft(struct dos_ctx *c, const struct dos_fcb *f)
{
    struct dos *d = c->dos;
    uint8_t i = mem_rd8(c->mem, f->lin + (d->ver_major >= 3 ? FCB_SFT : FCB2_SFT));
    uint16_t gen = mem_rd16(c->mem, f->lin + FCB_SFT_GEN);
    if (i >= DOS_MAX_SFT || !d->sft[i].refs || !d->sft[i].fcb || (uint16_t)d->sft[i].gen != gen)
        return NULL;
    dos_sft_touch(d, i, SFT_SYNC_ALL);
    return &d->sft[i];
}

/* Finish an FCB call: AL = 00h or FFh; critical errors go to the
 * dispatcher (INT 24h). */
static int done(struct dos_ctx *c, int rc)
{
    if (rc < 0 && dos_crit_is_critical(-rc))
        return rc;
    if (rc < 0)
        dos_set_error(c->dos, -rc);
    reg_set_lo(&c->r->ax, rc < 0 ? FCB_FAIL : FCB_OK);
    return 0;
}

/* The reserved bytes of an open FCB, as the DOS version lays them out. */
static void reserved_fields(struct dos_ctx *c, uint32_t at, int index)
{
    struct dos *d = c->dos;
    const struct sft *s = &d->sft[index];
    bool device = s->kind == SFT_DEVICE;
    uint32_t hdr = device && s->dev ? dos_dev_far(d, s->dev->name) : 0;
    uint16_t attr = hdr ? mem_rd16(c->mem,
                                   mem_lin(c->mem, (uint16_t)(hdr >> 16), (uint16_t)hdr) +
                                       DEVHDR_ATTR)
                        : 0;
    mem_fill(c->mem, at + FCB_SFT, 0, FCB_RESERVED_BYTES);
    if (d->ver_major >= 3) {
        mem_wr8(c->mem, at + FCB_SFT, (uint8_t)index);
        if (device) {
            mem_wr8(c->mem, at + FCB3_ATTR,
                    (uint8_t)(FCB3_CHAR_DEVICE | (attr & FCB_DEV_ATTR_BITS)));
            mem_wr32(c->mem, at + FCB3_DEVICE, hdr);
        }
    } else if (device) {
        mem_wr8(c->mem, at + FCB2_DEVID,
                (uint8_t)(FCB2_IS_DEVICE | FCB2_CLEAN | (attr & FCB2_DEV_ATTR_BITS)));
        mem_wr32(c->mem, at + FCB2_DEVICE, hdr);
        mem_wr8(c->mem, at + FCB2_SFT, (uint8_t)index);
    } else {
        uint8_t drive = (uint8_t)(mem_rd8(c->mem, at + FCB_DRIVE) - 1u);
        mem_wr8(c->mem, at + FCB2_DEVID, (uint8_t)(FCB2_CLEAN | (drive & FCB2_DEV_ATTR_BITS)));
        mem_wr8(c->mem, at + FCB2_SFT, (uint8_t)index);
    }
    mem_wr16(c->mem, at + FCB_SFT_GEN, (uint16_t)s->gen);
}

/* Fill the fields DOS sets on open and create. */
static void opened(struct dos_ctx *c, const struct dos_fcb *f, int index)
{
    struct sft *s = &c->dos->sft[index];
    struct fs_stat st = {0};
    uint32_t at = f->lin;
    if (s->kind == SFT_FILE)
        fs_fstat(s->file, &st);
    if (mem_rd8(c->mem, at + FCB_DRIVE) == 0)
        mem_wr8(c->mem, at + FCB_DRIVE, (uint8_t)(fs_current_drive(c->dos->fs) + 1));
    mem_wr16(c->mem, at + FCB_CUR_BLOCK, 0);
    mem_wr16(c->mem, at + FCB_REC_SIZE, FCB_DEFAULT_RECORD);
    mem_wr32(c->mem, at + FCB_FILE_SIZE, st.size);
    mem_wr16(c->mem, at + FCB_DATE, st.dos_date);
    mem_wr16(c->mem, at + FCB_TIME, st.dos_time);
    reserved_fields(c, at, index);
}

static int open_or_create(struct dos_ctx *c, bool create)
{
    struct dos_fcb f;
    char path[FS_PATH_MAX];
    int rc = fcb_arg_path(c, &f, path);
    unsigned fl = FS_O_READ | FS_O_WRITE | (create ? FS_O_CREATE | FS_O_TRUNC : 0);
    int i = rc < 0 ? rc : dos_sft_open_fcb(c->dos, path, fl);
    if (i == -DOSERR_ACCESS_DENIED && !create)
        i = dos_sft_open_fcb(c->dos, path, FS_O_READ); /* read-only file or drive */
    if (i >= 0) {
        uint8_t attr = f.attr & (FS_ATTR_READONLY | FS_ATTR_HIDDEN | FS_ATTR_SYSTEM);
        if (create && attr)
            fs_set_attr(c->dos->fs, path, attr);
        opened(c, &f, i);
    }
    return done(c, i < 0 ? i : 0);
}

int dos_fn_fcb_open(struct dos_ctx *c)
{
    return open_or_create(c, false);
}

int dos_fn_fcb_create(struct dos_ctx *c)
{
    return open_or_create(c, true);
}

int dos_fn_fcb_close(struct dos_ctx *c)
{
    struct dos_fcb f;
    fcb_arg(c, &f);
    struct sft *s = dos_fcb_sft(c, &f);
    if (!s)
        return done(c, -DOSERR_INVALID_HANDLE);
    dos_sft_unref(c->dos, (uint8_t)(s - c->dos->sft));
    return done(c, 0);
}

/* ---- searches ---- */

static void put_entry(struct dos_ctx *c, const struct dos_fcb *f, uint8_t drive,
                      const struct fs_found *e)
{
    uint8_t b[XFCB_HEADER + 1 + DIRENT_BYTES] = {0}, *de;
    size_t n = 0;
    if (f->ext) {
        b[0] = XFCB_FLAG;
        b[XFCB_ATTR] = e->st.attr;
        n = XFCB_HEADER;
    }
    b[n++] = (uint8_t)(drive + 1);
    de = b + n;
    if (e->name[0] == '.') {
        memset(de + DIRENT_NAME, ' ', FCB_NAME_BYTES);
        memcpy(de + DIRENT_NAME, e->name, strlen(e->name));
    } else {
        fs_name_to_fcb(e->name, de + DIRENT_NAME);
    }
    de[DIRENT_ATTR] = e->st.attr;
    de[DIRENT_TIME] = (uint8_t)e->st.dos_time;
    de[DIRENT_TIME + 1] = e->st.dos_time >> 8;
    de[DIRENT_DATE] = (uint8_t)e->st.dos_date;
    de[DIRENT_DATE + 1] = e->st.dos_date >> 8;
    for (int i = 0; i < 4; i++)
        de[DIRENT_SIZE + i] = (uint8_t)(e->st.size >> (8 * i));
    de[DIRENT_CLUSTER] = (uint8_t)e->st.cluster;
    de[DIRENT_CLUSTER + 1] = (uint8_t)(e->st.cluster >> 8);
    de[DIRENT_CLUSTER_HI] = (uint8_t)(e->st.cluster >> 16);
    de[DIRENT_CLUSTER_HI + 1] = (uint8_t)(e->st.cluster >> 24);
    mem_write_far(c->mem, c->dos->dta_seg, c->dos->dta_off, b, n + DIRENT_BYTES);
}

static void save_search(struct dos_ctx *c, const struct dos_fcb *f, const struct fs_find *s)
{
    mem_wr16(c->mem, f->lin + FCB_FIND_POS, (uint16_t)s->pos);
    mem_wr8(c->mem, f->lin + FCB_FIND_POS_HI, (uint8_t)(s->pos >> 16));
    mem_wr16(c->mem, f->lin + FCB_FIND_DIR, s->dir_id);
    mem_wr32(c->mem, f->lin + FCB_FIND_CHECK, s->check);
    mem_wr8(c->mem, f->lin + FCB_FIND_DRIVE, s->drive);
    mem_wr8(c->mem, f->lin + FCB_FIND_ATTR, s->attr);
}

int dos_fn_fcb_find_first(struct dos_ctx *c)
{
    struct dos_fcb f;
    struct fs_find s;
    struct fs_found e;
    char path[FS_PATH_MAX];
    int rc = fcb_arg_path(c, &f, path);
    if (rc == 0)
        rc = fs_find_first(c->dos->fs, path, f.attr, &s, &e);
    if (rc == 0) {
        save_search(c, &f, &s);
        put_entry(c, &f, s.drive, &e);
    }
    return done(c, rc);
}

int dos_fn_fcb_find_next(struct dos_ctx *c)
{
    struct dos_fcb f;
    struct fs_find s;
    struct fs_found e;
    fcb_arg(c, &f);
    s.pos = mem_rd16(c->mem, f.lin + FCB_FIND_POS) |
            (uint32_t)mem_rd8(c->mem, f.lin + FCB_FIND_POS_HI) << 16;
    s.dir_id = mem_rd16(c->mem, f.lin + FCB_FIND_DIR);
    s.check = mem_rd32(c->mem, f.lin + FCB_FIND_CHECK) & FS_FIND_CHECK_MASK;
    s.drive = mem_rd8(c->mem, f.lin + FCB_FIND_DRIVE);
    s.attr = mem_rd8(c->mem, f.lin + FCB_FIND_ATTR);
    mem_read(c->mem, f.lin + FCB_NAME, s.tmpl, sizeof s.tmpl);
    int rc = fs_find_next(c->dos->fs, &s, &e);
    if (rc == 0) {
        save_search(c, &f, &s);
        put_entry(c, &f, s.drive, &e);
    }
    return done(c, rc);
}

/* The directory part of an FCB path ("X:" or ""), to join found names to. */
static void path_dir(const char *path, char *dir)
{
    size_t n = path[0] && path[1] == ':' ? 2 : 0;
    memcpy(dir, path, n);
    dir[n] = 0;
}

/* 13h: delete every match of a name that may hold '?'. */
int dos_fn_fcb_delete(struct dos_ctx *c)
{
    struct dos_fcb f;
    struct fs_find s;
    struct fs_found e;
    char path[FS_PATH_MAX], dir[4], one[FS_PATH_MAX];
    int rc = fcb_arg_path(c, &f, path), deleted = 0, err = 0;
    if (rc == 0)
        rc = fs_find_first(c->dos->fs, path, f.attr & (FS_ATTR_HIDDEN | FS_ATTR_SYSTEM), &s,
                           &e);
    path_dir(path, dir);
    for (; rc == 0 && !stop_requested(); rc = fs_find_next(c->dos->fs, &s, &e)) {
        snprintf(one, sizeof one, "%s%s", dir, e.name);
        int r = fs_unlink(c->dos->fs, one);
        if (r < 0 && dos_crit_is_critical(-r))
            return r;
        deleted += r == 0;
        err = r < 0 ? r : err;
    }
    return done(c, deleted ? 0 : err ? err : rc);
}

/* 17h: rename every match of the old name; '?' in the new name keeps the
 * old name's character there. */
int dos_fn_fcb_rename(struct dos_ctx *c)
{
    struct dos_fcb f;
    struct fs_find s;
    struct fs_found e;
    char path[FS_PATH_MAX], dir[4], from[FS_PATH_MAX], to[FS_PATH_MAX], n83[FS_NAME83_MAX];
    uint8_t newt[FCB_NAME_BYTES], old[FCB_NAME_BYTES];
    fcb_arg(c, &f);
    mem_read(c->mem, f.lin + FCB_RENAME_NEW + FCB_NAME, newt, sizeof newt);
    int rc = fcb_path(c, &f, path), renamed = 0;
    if (rc == 0)
        rc = fs_find_first(c->dos->fs, path, f.attr & (FS_ATTR_HIDDEN | FS_ATTR_SYSTEM), &s,
                           &e);
    path_dir(path, dir);
    for (; rc == 0 && !stop_requested(); rc = fs_find_next(c->dos->fs, &s, &e)) {
        fs_name_to_fcb(e.name, old);
        for (size_t i = 0; i < FCB_NAME_BYTES; i++)
            old[i] = newt[i] == '?' ? old[i] : newt[i];
        fs_fcb_to_name(old, n83);
        snprintf(from, sizeof from, "%s%s", dir, e.name);
        snprintf(to, sizeof to, "%s%s", dir, n83);
        int r = fs_rename(c->dos->fs, from, to);
        if (r < 0)
            return done(c, r);
        renamed++;
    }
    return done(c, renamed ? 0 : rc);
}

static uint16_t record_size(struct dos_ctx *c, const struct dos_fcb *f)
{
    uint16_t rs = mem_rd16(c->mem, f->lin + FCB_REC_SIZE);
    return rs ? rs : FCB_DEFAULT_RECORD;
}

/* 23h: random record field = file size in records, rounded up. */
int dos_fn_fcb_file_size(struct dos_ctx *c)
{
    struct dos_fcb f;
    struct fs_stat st;
    char path[FS_PATH_MAX];
    int rc = fcb_arg_path(c, &f, path);
    if (rc == 0)
        rc = fs_stat(c->dos->fs, path, &st);
    if (rc == 0) {
        uint16_t rs = record_size(c, &f);
        mem_wr32(c->mem, f.lin + FCB_RANDOM, (uint32_t)((st.size + rs - 1ull) / rs));
    }
    return done(c, rc);
}

/* 24h: random record field = current block and record. */
int dos_fn_fcb_set_random(struct dos_ctx *c)
{
    struct dos_fcb f;
    fcb_arg(c, &f);
    uint32_t rec = (uint32_t)mem_rd16(c->mem, f.lin + FCB_CUR_BLOCK) * FCB_BLOCK_RECORDS +
                   mem_rd8(c->mem, f.lin + FCB_CUR_REC);
    if (record_size(c, &f) >= 64)
        rec |= (uint32_t)mem_rd8(c->mem, f.lin + FCB_RANDOM + 3) << 24;
    mem_wr32(c->mem, f.lin + FCB_RANDOM, rec);
    return 0;
}

static bool drive_ok(void *ctx, unsigned drive)
{
    return drive == 0 || fs_drive_valid(ctx, drive - 1);
}

/* 29h: AL flags, DS:SI text, ES:DI FCB; AL result, DS:SI past the name. */
int dos_fn_parse_name(struct dos_ctx *c)
{
    char text[PARSE_MAX + 1];
    uint8_t fcb[FCB_NAME_BYTES + 1], result;
    uint32_t at = mem_lin(c->mem, c->r->es, c->r->di);
    mem_read_far(c->mem, c->r->ds, c->r->si, text, PARSE_MAX);
    text[PARSE_MAX] = 0;
    mem_read(c->mem, at, fcb, sizeof fcb);
    size_t n = psp_parse_fcb_name(text, reg_lo(c->r->ax), fcb, drive_ok, c->dos->fs, &result);
    mem_write(c->mem, at, fcb, sizeof fcb);
    c->r->si = (uint16_t)(c->r->si + n);
    reg_set_lo(&c->r->ax, result);
    return 0;
}
