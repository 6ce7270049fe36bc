/* The options of a run: one table gives each option's names, value, help
 * and setter (base/cli.h generates parsing and --help from it). */
#include "machine/options.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/common.h"
#include "base/log.h"
#include "fs/fs.h"
#include "machine/pace.h"
#include "bios/kbd_layout.h"
#include "ui/keyscript.h"

#define DOS_VERSION_DEFAULT_MAJOR 5
#define DOS_VERSION_DEFAULT_MINOR 0
#define MOUNT_SUFFIX_RO ":ro"
#define MOUNT_SUFFIX_LOWER ":lower"

static enum cli_set ok_if(bool valid)
{
    return valid ? CLI_SET_OK : CLI_SET_INVALID;
}

CLI_SETTER_NAME(struct options, cd)
CLI_SETTER_NAME(struct options, screen_dump)
CLI_SETTER_NAME(struct options, screenshot)
CLI_SETTER_NAME(struct options, wav)
CLI_SETTER_NAME(struct options, soundfont)
CLI_SETTER_NAME(struct options, record)
CLI_SETTER_NAME(struct options, replay)
CLI_SETTER_NAME(struct options, shot_dir)

static enum cli_set set_verbose(void *ctx, const char *v)
{
    UNUSED(ctx);
    UNUSED(v);
    log_set_verbose(true);
    return CLI_SET_OK;
}
CLI_SETTER_FLAG(struct options, text)
CLI_SETTER_FLAG(struct options, quiet)
CLI_SETTER_FLAG(struct options, deterministic)
CLI_SETTER_FLAG(struct options, screenshot_aspect)
CLI_SETTER_FLAG(struct options, fullscreen)
CLI_SETTER_FLAG(struct options, mount_program)
CLI_SETTER_ENUM(struct options, scale, enum ui_scale, [UI_SCALE_INTEGER] = "integer",
                [UI_SCALE_FIT] = "fit", [UI_SCALE_STRETCH] = "stretch")
CLI_SETTER_ENUM(struct options, filter, enum ui_filter, [UI_FILTER_NEAREST] = "nearest",
                [UI_FILTER_SHARP] = "sharp", [UI_FILTER_LINEAR] = "linear")
CLI_SETTER_ENUM(struct options, no_aspect, bool, [false] = "on", [true] = "off")
CLI_SETTER_ENUM(struct options, cpu,
                enum cpu_model, [CPU_MODEL_486] = "486", [CPU_MODEL_PENTIUM] = "pentium",
                [CPU_MODEL_PENTIUM2] = "p2", [CPU_MODEL_PENTIUM3] = "p3")
CLI_SETTER_ENUM(struct options, cpu_tier, enum cpu_tier, [CPU_TIER_AUTO] = "auto",
                [CPU_TIER_INTERP] = "interp", [CPU_TIER_JIT] = "jit")
CLI_SETTER_ENUM(struct options, ui, enum ui_kind, [UI_AUTO] = "auto", [UI_WINDOW] = "window",
                [UI_TERM] = "term", [UI_HEADLESS] = "headless")
CLI_SETTER_ENUM(struct options, screen_text, enum ui_screen_text, [UI_TEXT_AUTO] = "auto",
                [UI_TEXT_STREAM] = "stream", [UI_TEXT_FINAL] = "final", [UI_TEXT_OFF] = "off")
CLI_SETTER_ENUM(struct options, audio, enum opt_audio, [OPT_AUDIO_AUTO] = "auto",
                [OPT_AUDIO_SDL] = "sdl", [OPT_AUDIO_NONE] = "none")
CLI_SETTER_ENUM(struct options, mount_cmd, enum opt_mount_cmd, [OPT_MOUNT_CMD_ON] = "on",
                [OPT_MOUNT_CMD_RO] = "ro", [OPT_MOUNT_CMD_OFF] = "off")
CLI_SETTER_FLAG(struct options, no_umb)
CLI_SETTER_ENUM(struct options, card,
                enum aud_card, [AUD_CARD_NONE] = "none", [AUD_CARD_ADLIB] = "adlib",
                [AUD_CARD_SB2] = "sb2", [AUD_CARD_SBPRO] = "sbpro", [AUD_CARD_SB16] = "sb16")

/* The key script is checked now: a typo is a usage error, not a failed run. */
static enum cli_set set_keys(void *ctx, const char *v)
{
    static char why[128];
    struct options *o = ctx;
    struct keyscript ks = {0};
    bool ok = ks_parse(v, &ks, why, sizeof why);
    ks_free(&ks);
    o->keys = v;
    return ok ? CLI_SET_OK : cli_refuse(why);
}

static enum cli_set set_command(void *ctx, const char *v)
{
    struct options *o = ctx;
    if (o->ncmds >= OPT_MAX_CMDS)
        return CLI_SET_INVALID;
    o->cmds[o->ncmds++] = v;
    return CLI_SET_OK;
}

static enum cli_set set_env(void *ctx, const char *v)
{
    struct options *o = ctx;
    if (!strchr(v, '=') || v[0] == '=')
        return CLI_SET_INVALID;
    if (o->nenv >= OPT_MAX_ENV)
        return cli_refuse("too many variables (at most 256)");
    o->env[o->nenv++] = v;
    return CLI_SET_OK;
}

/* Strip suffix from the end of s[0..*n) when it is there. */
static bool take_suffix(const char *s, size_t *n, const char *suffix)
{
    size_t k = strlen(suffix);
    if (*n <= k || strncmp(s + *n - k, suffix, k))
        return false;
    *n -= k;
    return true;
}

/* X=PATH with ":ro" and ":lower" suffixes in any order. */
static enum cli_set set_mount(void *ctx, const char *v)
{
    struct options *o = ctx;
    if ((v[0] | 0x20) == 'z' && v[1] == '=')
        return cli_refuse(
            "Z: is the built-in drive (Z:\\COMMAND.COM); mount on another letter");
    if (o->nmounts >= OPT_MAX_MOUNTS || !isalpha((unsigned char)v[0]) || v[1] != '=' || !v[2])
        return CLI_SET_INVALID;
    struct opt_mount *m = &o->mounts[o->nmounts];
    const char *path = v + 2;
    size_t n = strlen(path);
    for (bool more = true; more;) {
        more = false;
        if (take_suffix(path, &n, MOUNT_SUFFIX_RO)) {
            m->readonly = true;
            more = true;
        }
        if (take_suffix(path, &n, MOUNT_SUFFIX_LOWER)) {
            m->lower = true;
            more = true;
        }
    }
    if (n >= sizeof m->path)
        return CLI_SET_INVALID;
    m->drive = (unsigned)(toupper((unsigned char)v[0]) - 'A');
    memcpy(m->path, path, n);
    m->path[n] = 0;
    o->nmounts++;
    return CLI_SET_OK;
}

static enum cli_set set_timeout(void *ctx, const char *v)
{
    struct options *o = ctx;
    return ok_if(cli_seconds(v, &o->timeout_s));
}

static enum cli_set set_max_blocks(void *ctx, const char *v)
{
    struct options *o = ctx;
    return ok_if(cli_count(v, OPT_MAX_BLOCKS_MAX, &o->max_blocks));
}

/* BYTES, or with a K, M or G suffix (1024-based); at most 4 GiB - 1. */
static enum cli_set set_max_file_size(void *ctx, const char *v)
{
    struct options *o = ctx;
    static const char k_units[] = "KMG";
    char num[32];
    size_t n = strspn(v, "0123456789");
    const char *unit = v[n] ? strchr(k_units, toupper((unsigned char)v[n])) : NULL;
    uint64_t count;
    if (!n || n >= sizeof num || (v[n] && (!unit || v[n + 1])))
        return CLI_SET_INVALID;
    memcpy(num, v, n);
    num[n] = 0;
    if (!cli_count(num, UINT32_MAX, &count))
        return CLI_SET_INVALID;
    for (const char *u = k_units; unit && u <= unit; u++)
        count *= 1024u;
    if (count > UINT32_MAX)
        return CLI_SET_INVALID;
    o->max_file_size = (uint32_t)count;
    return CLI_SET_OK;
}

static enum cli_set set_dos_version(void *ctx, const char *v)
{
    struct options *o = ctx;
    unsigned maj, min;
    char extra;
    if (sscanf(v, "%u.%u%c", &maj, &min, &extra) != 2 || maj < 2 || maj > 9 || min > 99)
        return CLI_SET_INVALID;
    o->ver_major = (uint8_t)maj;
    o->ver_minor = (uint8_t)min;
    return CLI_SET_OK;
}

bool options_parse_date(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
        return false;
    const char *t = s + n;
    if (*t == ' ' || *t == 'T') {
        int k = 0;
        if (sscanf(t + 1, "%2d:%2d%n:%2d%n", &h, &mi, &k, &sec, &k) < 2)
            return false;
        t += 1 + k;
    }
    if (*t || y < 1980 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
        mi > 59 || sec > 59 || h < 0 || mi < 0 || sec < 0)
        return false;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = sec};
    time_t v = timegm(&tm);
    gmtime_r(&v, &tm);
    if (tm.tm_mday != d)
        return false; /* 2001-02-30 */
    *out = (int64_t)v;
    return true;
}

static enum cli_set set_date(void *ctx, const char *v)
{
    struct options *o = ctx;
    o->start_time_set = options_parse_date(v, &o->start_time);
    return ok_if(o->start_time_set);
}

/* A size in MiB from 0 to max. */
static enum cli_set set_mb(const char *v, unsigned max, unsigned *out)
{
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || n > max)
        return CLI_SET_INVALID;
    *out = (unsigned)n;
    return CLI_SET_OK;
}

static enum cli_set set_xms(void *ctx, const char *v)
{
    struct options *o = ctx;
    return set_mb(v, OPT_XMS_MAX_MB, &o->xms_mb);
}

static enum cli_set set_ems(void *ctx, const char *v)
{
    struct options *o = ctx;
    return set_mb(v, OPT_EMS_MAX_MB, &o->ems_mb);
}

static enum cli_set set_dpmi(void *ctx, const char *v)
{
    struct options *o = ctx;
    return set_mb(v, OPT_DPMI_MAX_MB, &o->dpmi_mb);
}

static enum cli_set set_no_ems(void *ctx, const char *v)
{
    struct options *o = ctx;
    UNUSED(v);
    o->ems_mb = 0;
    return CLI_SET_OK;
}

static enum cli_set set_fault(void *ctx, const char *v)
{
    struct options *o = ctx;
    unsigned drive;
    struct fs_fault_config cfg;
    if (o->nfaults >= OPT_MAX_FAULTS || fs_fault_parse(v, &drive, &cfg) < 0)
        return CLI_SET_INVALID;
    o->faults[o->nfaults++] = v;
    return CLI_SET_OK;
}

/* A number from the list (hexadecimal for ports, as BLASTER writes them). */
static bool one_of(const char *v, int base, const unsigned *list, size_t n, unsigned *out)
{
    char *end;
    unsigned long x = strtoul(v, &end, base);
    for (size_t i = 0; *v && !*end && i < n; i++)
        if (x == list[i]) {
            *out = (unsigned)x;
            return true;
        }
    return false;
}

static const unsigned k_sb_bases[] = {0x220, 0x240, 0x260, 0x280, 0x2A0, 0x2C0, 0x2E0, 0x300};
static const unsigned k_sb_irqs[] = {3, 5, 7, 9, 10, 11};
static const unsigned k_sb_dmas[] = {0, 1, 3};
static const unsigned k_sb_hdmas[] = {5, 6, 7};
static const char *const k_sb_base_values[] = {"220", "240", "260", "280",
                                               "2a0", "2c0", "2e0", "300"};
static const char *const k_sb_irq_values[] = {"3", "5", "7", "9", "10", "11"};
static const char *const k_sb_dma_values[] = {"0", "1", "3"};
static const char *const k_sb_hdma_values[] = {"5", "6", "7"};

static enum cli_set set_sb_base(void *ctx, const char *v)
{
    struct options *o = ctx;
    unsigned x;
    bool ok = one_of(v, 16, k_sb_bases, ARRAY_LEN(k_sb_bases), &x);
    o->sb_base = ok ? (uint16_t)x : o->sb_base;
    return ok_if(ok);
}

/* An IRQ or DMA channel number from list into *out. */
static enum cli_set set_small(const char *v, const unsigned *list, size_t n, uint8_t *out)
{
    unsigned x;
    bool ok = one_of(v, 10, list, n, &x);
    if (ok)
        *out = (uint8_t)x;
    return ok_if(ok);
}

static enum cli_set set_sb_irq(void *ctx, const char *v)
{
    return set_small(v, k_sb_irqs, ARRAY_LEN(k_sb_irqs), &((struct options *)ctx)->sb_irq);
}

static enum cli_set set_sb_dma(void *ctx, const char *v)
{
    return set_small(v, k_sb_dmas, ARRAY_LEN(k_sb_dmas), &((struct options *)ctx)->sb_dma);
}

static enum cli_set set_sb_hdma(void *ctx, const char *v)
{
    return set_small(v, k_sb_hdmas, ARRAY_LEN(k_sb_hdmas), &((struct options *)ctx)->sb_hdma);
}

/* PATH[:ro]: a host directory or image file that MOUNT may use. */
static enum cli_set set_allow_mount(void *ctx, const char *v)
{
    struct options *o = ctx;
    if (o->nallow >= OPT_MAX_ALLOW || !*v || !strcmp(v, MOUNT_SUFFIX_RO))
        return CLI_SET_INVALID;
    o->allow_mount[o->nallow++] = v;
    return CLI_SET_OK;
}

static const char *const k_speed_values[] = {"max", "4.77mhz", "286", "386", "486", "pentium"};
static const char *const k_keyboard_values[] = {"auto", "us", "uk", "de", "fr", "it",
                                                "es",   "se", "fi", "no", "dk"};

static enum cli_set set_speed(void *ctx, const char *v)
{
    struct options *o = ctx;
    return ok_if(pace_parse(v, &o->speed_ipms));
}

static enum cli_set set_volume(void *ctx, const char *v)
{
    struct options *o = ctx;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    o->volume = (unsigned)n;
    return ok_if(*v >= '0' && *v <= '9' && !*end && n <= AUD_LEVEL_MAX);
}

static enum cli_set set_keyboard(void *ctx, const char *v)
{
    struct options *o = ctx;
    const struct kbd_layout *l;
    unsigned cp;
    o->keyboard = strcmp(v, "auto") ? v : NULL;
    return ok_if(!o->keyboard || kbd_layout_parse(v, &l, &cp));
}

static enum cli_set set_trace(void *ctx, const char *v)
{
    UNUSED(ctx);
    return ok_if(log_enable(v));
}

/* In --help order. */
static const struct cli_option k_options[] = {
    {.short_name = 'c',
     .name = "command",
     .arg = "CMD",
     .set = set_command,
     .what = "command (at most 64 of them)",
     .flags = CLI_REPEAT,
     .help = "run shell command CMD, in order given, then PROGRAM if given; exit with the "
             "last ERRORLEVEL"},
    {.short_name = 'm',
     .name = "mount",
     .arg = "X=PATH[:ro][:lower]",
     .set = set_mount,
     .flags = CLI_REPEAT,
     .kind = CLI_MOUNT,
     .what = "mount (expected X=PATH, X=PATH:ro, X=PATH:lower or X=PATH:ro:lower; PATH a "
             "directory or an image file)",
     .help = "mount host directory PATH as drive X (read-only with :ro; :lower creates new "
             "files in lower case), or an image file, its kind told by its content: a FAT12/"
             "16/32 floppy or hard-disk image (partitioned or not; read-write in place, or "
             ":ro), an ISO 9660 or CUE/BIN CD image (with MSCDEX and CD audio from the BIN "
             "or WAV, FLAC, Ogg, MP3 files), a .zip file (read-only). The same X again adds "
             "another image to swap in with Ctrl-F4. Long host names show as 8.3 aliases "
             "(LONGNA~1.TXT); nothing outside PATH is reachable. Without -m c=..., C: is the "
             "current directory. A PROGRAM outside every mount gets its directory mounted "
             "read-only on the next free letter."},
    {.name = "mount-program",
     .set = set_mount_program,
     .help = "mount PROGRAM's directory as C: (read-write) and start in it, as DOSBox does "
             "with a program given to it, instead of the current directory; the desktop "
             "entry starts programs this way, so a game opened from a file manager finds its "
             "files and saves beside them"},
    {.name = "allow-mount",
     .arg = "PATH[:ro]",
     .set = set_allow_mount,
     .flags = CLI_REPEAT,
     .kind = CLI_FILE,
     .what = "path (at most 32 of them)",
     .help = "let MOUNT and IMGMOUNT at the DOS prompt mount PATH (a directory and what "
             "lies under it, or an image file), read-only with :ro. Without it they may "
             "mount only what the run's drives already show: under the -m paths and the "
             "current directory, never more than those allow"},
    {.name = "mount-command",
     .arg = "on|ro|off",
     .set = set_mount_cmd,
     CLI_VALUES(mount_cmd),
     .def = "on",
     .what = "MOUNT command (expected on, ro or off)",
     .help = "on (default): MOUNT and IMGMOUNT work within what --allow-mount and the "
             "drives allow; ro: only read-only; off: they refuse (for sandboxed runs)"},
    {.name = "cd",
     .arg = "DIR",
     .set = set_cd,
     .what = "directory",
     .help = "start in DOS directory DIR (for example 'D:\\SRC')"},
    {.short_name = 'e',
     .name = "env",
     .arg = "NAME=VALUE",
     .set = set_env,
     .what = "variable (expected NAME=VALUE)",
     .flags = CLI_REPEAT,
     .help = "set a DOS environment variable (up to 256 variables; with the defaults "
             "they must fit the 32,512 bytes of a DOS environment)"},
    {.name = "timeout",
     .arg = "SECONDS",
     .set = set_timeout,
     .what = "timeout (expected seconds, more than 0 and at most 1e9)",
     .help = "stop the program after SECONDS of wall time"},
    {.name = "max-blocks",
     .arg = "N",
     .set = set_max_blocks,
     .what = "block limit (expected a count from 1 to 1e17)",
     .help = "stop the program after N blocks of guest code (a block is a straight run of "
             "instructions up to a jump; about 10 ns of virtual time each): the same point "
             "every run"},
    {.name = "max-file-size",
     .arg = "SIZE",
     .set = set_max_file_size,
     .what = "file size (expected bytes, or with K, M or G; at most 4G - 1 = 4294967295)",
     .help = "no DOS write takes a host file past SIZE bytes (default and most: 4 GiB - 1, "
             "what 32-bit DOS positions reach): a write that would is cut short, one at or "
             "past it gets error 5"},
    {.name = "text",
     .set = set_text,
     .help = "convert CR LF to LF on output, LF to CR LF on input"},
    {.name = "dos-version",
     .arg = "X.Y",
     .set = set_dos_version,
     .def = "5.0",
     .what = "DOS version (expected X.Y, 2.0-9.99)",
     .help = "DOS version to report (default 5.0), like SETVER"},
    {.name = "deterministic",
     .set = set_deterministic,
     .help = "same output every run: the clock counts executed code (no host time), the "
             "date starts at 2000-01-01 00:00:00, files not written in the run show that "
             "time, drives report 64 MiB free"},
    {.name = "date",
     .arg = "'YYYY-MM-DD[ HH:MM[:SS]]'",
     .set = set_date,
     .what = "date (expected YYYY-MM-DD[ HH:MM[:SS]], 1980-2099)",
     .help = "the date and time at start"},
    {.name = "cpu",
     .arg = "MODEL",
     .set = set_cpu,
     CLI_VALUES(cpu),
     .def = "p2",
     .what = "CPU model (expected 486, pentium, p2 or p3)",
     .help = "CPUID identity: 486, pentium, p2 (default) or p3"},
    {.name = "cpu-tier",
     .arg = "TIER",
     .set = set_cpu_tier,
     CLI_VALUES(cpu_tier),
     .def = "auto",
     .what = "CPU tier (expected auto, interp or jit)",
     .help = "auto (default): interpret code that runs a few times, translate hot code "
             "(Unicorn); interp: interpret all the interpreter can; jit: translate "
             "everything. The program sees the same CPU and time in each; a --speed other "
             "than max runs in Unicorn (also UNIDOS_CPU_TIER)"},
    {.name = "speed",
     .arg = "SPEED",
     .set = set_speed,
     .def = "max",
     .values = k_speed_values,
     .nvalues = ARRAY_LEN(k_speed_values),
     .what = "speed (expected max, 4.77mhz, 286, 386, 486, pentium or instructions per "
             "millisecond)",
     .help = "how fast the CPU runs: max (default: as fast as the host can), a PC of the era "
             "(4.77mhz: 300 instructions per millisecond, 286: 1500, 386: 7800, 486: 26800, "
             "pentium: 77000) or a number of instructions per millisecond (DOSBox's cycles). "
             "The machine's clock and timers keep real time; in the window Alt-F11 and Alt-F12 "
             "change it"},
    {.name = "xms",
     .arg = "MB",
     .set = set_xms,
     .def = "16",
     .what = "XMS size (expected MiB, 0-512)",
     .help = "extended memory behind the built-in XMS 3.0 driver (default 16; 0 = no XMS "
             "driver)"},
    {.name = "ems",
     .arg = "MB",
     .set = set_ems,
     .def = "8",
     .what = "EMS size (expected MiB, 0-32)",
     .help = "expanded memory behind the built-in EMS 4.0 driver (default 8, at most 32)"},
    {.name = "no-ems", .set = set_no_ems, .help = "no EMS driver (the same as --ems 0)"},
    {.name = "no-umb",
     .set = set_no_umb,
     .help = "no upper memory blocks (DOS=UMB off: 5803h and LOADHIGH find none)"},
    {.name = "dpmi-mem",
     .arg = "MB",
     .set = set_dpmi,
     .def = "64",
     .what = "DPMI memory (expected MiB, 0-2048)",
     .help = "memory for protected-mode programs: unidos is their DPMI 0.9 host (DJGPP, "
             "DOS/4GW, DOS/32A, PMODE/W...), so they need no CWSDPMI (default 64, at most "
             "2048; 0 = no DPMI host). Not provided: VCPI, raw switching to protected mode "
             "without DPMI, virtual memory"},
    {.name = "ui",
     .arg = "MODE",
     .set = set_ui,
     CLI_VALUES(ui),
     .def = "auto",
     .what = "frontend (expected auto, window, term or headless)",
     .help = "auto (default): console passthrough until the program uses the screen, then a "
             "window when a display exists, else the full-screen terminal when stdout is "
             "one (a program writing text at the cursor stays inline in the terminal until "
             "it takes the whole screen: --screen-text); window, term or headless force a "
             "frontend. With a terminal on stdin and "
             "stdout, passthrough reads keys raw: DOS edits lines (arrows, F3, history) and "
             "gets Ctrl-C (three that no program reads stop unidos). In the window and "
             "terminal, Ctrl-F12 quits and Ctrl-F4 inserts the next disk image; in the "
             "window a click captures the mouse, Ctrl-F10 releases it and Ctrl-F5 saves a "
             "screenshot"},
    {.name = "fullscreen",
     .set = set_fullscreen,
     .help = "open the window fullscreen (on the desktop's own mode); Alt+Enter toggles it, "
             "and the window comes back at the size it had"},
    {.name = "scale",
     .arg = "HOW",
     .set = set_scale,
     CLI_VALUES(scale),
     .def = "integer",
     .what = "scaling (expected integer, fit or stretch)",
     .help = "how the picture fills the window: integer (default: the largest whole "
             "multiple that fits, black around it), fit (the largest size with its shape) or "
             "stretch (the whole window)"},
    {.name = "filter",
     .arg = "HOW",
     .set = set_filter,
     CLI_VALUES(filter),
     .def = "sharp",
     .what = "filter (expected nearest, sharp or linear)",
     .help = "how pixels are scaled: sharp (default: whole multiples, then smoothed to the "
             "size: crisp and even), nearest (blocky) or linear (smooth)"},
    {.name = "aspect",
     .arg = "on|off",
     .set = set_no_aspect,
     CLI_VALUES(no_aspect),
     .def = "on",
     .what = "aspect correction (expected on or off)",
     .help = "on (default): every mode fills a 4:3 screen as on a VGA monitor (320x200 and "
             "640x400 are stretched vertically); off: square pixels"},
    {.name = "keyboard",
     .arg = "LAYOUT[,CP]",
     .set = set_keyboard,
     .def = "auto",
     .values = k_keyboard_values,
     .nvalues = ARRAY_LEN(k_keyboard_values),
     .what = "keyboard (expected auto, us, uk, de, fr, it, es, se, fi, no or dk, or KEYB's "
             "codes: GR, SP, SV, SU..., optionally with a code page: de,437)",
     .help = "the DOS keyboard layout, as KEYB sets it, and its code page (us and uk 437, "
             "the others 850; the screen font follows): auto (default) takes the host's "
             "layout in a window and us elsewhere; us, uk, de, fr, it, es, se, fi, no, dk (or "
             "GR, SP, SV, SU...). "
             "Characters typed in the window or the terminal arrive as the keys of that "
             "layout; KEYB changes it while the machine runs"},
    {.name = "screen-text",
     .arg = "MODE",
     .set = set_screen_text,
     CLI_VALUES(screen_text),
     .what = "screen text mode (expected auto, stream, final or off)",
     .help = "what stdout or the terminal gets of the text a program puts on the screen once "
             "it uses the screen (INT 10h beyond teletype output, video RAM): auto (default): "
             "stdout a file or pipe gets the screen's rows (each once, as it scrolls off, the "
             "rest at exit; UTF-8, trailing blanks removed), a terminal shows the screen "
             "inline while the program writes at the cursor, and a full-screen program's last "
             "screen after it ends; stream or final (the rows at exit only) force one, off "
             "passes console output through alone. Scripts: off unless given"},
    {.name = "screen-dump",
     .arg = "FILE",
     .set = set_screen_dump,
     .what = "file name",
     .kind = CLI_FILE,
     .help = "save the text screen (UTF-8) to FILE at exit"},
    {.name = "screenshot",
     .arg = "FILE",
     .set = set_screenshot,
     .what = "file name",
     .kind = CLI_FILE,
     .help = "save the screen as a PNG image at exit, at the video mode's own resolution "
             "(320x200 for mode 13h)"},
    {.name = "screenshot-aspect",
     .set = set_screenshot_aspect,
     .help = "scale --screenshot to the 4:3 shape a monitor shows (320x240, 640x480, "
             "720x540) instead"},
    {.name = "screenshot-dir",
     .arg = "DIR",
     .set = set_shot_dir,
     .what = "directory",
     .kind = CLI_DIR,
     .help = "where Ctrl-F5 in the window saves screenshots, as PROGRAM-YYYYMMDD-HHMMSS.png "
             "(default: $XDG_PICTURES_DIR or ~/Pictures, else the current directory)"},
    {.name = "keys",
     .arg = "TEXT",
     .set = set_keys,
     .what = "key script",
     .help = "type TEXT when the program waits for keys: {enter}, {esc}, {f1}-{f12}, {up}, "
             "{alt+f}, {ctrl+c}, {wait 500ms} (or {wait:MS}), {{ for a brace; names in any "
             "case; the mouse: {mouse:X,Y} (INT 33h coordinates), {move:DX,DY} (mickeys), "
             "{click:left}, {press:right}, {release:right}; {screenshot:FILE}. Standard "
             "input is then the keyboard (CON)"},
    {.name = "record",
     .arg = "FILE",
     .set = set_record,
     .what = "file name",
     .kind = CLI_FILE,
     .help = "log the keys and mouse input of the window or the terminal (and a terminal's "
             "stdin) with their machine times; implies --deterministic"},
    {.name = "replay",
     .arg = "FILE",
     .set = set_replay,
     .what = "file name",
     .kind = CLI_FILE,
     .help = "take input from a --record log at the same machine times: the same run, "
             "exactly"},
    {.name = "audio",
     .arg = "MODE",
     .set = set_audio,
     CLI_VALUES(audio),
     .def = "auto",
     .what = "audio output (expected auto, sdl or none)",
     .help = "auto (default: play sound unless --deterministic), sdl (play it) or none"},
    {.name = "wav",
     .arg = "FILE",
     .set = set_wav,
     .what = "WAV file name",
     .kind = CLI_FILE,
     .help = "record everything the machine plays to FILE (48 kHz 16-bit stereo; identical "
             "each run with --deterministic)"},
    {.name = "volume",
     .arg = "PERCENT",
     .set = set_volume,
     .def = "100",
     .what = "volume (expected 0-100)",
     .help = "the volume of everything played and recorded (--wav): 100 (default) as the "
             "machine makes it, 50 half the amplitude, 0 silent. MIXER sets levels per "
             "device; in the window Shift-F11 and Shift-F12 turn it down and up, "
             "Ctrl-Shift-F11 mutes"},
    {.name = "sb",
     .arg = "CARD",
     .set = set_card,
     CLI_VALUES(card),
     .def = "sb16",
     .what = "sound card (expected sb16, sbpro, sb2, adlib or none)",
     .help = "sb16 (default), sbpro, sb2, adlib (OPL2 only) or none"},
    {.name = "sb-base",
     .arg = "PORT",
     .set = set_sb_base,
     .def = "220",
     .values = k_sb_base_values,
     .nvalues = ARRAY_LEN(k_sb_base_values),
     .what = "Sound Blaster port (expected 220, 240, 260, 280, 2a0, 2c0, 2e0 or 300)",
     .help = "the Sound Blaster's I/O port, in hexadecimal (default 220)"},
    {.name = "sb-irq",
     .arg = "N",
     .set = set_sb_irq,
     .def = "7",
     .values = k_sb_irq_values,
     .nvalues = ARRAY_LEN(k_sb_irq_values),
     .what = "Sound Blaster IRQ (expected 3, 5, 7, 9, 10 or 11)",
     .help = "its interrupt line (default 7)"},
    {.name = "sb-dma",
     .arg = "N",
     .set = set_sb_dma,
     .def = "1",
     .values = k_sb_dma_values,
     .nvalues = ARRAY_LEN(k_sb_dma_values),
     .what = "Sound Blaster DMA channel (expected 0, 1 or 3)",
     .help = "its 8-bit DMA channel (default 1)"},
    {.name = "sb-hdma",
     .arg = "N",
     .set = set_sb_hdma,
     .def = "5",
     .values = k_sb_hdma_values,
     .nvalues = ARRAY_LEN(k_sb_hdma_values),
     .what = "Sound Blaster 16-bit DMA channel (expected 5, 6 or 7)",
     .help = "the SB16's 16-bit DMA channel (default 5); programs find all four in BLASTER"},
    {.name = "soundfont",
     .arg = "FILE",
     .set = set_soundfont,
     .what = "soundfont file name",
     .kind = CLI_FILE,
     .help = "General MIDI .sf2 for the MPU-401 (needs libfluidsynth)"},
    {.name = "fault",
     .arg = "X:OPS:N:ERRNO[:persist]",
     .set = set_fault,
     .flags = CLI_REPEAT,
     .what = "fault (expected X:OPS:N:ERRNO[:persist])",
     .help = "testing: the Nth OPS call on drive X fails as if the host said ERRNO "
             "(c:write:3:ENOSPC is a disk full at the third write; OPS: open read write seek "
             "stat unlink rename mkdir rmdir attr find truncate ftime commit any, joined with "
             "+; :persist keeps failing after)"},
    {.name = "trace",
     .arg = "CATS",
     .set = set_trace,
     .what = "trace category list",
     .help = "log categories to stderr, joined with commas: dos, int, port, exec, mem, fs, "
             "cpu, bios, video, audio, dpmi or all; also UNIDOS_DEBUG=CATS"},
    {.short_name = 'v',
     .name = "verbose",
     .set = set_verbose,
     .help = "notes on stderr about what the program asked that unidos does not implement "
             "(answered as MS-DOS would, which says nothing; without -v they appear only "
             "when the program crashes, or with --trace of their category), and about what "
             "unidos falls back to (no sound device: silence)"},
    {.short_name = 'q',
     .name = "quiet",
     .set = set_quiet,
     .help = "no notes at all on stderr (errors that stop the run still appear)"},
};

void options_init(struct options *o)
{
    *o = (struct options){
        .ver_major = DOS_VERSION_DEFAULT_MAJOR,
        .ver_minor = DOS_VERSION_DEFAULT_MINOR,
        .cpu = CPU_MODEL_DEFAULT,
        .cpu_tier = CPU_TIER_DEFAULT,
        .xms_mb = OPT_XMS_DEFAULT_MB,
        .ems_mb = OPT_EMS_DEFAULT_MB,
        .dpmi_mb = OPT_DPMI_DEFAULT_MB,
        .card = AUD_CARD_SB16,
        .ui = UI_AUTO,
        .audio = OPT_AUDIO_AUTO,
        .sb_base = OPT_SB_BASE_DEFAULT,
        .sb_irq = OPT_SB_IRQ_DEFAULT,
        .sb_dma = OPT_SB_DMA_DEFAULT,
        .sb_hdma = OPT_SB_HDMA_DEFAULT,
        .volume = AUD_LEVEL_MAX,
        .filter = UI_FILTER_SHARP,
    };
    const char *dbg = getenv("UNIDOS_DEBUG");
    if (dbg && !log_enable(dbg))
        fprintf(stderr, "unidos: UNIDOS_DEBUG: unknown category in '%s'\n", dbg);
    const char *tier = getenv("UNIDOS_CPU_TIER");
    if (tier && *tier && set_cpu_tier(o, tier) != CLI_SET_OK)
        fprintf(stderr, "unidos: UNIDOS_CPU_TIER: expected auto, interp or jit, not '%s'\n",
                tier);
}

struct cli_table options_cli_table(struct options *o)
{
    return (struct cli_table){
        .heading = "options:", .opts = k_options, .n = ARRAY_LEN(k_options), .ctx = o};
}

void options_finish(struct options *o, int argc, char *const *argv)
{
    if (o->record || o->replay)
        o->deterministic = true; /* a log is only replayable in machine time */
    o->args = argv + (argc > 0);
    if (argc > 0) {
        o->program = argv[0];
        o->nargs = argc - 1;
    }
}

enum opt_result options_apply(int argc, char **argv, struct options *o)
{
    struct cli_table tab = options_cli_table(o);
    struct cli c = {.prog = "unidos",
                    .tables = &tab,
                    .ntables = 1,
                    .exclude = CLI_CMDLINE_ONLY};
    int i = 0;
    if (cli_parse(&c, argc, argv, &i) != 0)
        return OPT_EXIT_USAGE;
    if (i < argc) {
        cli_usage(&c, "not an option: '%s'", argv[i]);
        return OPT_EXIT_USAGE;
    }
    return OPT_RUN;
}
