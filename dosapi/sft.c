/* Handles: per-process job file tables (JFT) over the system file table
 * (SFT), and the character devices behind them. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/common.h"
#include "base/log.h"
#include "dosapi/dos_impl.h"
#include "dosapi/psp.h"
#include "dosapi/tables.h"

/* IOCTL 4400h device information bits (RBIL INT 21/AX=4400h). */
#define DEVINFO_STDIN 0x0001
#define DEVINFO_STDOUT 0x0002
#define DEVINFO_NUL 0x0004
#define DEVINFO_CLOCK 0x0008
#define DEVINFO_SPECIAL 0x0010
#define DEVINFO_RAW 0x0020
#define DEVINFO_EOF 0x0040 /* device: not at end of input */
#define DEVINFO_DEVICE 0x0080
#define DEVINFO_CON                                                                            \
    (DEVINFO_DEVICE | DEVINFO_EOF | DEVINFO_SPECIAL | DEVINFO_STDIN | DEVINFO_STDOUT)
#define DEVINFO_FILE_C 0x0002 /* a disk file on drive C: */

#define SFT_STDIN 0
#define SFT_STDOUT 1
#define SFT_STDERR 2
#define SFT_AUX 3
#define SFT_PRN 4

uint32_t dos_jft_lin(struct dos *d, uint16_t psp, unsigned *size)
{
    uint32_t base = (uint32_t)psp << 4;
    *size = mem_rd16(d->mem, base + PSP_JFT_SIZE);
    uint16_t off = mem_rd16(d->mem, base + PSP_JFT_PTR);
    uint16_t seg = mem_rd16(d->mem, base + PSP_JFT_PTR + 2);
    return mem_lin(d->mem, seg, off);
}

/* sft.c: handles */
static int dos_sft_alloc(struct dos *d)
{
    for (int i = 0; i < DOS_MAX_SFT; i++)
        if (d->sft[i].refs == 0 && d->sft[i].kind == SFT_FREE) {
            memset(&d->sft[i], 0, sizeof d->sft[i]);
            d->sft[i].gen = ++d->sft_gen;
            d->sft[i].owner = d->cur_psp;
            d->sft_top = MAX(d->sft_top, (unsigned)i + 1);
            dos_sft_touch(d, (unsigned)i, SFT_SYNC_ALL);
            return i;
        }
    return -DOSERR_TOO_MANY_OPEN_FILES;
}

/* A handle's slot in a JFT (a table: no code runs from it). */
static void jft_set(struct dos *d, uint32_t lin, uint8_t sft_index)
{
    mem_write_data(d->mem, lin, &sft_index, 1);
}

int dos_jft_alloc(struct dos *d, uint16_t psp, uint8_t sft_index)
{
    unsigned size;
    uint32_t jft = dos_jft_lin(d, psp, &size);
    for (unsigned h = 0; h < size; h++)
        if (mem_rd8(d->mem, jft + h) == PSP_JFT_UNUSED) {
            jft_set(d, jft + h, sft_index);
            d->sft[sft_index].refs++;
            dos_sft_touch(d, sft_index, SFT_SYNC_ALL);
            return (int)h;
        }
    return -DOSERR_TOO_MANY_OPEN_FILES;
}

/* The SFT slot of handle in the current JFT; what the caller may change
 * in it (SFT_SYNC_*) is shown to the guest after the call. */
static int handle_slot(struct dos *d, unsigned handle, struct sft **out, unsigned what)
{
    unsigned size;
    uint32_t jft = dos_jft_lin(d, d->cur_psp, &size);
    if (handle >= size)
        return -DOSERR_INVALID_HANDLE;
    uint8_t i = mem_rd8(d->mem, jft + handle);
    if (i >= DOS_MAX_SFT || d->sft[i].refs == 0)
        return -DOSERR_INVALID_HANDLE;
    *out = &d->sft[i];
    if (what)
        dos_sft_touch(d, i, what);
    return i;
}

int dos_handle_sft(struct dos *d, unsigned handle, struct sft **out)
{
    return handle_slot(d, handle, out, SFT_SYNC_ALL);
}

int dos_handle_sft_pos(struct dos *d, unsigned handle, struct sft **out)
{
    return handle_slot(d, handle, out, SFT_SYNC_POS);
}

int dos_handle_sft_peek(struct dos *d, unsigned handle, struct sft **out)
{
    return handle_slot(d, handle, out, 0);
}

void dos_sft_unref(struct dos *d, uint8_t index)
{
    struct sft *s = &d->sft[index];
    dos_sft_touch(d, index, SFT_SYNC_ALL);
    if (s->refs <= 0 || --s->refs > 0)
        return;
    if (s->kind == SFT_FILE)
        fs_close(s->file);
    if (d->nlocks)
        dos_locks_drop(d, index);
    s->kind = SFT_FREE;
    s->file = NULL;
}

int dos_handle_close(struct dos *d, uint16_t psp, unsigned handle)
{
    unsigned size;
    uint32_t jft = dos_jft_lin(d, psp, &size);
    if (handle >= size)
        return -DOSERR_INVALID_HANDLE;
    uint8_t i = mem_rd8(d->mem, jft + handle);
    if (i >= DOS_MAX_SFT || d->sft[i].refs == 0)
        return -DOSERR_INVALID_HANDLE;
    jft_set(d, jft + handle, PSP_JFT_UNUSED);
    dos_sft_unref(d, i);
    return 0;
}

/* Handles of psp, and the files its FCBs opened. */
void dos_close_psp_files(struct dos *d, uint16_t psp)
{
    unsigned size;
    dos_jft_lin(d, psp, &size);
    for (unsigned h = 0; h < size; h++)
        dos_handle_close(d, psp, h);
    for (unsigned i = 0; i < DOS_MAX_SFT; i++)
        if (d->sft[i].fcb && d->sft[i].owner == psp && d->sft[i].refs)
            dos_sft_unref(d, (uint8_t)i);
}

void dos_inherit_handles(struct dos *d, uint16_t parent, uint16_t child)
{
    unsigned psize, csize;
    uint32_t pj = dos_jft_lin(d, parent, &psize), cj = dos_jft_lin(d, child, &csize);
    for (unsigned h = 0; h < MIN(psize, csize); h++) {
        uint8_t i = mem_rd8(d->mem, pj + h);
        bool ok = i < DOS_MAX_SFT && d->sft[i].refs && !(d->sft[i].mode & DOS_OPEN_NO_INHERIT);
        mem_wr8(d->mem, cj + h, ok ? i : PSP_JFT_UNUSED);
        if (ok)
            d->sft[i].refs++;
        dos_sft_touch(d, i, SFT_SYNC_ALL);
    }
}

/* ---- devices ---- */

int dos_nul_read(struct dos_ctx *c, struct sft *s, uint8_t *buf, uint32_t n)
{
    UNUSED(c);
    UNUSED(s);
    UNUSED(buf);
    UNUSED(n);
    return 0;
}

int dos_nul_write(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n)
{
    UNUSED(c);
    UNUSED(s);
    UNUSED(buf);
    return (int)n;
}

/* Printer and serial port: nothing is attached. Output is dropped (said
 * once), input is at its end. */
static int noport_write(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n)
{
    UNUSED(c);
    UNUSED(buf);
    QUIET_ONCE(LOG_DOS, "output to %s is discarded: no printer or serial port is attached",
               s->name);
    return (int)n;
}

/* Cooked console input: a whole edited line, then its bytes and LF. */
static int con_read(struct dos_ctx *c, struct sft *s, uint8_t *buf, uint32_t n)
{
    struct dos *d = c->dos;
    UNUSED(s);
    if (d->con_pending_pos >= d->con_pending_len) {
        int rc = dos_con_read_line(c, SFT_STDIN, &d->line, DOS_LINE_MAX, true);
        if (rc < 0)
            return rc;
        memcpy(d->con_pending, d->line.buf, d->line.len);
        d->con_pending_len = d->line.len;
        if (rc > 0) { /* ended with CR: DOS adds CR LF */
            d->con_pending[d->con_pending_len++] = '\r';
            d->con_pending[d->con_pending_len++] = '\n';
            static const uint8_t lf = '\n';
            if (!d->host.input_echoed)
                dos_stdout_bytes(c, &lf, 1);
        }
        d->con_pending_pos = 0;
        d->line.len = 0;
    }
    uint32_t k = MIN(n, d->con_pending_len - d->con_pending_pos);
    memcpy(buf, d->con_pending + d->con_pending_pos, k);
    d->con_pending_pos += k;
    return (int)k;
}

static int con_write(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n)
{
    UNUSED(s);
    bios_tty_write(c->dos->bios, buf, n);
    return (int)n;
}

static int con_ready(struct dos_ctx *c, struct sft *s)
{
    uint16_t key;
    UNUSED(s);
    if (c->dos->con_pending_pos < c->dos->con_pending_len)
        return DOS_READY;
    int rc = bios_key_get(c->dos->bios, false, &key);
    return rc > 0 ? DOS_READY : rc < 0 ? DOS_ENDED : DOS_NOT_YET;
}

static int hostin_read(struct dos_ctx *c, struct sft *s, uint8_t *buf, uint32_t n)
{
    if (!n)
        return 0;
    int r = s->eof ? 0 : c->dos->host.stdin_read(c->dos->host.ctx, buf, n);
    if (r < 0)
        return DOS_WAIT;
    if (r == 0) {
        s->eof = true;
        dos_note_input_end(c);
    } else {
        dos_note_input_read(c->dos);
    }
    return r;
}

static int hostin_ready(struct dos_ctx *c, struct sft *s)
{
    const struct dos_host *h = &c->dos->host;
    if (s->eof)
        return DOS_ENDED;
    int rc = h->stdin_poll ? h->stdin_poll(h->ctx) : DOS_READY;
    return rc > 0 ? DOS_READY : rc < 0 ? DOS_ENDED : DOS_NOT_YET;
}

static int hostout_write(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n)
{
    UNUSED(s);
    c->dos->host.out_write(c->dos->host.ctx, 1, buf, n);
    return (int)n;
}

/* Handle 2 is CON on DOS, even with standard input redirected: what
 * reads it (MS-DOS 2.0 COMMAND.COM's "Abort, Retry, Ignore?" points handle
 * 0 at it) gets keys from the console keyboard. */
static int hosterr_read(struct dos_ctx *c, struct sft *s, uint8_t *buf, uint32_t n)
{
    UNUSED(s);
    return n ? dos_con_key(c, buf) : 0;
}

static int hosterr_write(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n)
{
    UNUSED(s);
    c->dos->host.out_write(c->dos->host.ctx, 2, buf, n);
    return (int)n;
}

int dos_always_ready(struct dos_ctx *c, struct sft *s)
{
    UNUSED(c);
    UNUSED(s);
    return DOS_READY;
}

#define EPOCH_1980 315532800 /* 1980-01-01 00:00 in seconds since 1970 */

/* CLOCK$ record: days since 1980-01-01, minutes, hours, hundredths, seconds
 * (MS-DOS Encyclopedia, "The CLOCK$ device"). */
static int clock_read(struct dos_ctx *c, struct sft *s, uint8_t *buf, uint32_t n)
{
    struct bios_time t;
    uint8_t rec[6];
    UNUSED(s);
    bios_wall_time(c->dos->bios, &t);
    struct tm tm = {.tm_year = t.year - 1900, .tm_mon = t.month - 1, .tm_mday = t.day};
    long days = (long)((timegm(&tm) - EPOCH_1980) / 86400);
    rec[0] = (uint8_t)days;
    rec[1] = (uint8_t)(days >> 8);
    rec[2] = (uint8_t)t.min;
    rec[3] = (uint8_t)t.hour;
    rec[4] = (uint8_t)t.centi;
    rec[5] = (uint8_t)t.sec;
    n = MIN(n, (uint32_t)sizeof rec);
    memcpy(buf, rec, n);
    return (int)n;
}

static const struct dos_device k_devices[] = {
    {"CON", DEVINFO_CON, con_read, con_write, con_ready},
    {"NUL", DEVINFO_DEVICE | DEVINFO_EOF | DEVINFO_NUL, dos_nul_read, dos_nul_write,
     dos_always_ready},
    {"AUX", DEVINFO_DEVICE | DEVINFO_EOF, dos_nul_read, noport_write, dos_always_ready},
    {"COM1", DEVINFO_DEVICE | DEVINFO_EOF, dos_nul_read, noport_write, dos_always_ready},
    {"COM2", DEVINFO_DEVICE | DEVINFO_EOF, dos_nul_read, noport_write, dos_always_ready},
    {"COM3", DEVINFO_DEVICE | DEVINFO_EOF, dos_nul_read, noport_write, dos_always_ready},
    {"COM4", DEVINFO_DEVICE | DEVINFO_EOF, dos_nul_read, noport_write, dos_always_ready},
    {"PRN", DEVINFO_DEVICE | DEVINFO_EOF, dos_nul_read, noport_write, dos_always_ready},
    {"LPT1", DEVINFO_DEVICE | DEVINFO_EOF, dos_nul_read, noport_write, dos_always_ready},
    {"LPT2", DEVINFO_DEVICE | DEVINFO_EOF, dos_nul_read, noport_write, dos_always_ready},
    {"LPT3", DEVINFO_DEVICE | DEVINFO_EOF, dos_nul_read, noport_write, dos_always_ready},
    {"CLOCK$", DEVINFO_DEVICE | DEVINFO_EOF | DEVINFO_CLOCK, clock_read, dos_clock_write,
     dos_always_ready},
};

static const struct dos_device k_host_in = {"STDIN", DEVINFO_FILE_C, hostin_read, NULL,
                                            hostin_ready};
static const struct dos_device k_host_out = {"STDOUT", DEVINFO_FILE_C, NULL, hostout_write,
                                             dos_always_ready};
static const struct dos_device k_host_err = {"STDERR", DEVINFO_FILE_C, hosterr_read,
                                             hosterr_write, dos_always_ready};

/* The device a path names, whatever its directory or extension ("CON",
 * "C:\DEV\NUL.TXT"), or NULL. */
const struct dos_device *dos_device_by_name(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    size_t n = strcspn(base, ".");
    while (n && base[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < ARRAY_LEN(k_devices); i++) {
        const char *name = k_devices[i].name;
        size_t j = 0;
        if (strlen(name) != n)
            continue;
        while (j < n && toupper((unsigned char)base[j]) == name[j])
            j++;
        if (j == n)
            return &k_devices[i];
    }
    return NULL;
}

static void set_device(struct dos *d, int i, const struct dos_device *dev, uint16_t info)
{
    struct sft *s = &d->sft[i];
    memset(s, 0, sizeof *s);
    dos_sft_touch(d, (unsigned)i, SFT_SYNC_ALL);
    s->owner = d->cur_psp;
    s->kind = SFT_DEVICE;
    s->dev = dev;
    s->info = info;
    s->mode = 2; /* read/write */
    snprintf(s->name, sizeof s->name, "%s", dev->name);
}

/* Standard handles 0-4 of the root process: host streams, or CON when the
 * host stream is a terminal; AUX and PRN. */
void dos_std_handles_init(struct dos *d, uint16_t psp)
{
    const struct dos_device *con = &k_devices[0];
    set_device(d, SFT_STDIN, d->host.stdin_tty ? con : &k_host_in,
               d->host.stdin_tty ? DEVINFO_CON : DEVINFO_FILE_C);
    set_device(d, SFT_STDOUT, d->host.stdout_tty ? con : &k_host_out,
               d->host.stdout_tty ? DEVINFO_CON : DEVINFO_FILE_C);
    set_device(d, SFT_STDERR, &k_host_err, d->host.stderr_tty ? DEVINFO_CON : DEVINFO_FILE_C);
    set_device(d, SFT_AUX, dos_device_by_name("AUX"), DEVINFO_DEVICE | DEVINFO_EOF);
    set_device(d, SFT_PRN, dos_device_by_name("PRN"), DEVINFO_DEVICE | DEVINFO_EOF);
    for (uint8_t i = SFT_STDIN; i <= SFT_PRN; i++)
        dos_jft_alloc(d, psp, i);
}

/* Open a disk file into SFT entry i: when the file is open elsewhere,
 * sharing is checked before it is truncated, so a refused open changes
 * nothing. (Another name for the same host file, such as a hard link, is
 * caught by the check but after the truncation.) */
static bool open_elsewhere(struct dos *d, const char *name)
{
    for (unsigned k = 0; k < d->sft_top; k++)
        if (d->sft[k].refs && d->sft[k].kind == SFT_FILE && !strcmp(d->sft[k].name, name))
            return true;
    return false;
}

static int open_file(struct dos *d, int i, const char *path, unsigned fs_flags, uint8_t mode)
{
    struct fs_file *f;
    struct sft *s = &d->sft[i];
    bool named = fs_truename(d->fs, path, s->name, sizeof s->name) == 0;
    bool late_trunc = (fs_flags & FS_O_TRUNC) && open_elsewhere(d, s->name);
    unsigned fl = late_trunc ? fs_flags & ~(unsigned)FS_O_TRUNC : fs_flags;
    int rc = named ? fs_open_truename(d->fs, s->name, fl, &f) : fs_open(d->fs, path, fl, &f);
    if (rc < 0)
        return rc;
    s->kind = SFT_FILE;
    s->file = f;
    s->mode = mode;
    s->id = fs_file_id(f);
    s->info = (uint16_t)(fs_file_drive(f) & 0x3F);
    rc = dos_share_check(d, (unsigned)i);
    if (rc == 0 && late_trunc)
        rc = fs_truncate(f);
    if (rc < 0) {
        fs_close(f);
        s->kind = SFT_FREE;
        s->file = NULL;
    }
    return rc;
}

/* A device name counts in an existing directory only ("C:\DIR\NUL" is
 * how programs test that DIR exists). */
static int device_dir_check(struct dos *d, const char *path)
{
    char dir[FS_PATH_MAX];
    struct fs_stat st;
    size_t n = strlen(path);
    while (n && path[n - 1] != '\\' && path[n - 1] != '/' && path[n - 1] != ':')
        n--;
    while (n > 1 && (path[n - 1] == '\\' || path[n - 1] == '/') && path[n - 2] != ':')
        n--;
    if (n == 0 || path[n - 1] == ':' || path[n - 1] == '\\' || path[n - 1] == '/')
        return 0; /* a drive or root: always there */
    snprintf(dir, sizeof dir, "%.*s", (int)n, path);
    if (fs_stat(d->fs, dir, &st) < 0 || !(st.attr & FS_ATTR_DIRECTORY))
        return -DOSERR_PATH_NOT_FOUND;
    return 0;
}

int dos_open_path(struct dos *d, const char *path, unsigned fs_flags, uint8_t mode)
{
    const struct dos_device *dev = dos_device_by_name(path);
    int rc = dev ? device_dir_check(d, path) : 0;
    if (rc < 0)
        return rc;
    if (!dev)
        dev = dos_ems_device(d, path);
    int i = dos_sft_alloc(d);
    if (i < 0)
        return i;
    if (dev) {
        set_device(d, i, dev, dev->info);
    } else {
        rc = open_file(d, i, path, fs_flags, mode);
        if (rc < 0)
            return rc;
    }
    d->sft[i].mode = mode;
    int h = dos_jft_alloc(d, d->cur_psp, (uint8_t)i);
    if (h < 0) {
        d->sft[i].refs = 1;
        dos_sft_unref(d, (uint8_t)i);
    }
    return h;
}

/* The file table is full: close the oldest file an FCB opened (DOS's
 * FCBS= does the same), so DOS 1 programs that never close can go on. */
static int reuse_fcb_entry(struct dos *d)
{
    int oldest = -1;
    for (int k = 0; k < DOS_MAX_SFT; k++)
        if (d->sft[k].refs && d->sft[k].fcb &&
            (oldest < 0 || d->sft[k].gen < d->sft[oldest].gen))
            oldest = k;
    if (oldest < 0)
        return -DOSERR_TOO_MANY_OPEN_FILES;
    LOG(LOG_DOS, "file table full: closing FCB file %s", d->sft[oldest].name);
    dos_sft_unref(d, (uint8_t)oldest);
    return dos_sft_alloc(d);
}

int dos_sft_open_fcb(struct dos *d, const char *path, unsigned fs_flags)
{
    const struct dos_device *dev = dos_device_by_name(path);
    int i = dos_sft_alloc(d);
    if (i == -DOSERR_TOO_MANY_OPEN_FILES)
        i = reuse_fcb_entry(d);
    if (i < 0)
        return i;
    uint8_t mode = (fs_flags & FS_O_WRITE) ? DOS_ACCESS_RW : DOS_ACCESS_READ;
    int rc = 0;
    if (dev)
        set_device(d, i, dev, dev->info);
    else
        rc = open_file(d, i, path, fs_flags | FS_O_READ, mode);
    if (rc < 0)
        return rc;
    d->sft[i].refs = 1;
    d->sft[i].fcb = true;
    return i;
}

/* A read or write of n bytes at the current position of handle s: refused
 * when another handle locked part of that region. */
static int locked(struct dos *d, struct sft *s, uint32_t n)
{
    uint32_t pos;
    if (!d->nlocks || s->kind != SFT_FILE || fs_seek(s->file, 0, FS_SEEK_CUR, &pos) < 0)
        return 0;
    return dos_lock_check(d, (unsigned)(s - d->sft), pos, MAX(n, 1u));
}

int dos_handle_read(struct dos_ctx *c, unsigned handle, uint8_t *buf, uint32_t n)
{
    struct sft *s;
    int rc = handle_slot(c->dos, handle, &s, SFT_SYNC_POS);
    if (rc < 0)
        return rc;
    if ((s->mode & DOS_ACCESS_MASK) == DOS_ACCESS_WRITE)
        return -DOSERR_ACCESS_DENIED; /* opened write-only */
    if (s->kind == SFT_FILE)
        return (rc = locked(c->dos, s, n)) < 0 ? rc : fs_read(s->file, buf, n);
    if (!s->dev->read)
        return -DOSERR_ACCESS_DENIED;
    return s->dev->read(c, s, buf, n);
}

int dos_handle_write(struct dos_ctx *c, unsigned handle, const uint8_t *buf, uint32_t n)
{
    struct sft *s;
    int rc = handle_slot(c->dos, handle, &s, n ? SFT_SYNC_SIZE : SFT_SYNC_ALL);
    if (rc < 0)
        return rc;
    if ((s->mode & DOS_ACCESS_MASK) == DOS_ACCESS_READ && s->kind == SFT_FILE)
        return -DOSERR_ACCESS_DENIED; /* opened read-only */
    if (s->kind == SFT_FILE) {
        if ((rc = locked(c->dos, s, n)) < 0)
            return rc;
        if (n == 0)
            return fs_truncate(s->file);
        rc = fs_write(s->file, buf, n);
        return rc == -DOSERR_HANDLE_DISK_FULL ? 0 : rc; /* DOS: short count */
    }
    if (!s->dev->write)
        return -DOSERR_ACCESS_DENIED;
    return s->dev->write(c, s, buf, n);
}
