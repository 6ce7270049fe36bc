/* External commands: finding the program (current directory, then PATH;
 * .COM, .EXE, .BAT in that order) and the EXEC the stub makes for it. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dosapi/psp.h"
#include "shell/shell_impl.h"

#define PB_ENV 0x00 /* RBIL INT 21/AX=4B00h parameter block */
#define PB_TAIL 0x02
#define PB_FCB1 0x06
#define PB_FCB2 0x0A
#define PB_BYTES 0x0E
#define FCB_BYTES 0x25
#define FCB_PARSED 12 /* drive and 8.3 name */
#define PARSE_SKIP_LEADING 0x01

static const struct {
    const char *ext;
    enum sh_prog_kind kind;
} k_exts[] = {{".COM", SH_PROG_COM}, {".EXE", SH_PROG_EXE}, {".BAT", SH_PROG_BAT}};

static bool is_file(struct sh_session *s, const char *path)
{
    int attr = sh_dos_attr(s, path);
    return attr >= 0 && !(attr & FS_ATTR_DIRECTORY);
}

/* The extension of the last part of name ("" when none). */
static const char *extension(const char *name)
{
    const char *base = name, *dot;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    dot = strrchr(base, '.');
    return dot ? dot : "";
}

static bool found(struct sh_session *s, const char *cand, char *path, size_t cap)
{
    return is_file(s, cand) && fs_truename(s->sh->fs, cand, path, cap) == 0;
}

/* name in directory dir ("" for the current one). */
static int try_dir(struct sh_session *s, const char *dir, const char *name, char *path,
                   size_t cap, enum sh_prog_kind *kind)
{
    char cand[FS_PATH_MAX + 8];
    size_t n = strlen(dir);
    const char *sep = n && dir[n - 1] != '\\' && dir[n - 1] != ':' ? "\\" : "";
    const char *ext = extension(name);
    for (size_t i = 0; i < ARRAY_LEN(k_exts); i++) {
        if (ext[0] && strcasecmp(ext, k_exts[i].ext))
            continue;
        snprintf(cand, sizeof cand, "%s%s%s%s", dir, sep, name, ext[0] ? "" : k_exts[i].ext);
        if (found(s, cand, path, cap)) {
            *kind = k_exts[i].kind;
            return 0;
        }
    }
    return -DOSERR_FILE_NOT_FOUND;
}

int sh_find_program(struct sh_session *s, const char *name, char *path, size_t cap,
                    enum sh_prog_kind *kind)
{
    char paths[SH_LINE_MAX], dir[FS_PATH_MAX];
    if (!name[0] || strpbrk(name, "*?") || strlen(name) >= FS_PATH_MAX)
        return -DOSERR_FILE_NOT_FOUND;
    if (try_dir(s, "", name, path, cap, kind) == 0)
        return 0;
    if (strpbrk(name, "\\/:") || !sh_env_get(s, "PATH", paths, sizeof paths))
        return -DOSERR_FILE_NOT_FOUND;
    for (const char *p = paths; *p;) {
        size_t n = strcspn(p, ";");
        if (n && n < sizeof dir) {
            memcpy(dir, p, n);
            dir[n] = 0;
            if (try_dir(s, dir, name, path, cap, kind) == 0)
                return 0;
        }
        p += n + (p[n] == ';');
    }
    return -DOSERR_FILE_NOT_FOUND;
}

static bool drive_ok(void *ctx, unsigned drive)
{
    return drive == 0 || fs_drive_valid(ctx, drive - 1);
}

static void put_far(uint8_t *pb, unsigned at, uint16_t seg, uint16_t off)
{
    pb[at] = (uint8_t)off;
    pb[at + 1] = (uint8_t)(off >> 8);
    pb[at + 2] = (uint8_t)seg;
    pb[at + 3] = (uint8_t)(seg >> 8);
}

/* The FCBs COMMAND.COM fills from the first two arguments. */
static void fcbs(struct sh_session *s, const char *tail)
{
    struct mem *m = s->sh->mem;
    size_t used = 0;
    for (int i = 0; i < 2; i++) {
        uint8_t fcb[FCB_BYTES] = {0}, res;
        memset(fcb + 1, ' ', FCB_PARSED - 1);
        used += psp_parse_fcb_name(tail + used, PARSE_SKIP_LEADING, fcb, drive_ok, s->sh->fs,
                                   &res);
        mem_write(m, sh_scratch(s, i ? SB_FCB2 : SB_FCB1), fcb, sizeof fcb);
    }
}

void sh_exec_setup(struct sh_session *s, const char *path, const char *tail)
{
    struct mem *m = s->sh->mem;
    uint8_t t[PSP_TAIL_MAX + 2], pb[PB_BYTES] = {0};
    size_t n = MIN(strlen(tail), (size_t)PSP_TAIL_MAX);
    mem_write(m, sh_scratch(s, SB_PATH), path, strlen(path) + 1);
    t[0] = (uint8_t)n;
    memcpy(t + 1, tail, n);
    t[n + 1] = '\r';
    mem_write(m, sh_scratch(s, SB_TAIL), t, n + 2);
    fcbs(s, tail);
    put_far(pb, PB_TAIL, s->psp, (uint16_t)(s->buf_off + SB_TAIL));
    put_far(pb, PB_FCB1, s->psp, (uint16_t)(s->buf_off + SB_FCB1));
    put_far(pb, PB_FCB2, s->psp, (uint16_t)(s->buf_off + SB_FCB2));
    mem_write(m, sh_scratch(s, SB_PB), pb, sizeof pb);
    s->exec_pending = true;
}
