/* DOS kernel start-up: kernel data (List of Lists, device chain, CDS), the
 * root process that owns the standard handles, and shared helpers. */
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dos_impl.h"
#include "dosapi/dosdata.h"
#include "dosapi/ems.h"
#include "dosapi/xms.h"
#include "dosapi/mcb.h"
#include "dosapi/psp.h"
#include "dosapi/tables.h"

#define OP_JMP_FAR 0xEA
#define ROOT_ENV_MIN_BYTES 256
#define CPM_ENTRY_LIN 0x00C0 /* F01D:FEF0 with A20 off; INT 30h/31h vectors */
#define ERR_CLASS_UNKNOWN 13
#define ERR_ACTION_ABORT 4
#define ERR_LOCUS_UNKNOWN 1
#define DOS_ROOT_NAME "COMMAND"
#define UMB_FIRST_SEG 0xC800u /* after the video BIOS ROM (C000h-C7FFh) */
#define UMB_TOP_SEG 0xF000u   /* the system BIOS ROM */

/* COMSPEC names the built-in shell on the Z: drive (shell/). */
static const char *const k_base_env[] = {"COMSPEC=Z:\\COMMAND.COM", "PATH=C:\\;Z:\\",
                                         "PROMPT=$P$G"};

uint8_t *dos_iobuf(struct dos *d)
{
    if (!d->iobuf)
        d->iobuf = xcalloc(1, DOS_IOBUF_BYTES);
    return d->iobuf;
}

void dos_set_error(struct dos *d, int doserr)
{
    d->err.code = (uint16_t)doserr;
    d->err.cls = ERR_CLASS_UNKNOWN;
    d->err.action = ERR_ACTION_ABORT;
    d->err.locus = ERR_LOCUS_UNKNOWN;
}

/* Default i of the environment: the fixed ones, then the devices' ones. */
static const char *default_env(const struct dos_config *cfg, size_t i)
{
    return i < ARRAY_LEN(k_base_env) ? k_base_env[i] : cfg->dev_env[i - ARRAY_LEN(k_base_env)];
}

/* Variable i of the root environment (defaults first, then the user's),
 * or NULL when the user's variable of the same name overrides it. */
static const char *env_var(const struct dos_config *cfg, size_t i)
{
    size_t ndef = ARRAY_LEN(k_base_env) + cfg->ndev_env;
    if (i >= ndef)
        return cfg->env[i - ndef];
    const char *v = default_env(cfg, i);
    size_t klen = strcspn(v, "=");
    for (size_t j = 0; j < cfg->nenv; j++)
        if (!strncmp(cfg->env[j], v, klen + 1))
            return NULL;
    return v;
}

static size_t env_count(const struct dos_config *cfg)
{
    return ARRAY_LEN(k_base_env) + cfg->ndev_env + cfg->nenv;
}

size_t dos_env_bytes(const struct dos_config *cfg)
{
    size_t n = 1;
    for (size_t i = 0; i < env_count(cfg); i++) {
        const char *v = env_var(cfg, i);
        n += v ? strlen(v) + 1 : 0;
    }
    return n;
}

/* The root environment: defaults, then the user's variables (which win).
 * buf holds DOS_ENV_MAX_BYTES; the machine checked dos_env_bytes. */
static size_t root_env(const struct dos_config *cfg, char *buf)
{
    size_t n = 0;
    for (size_t i = 0; i < env_count(cfg); i++) {
        const char *v = env_var(cfg, i);
        size_t len = v ? strlen(v) : 0;
        if (!v || n + len + 2 > DOS_ENV_MAX_BYTES)
            continue;
        memcpy(buf + n, v, len + 1);
        n += len + 1;
    }
    buf[n++] = 0;
    return n;
}

/* The root process: owns the standard handles and the first environment;
 * it is its own parent, like COMMAND.COM. */
static void root_process(struct dos *d, const struct dos_config *cfg)
{
    char *env = xcalloc(1, DOS_ENV_MAX_BYTES);
    size_t n = root_env(cfg, env);
    uint16_t env_seg, psp, largest;
    uint16_t env_paras = (uint16_t)((MAX(n + 4, (size_t)ROOT_ENV_MIN_BYTES) + 15) / 16);
    if (mcb_alloc(d->mem, DOS_FIRST_MCB, PSP_PARAS, MCB_OWNER_DOS, MCB_FIRST_FIT, &psp,
                  &largest) < 0 ||
        mcb_alloc(d->mem, DOS_FIRST_MCB, env_paras, MCB_OWNER_DOS, MCB_FIRST_FIT, &env_seg,
                  &largest) < 0)
        die("no memory for the DOS root process");
    mem_fill(d->mem, (uint32_t)env_seg << 4, 0, env_paras * 16u);
    mem_write(d->mem, (uint32_t)env_seg << 4, env, n);
    free(env);
    struct psp_init pi = {.mem_top = dos_conv_end(d),
                          .parent = psp,
                          .env = env_seg,
                          .cpm_seg = 0xF01D,
                          .cpm_off = 0xFEF0,
                          .ver_major = d->ver_major,
                          .ver_minor = d->ver_minor};
    psp_create(d->mem, psp, &pi);
    mcb_set_owner(d->mem, psp, psp, DOS_ROOT_NAME);
    mcb_set_owner(d->mem, env_seg, psp, NULL);
    d->root_psp = d->cur_psp = psp;
    d->dta_seg = psp;
    d->dta_off = PSP_TAIL;
    dos_std_handles_init(d, psp);
}

/* CALL 5 (CP/M compatible entry, RBIL INT 21/AH=00h notes): function in
 * CL. The far call at PSP:0005 leads here through 0000:00C0. */
static void cpm_entry(void *ctx, struct intr_call *ic)
{
    struct cpu_regs *r = ic->r;
    struct mem *m = ic->mem;
    uint16_t far_cs = mem_rd16(m, mem_lin(m, r->ss, (uint16_t)(r->sp + 2)));
    uint16_t ret_ip = mem_rd16(m, mem_lin(m, r->ss, (uint16_t)(r->sp + 4)));
    UNUSED(ctx);
    r->sp = (uint16_t)(r->sp + 6);
    reg_set_hi(&r->ax, reg_lo(r->cx));
    /* Continue at the caller's return address after an INT 21h there: the
     * PSP has INT 21h; RETF at 50h, so run it with a far frame. */
    r->sp = (uint16_t)(r->sp - 4);
    mem_wr16(m, mem_lin(m, r->ss, r->sp), ret_ip);
    mem_wr16(m, mem_lin(m, r->ss, (uint16_t)(r->sp + 2)), far_cs);
    r->cs = far_cs;
    r->ip = PSP_DOS_CALL;
}

static void cpm_init(struct dos *d)
{
    uint16_t off = intr_callback(d->intr, cpm_entry, d, INTR_EPI_NONE);
    uint8_t jmp[5] = {OP_JMP_FAR, (uint8_t)off, (uint8_t)(off >> 8), ROM_SEG & 0xFF,
                      ROM_SEG >> 8};
    mem_write(d->mem, CPM_ENTRY_LIN, jmp, sizeof jmp);
}

/* Around every native service: take in what the program changed in the
 * swappable data area, then show what the service changed. */
static void before_service(void *ctx)
{
    dos_sda_import(ctx);
}

static void after_service(void *ctx)
{
    struct dos *d = ctx;
    dos_sda_export(d);
    dos_sft_flush(d);
    dos_lol_sync(d);
}

struct dos *dos_new(struct mem *m, struct intr *ir, struct bios *b, struct fs *f,
                    const struct dos_config *cfg, const struct dos_host *host)
{
    struct dos *d = xcalloc(1, sizeof *d);
    d->mem = m;
    d->intr = ir;
    d->bios = b;
    d->fs = f;
    d->host = *host;
    d->ver_major = cfg->ver_major;
    d->ver_minor = cfg->ver_minor;
    d->switch_char = '/';
    d->break_check = false;
    d->tab = xcalloc(1, sizeof *d->tab);
    mem_fill(m, (uint32_t)DOS_BIOS_SEG << 4, 0, (DOS_BIOS_PARAS + DOS_DATA_PARAS) * 16u);
    /* UMBs where video, ROMs and the EMS frame leave room. */
    uint16_t umb_end = cfg->ems_kb ? EMS_FRAME_SEG : UMB_TOP_SEG;
    uint16_t umb_start = cfg->no_umb ? 0 : UMB_FIRST_SEG;
    d->umb_start = umb_start;
    mcb_init(m, DOS_FIRST_MCB, dos_conv_end(d));
    dos_umb_init(d, umb_start, umb_end);
    dos_tables_init(d, cfg->xms_kb);
    dos_termhook_init(d);
    cpm_init(d);
    dos_exec_init(d);
    dos_proc_init(d);
    dos_int21_init(d);
    dos_int2f_init(d);
    dos_absdisk_init(d);
    dos_mscdex_init(d, cfg->cd_player);
    if (cfg->ems_kb)
        d->ems = ems_new(d, cfg->ems_kb);
    if (cfg->xms_kb) {
        d->xms = xms_new(d, cfg->xms_kb);
        d->dos_high = true; /* HIMEM present: DOS=HIGH owns the HMA */
    }
    dos_devchain_link(d);
    dos_build_dpbs(d);
    root_process(d, cfg);
    dos_sda_init(d);
    dos_sft_flush(d);
    intr_set_hooks(ir, before_service, after_service, d);
    return d;
}

uint16_t dos_current_psp(const struct dos *d)
{
    return d->cur_psp;
}

int dos_mem_get(struct dos *d, uint16_t paras, uint16_t *seg, uint16_t *largest)
{
    return dos_mem_alloc(d, paras, d->cur_psp, seg, largest);
}

int dos_mem_put(struct dos *d, uint16_t seg)
{
    return mcb_free(d->mem, DOS_FIRST_MCB, seg);
}

int dos_mem_resize(struct dos *d, uint16_t seg, uint16_t paras, uint16_t *largest)
{
    return mcb_resize(d->mem, DOS_FIRST_MCB, seg, paras, largest);
}

void dos_set_process_hook(struct dos *d, dos_process_end_fn *fn, void *ctx)
{
    d->process_end = fn;
    d->process_end_ctx = ctx;
}

void dos_set_mux_hook(struct dos *d, dos_mux_fn *fn, void *ctx)
{
    d->mux = fn;
    d->mux_ctx = ctx;
}

bool dos_ended_by_ctrl_c(const struct dos *d)
{
    return d->ended_by_ctrl_c;
}

bool dos_input_starved(const struct dos *d)
{
    return d->input_starved;
}

bool dos_input_echoed(const struct dos *d)
{
    return d->host.input_echoed;
}

void dos_set_input_echoed(struct dos *d, bool echoed)
{
    d->host.input_echoed = echoed;
}

void dos_close_all(struct dos *d)
{
    for (int i = 0; i < DOS_MAX_SFT; i++)
        if (d->sft[i].kind == SFT_FILE && d->sft[i].file) {
            fs_close(d->sft[i].file);
            d->sft[i].file = NULL;
            d->sft[i].kind = SFT_FREE;
            d->sft[i].refs = 0;
        }
}

void dos_free(struct dos *d)
{
    if (!d)
        return;
    intr_set_hooks(d->intr, NULL, NULL, NULL);
    dos_close_all(d);
    xms_free(d->xms);
    ems_free(d->ems);
    dos_mscdex_free(d);
    free(d->iobuf);
    free(d->locks);
    free(d->frames);
    free(d->tab);
    free(d);
}
