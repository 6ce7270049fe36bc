/* INT 21h handle and directory functions (RBIL INT 21/AH=39h..6Ch). */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/psp.h"

#define ACCESS_MASK DOS_ACCESS_MASK
#define ACCESS_READ DOS_ACCESS_READ
#define ACCESS_WRITE DOS_ACCESS_WRITE
#define ACCESS_RW DOS_ACCESS_RW
#define ATTR_GET 0
#define ATTR_SET 1
#define EXT_IF_EXISTS_MASK 0x0F
#define EXT_IF_MISSING_MASK 0xF0
#define EXT_OPEN 1
#define EXT_REPLACE 2
#define EXT_CREATE 0x10
#define EXT_ACTION_OPENED 1
#define EXT_ACTION_CREATED 2
#define EXT_ACTION_REPLACED 3

static unsigned fs_flags_for(uint8_t mode)
{
    switch (mode & ACCESS_MASK) {
    case ACCESS_WRITE:
        return FS_O_WRITE;
    case ACCESS_RW:
        return FS_O_READ | FS_O_WRITE;
    default:
        return FS_O_READ;
    }
}

static int path_arg(struct dos_ctx *c, uint16_t seg, uint16_t off, char *path)
{
    int rc = dos_get_path(c, seg, off, path);
    return rc < 0 ? rc : 0;
}

/* Open or create path with fs flags and DOS mode; AX = handle. */
static int open_common(struct dos_ctx *c, const char *path, unsigned flags, uint8_t mode)
{
    int h = dos_open_path(c->dos, path, flags, mode);
    if (h < 0)
        return h;
    c->r->ax = (uint16_t)h;
    return 0;
}

/* Access 0-2 and sharing 0-4 (RBIL INT 21/AH=3Dh); else error 0Ch. */
static bool mode_valid(uint8_t mode)
{
    return (mode & ACCESS_MASK) <= ACCESS_RW && (mode & DOS_SHARE_MASK) <= DOS_SHARE_DENY_NONE;
}

int dos_fn_open(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    uint8_t mode = reg_lo(c->r->ax);
    int rc = path_arg(c, c->r->ds, c->r->dx, path);
    if (rc < 0)
        return rc;
    if (!mode_valid(mode))
        return -DOSERR_INVALID_ACCESS;
    return open_common(c, path, fs_flags_for(mode), mode);
}

/* Create with the attributes in CX: read-only, hidden and system stick to
 * the new file (the handle still writes). */
static int create_with(struct dos_ctx *c, const char *path, unsigned flags, uint16_t attr,
                       uint8_t mode)
{
    int rc = open_common(c, path, flags, mode);
    uint8_t keep = attr & (FS_ATTR_READONLY | FS_ATTR_HIDDEN | FS_ATTR_SYSTEM);
    if (rc == 0 && keep && !dos_device_by_name(path))
        fs_set_attr(c->dos->fs, path, (uint8_t)(attr & ~FS_ATTR_DIRECTORY));
    return rc;
}

int dos_fn_create(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    int rc = path_arg(c, c->r->ds, c->r->dx, path);
    if (rc < 0)
        return rc;
    if (c->r->cx & (FS_ATTR_VOLUME | FS_ATTR_DIRECTORY))
        return -DOSERR_ACCESS_DENIED;
    return create_with(c, path, FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC, c->r->cx,
                       ACCESS_RW);
}

int dos_fn_create_new(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    int rc = path_arg(c, c->r->ds, c->r->dx, path);
    if (rc < 0)
        return rc;
    if (dos_device_by_name(path))
        return -DOSERR_FILE_EXISTS;
    if (c->r->cx & (FS_ATTR_VOLUME | FS_ATTR_DIRECTORY))
        return -DOSERR_ACCESS_DENIED;
    return create_with(c, path, FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_EXCL, c->r->cx,
                       ACCESS_RW);
}

/* 6Ch: BL mode, DL action, DS:SI name; CX = action taken. */
int dos_fn_extended_open(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    char path[FS_PATH_MAX];
    struct fs_stat st;
    uint8_t mode = reg_lo(r->bx), act = reg_lo(r->dx);
    int rc = path_arg(c, r->ds, r->si, path);
    if (rc < 0)
        return rc;
    if (!mode_valid(mode & (uint8_t)~DOS_OPEN_NO_INHERIT))
        return -DOSERR_INVALID_ACCESS;
    bool exists = dos_device_by_name(path) || fs_stat(c->dos->fs, path, &st) == 0;
    unsigned flags = fs_flags_for(mode), taken;
    if (exists) {
        if ((act & EXT_IF_EXISTS_MASK) == EXT_OPEN)
            taken = EXT_ACTION_OPENED;
        else if ((act & EXT_IF_EXISTS_MASK) == EXT_REPLACE) {
            flags |= FS_O_TRUNC | FS_O_WRITE;
            taken = EXT_ACTION_REPLACED;
        } else {
            return -DOSERR_FILE_EXISTS;
        }
    } else {
        if (!(act & EXT_CREATE))
            return -DOSERR_FILE_NOT_FOUND;
        flags |= FS_O_CREATE | FS_O_WRITE;
        taken = EXT_ACTION_CREATED;
    }
    rc = taken == EXT_ACTION_CREATED ? create_with(c, path, flags, r->cx, mode)
                                     : open_common(c, path, flags, mode);
    if (rc == 0)
        r->cx = (uint16_t)taken;
    return rc;
}

int dos_fn_close(struct dos_ctx *c)
{
    dos_detail(c, "handle %u", c->r->bx);
    return dos_handle_close(c->dos, c->dos->cur_psp, c->r->bx);
}

int dos_fn_read(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    uint8_t *buf = dos_iobuf(c->dos);
    dos_detail(c, "handle %u, %u bytes", r->bx, r->cx);
    int n = dos_handle_read(c, r->bx, buf, r->cx);
    if (n < 0)
        return n;
    mem_write_far(c->mem, r->ds, r->dx, buf, (size_t)n);
    r->ax = (uint16_t)n;
    return 0;
}

int dos_fn_write(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    uint8_t *buf = dos_iobuf(c->dos);
    dos_detail(c, "handle %u, %u bytes", r->bx, r->cx);
    mem_read_far(c->mem, r->ds, r->dx, buf, r->cx);
    int n = dos_handle_write(c, r->bx, buf, r->cx);
    if (n < 0)
        return n;
    r->ax = r->cx ? (uint16_t)n : 0;
    return 0;
}

int dos_fn_delete(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    int rc = path_arg(c, c->r->ds, c->r->dx, path);
    if (rc < 0)
        return rc;
    if (dos_device_by_name(path))
        return -DOSERR_ACCESS_DENIED;
    return fs_unlink(c->dos->fs, path);
}

/* 42h: AL origin, CX:DX offset; DX:AX = new position. */
int dos_fn_seek(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    struct sft *s;
    uint32_t pos = 0;
    uint8_t origin = reg_lo(r->ax);
    int rc = dos_handle_sft_pos(c->dos, r->bx, &s);
    if (rc < 0)
        return rc;
    if (origin > FS_SEEK_END)
        return -DOSERR_FUNCTION_INVALID;
    if (s->kind == SFT_FILE) {
        int32_t off = (int32_t)((uint32_t)r->cx << 16 | r->dx);
        int64_t o = origin == FS_SEEK_SET ? (int64_t)(uint32_t)off : (int64_t)off;
        rc = fs_seek(s->file, o, (enum fs_whence)origin, &pos);
        if (rc < 0)
            return rc;
    }
    r->dx = (uint16_t)(pos >> 16);
    r->ax = (uint16_t)pos;
    return 0;
}

/* 43h: AL=0 get attributes into CX, AL=1 set them from CX. */
int dos_fn_attributes(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    struct fs_stat st;
    int rc = path_arg(c, c->r->ds, c->r->dx, path);
    if (rc < 0)
        return rc;
    switch (reg_lo(c->r->ax)) {
    case ATTR_GET:
        rc = fs_stat(c->dos->fs, path, &st);
        if (rc == 0)
            c->r->cx = c->r->ax = st.attr;
        return rc;
    case ATTR_SET:
        dos_detail(c, "\"%s\" attr %02Xh", path, c->r->cx);
        if (c->r->cx > 0xFF)
            return -DOSERR_ACCESS_DENIED;
        return fs_set_attr(c->dos->fs, path, (uint8_t)c->r->cx);
    default:
        return -DOSERR_FUNCTION_INVALID;
    }
}

int dos_fn_dup(struct dos_ctx *c)
{
    struct sft *s;
    int i = dos_handle_sft(c->dos, c->r->bx, &s);
    if (i < 0)
        return i;
    int h = dos_jft_alloc(c->dos, c->dos->cur_psp, (uint8_t)i);
    if (h < 0)
        return h;
    c->r->ax = (uint16_t)h;
    return 0;
}

int dos_fn_dup2(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    struct sft *s;
    unsigned size;
    int i = dos_handle_sft(d, c->r->bx, &s);
    if (i < 0)
        return i;
    uint32_t jft = dos_jft_lin(d, d->cur_psp, &size);
    if (c->r->cx >= size)
        return -DOSERR_INVALID_HANDLE;
    if (c->r->cx == c->r->bx)
        return 0;
    dos_handle_close(d, d->cur_psp, c->r->cx);
    mem_wr8(c->mem, jft + c->r->cx, (uint8_t)i);
    s->refs++;
    return 0;
}

int dos_fn_get_cwd(struct dos_ctx *c)
{
    char cwd[FS_DIR_MAX + 1];
    int rc = fs_get_cwd(c->dos->fs, reg_lo(c->r->dx), cwd, sizeof cwd);
    if (rc < 0)
        return rc;
    mem_write_far(c->mem, c->r->ds, c->r->si, cwd, strlen(cwd) + 1);
    c->r->ax = 0x0100; /* what MS-DOS leaves in AX */
    return 0;
}

int dos_fn_chdir(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    int rc = path_arg(c, c->r->ds, c->r->dx, path);
    if (rc == 0)
        rc = fs_chdir(c->dos->fs, path);
    if (rc == 0)
        dos_sync_cds(c->dos);
    return rc == -DOSERR_FILE_NOT_FOUND ? -DOSERR_PATH_NOT_FOUND : rc;
}

int dos_fn_mkdir(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    int rc = path_arg(c, c->r->ds, c->r->dx, path);
    return rc < 0 ? rc : fs_mkdir(c->dos->fs, path);
}

int dos_fn_rmdir(struct dos_ctx *c)
{
    char path[FS_PATH_MAX];
    int rc = path_arg(c, c->r->ds, c->r->dx, path);
    return rc < 0 ? rc : fs_rmdir(c->dos->fs, path);
}

int dos_fn_rename(struct dos_ctx *c)
{
    char from[FS_PATH_MAX], to[FS_PATH_MAX];
    int rc = path_arg(c, c->r->ds, c->r->dx, from);
    if (rc == 0)
        rc = path_arg(c, c->r->es, c->r->di, to);
    if (rc < 0)
        return rc;
    dos_detail(c, "\"%s\" -> \"%s\"", from, to);
    return fs_rename(c->dos->fs, from, to);
}

/* 57h: AL=0 get (CX time, DX date), AL=1 set. */
int dos_fn_file_time(struct dos_ctx *c)
{
    struct sft *s;
    struct fs_stat st;
    int rc = dos_handle_sft(c->dos, c->r->bx, &s);
    if (rc < 0)
        return rc;
    if (s->kind != SFT_FILE) {
        if (reg_lo(c->r->ax) > 1)
            return -DOSERR_FUNCTION_INVALID;
        c->r->cx = c->r->dx = 0;
        return 0;
    }
    switch (reg_lo(c->r->ax)) {
    case 0:
        rc = fs_fstat(s->file, &st);
        if (rc == 0) {
            c->r->cx = st.dos_time;
            c->r->dx = st.dos_date;
        }
        return rc;
    case 1:
        return fs_set_ftime(s->file, c->r->dx, c->r->cx);
    default:
        return -DOSERR_FUNCTION_INVALID;
    }
}

int dos_fn_commit(struct dos_ctx *c)
{
    struct sft *s;
    int rc = dos_handle_sft(c->dos, c->r->bx, &s);
    if (rc < 0)
        return rc;
    return s->kind == SFT_FILE ? fs_commit(s->file) : 0;
}
