/* The shell's DOS calls: INT 21h functions run natively for the current
 * process (the stub), with their arguments in the stub's scratch memory,
 * exactly as a guest COMMAND.COM would make them. */
#include <string.h>

#include "base/common.h"
#include "shell/shell_impl.h"

#define OPEN_READ 0x00
#define OPEN_WRITE 0x01
#define SEEK_FROM_END 0x02
#define ATTR_NORMAL 0x00

uint32_t sh_scratch(struct sh_session *s, uint16_t off)
{
    return mem_lin(s->sh->mem, s->psp, (uint16_t)(s->buf_off + off));
}

static struct cpu_regs regs(struct sh_session *s, uint16_t ax)
{
    struct cpu_regs r = {.ax = ax, .ds = s->psp, .es = s->psp, .cs = s->psp, .ss = s->psp};
    return r;
}

/* Run the call: AX on success (>= 0), -DOSERR_x, or SH_WAIT. */
static int call(struct sh_session *s, struct cpu_regs *r)
{
    if (dos_int21_call(s->sh->dos, r) == DOS_CALL_WAIT)
        return SH_WAIT;
    if (r->flags & CPU_FLAG_CF)
        return -(int)(r->ax ? r->ax : DOSERR_FUNCTION_INVALID);
    return r->ax;
}

/* Put path at scratch offset off; DX (or DI) points there. */
static int put_path(struct sh_session *s, uint16_t off, const char *path)
{
    size_t n = strlen(path);
    if (n >= 128)
        return -DOSERR_PATH_NOT_FOUND;
    mem_write(s->sh->mem, sh_scratch(s, off), path, n + 1);
    return 0;
}

static int path_call(struct sh_session *s, uint16_t ax, const char *path, uint16_t cx)
{
    struct cpu_regs r = regs(s, ax);
    int rc = put_path(s, SB_PATH, path);
    if (rc < 0)
        return rc;
    r.dx = (uint16_t)(s->buf_off + SB_PATH);
    r.cx = cx;
    return call(s, &r);
}

int sh_dos_open(struct sh_session *s, const char *path, uint8_t mode)
{
    return path_call(s, (uint16_t)(0x3D00 | mode), path, 0);
}

int sh_dos_create(struct sh_session *s, const char *path, bool must_be_new)
{
    return path_call(s, must_be_new ? 0x5B00 : 0x3C00, path, ATTR_NORMAL);
}

int sh_dos_close(struct sh_session *s, int h)
{
    struct cpu_regs r = regs(s, 0x3E00);
    r.bx = (uint16_t)h;
    return call(s, &r);
}

static uint32_t io_room(struct sh_session *s)
{
    return (uint32_t)s->buf_len - SB_IO;
}

int sh_dos_read(struct sh_session *s, int h, void *buf, uint32_t n)
{
    struct cpu_regs r = regs(s, 0x3F00);
    r.bx = (uint16_t)h;
    r.cx = (uint16_t)MIN(n, io_room(s));
    r.dx = (uint16_t)(s->buf_off + SB_IO);
    int rc = call(s, &r);
    if (rc > 0)
        mem_read(s->sh->mem, sh_scratch(s, SB_IO), buf, (size_t)rc);
    return rc;
}

int sh_dos_write(struct sh_session *s, int h, const void *buf, uint32_t n)
{
    const uint8_t *p = buf;
    uint32_t done = 0;
    while (done < n) {
        struct cpu_regs r = regs(s, 0x4000);
        uint32_t k = MIN(n - done, io_room(s));
        mem_write(s->sh->mem, sh_scratch(s, SB_IO), p + done, k);
        r.bx = (uint16_t)h;
        r.cx = (uint16_t)k;
        r.dx = (uint16_t)(s->buf_off + SB_IO);
        int rc = call(s, &r);
        if (rc < 0)
            return rc;
        done += (uint32_t)rc;
        if ((uint32_t)rc < k)
            break; /* disk full: DOS reports a short count */
    }
    return (int)done;
}

int sh_dos_seek(struct sh_session *s, int h, uint32_t pos)
{
    struct cpu_regs r = regs(s, 0x4200);
    r.bx = (uint16_t)h;
    r.cx = (uint16_t)(pos >> 16);
    r.dx = (uint16_t)pos;
    return call(s, &r) < 0 ? -DOSERR_SEEK_ERROR : 0;
}

int sh_dos_seek_end(struct sh_session *s, int h)
{
    struct cpu_regs r = regs(s, 0x4200 | SEEK_FROM_END);
    r.bx = (uint16_t)h;
    return call(s, &r) < 0 ? -DOSERR_SEEK_ERROR : 0;
}

int sh_dos_dup(struct sh_session *s, int h)
{
    struct cpu_regs r = regs(s, 0x4500);
    r.bx = (uint16_t)h;
    return call(s, &r);
}

int sh_dos_dup2(struct sh_session *s, int h, int to)
{
    struct cpu_regs r = regs(s, 0x4600);
    r.bx = (uint16_t)h;
    r.cx = (uint16_t)to;
    return call(s, &r);
}

int sh_dos_devinfo(struct sh_session *s, int h)
{
    struct cpu_regs r = regs(s, 0x4400);
    r.bx = (uint16_t)h;
    int rc = call(s, &r);
    return rc < 0 ? rc : r.dx;
}

int sh_dos_ftime(struct sh_session *s, int h, uint16_t *date, uint16_t *time)
{
    struct cpu_regs r = regs(s, 0x5700);
    r.bx = (uint16_t)h;
    int rc = call(s, &r);
    *date = r.dx;
    *time = r.cx;
    return rc < 0 ? rc : 0;
}

int sh_dos_set_ftime(struct sh_session *s, int h, uint16_t date, uint16_t time)
{
    struct cpu_regs r = regs(s, 0x5701);
    r.bx = (uint16_t)h;
    r.dx = date;
    r.cx = time;
    return call(s, &r);
}

int sh_dos_unlink(struct sh_session *s, const char *path)
{
    return path_call(s, 0x4100, path, 0);
}

int sh_dos_rename(struct sh_session *s, const char *from, const char *to)
{
    struct cpu_regs r = regs(s, 0x5600);
    int rc = put_path(s, SB_PATH, from);
    if (rc == 0)
        rc = put_path(s, SB_PATH2, to);
    if (rc < 0)
        return rc;
    r.dx = (uint16_t)(s->buf_off + SB_PATH);
    r.di = (uint16_t)(s->buf_off + SB_PATH2);
    return call(s, &r);
}

int sh_dos_mkdir(struct sh_session *s, const char *path)
{
    return path_call(s, 0x3900, path, 0);
}

int sh_dos_rmdir(struct sh_session *s, const char *path)
{
    return path_call(s, 0x3A00, path, 0);
}

int sh_dos_chdir(struct sh_session *s, const char *path)
{
    return path_call(s, 0x3B00, path, 0);
}

int sh_dos_getcwd(struct sh_session *s, unsigned drive1, char *out, size_t cap)
{
    struct cpu_regs r = regs(s, 0x4700);
    r.dx = (uint16_t)drive1;
    r.si = (uint16_t)(s->buf_off + SB_PATH);
    int rc = call(s, &r);
    if (rc < 0)
        return rc;
    return mem_str_far(s->sh->mem, s->psp, r.si, 0, out, cap) < 0 ? -DOSERR_PATH_NOT_FOUND : 0;
}

int sh_dos_attr(struct sh_session *s, const char *path)
{
    struct cpu_regs r = regs(s, 0x4300);
    int rc = put_path(s, SB_PATH, path);
    if (rc < 0)
        return rc;
    r.dx = (uint16_t)(s->buf_off + SB_PATH);
    rc = call(s, &r);
    return rc < 0 ? rc : r.cx;
}

unsigned sh_dos_drive(struct sh_session *s)
{
    struct cpu_regs r = regs(s, 0x1900);
    call(s, &r);
    return reg_lo(r.ax);
}

int sh_dos_set_drive(struct sh_session *s, unsigned drive)
{
    struct cpu_regs r = regs(s, 0x0E00);
    r.dx = (uint16_t)drive;
    call(s, &r);
    return sh_dos_drive(s) == drive ? 0 : -DOSERR_INVALID_DRIVE;
}

int sh_dos_alloc(struct sh_session *s, uint16_t paras)
{
    struct cpu_regs r = regs(s, 0x4800);
    r.bx = paras;
    return call(s, &r);
}

int sh_dos_free(struct sh_session *s, uint16_t seg)
{
    struct cpu_regs r = regs(s, 0x4900);
    r.es = seg;
    return call(s, &r);
}

void sh_dos_now(struct sh_session *s, struct sh_date *t)
{
    struct cpu_regs r = regs(s, 0x2A00);
    call(s, &r);
    t->year = r.cx;
    t->month = reg_hi(r.dx);
    t->day = reg_lo(r.dx);
    t->wday = reg_lo(r.ax);
    r = regs(s, 0x2C00);
    call(s, &r);
    t->hour = reg_hi(r.cx);
    t->min = reg_lo(r.cx);
    t->sec = reg_hi(r.dx);
    t->centi = reg_lo(r.dx);
}

int sh_dos_set_date(struct sh_session *s, int year, int month, int day)
{
    struct cpu_regs r = regs(s, 0x2B00);
    r.cx = (uint16_t)year;
    r.dx = (uint16_t)(month << 8 | day);
    call(s, &r);
    return reg_lo(r.ax) ? -DOSERR_INVALID_DATA : 0;
}

int sh_dos_set_time(struct sh_session *s, int hour, int min, int sec, int centi)
{
    struct cpu_regs r = regs(s, 0x2D00);
    r.cx = (uint16_t)(hour << 8 | min);
    r.dx = (uint16_t)(sec << 8 | centi);
    call(s, &r);
    return reg_lo(r.ax) ? -DOSERR_INVALID_DATA : 0;
}

/* set < 0: read the flag; else set it. Returns the flag after the call. */
bool sh_dos_verify(struct sh_session *s, int set)
{
    struct cpu_regs r = regs(s, set < 0 ? 0x5400 : (uint16_t)(0x2E00 | (set & 1)));
    call(s, &r);
    r = regs(s, 0x5400);
    call(s, &r);
    return reg_lo(r.ax) & 1;
}

bool sh_dos_break(struct sh_session *s, int set)
{
    struct cpu_regs r = regs(s, set < 0 ? 0x3300 : 0x3301);
    r.dx = (uint16_t)(set & 1);
    call(s, &r);
    r = regs(s, 0x3300);
    call(s, &r);
    return reg_lo(r.dx) & 1;
}

void sh_dos_version(struct sh_session *s, int *major, int *minor)
{
    struct cpu_regs r = regs(s, 0x3000);
    call(s, &r);
    *major = reg_lo(r.ax);
    *minor = reg_hi(r.ax);
}

int64_t sh_dos_disk_free(struct sh_session *s, unsigned drive1)
{
    struct cpu_regs r = regs(s, 0x3600);
    r.dx = (uint16_t)drive1;
    call(s, &r);
    if (r.ax == 0xFFFF)
        return -DOSERR_INVALID_DRIVE;
    return (int64_t)r.ax * r.bx * r.cx;
}
