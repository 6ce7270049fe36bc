/* Machine assembly and the run loop: CPU slices, timer and IRQ delivery
 * between them, idle waits, exit, timeout and signals. */
#include "machine/machine.h"

#include <errno.h>
#include <limits.h>
#include <libgen.h>
#include <signal.h>
#include <sys/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ui/audio_sdl.h"
#include "ui/hostio.h"
#include "ui/ui.h"
#include "machine/mount_rules.h"
#include "machine/pace.h"
#include "machine/program.h"
#include "machine/settings.h"
#include "audio/audio.h"
#include "base/common.h"
#include "base/doserr.h"
#include "base/dostime.h"
#include "base/log.h"
#include "base/stop.h"
#include "bios/bios.h"
#include "bios/intr.h"
#include "cpu/cpu.h"
#include "dosapi/dos.h"
#include "dpmi/dpmi.h"
#include "fs/fs.h"
#include "hw/a20.h"
#include "hw/clock.h"
#include "hw/cmos.h"
#include "hw/dma.h"
#include "hw/kbc.h"
#include "bus/io.h"
#include "hw/pic.h"
#include "hw/pit.h"
#include "hw/sched.h"
#include "shell/shell.h"
#include "video/vga.h"

#define SLICE_BLOCKS 100000u /* about 1 ms of guest time */
#define SLICE_MIN_BLOCKS 1000u
#define SLICE_MIN_PACED_BLOCKS 16u  /* --speed 4.77mhz: about 1 ms */
#define SLICE_IRQ_RETRY_BLOCKS 64u  /* an IRQ waits for IF: look again soon */
#define IDLE_MAX_NS 50000000u       /* virtual time skips at most 50 ms at once */
#define IDLE_MAX_REAL_NS 500000000u /* real time: sleep at most 0.5 s */
#define DRIVE_C 2
#define EXIT_SIGNAL_BASE 128
#define SHELL_LINE_MAX 512
#define EXT_HMA_ONLY_KB 64           /* extended memory without XMS: the HMA */
#define TSC_MHZ 300u                 /* deterministic RDTSC: a Pentium II 300 */
#define DEFAULT_DOS_PATH "C:\\;Z:\\" /* as dosapi/dos.c sets it */
#define OPT_PATH_ENV_MAX 512
#define PACE_SLACK_NS 20000000u  /* virtual time may lead wall time this much */
#define TIMEOUT_REPEAT_US 100000 /* SIGALRM again every 100 ms past --timeout */

struct machine {
    const struct options *opt;
    struct mem *mem;
    struct io *io;
    struct cpu *cpu;
    struct vclock *clk;
    struct pic *pic;
    struct pit *pit;
    struct sched *sched;
    struct dma *dma;
    struct audio *audio;
    struct intr *intr;
    struct bios *bios;
    struct fs *fs;
    struct dos *dos;
    struct dpmi *dpmi;
    struct shell *shell;
    struct hostio *hio;
    char dos_path[FS_PATH_MAX]; /* of the program, when there is one */
    bool use_shell;             /* start the built-in shell (-c, a .BAT, no program) */
    char comspec[FS_PATH_MAX + 8];
    char path_env[OPT_PATH_ENV_MAX];  /* PATH with the program's directory first */
    bool host_program;                /* PROGRAM was found on the host, not on a drive */
    const char *env[OPT_MAX_ENV + 2]; /* the user's, COMSPEC, PATH */
    struct vga *vga;
    struct kbc *kbc;
    struct cmos *cmos;
    struct ui *ui;
    bool exited, rebooted;
    bool irq_blocked;            /* an IRQ is pending while the guest has IF clear */
    uint64_t host_ns_per_kblock; /* measured cost of 1000 blocks (real time) */
    struct pace pace;            /* --speed */
    struct settings settings;    /* speed and volume from the window's keys */
    int exit_code;
    uint64_t deadline_ns;             /* --timeout, in host time */
    const struct machine_driver *drv; /* a script steering the run, or NULL */
    struct fs_stamps *own_stamps;     /* deterministic file times without a driver */
    uint64_t host_start_ns;
    /* Output to CON also shows on the text screen (scripts; deterministic
     * runs, whose guest state may not depend on the frontend) */
    bool con_screen;
    int con_fd;                /* the host stream console output goes to now */
    bool host_echoes;          /* a line-buffered terminal shows typed text itself */
    bool window_console;       /* the window is the console (ui_window_console) */
    bool audio_live;           /* sound plays on the host (no skipping idle time) */
    struct mount_rules *rules; /* what MOUNT at the prompt may mount */
};

static volatile sig_atomic_t g_signal;
static volatile sig_atomic_t g_stop; /* a signal or the timeout: every wait ends */
static struct cpu *g_cpu;

static void on_signal(int sig)
{
    g_signal = sig;
    g_stop = 1;
    stop_request();
    if (g_cpu)
        cpu_request_stop(g_cpu);
}

/* --timeout: the deadline stops even a slice that runs long (code that
 * rewrites itself costs Unicorn a translation per block; a deterministic
 * slice has a fixed block count, so it is not cut short by host time). */
static void on_alarm(int sig)
{
    UNUSED(sig);
    g_stop = 1;
    stop_request();
    if (g_cpu)
        cpu_request_stop(g_cpu);
}

/* Without SA_RESTART, and again every 100 ms after the deadline: a write
 * to a stalled pipe or a read of a stalled one returns (EINTR), and the
 * loop around it sees the stop request. */
static void arm_timeout(double seconds)
{
    struct sigaction sa = {.sa_handler = on_alarm};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {.it_interval = {0, TIMEOUT_REPEAT_US},
                           .it_value = {(time_t)seconds,
                                        (suseconds_t)((seconds - (time_t)seconds) * 1e6) + 1}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm_timeout(void)
{
    struct itimerval it = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static void install_signals(void)
{
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static uint64_t host_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * CLOCK_NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* ---- callbacks from the modules ---- */

/* Virtual time an interrupt costs in deterministic mode: an INT and a BIOS
 * or DOS service take microseconds on a PC of the era. Without it a
 * program polling INT 1Ah in a loop would see its clock crawl at 10 ns
 * per iteration. Real time needs no charge: the host clock runs on. */
#define INT_SERVICE_NS 1000

static void cb_intr(void *ctx, unsigned intno, struct cpu_regs *r)
{
    struct machine *m = ctx;
    intr_dispatch(m->intr, intno, r);
    if (clock_deterministic(m->clk))
        clock_charge(m->clk, INT_SERVICE_NS);
}

static bool cb_invalid(void *ctx, struct cpu_regs *r)
{
    struct machine *m = ctx;
    return intr_invalid_opcode(m->intr, r);
}

static void cb_pm(void *ctx, const struct cpu_pm_event *ev)
{
    struct machine *m = ctx;
    intr_pm_event(m->intr, ev);
    if (clock_deterministic(m->clk))
        clock_charge(m->clk, INT_SERVICE_NS);
}

static uint64_t cb_blocks(void *ctx)
{
    struct machine *m = ctx;
    return cpu_blocks(m->cpu);
}

/* Deterministic runs with --speed: the clock counts instructions. */
static uint64_t cb_paced_blocks(void *ctx)
{
    struct machine *m = ctx;
    return pace_virtual_blocks(&m->pace, cpu_insns(m->cpu));
}

static void cb_con_write(void *ctx, const uint8_t *buf, size_t n)
{
    struct machine *m = ctx;
    ui_console_write(m->ui, m->con_fd, buf, n);
}

static bool cb_kbd_poll(void *ctx)
{
    struct machine *m = ctx;
    return ui_kbd_poll(m->ui);
}

static void cb_reboot(void *ctx)
{
    struct machine *m = ctx;
    m->rebooted = true;
    cpu_yield(m->cpu);
}

static int cb_stdin_read(void *ctx, void *buf, size_t n)
{
    struct machine *m = ctx;
    return hostio_read(m->hio, buf, n);
}

static int cb_stdin_poll(void *ctx)
{
    struct machine *m = ctx;
    return hostio_poll(m->hio);
}

static void cb_out_write(void *ctx, int fd, const void *buf, size_t n)
{
    struct machine *m = ctx;
    bool tty = (fd == 1 ? hostio_stdout_tty(m->hio) : hostio_stderr_tty(m->hio)) ||
               m->window_console;
    if (m->con_screen && (tty || (fd == 1 && m->opt->keyboard_console))) {
        m->con_fd = fd; /* the screen, and the host stream through cb_con_write */
        bios_tty_write(m->bios, buf, n);
        m->con_fd = 1;
        return;
    }
    if (ui_on_screen(m->ui) && tty) {
        bios_tty_write(m->bios, buf, n); /* the terminal or window shows it */
        return;
    }
    ui_output_write(m->ui, fd, buf, n);
}

static void cb_kbd_direct(void *ctx, bool fresh)
{
    struct machine *m = ctx;
    ui_note_direct_keyboard(m->ui);
    bios_kbd_port_read(m->bios, fresh);
}

/* A program stopped by Ctrl-C (DOS's break check, INT 23h) ends the run
 * as SIGINT ends a host program: 130, so "unidos X && next" stops. */
static void cb_kbd_status_poll(void *ctx)
{
    struct machine *m = ctx;
    ui_note_keyboard_poll(m->ui);
    bios_kbd_port_read(m->bios, false);
}

static void cb_exited(void *ctx, uint8_t code, uint8_t type)
{
    struct machine *m = ctx;
    bool ctrl_c = dos_ended_by_ctrl_c(m->dos) ||
                  (m->use_shell && shell_stopped_by_ctrl_c(m->shell));
    UNUSED(type);
    m->exited = true;
    m->exit_code = ctrl_c ? EXIT_SIGNAL_BASE + SIGINT : code;
    cpu_yield(m->cpu);
}

/* ---- construction ---- */

/* DOS stamps written files with the machine's clock. */
static void cb_fs_now(void *ctx, uint16_t *dos_date, uint16_t *dos_time)
{
    struct machine *m = ctx;
    struct bios_time t;
    bios_wall_time(m->bios, &t);
    *dos_date = dos_date_pack(t.year, t.month, t.day);
    *dos_time = dos_time_pack(t.hour, t.min, t.sec);
}

/* Deterministic runs show no host file times and no host free space. */
/* The time-stamp counter of a 300 MHz CPU on the virtual clock. */
static uint64_t cb_tsc(void *ctx)
{
    struct machine *m = ctx;
    return clock_now_ns(m->clk) * TSC_MHZ / 1000u;
}

static void fs_deterministic(struct machine *m)
{
    struct fs_stamps *st = m->drv ? m->drv->stamps : NULL;
    if (!m->opt->deterministic)
        return;
    if (!st) {
        uint16_t date, time;
        cb_fs_now(m, &date, &time);
        st = m->own_stamps = fs_stamps_new(date, time);
    }
    fs_set_deterministic(m->fs, st, cb_fs_now, m);
    if (!cpu_set_tsc(m->cpu, cb_tsc, m))
        LOG(LOG_CPU, "RDTSC cannot be hooked: CPUID hides the TSC in deterministic runs");
}

static int64_t wall_start(const struct options *o)
{
    if (o->start_time_set)
        return o->start_time;
    if (o->deterministic)
        return CLOCK_DETERMINISTIC_START_S;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return (int64_t)now + tm.tm_gmtoff;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcasecmp(s + n - k, suffix);
}

/* A program named by host path finds its siblings (CL runs LINK, MAKE runs
 * CC): its DOS directory comes first on PATH, before the user's PATH or
 * the default. The user's -e PATH=... wins when it is already there. */
static bool program_path_env(struct machine *m)
{
    const struct options *o = m->opt;
    const char *path = DEFAULT_DOS_PATH;
    char dir[FS_PATH_MAX];
    if (!m->host_program || !program_dos_dir(m->dos_path, dir, sizeof dir))
        return false;
    for (size_t i = 0; i < o->nenv; i++)
        if (!strncasecmp(o->env[i], "PATH=", 5))
            path = o->env[i] + 5;
    size_t k = strlen(dir);
    for (const char *p = path; *p; p += strcspn(p, ";"), p += *p == ';')
        if (!strncasecmp(p, dir, k) && (p[k] == ';' || !p[k]))
            return false; /* already on it */
    int w = snprintf(m->path_env, sizeof m->path_env, "PATH=%s;%s", dir, path);
    return w > 0 && (size_t)w < sizeof m->path_env;
}

/* The root environment's extra variables: the user's, and COMSPEC naming
 * the program when it is a COMMAND.COM (it is the shell then: MS-DOS 2.0's
 * reloads itself from COMSPEC). */
static size_t root_env(struct machine *m)
{
    const struct options *o = m->opt;
    bool user_comspec = false, path = program_path_env(m);
    size_t n = 0;
    for (size_t i = 0; i < o->nenv; i++) {
        if (path && !strncasecmp(o->env[i], "PATH=", 5))
            continue; /* it is in path_env */
        m->env[n++] = o->env[i];
        user_comspec |= !strncasecmp(o->env[i], "COMSPEC=", 8);
    }
    if (!user_comspec && m->dos_path[0] && has_suffix(m->dos_path, "\\COMMAND.COM")) {
        snprintf(m->comspec, sizeof m->comspec, "COMSPEC=%s", m->dos_path);
        m->env[n++] = m->comspec;
    }
    if (path)
        m->env[n++] = m->path_env;
    return n;
}

static bool open_live_audio(void *ctx, struct aud_sink *out)
{
    struct machine *m = ctx;
    m->audio_live = audio_sdl_open(ctx, out);
    return m->audio_live;
}

/* Sound: live output unless silenced, or deterministic (virtual time runs
 * faster than a sound card would play it). */
static int build_audio(struct machine *m)
{
    const struct options *o = m->opt;
    bool live = o->audio == OPT_AUDIO_SDL || (o->audio == OPT_AUDIO_AUTO && !o->deterministic);
    struct audio_hw hw = {.io = m->io,
                          .mem = m->mem,
                          .clk = m->clk,
                          .pic = m->pic,
                          .pit = m->pit,
                          .dma = m->dma,
                          .sched = m->sched};
    struct aud_sb_res res = {.base = o->sb_base,
                             .irq = o->sb_irq,
                             .dma8 = o->sb_dma,
                             .dma16 = o->sb_hdma};
    struct audio_config ac = {.card = o->card,
                              .wav_path = o->wav,
                              .soundfont = o->soundfont,
                              .sb_res = &res,
                              .open_live = live ? open_live_audio : NULL,
                              .live_ctx = m,
                              .volume = o->volume};
    if (o->audio == OPT_AUDIO_SDL && o->deterministic)
        log_note("--audio sdl with --deterministic: virtual time does not follow the sound "
                 "card, so the sound may stutter or skip");
    int rc = audio_new(&hw, &ac, &m->audio);
    if (rc < 0) {
        warn("--wav %s: %s", o->wav, strerror(-rc));
        return UNIDOS_EXIT_ERROR;
    }
    return 0;
}

/* The host side of a run: the terminal or frontend (machine_run). */
static void run_host(struct machine *m, struct machine_host *h)
{
    const struct options *o = m->opt;
    /* With typed keys (--keys, scripts) standard input is the keyboard. */
    /* A replayed terminal (hostio_fed) looks as the terminal did. */
    bool term_in = hostio_stdin_tty(m->hio) || hostio_fed(m->hio);
    bool con = term_in || o->keyboard_console || o->keys || m->window_console;
    /* Deterministic runs echo typed text themselves whatever the terminal
     * does: the guest may not see a difference between frontends. */
    m->host_echoes = term_in && !o->keys && !o->keyboard_console && !o->deterministic;
    *h = (struct machine_host){
        .dos = {.stdin_read = cb_stdin_read,
                .stdin_poll = cb_stdin_poll,
                .out_write = cb_out_write,
                .exited = cb_exited,
                .stdin_tty = con,
                .stdout_tty = hostio_stdout_tty(m->hio) || o->keyboard_console ||
                              m->window_console,
                .stderr_tty = hostio_stderr_tty(m->hio) || m->window_console,
                .input_echoed = m->host_echoes,
                .ctx = m},
        .bios = {.con_write = cb_con_write,
                 .kbd_poll = cb_kbd_poll,
                 .reboot = cb_reboot,
                 .ctx = m},
        .kbc = {.reset = cb_reboot,
                .direct_read = cb_kbd_direct,
                .status_poll = cb_kbd_status_poll,
                .ctx = m},
    };
}

/* Extended memory: the XMS, EMS and DPMI budgets side by side, so none
 * can starve another (hw/xmem.h). */
static uint32_t pool_bytes(const struct options *o)
{
    uint32_t xms_kb = o->xms_mb ? o->xms_mb * 1024u - EXT_HMA_ONLY_KB : 0;
    return (xms_kb + (o->ems_mb + o->dpmi_mb) * 1024u) * 1024u;
}

/* The CPU (or, without one, the caller's block counter) and the chips. */
static void build_chips(struct machine *m, const struct machine_config *cfg)
{
    struct cpu_callbacks cb = {.intr = cb_intr, .invalid = cb_invalid, .ctx = m, .pm = cb_pm};
    m->mem = mem_new_ext(pool_bytes(m->opt));
    m->io = io_new();
    pace_init(&m->pace, m->opt->speed_ipms);
    if (!cfg->no_cpu) {
        m->cpu = cpu_new(m->mem, m->io, m->opt->cpu, &cb);
        cpu_set_tier(m->cpu, m->opt->cpu_tier);
        g_cpu = m->cpu;
        if (pace_on(&m->pace))
            cpu_count_insns(m->cpu);
    }
    clock_blocks_fn *blocks = pace_on(&m->pace) && m->opt->deterministic ? cb_paced_blocks
                                                                         : cb_blocks;
    m->clk = cfg->no_cpu ? clock_new(m->opt->deterministic, cfg->blocks, cfg->blocks_ctx)
                         : clock_new(m->opt->deterministic, blocks, m);
    m->pic = pic_new(m->io);
    m->sched = sched_new(m->clk);
    m->pit = pit_new(m->io, m->clk, m->pic, m->sched);
    a20_init(m->io, m->mem);
    m->dma = dma_new(m->io, m->mem);
}

/* The DPMI host reports the CPU model's family (486: 4, Pentium: 5, P6: 6). */
static void build_dpmi(struct machine *m)
{
    static const uint8_t k_family[] = {[CPU_MODEL_486] = 4,
                                       [CPU_MODEL_PENTIUM] = 5,
                                       [CPU_MODEL_PENTIUM2] = 6,
                                       [CPU_MODEL_PENTIUM3] = 6};
    struct dpmi_config cfg = {m->opt->dpmi_mb * 1024u, k_family[m->opt->cpu]};
    if (m->cpu && m->opt->dpmi_mb)
        m->dpmi = dpmi_new(m->mem, m->cpu, m->intr, m->dos, bios_xmem(m->bios), &cfg);
}

static int build(struct machine *m, const struct machine_config *cfg)
{
    const struct options *o = m->opt;
    struct machine_host h;
    if (cfg->host)
        h = *cfg->host;
    else
        run_host(m, &h);
    m->fs = cfg->fs;
    build_chips(m, cfg);
    int rc = cfg->no_sound ? 0 : build_audio(m);
    if (rc)
        return rc;
    m->intr = intr_new(m->mem, m->cpu);
    m->vga = vga_new(m->io, m->clk, m->mem, m->sched);
    m->kbc = kbc_new(m->io, m->pic, m->sched, m->clk, m->mem);
    kbc_set_hooks(m->kbc, &h.kbc);
    m->cmos = cmos_new(m->io, m->pic, m->sched, m->clk);
    struct bios_config bc = {.wall_start = wall_start(o),
                             .ext_kb = o->xms_mb ? o->xms_mb * 1024u : EXT_HMA_ONLY_KB,
                             .vga = m->vga,
                             .kbc = m->kbc,
                             .cmos = m->cmos,
                             .pic = m->pic};
    m->bios = bios_new(m->mem, m->intr, m->clk, &bc, &h.bios);
    bios_disk_attach(m->bios, m->fs);
    const char *dev_env[] = {m->audio ? audio_blaster_env(m->audio) : NULL};
    struct dos_config dc = {.ver_major = o->ver_major,
                            .ver_minor = o->ver_minor,
                            .env = m->env,
                            .nenv = root_env(m),
                            .xms_kb = o->xms_mb ? o->xms_mb * 1024u - EXT_HMA_ONLY_KB : 0,
                            .ems_kb = o->ems_mb * 1024u,
                            .dev_env = dev_env,
                            .ndev_env = dev_env[0] ? 1 : 0,
                            .cd_player = audio_cdplay(m->audio),
                            .no_umb = o->no_umb};
    size_t env_bytes = dos_env_bytes(&dc);
    if (env_bytes > DOS_ENV_MAX_BYTES) {
        warn("-e: the environment needs %zu bytes; DOS allows %u", env_bytes,
             (unsigned)DOS_ENV_MAX_BYTES);
        return UNIDOS_EXIT_USAGE; /* the command line asks for it */
    }
    m->dos = dos_new(m->mem, m->intr, m->bios, m->fs, &dc, &h.dos);
    build_dpmi(m);
    m->shell = shell_new(m->mem, m->intr, m->bios, m->fs, m->dos);
    if (m->rules)
        mount_rules_apply(m->rules, m->shell);
    if (m->audio)
        shell_set_mixer(m->shell, audio_mixer(m->audio));
    return 0;
}

static void teardown(struct machine *m)
{
    if (m->dos)
        dos_close_all(m->dos);
    g_cpu = NULL;
    shell_free(m->shell);
    audio_free(m->audio);
    dpmi_free(m->dpmi);
    dos_free(m->dos);
    bios_free(m->bios);
    intr_free(m->intr);
    cmos_free(m->cmos);
    kbc_free(m->kbc);
    vga_free(m->vga);
    pit_free(m->pit);
    dma_free(m->dma);
    sched_free(m->sched);
    pic_free(m->pic);
    clock_free(m->clk);
    cpu_free(m->cpu);
    io_free(m->io);
    mem_free(m->mem);
    fs_free(m->fs);
    fs_stamps_free(m->own_stamps);
    hostio_free(m->hio);
    mount_rules_free(m->rules);
}

/* ---- drives ---- */

/* --fault: wrap mounted drives in the fault injector (fs/drive_fault.c). */
static int inject_faults(struct machine *m)
{
    for (size_t i = 0; i < m->opt->nfaults; i++) {
        unsigned drive;
        struct fs_fault_config cfg;
        if (fs_fault_parse(m->opt->faults[i], &drive, &cfg) < 0 ||
            fs_mount_fault(m->fs, drive, &cfg) < 0) {
            warn("--fault %s: drive %c: is not mounted", m->opt->faults[i], 'A' + drive);
            return UNIDOS_EXIT_ERROR;
        }
    }
    return 0;
}

/* C: is dir (the current directory, or the program's with
 * --mount-program), read-write, unless that is a directory of the system
 * (/, /usr, /etc...): a DOS program must not write there by accident. It
 * is mounted read-only then, and the note says how to mount it read-write
 * on purpose. */
static int mount_c(struct machine *m, const char *dir)
{
    char real[PATH_MAX];
    bool sys = realpath(dir, real) && program_system_dir(real);
    if (sys)
        warn("C: is %s, read-only: it is a system directory (-m c=%s mounts it "
             "read-write; or run unidos from a directory of your own)",
             real, real);
    mount_rules_add(m->rules, dir, sys);
    return fs_mount_host(m->fs, DRIVE_C, dir, sys);
}

/* What C: shows without -m c=: the current directory, or with
 * --mount-program the directory of the program named on the command line
 * (a DOS path there, or no such file, leaves the current directory). */
static int mount_default_c(struct machine *m)
{
    char host[PATH_MAX];
    const char *prog = m->opt->program;
    if (m->opt->mount_program && prog && !program_is_dos_path(prog) &&
        program_find(prog, host, sizeof host))
        return mount_c(m, dirname(host));
    return mount_c(m, ".");
}

/* A drive named again after an image: the image is another disk of the
 * drive, swapped in while the program runs (Ctrl-F4, the swap statement). */
static bool swap_image(struct machine *m, size_t i, unsigned fl)
{
    const struct opt_mount *mt = &m->opt->mounts[i];
    for (size_t k = 0; k < i; k++)
        if (m->opt->mounts[k].drive == mt->drive && fs_image_path(m->fs, mt->drive))
            return fs_swap_add(m->fs, mt->drive, mt->path, fl) == 0;
    return false;
}

static int mount_all(struct machine *m)
{
    const struct options *o = m->opt;
    bool have_c = false;
    char why[160];
    m->fs = fs_new();
    m->rules = mount_rules_new(o);
    for (size_t i = 0; i < o->nmounts; i++) {
        const struct opt_mount *mt = &o->mounts[i];
        unsigned fl = (mt->readonly ? FS_MOUNT_RO : 0) | (mt->lower ? FS_MOUNT_LOWER : 0);
        mount_rules_add(m->rules, mt->path, mt->readonly);
        if (swap_image(m, i, fl))
            continue;
        if (fs_mount(m->fs, mt->drive, mt->path, fl, why, sizeof why) < 0) {
            warn("cannot mount %s as %c: (%s)", mt->path, 'A' + mt->drive, why);
            return UNIDOS_EXIT_ERROR;
        }
        have_c |= mt->drive == DRIVE_C;
    }
    if (o->max_file_size)
        fs_set_max_file_size(m->fs, o->max_file_size);
    if (have_c && o->mount_program) {
        warn("--mount-program: C: is mounted already (-m c=...)");
        return UNIDOS_EXIT_USAGE;
    }
    if (!have_c && !(o->autoexec_drives & (1u << DRIVE_C)) && mount_default_c(m) < 0) {
        warn("cannot mount %s as C:",
             o->mount_program ? "the program's directory" : "the current directory");
        return UNIDOS_EXIT_ERROR;
    }
    return inject_faults(m);
}

/* The DOS path of the program; its directory is mounted read-only on the
 * next free letter when no mount holds it. */
static int program_dos_path(struct machine *m, const char *host, char *out, size_t cap)
{
    if (fs_host_to_dos(m->fs, host, out, cap) == 0)
        return 0;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", host);
    int drive = fs_free_drive(m->fs);
    if (drive >= 0)
        mount_rules_add(m->rules, dirname(dir), true);
    snprintf(dir, sizeof dir, "%s", host);
    if (drive < 0 || fs_mount_host(m->fs, (unsigned)drive, dirname(dir), true) < 0 ||
        fs_host_to_dos(m->fs, host, out, cap) < 0) {
        warn("%s: cannot give the program a DOS drive", host);
        return UNIDOS_EXIT_ERROR;
    }
    return 0;
}

/* PROGRAM as the user named it: a host path (extension optional), or a
 * DOS path on the mounted drives relative to the DOS current directory
 * ("BUILD.BAT" after --cd D:\, "..\BIN\TOOL.EXE"). A name written the DOS
 * way is looked up on the drives first. */
static int find_program(struct machine *m, const char *name)
{
    char host[PATH_MAX], why[160];
    struct stat st;
    bool dos_first = program_is_dos_path(name);
    if (dos_first && program_find_dos(m->fs, name, m->dos_path, sizeof m->dos_path))
        return 0;
    if (program_find(name, host, sizeof host)) {
        int rc = program_check(host, why, sizeof why);
        if (rc) {
            warn("%s: %s", name, why);
            return rc;
        }
        m->host_program = true;
        return program_dos_path(m, host, m->dos_path, sizeof m->dos_path);
    }
    if (!dos_first && program_find_dos(m->fs, name, m->dos_path, sizeof m->dos_path))
        return 0;
    if (stat(name, &st) == 0 && S_ISDIR(st.st_mode)) {
        warn("%s: is a directory: use -m X=%s to mount it as drive X, or --cd", name, name);
        return UNIDOS_EXIT_NOEXEC;
    }
    warn("%s: not found", name);
    return UNIDOS_EXIT_NOTFOUND;
}

static int start_dir(struct machine *m)
{
    const char *cd = m->opt->cd;
    if (!cd)
        return 0;
    if (cd[0] && cd[1] == ':' &&
        fs_set_current_drive(m->fs, (unsigned)((cd[0] | 0x20) - 'a')) < 0) {
        warn("--cd %s: no such drive", cd);
        return UNIDOS_EXIT_ERROR;
    }
    if (fs_chdir(m->fs, cd) < 0) {
        warn("--cd %s: no such directory", cd);
        return UNIDOS_EXIT_ERROR;
    }
    return 0;
}

/* The shell's first job: the configuration's [autoexec] lines and the -c
 * commands, then the program (a batch file is only run this way), or the
 * prompt when there is neither. */
static int load_shell(struct machine *m)
{
    const struct options *o = m->opt;
    const char **cmds = xcalloc(o->nautoexec + o->ncmds + 1, sizeof *cmds);
    char line[SHELL_LINE_MAX], why[128];
    struct cpu_regs r;
    size_t n = 0;
    if (o->nautoexec && shell_set_autoexec(m->shell, o->autoexec, o->nautoexec))
        cmds[n++] = SHELL_AUTOEXEC;
    for (size_t i = 0; o->nautoexec && !n && i < o->nautoexec; i++)
        cmds[n++] = o->autoexec[i];
    for (size_t i = 0; i < o->ncmds; i++)
        cmds[n++] = o->cmds[i];
    if (o->program) {
        size_t k = (size_t)snprintf(line, sizeof line, "%s", m->dos_path);
        bool fits = program_tail(o->args, o->nargs, line + k, sizeof line - k);
        if (!fits && (!has_suffix(m->dos_path, ".BAT") || strlen(line) + 1 >= sizeof line)) {
            warn("the arguments are longer than the 126 characters DOS allows");
            free(cmds);
            return UNIDOS_EXIT_ERROR;
        }
        cmds[n++] = line;
    }
    struct shell_startup st = {.cmds = cmds,
                               .ncmds = n,
                               .interactive = !o->program && !o->ncmds};
    shell_set_startup(m->shell, &st);
    free(cmds);
    int rc = dos_start(m->dos, SHELL_COMSPEC, "", &r, why, sizeof why);
    if (rc < 0) {
        warn("cannot start the shell (%s): %s", SHELL_COMSPEC,
             why[0] ? why : doserr_name((enum doserr) - rc));
        return UNIDOS_EXIT_ERROR;
    }
    cpu_set_regs(m->cpu, &r);
    return 0;
}

static int load(struct machine *m)
{
    char tail[256], why[128];
    struct cpu_regs r;
    if (m->use_shell)
        return load_shell(m);
    if (!program_tail(m->opt->args, m->opt->nargs, tail, sizeof tail)) {
        warn("the arguments are longer than the 126 characters DOS allows");
        return UNIDOS_EXIT_ERROR;
    }
    int rc = dos_start(m->dos, m->dos_path, tail, &r, why, sizeof why);
    if (rc == -DOSERR_BAD_FORMAT) {
        warn("%s: not a valid DOS program: %s", m->opt->program, why);
        return UNIDOS_EXIT_NOEXEC;
    }
    if (rc < 0) {
        warn("%s: cannot start: %s", m->opt->program, doserr_name((enum doserr) - rc));
        return rc == -DOSERR_FILE_NOT_FOUND ? UNIDOS_EXIT_NOTFOUND : UNIDOS_EXIT_ERROR;
    }
    cpu_set_regs(m->cpu, &r);
    return 0;
}

/* ---- the run loop ---- */

/* Deliver one pending IRQ if the guest accepts interrupts. */
static bool deliver_irq(struct machine *m)
{
    struct cpu_regs r;
    uint8_t vec;
    cpu_get_regs(m->cpu, &r);
    m->irq_blocked = !(r.flags & CPU_FLAG_IF) && pic_pending(m->pic);
    if (!(r.flags & CPU_FLAG_IF) || !pic_acknowledge(m->pic, &vec))
        return false;
    LOG(LOG_INT, "IRQ -> INT %02Xh", vec);
    intr_hardware(m->intr, vec);
    return true;
}

static uint64_t slice_budget(struct machine *m)
{
    uint64_t next = sched_next(m->sched), now = clock_now_ns(m->clk);
    if (m->irq_blocked)
        return SLICE_IRQ_RETRY_BLOCKS;
    /* Blocks cost CLOCK_NS_PER_BLOCK of virtual time, but in real time
     * some code runs far slower (an INT per block): size by measured cost. */
    uint64_t per_kblock = CLOCK_NS_PER_BLOCK * 1000u;
    if (!clock_deterministic(m->clk))
        per_kblock = MAX(per_kblock, m->host_ns_per_kblock);
    per_kblock = MAX(per_kblock, pace_ns_per_kblock(&m->pace));
    uint64_t span = SLICE_BLOCKS * CLOCK_NS_PER_BLOCK;
    if (next != SCHED_NEVER && next > now)
        span = MIN(span, next - now);
    uint64_t blocks = span * 1000u / per_kblock;
    uint64_t least = pace_on(&m->pace) ? SLICE_MIN_PACED_BLOCKS : SLICE_MIN_BLOCKS;
    return MAX(least, MIN(blocks + 1, (uint64_t)SLICE_BLOCKS));
}

/* A slice never runs past --max-blocks: the run stops at the same block
 * every time. */
static uint64_t block_limit(struct machine *m, uint64_t budget)
{
    uint64_t limit = m->opt->max_blocks, done = cpu_blocks(m->cpu);
    return limit ? MAX(MIN(budget, limit > done ? limit - done : 0), (uint64_t)1) : budget;
}

/* Keep a running estimate of what 1000 blocks cost in host time. */
static void measure_slice(struct machine *m, uint64_t blocks, uint64_t host_ns)
{
    if (blocks < SLICE_MIN_BLOCKS)
        return;
    uint64_t cost = host_ns * 1000u / blocks;
    m->host_ns_per_kblock = m->host_ns_per_kblock ? (3 * m->host_ns_per_kblock + cost) / 4
                                                  : cost;
}

/* ---- console output latency (issue 17) ----
 * Console output collects in hostio's buffer (one write(2) per 16 KiB,
 * not per INT 21h 02h) and waits there at most ~50 ms of wall time: every
 * slice end checks its age, and a guest that waits or idles has finished
 * what it had to say, so it all goes out. Idle code calls output_idle()
 * before it sleeps or skips time. */
static void output_slice_end(struct machine *m)
{
    hostio_flush_due(m->hio);
}

static void output_idle(struct machine *m)
{
    hostio_flush(m->hio);
}

/* Nothing to run until an interrupt or input: sleep (or skip virtual time). */
static void idle(struct machine *m, bool want_input)
{
    output_idle(m);
    if (want_input)
        cpu_note_wait(m->cpu);
    uint64_t next = sched_next_idle(m->sched), now = clock_now_ns(m->clk);
    uint64_t cap = clock_deterministic(m->clk) ? IDLE_MAX_NS : IDLE_MAX_REAL_NS;
    uint64_t wait = next == SCHED_NEVER || next <= now ? cap : MIN(next - now, cap);
    if (!clock_deterministic(m->clk) && ui_input_due(m->ui))
        return; /* typed keys to hand over first */
    if (clock_deterministic(m->clk)) {
        /* Virtual time skips the whole wait whatever the host does; the
         * host sleeps only while a person may type (and for pacing). */
        if (want_input && ui_host_input_possible(m->ui))
            ui_wait(m->ui, wait, true);
        clock_skip_to(m->clk, now + wait);
        return;
    }
    /* Input has ended and the program waits for it: only time can change
     * what it sees, and nobody watches or listens (bios/idle.c). */
    if (want_input && bios_waits_for_ended_input(m->bios) && !ui_on_screen(m->ui) &&
        !m->audio_live) {
        clock_skip_to(m->clk, now + MIN(wait, (uint64_t)IDLE_MAX_NS));
        return;
    }
    if (m->deadline_ns)
        wait = MIN(wait, m->deadline_ns > host_now_ns() ? m->deadline_ns - host_now_ns() : 0);
    ui_wait(m->ui, wait, want_input);
}

/* Deterministic runs someone watches: virtual time may not run ahead of
 * the wall clock (a game would race). Sleeping changes no guest state. */
static void pace(struct machine *m)
{
    if (!clock_deterministic(m->clk) || !ui_on_screen(m->ui))
        return;
    uint64_t virt = clock_now_ns(m->clk), host = host_now_ns() - m->host_start_ns;
    if (virt > host + PACE_SLACK_NS) {
        uint64_t ns = virt - host;
        struct timespec ts = {(time_t)(ns / CLOCK_NS_PER_SEC), (long)(ns % CLOCK_NS_PER_SEC)};
        nanosleep(&ts, NULL);
    }
}

/* --speed in real time: a slice that ran ahead of the schedule waits. */
static void keep_speed(struct machine *m)
{
    if (!pace_on(&m->pace))
        return;
    pace_measure(&m->pace, cpu_blocks(m->cpu), cpu_insns(m->cpu));
    uint64_t ns = clock_deterministic(m->clk)
                      ? 0
                      : pace_wait_ns(&m->pace, cpu_insns(m->cpu), host_now_ns());
    struct timespec ts = {(time_t)(ns / CLOCK_NS_PER_SEC), (long)(ns % CLOCK_NS_PER_SEC)};
    if (ns)
        nanosleep(&ts, NULL);
}

/* A crash: what stopped the program, then the notes held back (calls
 * that were not implemented may explain it). */
static int fault(struct machine *m, const char *what)
{
    hostio_flush(m->hio);
    warn("the program stopped: %s", what);
    log_dump_deferred();
    return UNIDOS_EXIT_ERROR;
}

/* The user closed the window or pressed the quit key: at a DOS prompt
 * that ends the session as EXIT does; a running program was stopped, as
 * Ctrl-C stops a host program. */
static int quit_status(struct machine *m)
{
    int rc = m->shell ? shell_prompt_status(m->shell) : -1;
    return rc >= 0 ? rc : EXIT_SIGNAL_BASE + SIGINT;
}

/* A signal or --timeout ended the run (during a slice, or while the
 * drives were mounted): its status, after the message; else -1. */
static int limit_status(struct machine *m)
{
    if (g_signal) {
        hostio_flush(m->hio);
        warn("stopped by signal %d (%s)", (int)g_signal, strsignal(g_signal));
        return EXIT_SIGNAL_BASE + g_signal;
    }
    if (m->deadline_ns && host_now_ns() >= m->deadline_ns) {
        hostio_flush(m->hio);
        warn("timed out after %g seconds", m->opt->timeout_s);
        return UNIDOS_EXIT_TIMEOUT;
    }
    return -1;
}

/* Checks after each slice; a non-negative result ends the run. */
static int check_stop(struct machine *m, enum cpu_stop stop)
{
    if (stop == CPU_STOP_FAULT)
        return fault(m, cpu_fault(m->cpu));
    if (m->exited)
        return m->exit_code;
    if (m->rebooted)
        return fault(m, "it rebooted the machine (jumped to the BIOS reset vector)");
    int rc = limit_status(m);
    if (rc >= 0)
        return rc;
    if (m->opt->max_blocks && cpu_blocks(m->cpu) >= m->opt->max_blocks) {
        hostio_flush(m->hio);
        warn("stopped after %llu blocks of guest code (--max-blocks)",
             (unsigned long long)cpu_blocks(m->cpu));
        return UNIDOS_EXIT_TIMEOUT;
    }
    if (ui_quit_requested(m->ui))
        return quit_status(m);
    if (bios_input_starved(m->bios) || dos_input_starved(m->dos))
        return fault(m, "it waits for keyboard input, but standard input has ended");
    return -1;
}

/* Ctrl-F4: every drive with several images gets its next one. */
static void swap_disks(struct machine *m)
{
    char why[160];
    bool any = false;
    for (unsigned d = 0; d < FS_MAX_DRIVES; d++)
        any |= fs_swap_next(m->fs, d, why, sizeof why) >= 0;
    if (!any)
        log_note("no drive has another disk image to insert (mount one with -m X=IMAGE twice)");
}

/* HLT resumes only on an interrupt: after a wake-up without one (host
 * input, a window event) the CPU halts again. */
static void rehalt(struct machine *m)
{
    struct cpu_regs r;
    cpu_get_regs(m->cpu, &r);
    r.ip = (uint16_t)(r.ip - 1);
    cpu_set_regs(m->cpu, &r);
}

/* A loop reading the BIOS tick count from memory, with nothing else that
 * could end it before the next interrupt (cpu/tickwait.c): the program
 * waits for the timer, and idles as the polling routes do. The proof ran
 * the loop a turn: a tick that fell due meanwhile is delivered, not slept
 * over. */
static bool tick_wait(struct machine *m, enum cpu_stop stop)
{
    if (stop != CPU_STOP_BUDGET || clock_deterministic(m->clk) || !cpu_tick_wait(m->cpu))
        return false;
    bios_tick_wait(m->bios);
    sched_run(m->sched);
    return intr_take_idle(m->intr) && !deliver_irq(m);
}

static int run(struct machine *m)
{
    for (;;) {
        uint64_t t0 = host_now_ns(), b0 = cpu_blocks(m->cpu);
        enum cpu_stop stop = cpu_run(m->cpu, block_limit(m, slice_budget(m)));
        if (stop == CPU_STOP_BUDGET)
            measure_slice(m, cpu_blocks(m->cpu) - b0, host_now_ns() - t0);
        output_slice_end(m);
        int rc = check_stop(m, stop);
        if (rc >= 0)
            return rc;
        bool waiting = intr_take_idle(m->intr);
        bool halted = stop == CPU_STOP_HLT;
        if (m->drv && (rc = m->drv->tick(m->drv->ctx, waiting)) >= 0)
            return rc;
        pace(m);
        keep_speed(m);
        ui_update(m->ui);
        if (ui_take_swap(m->ui))
            swap_disks(m);
        /* Typed text shows by itself only on a line-buffered terminal. */
        dos_set_input_echoed(m->dos, m->host_echoes && ui_host_echoes(m->ui));
        sched_run(m->sched);
        if (deliver_irq(m))
            continue;
        /* A tick-count loop waits as HLT does: for the next interrupt. */
        if (!waiting && !halted && !tick_wait(m, stop))
            continue;
        struct cpu_regs r;
        cpu_get_regs(m->cpu, &r);
        if (halted && !(r.flags & CPU_FLAG_IF))
            return fault(m, "HLT with interrupts disabled: the machine would hang forever");
        idle(m, waiting);
        if (pace_on(&m->pace))
            pace_idled(&m->pace, cpu_insns(m->cpu), host_now_ns());
        sched_run(m->sched);
        if (!deliver_irq(m) && halted)
            rehalt(m);
    }
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int machine_main(const struct options *o)
{
    return machine_run(o, NULL);
}

/* The first slice runs after the driver's start; its end sees the
 * machine as the program left it. */
static int run_driven(struct machine *m)
{
    const struct machine_driver *d = m->drv;
    if (!d)
        return run(m);
    struct machine_parts p = {
        .ui = m->ui, .bios = m->bios, .fs = m->fs, .clk = m->clk, .hio = m->hio};
    int rc = d->start(d->ctx, &p);
    if (rc < 0)
        rc = run(m);
    hostio_flush(m->hio);
    return d->end(d->ctx, rc, m->exited);
}

/* Signals and --timeout guard everything from the first mount on: a zip
 * of 60,000 members or a FIFO named like one is the run's time too. */
static void start_limits(struct machine *m)
{
    if (!g_signal)
        stop_clear();
    install_signals();
    if (m->opt->timeout_s > 0) {
        m->deadline_ns = host_now_ns() + (uint64_t)(m->opt->timeout_s * 1e9);
        arm_timeout(m->opt->timeout_s);
    }
}

int machine_run(const struct options *o, const struct machine_driver *d)
{
    struct machine m = {.opt = o,
                        .drv = d,
                        .con_fd = 1,
                        .con_screen = o->keyboard_console || o->deterministic};
    log_set_quiet(o->quiet);
    g_stop = g_signal != 0;
    m.hio = hostio_new(o->text);
    if (o->deterministic)
        hostio_set_waiting(m.hio, &g_stop); /* pipe timing must not matter */
    struct ui_config uc = {.kind = o->ui,
                           .title = o->program ? base_name(o->program) : "COMMAND.COM",
                           .screen_dump = o->screen_dump,
                           .screenshot = o->screenshot,
                           .keys = o->keys,
                           .screenshot_aspect = o->screenshot_aspect,
                           .deterministic = o->deterministic,
                           .record = o->record,
                           .replay = o->replay,
                           .script_input = o->keyboard_console,
                           .prompt_only = !o->program && !o->ncmds,
                           .shot_dir = o->shot_dir,
                           .screen_text = o->screen_text,
                           .fullscreen = o->fullscreen,
                           .scale = o->scale,
                           .filter = o->filter,
                           .no_aspect = o->no_aspect};
    m.ui = ui_new(&uc, m.hio);
    if (!m.ui) {
        hostio_free(m.hio);
        return UNIDOS_EXIT_ERROR;
    }
    m.window_console = ui_window_console(m.ui);
    start_limits(&m);
    int rc = mount_all(&m);
    if (rc == 0)
        rc = start_dir(&m);
    if (rc == 0 && o->program)
        rc = find_program(&m, o->program);
    m.use_shell = !o->program || o->ncmds || o->nautoexec || has_suffix(m.dos_path, ".BAT");
    if (rc == 0) {
        struct machine_config mc = {.opt = o, .fs = m.fs};
        rc = build(&m, &mc);
    }
    if (rc == 0 && !fs_drive_valid(m.fs, DRIVE_C))
        fs_set_current_drive(m.fs, SHELL_DRIVE); /* as DOSBox starts */
    if (rc == 0) {
        ui_attach(m.ui, m.mem, m.clk, m.vga, m.kbc, m.bios);
        ui_attach_cpu(m.ui, m.cpu);
        m.settings = (struct settings){.pace = &m.pace,
                                       .cpu = m.cpu,
                                       .clk = m.clk,
                                       .mix = m.audio ? audio_mixer(m.audio) : NULL,
                                       .ui = m.ui,
                                       .bios = m.bios,
                                       .dos = m.dos,
                                       .keyboard = o->keyboard};
        settings_start(&m.settings);
        shell_set_speed(m.shell, &(struct shell_speed){.set = settings_set_speed,
                                                       .name = settings_speed_name,
                                                       .ctx = &m.settings});
        fs_deterministic(&m);
        rc = load(&m);
    }
    if (rc != 0 && stop_requested() && limit_status(&m) >= 0)
        rc = limit_status(&m); /* a hostile zip or directory outlasted --timeout */
    if (rc == 0) {
        m.host_start_ns = host_now_ns();
        rc = ui_start(m.ui) ? run_driven(&m) : UNIDOS_EXIT_ERROR;
        if (!g_signal && rc != UNIDOS_EXIT_TIMEOUT) {
            ui_linger(m.ui, rc, &g_stop); /* --timeout and signals end it too */
            if (g_signal)
                rc = EXIT_SIGNAL_BASE + g_signal;
        }
        int urc = ui_finish(m.ui);
        if (urc)
            rc = urc;
    }
    disarm_timeout();
    hostio_flush(m.hio);
    teardown(&m);
    ui_free(m.ui);
    if (d && d->closed)
        d->closed(d->ctx);
    return rc;
}

/* ---- a machine without the run loop ---- */

struct machine *machine_new(const struct machine_config *cfg)
{
    struct machine *m = xcalloc(1, sizeof *m);
    ASSERT(cfg->host);
    m->opt = cfg->opt;
    if (build(m, cfg) != 0) {
        machine_free(m);
        return NULL;
    }
    return m;
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    teardown(m);
    free(m);
}

struct mem *machine_mem(struct machine *m)
{
    return m->mem;
}

struct dos *machine_dos(struct machine *m)
{
    return m->dos;
}

void machine_interrupt(struct machine *m, unsigned vec, struct cpu_regs *r)
{
    intr_dispatch(m->intr, vec, r);
    intr_take_idle(m->intr);
}

void machine_devices_run(struct machine *m)
{
    sched_run(m->sched);
}
