/* Processes: EXEC (4B00h load and run, 4B01h load, 4B03h overlay),
 * environment blocks, and termination (normal, Ctrl-C, TSR). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dos_impl.h"
#include "dosapi/dosdata.h"
#include "dosapi/mcb.h"
#include "dosapi/psp.h"
#include "fs/path.h"
#include "loader/loader.h"

#define EXEC_LOAD_RUN 0x00
#define EXEC_LOAD 0x01
#define EXEC_OVERLAY 0x03
#define PB_ENV 0x00 /* parameter block (RBIL INT 21/AX=4B00h) */
#define PB_TAIL 0x02
#define PB_FCB1 0x06
#define PB_FCB2 0x0A
#define PB_SSSP 0x0E /* 4B01h results */
#define PB_CSIP 0x12
#define PB_OVL_SEG 0x00
#define PB_OVL_RELOC 0x02
#define ENV_MAX_BYTES 0x8000
#define PROGRAM_MAX_BYTES (DOS_MEM_END * 16u)
#define COM_ENTRY 0x0100
#define TSR_MIN_PARAS 6
#define ENTRY_FLAGS (CPU_FLAG_IF | 0x0002)
#define ENTRY_CX 0x00FF /* registers MS-DOS 5 leaves at program entry */
#define ENTRY_BP 0x091C
#define FCB_COPY_BYTES 16
#define EXEC_FRAMES_FIRST 8

struct loaded {
    uint16_t psp, env, load_seg;
    struct cpu_regs entry;
};

/* Bytes used by the variables of env_seg (through the final empty string). */
static size_t env_vars_bytes(struct mem *m, uint16_t env_seg)
{
    uint32_t base = (uint32_t)env_seg << 4;
    if (mem_rd8(m, base) == 0)
        return 1;
    for (size_t i = 1; i + 1 < ENV_MAX_BYTES; i++)
        if (mem_rd8(m, base + i) == 0 && mem_rd8(m, base + i - 1) == 0)
            return i + 1;
    return 0;
}

/* A copy of env_seg's variables, then the word 1 and the program path. */
static int build_env(struct dos *d, uint16_t src, const char *path, uint16_t *out)
{
    size_t vars = env_vars_bytes(d->mem, src), plen = strlen(path) + 1;
    if (vars == 0)
        return -DOSERR_BAD_ENVIRONMENT;
    size_t total = MAX(vars, (size_t)2) + 2 + plen;
    uint16_t seg, largest;
    int rc = mcb_alloc(d->mem, DOS_FIRST_MCB, (uint16_t)((total + 15) / 16), d->cur_psp,
                       MCB_FIRST_FIT, &seg, &largest);
    if (rc < 0)
        return rc;
    uint8_t *buf = xcalloc(1, total);
    mem_read(d->mem, (uint32_t)src << 4, buf, vars);
    size_t at = MAX(vars, (size_t)2);
    buf[at] = 1;
    buf[at + 1] = 0;
    memcpy(buf + at + 2, path, plen);
    mem_write(d->mem, (uint32_t)seg << 4, buf, total);
    free(buf);
    *out = seg;
    return 0;
}

static int read_program(struct dos *d, const char *path, uint8_t **buf, size_t *len)
{
    struct fs_file *f;
    struct fs_stat st;
    int rc = fs_open(d->fs, path, FS_O_READ, &f);
    if (rc < 0)
        return rc;
    rc = fs_fstat(f, &st);
    if (rc == 0) {
        size_t want = MIN((size_t)st.size, (size_t)PROGRAM_MAX_BYTES);
        *buf = xcalloc(1, want ? want : 1);
        *len = 0;
        while (rc >= 0 && *len < want) {
            rc = fs_read(f, *buf + *len, (uint32_t)(want - *len));
            if (rc <= 0)
                break;
            *len += (size_t)rc;
        }
        if (rc < 0)
            free(*buf);
    }
    fs_close(f);
    return rc < 0 ? rc : 0;
}

/* Program name for the MCB: base name without extension. */
static void mcb_name(const char *path, char out[MCB_NAME_BYTES + 1])
{
    const char *b = fs_path_base(path);
    size_t n = strcspn(b, ".");
    n = MIN(n, (size_t)MCB_NAME_BYTES);
    memcpy(out, b, n);
    out[n] = 0;
}

/* Memory for the program: the largest block, or what the MZ header asks. */
static int alloc_program(struct dos *d, const struct ldr_image *img, uint16_t *seg,
                         uint16_t *paras)
{
    uint16_t largest = 0, dummy;
    uint32_t module = ldr_module_paras(img);
    uint32_t need = PSP_PARAS + module + (img->kind == LDR_COM ? 1 : img->min_extra_paras);
    /* A header wanting less than it needs (max < min) still gets its
     * minimum: its stack may be there (found by the loader fuzz target). */
    uint32_t want = img->kind == LDR_COM || img->load_high
                        ? 0xFFFF
                        : PSP_PARAS + module + MAX(img->max_extra_paras, img->min_extra_paras);
    uint16_t arena = dos_exec_arena(d, need);
    mcb_alloc(d->mem, arena, 0xFFFF, d->cur_psp, MCB_FIRST_FIT, &dummy, &largest);
    if (largest < need)
        return -DOSERR_INSUFFICIENT_MEMORY;
    *paras = (uint16_t)MIN((uint32_t)largest, MIN(want, 0xFFFFu));
    return mcb_alloc(d->mem, arena, *paras, d->cur_psp, MCB_FIRST_FIT, seg, &largest);
}

/* Copy the module into memory at load_seg, relocated for reloc_seg. */
static int place_module(struct dos *d, const struct ldr_image *img, uint16_t load_seg,
                        uint16_t reloc_seg, uint32_t room_bytes)
{
    uint8_t *copy = xcalloc(1, MAX(room_bytes, img->module_bytes));
    memcpy(copy, img->module, img->module_bytes);
    bool ok = img->kind == LDR_COM ||
              ldr_relocate(img, copy, MAX(room_bytes, img->module_bytes), reloc_seg);
    if (ok)
        mem_write(d->mem, (uint32_t)load_seg << 4, copy, img->module_bytes);
    free(copy);
    return ok ? 0 : -DOSERR_BAD_FORMAT;
}

static bool fcb_drive_ok(void *ctx, unsigned drive)
{
    return drive == 0 || fs_drive_valid(ctx, drive - 1);
}

/* PSP, tail and FCBs of a new process from the parameter block. */
static void setup_psp(struct dos *d, const struct loaded *p, uint16_t paras, uint16_t pseg,
                      uint16_t poff)
{
    struct mem *m = d->mem;
    struct psp_init pi = {.mem_top = (uint16_t)(p->psp + paras),
                          .parent = d->cur_psp,
                          .env = p->env,
                          .cpm_seg = 0xF01D,
                          .cpm_off = 0xFEF0,
                          .ver_major = d->ver_major,
                          .ver_minor = d->ver_minor};
    uint32_t pb = mem_lin(m, pseg, poff), base = (uint32_t)p->psp << 4;
    psp_create(m, p->psp, &pi);
    dos_inherit_handles(d, d->cur_psp, p->psp);
    mem_wr32(m, base + PSP_TERMINATE, (uint32_t)ROM_SEG << 16 | d->exec_return_off);
    mem_wr32(m, base + PSP_CTRL_BREAK, mem_rd32(m, 0x23 * 4));
    mem_wr32(m, base + PSP_CRIT_ERROR, mem_rd32(m, 0x24 * 4));
    uint16_t toff = mem_rd16(m, pb + PB_TAIL), tseg = mem_rd16(m, pb + PB_TAIL + 2);
    uint8_t tail[PSP_TAIL_MAX + 2];
    mem_read_far(m, tseg, toff, tail, sizeof tail);
    psp_set_tail(m, p->psp, (const char *)tail + 1, MIN(tail[0], (uint8_t)PSP_TAIL_MAX));
    for (int i = 0; i < 2; i++) {
        uint32_t fp = mem_rd32(m, pb + (i ? PB_FCB2 : PB_FCB1));
        uint8_t fcb[FCB_COPY_BYTES];
        if (fp == 0xFFFFFFFFu || fp == 0)
            continue;
        mem_read_far(m, (uint16_t)(fp >> 16), (uint16_t)fp, fcb, sizeof fcb);
        mem_write(m, base + (i ? PSP_FCB2 : PSP_FCB1), fcb, sizeof fcb);
    }
}

/* AX at entry: AL/AH = FFh when FCB 1/2 names a drive that does not exist. */
static uint16_t fcb_flags(struct dos *d, uint16_t psp)
{
    uint32_t base = (uint32_t)psp << 4;
    uint8_t d1 = mem_rd8(d->mem, base + PSP_FCB1), d2 = mem_rd8(d->mem, base + PSP_FCB2);
    return (uint16_t)((fcb_drive_ok(d->fs, d2) ? 0 : 0xFF00) |
                      (fcb_drive_ok(d->fs, d1) ? 0 : 0xFF));
}

static void entry_regs(struct dos *d, const struct ldr_image *img, struct loaded *p,
                       uint16_t paras)
{
    struct cpu_regs *r = &p->entry;
    struct mem *m = d->mem;
    memset(r, 0, sizeof *r);
    r->ax = fcb_flags(d, p->psp);
    r->ds = r->es = p->psp;
    if (img->kind == LDR_COM) {
        uint32_t bytes = (uint32_t)paras * 16;
        r->cs = r->ss = p->psp;
        r->ip = COM_ENTRY;
        r->sp = (uint16_t)(bytes >= 0x10000 ? 0xFFFE : bytes - 2);
        mem_wr16(m, mem_lin(m, r->ss, r->sp), 0); /* RET goes to PSP:0000 */
    } else {
        r->cs = (uint16_t)(p->load_seg + img->cs);
        r->ip = img->ip;
        r->ss = (uint16_t)(p->load_seg + img->ss);
        r->sp = img->sp;
    }
    r->bx = 0;
    r->cx = ENTRY_CX;
    r->dx = p->psp;
    r->si = r->ip;
    r->di = r->sp;
    r->bp = ENTRY_BP;
    r->flags = ENTRY_FLAGS;
}

/* Load path as a new process (mode 0 or 1). */
static int load_process(struct dos *d, const char *path, uint16_t pseg, uint16_t poff,
                        struct loaded *p, char *why, size_t whycap)
{
    uint8_t *file;
    size_t len;
    struct ldr_image img;
    uint16_t paras;
    char name[MCB_NAME_BYTES + 1];
    int rc = read_program(d, path, &file, &len);
    if (rc < 0)
        return rc;
    if (!ldr_parse(file, len, &img, why, whycap)) {
        free(file);
        return -DOSERR_BAD_FORMAT;
    }
    uint16_t env_src = mem_rd16(d->mem, mem_lin(d->mem, pseg, poff) + PB_ENV);
    if (env_src == 0)
        env_src = mem_rd16(d->mem, ((uint32_t)d->cur_psp << 4) + PSP_ENV);
    rc = build_env(d, env_src, path, &p->env);
    if (rc == 0) {
        rc = alloc_program(d, &img, &p->psp, &paras);
        if (rc < 0)
            mcb_free(d->mem, DOS_FIRST_MCB, p->env);
    }
    if (rc == 0) {
        p->load_seg = img.kind == LDR_COM ? p->psp
                      : img.load_high     ? (uint16_t)(p->psp + paras - ldr_module_paras(&img))
                                          : (uint16_t)(p->psp + PSP_PARAS);
        uint32_t room = ((uint32_t)(p->psp + paras) - p->load_seg) * 16u;
        if (img.kind == LDR_COM)
            rc = place_module(d, &img, (uint16_t)(p->psp + PSP_PARAS), 0, room);
        else
            rc = place_module(d, &img, p->load_seg, p->load_seg, room);
        if (rc < 0) {
            snprintf(why, whycap, "relocation entry outside the program");
            mcb_free(d->mem, DOS_FIRST_MCB, p->psp);
            mcb_free(d->mem, DOS_FIRST_MCB, p->env);
        }
    }
    if (rc == 0) {
        mcb_name(path, name);
        mcb_set_owner(d->mem, p->env, p->psp, NULL);
        mcb_set_owner(d->mem, p->psp, p->psp, name);
        setup_psp(d, p, paras, pseg, poff);
        entry_regs(d, &img, p, paras);
        LOG(LOG_EXEC, "loaded %s (%s, %zu bytes) PSP %04X entry %04X:%04X", path,
            img.kind == LDR_COM ? "COM" : "MZ", len, p->psp, p->entry.cs, p->entry.ip);
    }
    free(file);
    return rc;
}

/* A new frame for the next nesting level. There is no fixed depth: each
 * level holds a PSP and an environment in conventional memory, so memory
 * bounds it (about 2,000 levels of the smallest program), as on DOS. */
static struct exec_frame *push_frame(struct dos *d)
{
    if (d->nframes == d->frame_cap) {
        unsigned cap = d->frame_cap ? d->frame_cap * 2 : EXEC_FRAMES_FIRST;
        struct exec_frame *nf = realloc(d->frames, cap * sizeof *nf);
        if (!nf)
            die("out of memory");
        d->frames = nf;
        d->frame_cap = cap;
    }
    return &d->frames[d->nframes++];
}

/* Switch to a loaded process, remembering how to resume the parent. */
static void enter_process(struct dos_ctx *c, const struct loaded *p, bool root)
{
    struct dos *d = c->dos;
    struct exec_frame *f = push_frame(d);
    f->child_psp = p->psp;
    f->parent_psp = d->cur_psp;
    f->dta_seg = d->dta_seg;
    f->dta_off = d->dta_off;
    f->root = root;
    if (c->ic)
        intr_caller_regs(c->ic, &f->resume);
    else
        f->resume = *c->r;
    uint32_t parent = (uint32_t)d->cur_psp << 4;
    mem_wr16(d->mem, parent + PSP_SAVED_SSSP, f->resume.sp);
    mem_wr16(d->mem, parent + PSP_SAVED_SSSP + 2, f->resume.ss);
    mem_wr32(d->mem, 0x22 * 4, (uint32_t)ROM_SEG << 16 | d->exec_return_off);
    d->cur_psp = p->psp;
    d->dta_seg = p->psp;
    d->dta_off = PSP_TAIL;
}

static int load_overlay(struct dos *d, const char *path, uint16_t pseg, uint16_t poff)
{
    uint8_t *file;
    size_t len;
    struct ldr_image img;
    char why[96];
    uint32_t pb = mem_lin(d->mem, pseg, poff);
    uint16_t seg = mem_rd16(d->mem, pb + PB_OVL_SEG),
             reloc = mem_rd16(d->mem, pb + PB_OVL_RELOC);
    int rc = read_program(d, path, &file, &len);
    if (rc < 0)
        return rc;
    if (!ldr_parse(file, len, &img, why, sizeof why)) {
        LOG(LOG_EXEC, "overlay %s refused: %s", path, why);
        rc = -DOSERR_BAD_FORMAT;
    } else {
        rc = place_module(d, &img, seg, reloc, img.module_bytes);
    }
    free(file);
    return rc;
}

int dos_exec(struct dos_ctx *c, const char *path, uint8_t mode, uint16_t pseg, uint16_t poff)
{
    struct dos *d = c->dos;
    struct loaded p;
    char why[96] = "", full[FS_PATH_MAX];
    int rc = fs_truename(d->fs, path, full, sizeof full);
    if (rc < 0)
        return rc;
    if (mode == EXEC_OVERLAY)
        return load_overlay(d, full, pseg, poff);
    if (mode != EXEC_LOAD_RUN && mode != EXEC_LOAD)
        return -DOSERR_FUNCTION_INVALID;
    rc = load_process(d, full, pseg, poff, &p, why, sizeof why);
    if (rc < 0) {
        LOG(LOG_EXEC, "EXEC %s failed: %s%s", full, doserr_name((enum doserr) - rc), why);
        return rc;
    }
    enter_process(c, &p, false);
    if (mode == EXEC_LOAD) {
        struct cpu_regs *e = &p.entry;
        uint32_t pb = mem_lin(d->mem, pseg, poff);
        e->sp = (uint16_t)(e->sp - 2);
        mem_wr16(d->mem, mem_lin(d->mem, e->ss, e->sp), e->ax);
        mem_wr16(d->mem, pb + PB_SSSP, e->sp);
        mem_wr16(d->mem, pb + PB_SSSP + 2, e->ss);
        mem_wr16(d->mem, pb + PB_CSIP, e->ip);
        mem_wr16(d->mem, pb + PB_CSIP + 2, e->cs);
        return 0;
    }
    *c->r = p.entry;
    return 0;
}

int dos_start(struct dos *d, const char *dos_path, const char *tail, struct cpu_regs *r,
              char *err, size_t errcap)
{
    struct dos_ctx c = {.dos = d, .r = r, .mem = d->mem};
    struct loaded p;
    uint16_t pseg = d->root_psp;
    size_t n = MIN(strlen(tail), (size_t)PSP_TAIL_MAX);
    uint8_t pb[0x0E] = {0};
    /* The parameter block and tail live in the root PSP's FCB/tail area. */
    psp_set_tail(d->mem, pseg, tail, n);
    pb[PB_TAIL] = PSP_TAIL;
    pb[PB_TAIL + 2] = (uint8_t)pseg;
    pb[PB_TAIL + 3] = (uint8_t)(pseg >> 8);
    memset(pb + PB_FCB1, 0xFF, 8);
    mem_write(d->mem, ((uint32_t)pseg << 4) + PSP_FCB1, pb, sizeof pb);
    err[0] = 0;
    int rc = load_process(d, dos_path, pseg, PSP_FCB1, &p, err, errcap);
    if (rc < 0)
        return rc;
    enter_process(&c, &p, true);
    /* FCBs parsed from the tail, as COMMAND.COM does before EXEC. */
    uint32_t base = (uint32_t)p.psp << 4;
    char t[PSP_TAIL_MAX + 1];
    uint8_t fcb[12], res;
    memcpy(t, tail, n);
    t[n] = 0;
    size_t used = 0;
    for (int i = 0; i < 2; i++) {
        mem_read(d->mem, base + (i ? PSP_FCB2 : PSP_FCB1), fcb, sizeof fcb);
        used += psp_parse_fcb_name(t + used, 1, fcb, fcb_drive_ok, d->fs, &res);
        mem_write(d->mem, base + (i ? PSP_FCB2 : PSP_FCB1), fcb, sizeof fcb);
    }
    p.entry.ax = fcb_flags(d, p.psp);
    *r = p.entry;
    return 0;
}

/* The frame of the process psp, or the innermost one. */
static struct exec_frame *frame_of(struct dos *d, uint16_t psp, unsigned *index)
{
    for (unsigned i = d->nframes; i-- > 0;)
        if (d->frames[i].child_psp == psp) {
            *index = i;
            return &d->frames[i];
        }
    *index = d->nframes - 1;
    return &d->frames[*index];
}

static void restore_vectors(struct dos *d, uint16_t psp)
{
    uint32_t base = (uint32_t)psp << 4;
    mem_wr32(d->mem, 0x22 * 4, mem_rd32(d->mem, base + PSP_TERMINATE));
    mem_wr32(d->mem, 0x23 * 4, mem_rd32(d->mem, base + PSP_CTRL_BREAK));
    mem_wr32(d->mem, 0x24 * 4, mem_rd32(d->mem, base + PSP_CRIT_ERROR));
}

/* End the current process: vectors back, files and memory freed (unless
 * it stays resident with keep_paras), then resume the parent where it
 * called EXEC, or at its INT 22h handler if it installed one. */
void dos_terminate(struct dos_ctx *c, uint8_t code, uint8_t type, int keep_paras)
{
    struct dos *d = c->dos;
    uint16_t psp = d->cur_psp;
    unsigned idx;
    d->ret_code = (uint16_t)(type << 8 | code);
    d->ended_by_ctrl_c = d->ctrl_c_ending; /* type 1 is also a divide error's */
    d->ctrl_c_ending = false;
    LOG(LOG_EXEC, "PSP %04X terminates: code %u, type %u", psp, code, type);
    if (type != DOS_TERM_TSR)
        intr_forget_via(d->intr);
    if (d->nframes == 0 || psp == d->root_psp) {
        d->exited = true;
        d->host.exited(d->host.ctx, code, type);
        return;
    }
    struct exec_frame *f = frame_of(d, psp, &idx), fr = *f;
    if (d->process_end)
        d->process_end(d->process_end_ctx, psp);
    restore_vectors(d, psp);
    if (type == DOS_TERM_TSR) {
        uint16_t largest;
        mcb_resize(d->mem, DOS_FIRST_MCB, psp, (uint16_t)MAX(keep_paras, TSR_MIN_PARAS),
                   &largest);
    } else {
        dos_close_psp_files(d, psp);
        mcb_free_owner(d->mem, DOS_FIRST_MCB, psp);
        dos_umb_free_owner(d, psp);
    }
    d->nframes = idx;
    d->cur_psp = fr.parent_psp;
    d->dta_seg = fr.dta_seg;
    d->dta_off = fr.dta_off;
    if (fr.root) {
        d->exited = true;
        d->host.exited(d->host.ctx, code, type);
        return;
    }
    uint32_t term = mem_rd32(d->mem, 0x22 * 4);
    if (term == ((uint32_t)ROM_SEG << 16 | d->exec_return_off)) {
        *c->r = fr.resume;
        regs_set_flag(c->r, CPU_FLAG_CF, 0);
        return;
    }
    uint32_t parent = (uint32_t)fr.parent_psp << 4;
    c->r->cs = (uint16_t)(term >> 16);
    c->r->ip = (uint16_t)term;
    c->r->sp = mem_rd16(d->mem, parent + PSP_SAVED_SSSP);
    c->r->ss = mem_rd16(d->mem, parent + PSP_SAVED_SSSP + 2);
    c->r->flags = ENTRY_FLAGS;
}

/* The terminate address of a process was jumped to without DOS ending it
 * (a program doing its own exit that way): end the current process. */
static void exec_return(void *ctx, struct intr_call *ic)
{
    struct dos_ctx c = {.dos = ctx, .ic = ic, .r = ic->r, .mem = ic->mem};
    dos_terminate(&c, 0, DOS_TERM_NORMAL, 0);
}

void dos_exec_init(struct dos *d)
{
    d->exec_return_off = intr_callback(d->intr, exec_return, d, INTR_EPI_NONE);
}
