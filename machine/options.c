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
CLI_SETTER_ENUM(struct options, cpu, enum cpu_model, [CPU_MODEL_486] = "486",
                [CPU_MODEL_PENTIUM] = "pentium", [CPU_MODEL_PENTIUM2] = "p2",
                [CPU_MODEL_PENTIUM3] = "p3")
CLI_SETTER_ENUM(struct options, ui, enum ui_kind, [UI_AUTO] = "auto", [UI_WINDOW] = "window",
                [UI_TERM] = "term", [UI_HEADLESS] = "headless")
CLI_SETTER_ENUM(struct options, screen_text, enum ui_screen_text, [UI_TEXT_AUTO] = "auto",
                [UI_TEXT_STREAM] = "stream", [UI_TEXT_FINAL] = "final", [UI_TEXT_OFF] = "off")
CLI_SETTER_ENUM(struct options, audio, enum opt_audio, [OPT_AUDIO_AUTO] = "auto",
                [OPT_AUDIO_SDL] = "sdl", [OPT_AUDIO_NONE] = "none")
CLI_SETTER_ENUM(struct options, card, enum aud_card, [AUD_CARD_NONE] = "none",
                [AUD_CARD_ADLIB] = "adlib", [AUD_CARD_SB2] = "sb2", [AUD_CARD_SBPRO] = "sbpro",
                [AUD_CARD_SB16] = "sb16")

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
    if (o->nenv >= OPT_MAX_ENV || !strchr(v, '=') || v[0] == '=')
        return CLI_SET_INVALID;
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
        return cli_refuse("Z: is the built-in drive (Z:\\COMMAND.COM); mount on another letter");
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
    char *end;
    o->timeout_s = strtod(v, &end);
    return ok_if(*v && !*end && o->timeout_s > 0);
}

static enum cli_set set_max_blocks(void *ctx, const char *v)
{
    struct options *o = ctx;
    char *end;
    o->max_blocks = strtoull(v, &end, 10);
    return ok_if(*v >= '0' && *v <= '9' && !*end && o->max_blocks > 0);
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
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
                    .tm_min = mi, .tm_sec = sec};
    time_t v = timegm(&tm);
    gmtime_r(&v, &tm);
    if (tm.tm_mday != d)
        return false;                   /* 2001-02-30 */
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

static enum cli_set set_trace(void *ctx, const char *v)
{
    UNUSED(ctx);
    return ok_if(log_enable(v));
}

/* In --help order. */
static const struct cli_option k_options[] = {
    {.short_name = 'c', .name = "command", .arg = "CMD", .set = set_command,
     .what = "command (at most 64 of them)",
     .help = "run shell command CMD (repeatable, in order), then PROGRAM if given; exit with "
             "the last ERRORLEVEL"},
    {.short_name = 'm', .name = "mount", .arg = "X=PATH[:ro][:lower]", .set = set_mount,
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
    {.name = "cd", .arg = "DIR", .set = set_cd, .what = "directory",
     .help = "start in DOS directory DIR (for example 'D:\\SRC')"},
    {.short_name = 'e', .name = "env", .arg = "NAME=VALUE", .set = set_env,
     .what = "variable (expected NAME=VALUE)",
     .help = "set a DOS environment variable (repeatable)"},
    {.name = "timeout", .arg = "SECONDS", .set = set_timeout,
     .what = "timeout (expected seconds > 0)",
     .help = "stop the program after SECONDS of wall time"},
    {.name = "max-blocks", .arg = "N", .set = set_max_blocks,
     .what = "block limit (expected a count > 0)",
     .help = "stop the program after N blocks of guest code (a block is a straight run of "
             "instructions up to a jump; about 10 ns of virtual time each): the same point "
             "every run"},
    {.name = "text", .set = set_text,
     .help = "convert CR LF to LF on output, LF to CR LF on input"},
    {.name = "dos-version", .arg = "X.Y", .set = set_dos_version,
     .what = "DOS version (expected X.Y, 2.0-9.99)",
     .help = "DOS version to report (default 5.0), like SETVER"},
    {.name = "deterministic", .set = set_deterministic,
     .help = "same output every run: the clock counts executed code (no host time), the "
             "date starts at 2000-01-01 00:00:00, files not written in the run show that "
             "time, drives report 64 MiB free"},
    {.name = "date", .arg = "'YYYY-MM-DD[ HH:MM[:SS]]'", .set = set_date,
     .what = "date (expected YYYY-MM-DD[ HH:MM[:SS]], 1980-2099)",
     .help = "the date and time at start"},
    {.name = "cpu", .arg = "MODEL", .set = set_cpu,
     .what = "CPU model (expected 486, pentium, p2 or p3)",
     .help = "CPUID identity: 486, pentium, p2 (default) or p3"},
    {.name = "xms", .arg = "MB", .set = set_xms, .what = "XMS size (expected MiB, 0-512)",
     .help = "extended memory behind the built-in XMS 3.0 driver (default 16; 0 = no XMS "
             "driver)"},
    {.name = "ems", .arg = "MB", .set = set_ems, .what = "EMS size (expected MiB, 0-32)",
     .help = "expanded memory behind the built-in EMS 4.0 driver (default 8, at most 32)"},
    {.name = "no-ems", .set = set_no_ems, .help = "no EMS driver (the same as --ems 0)"},
    {.name = "dpmi-mem", .arg = "MB", .set = set_dpmi,
     .what = "DPMI memory (expected MiB, 0-2048)",
     .help = "memory for protected-mode programs: unidos is their DPMI 0.9 host (DJGPP, "
             "DOS/4GW, DOS/32A, PMODE/W...), so they need no CWSDPMI (default 64, at most "
             "2048; 0 = no DPMI host). Not provided: VCPI, raw switching to protected mode "
             "without DPMI, virtual memory"},
    {.name = "ui", .arg = "MODE", .set = set_ui,
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
    {.name = "screen-text", .arg = "MODE", .set = set_screen_text,
     .what = "screen text mode (expected auto, stream, final or off)",
     .help = "what stdout or the terminal gets of the text a program puts on the screen once "
             "it uses the screen (INT 10h beyond teletype output, video RAM): auto (default): "
             "stdout a file or pipe gets the screen's rows (each once, as it scrolls off, the "
             "rest at exit; UTF-8, trailing blanks removed), a terminal shows the screen "
             "inline while the program writes at the cursor, and a full-screen program's last "
             "screen after it ends; stream or final (the rows at exit only) force one, off "
             "passes console output through alone. Scripts: off unless given"},
    {.name = "screen-dump", .arg = "FILE", .set = set_screen_dump, .what = "file name",
     .help = "save the text screen (UTF-8) to FILE at exit"},
    {.name = "screenshot", .arg = "FILE", .set = set_screenshot, .what = "file name",
     .help = "save the screen as a PNG image at exit, at the video mode's own resolution "
             "(320x200 for mode 13h)"},
    {.name = "screenshot-aspect", .set = set_screenshot_aspect,
     .help = "scale --screenshot to the 4:3 shape a monitor shows (320x240, 640x480, "
             "720x540) instead"},
    {.name = "screenshot-dir", .arg = "DIR", .set = set_shot_dir, .what = "directory",
     .help = "where Ctrl-F5 in the window saves screenshots, as PROGRAM-YYYYMMDD-HHMMSS.png "
             "(default: $XDG_PICTURES_DIR or ~/Pictures, else the current directory)"},
    {.name = "keys", .arg = "TEXT", .set = set_keys, .what = "key script",
     .help = "type TEXT when the program waits for keys: {enter}, {esc}, {f1}-{f12}, {up}, "
             "{alt+f}, {ctrl+c}, {wait 500ms} (or {wait:MS}), {{ for a brace; names in any "
             "case; the mouse: {mouse:X,Y} (INT 33h coordinates), {move:DX,DY} (mickeys), "
             "{click:left}, {press:right}, {release:right}; {screenshot:FILE}. Standard "
             "input is then the keyboard (CON)"},
    {.name = "record", .arg = "FILE", .set = set_record, .what = "file name",
     .help = "log the keys and mouse input of the window or the terminal (and a terminal's "
             "stdin) with their machine times; implies --deterministic"},
    {.name = "replay", .arg = "FILE", .set = set_replay, .what = "file name",
     .help = "take input from a --record log at the same machine times: the same run, "
             "exactly"},
    {.name = "audio", .arg = "MODE", .set = set_audio,
     .what = "audio output (expected auto, sdl or none)",
     .help = "auto (default: play sound unless --deterministic), sdl (play it) or none"},
    {.name = "wav", .arg = "FILE", .set = set_wav, .what = "WAV file name",
     .help = "record everything the machine plays to FILE (48 kHz 16-bit stereo; identical "
             "each run with --deterministic)"},
    {.name = "sb", .arg = "CARD", .set = set_card,
     .what = "sound card (expected sb16, sbpro, sb2, adlib or none)",
     .help = "sb16 (default), sbpro, sb2, adlib (OPL2 only) or none"},
    {.name = "soundfont", .arg = "FILE", .set = set_soundfont, .what = "soundfont file name",
     .help = "General MIDI .sf2 for the MPU-401 (needs libfluidsynth)"},
    {.name = "fault", .arg = "X:OPS:N:ERRNO[:persist]", .set = set_fault,
     .what = "fault (expected X:OPS:N:ERRNO[:persist])",
     .help = "testing: the Nth OPS call on drive X fails as if the host said ERRNO "
             "(c:write:3:ENOSPC is a disk full at the third write; OPS: open read write seek "
             "stat unlink rename mkdir rmdir attr find truncate ftime commit any, joined with "
             "+; :persist keeps failing after)"},
    {.name = "trace", .arg = "CATS", .set = set_trace, .what = "trace category list",
     .help = "log categories to stderr, joined with commas: dos, int, port, exec, mem, fs, "
             "cpu, bios, video, audio, dpmi or all; also UNIDOS_DEBUG=CATS"},
    {.short_name = 'v', .name = "verbose", .set = set_verbose,
     .help = "notes on stderr about what the program asked that unidos does not implement "
             "(answered as MS-DOS would, which says nothing; without -v they appear only "
             "when the program crashes, or with --trace of their category), and about what "
             "unidos falls back to (no sound device: silence)"},
    {.short_name = 'q', .name = "quiet", .set = set_quiet,
     .help = "no notes at all on stderr (errors that stop the run still appear)"},
};

void options_init(struct options *o)
{
    *o = (struct options){
        .ver_major = DOS_VERSION_DEFAULT_MAJOR,
        .ver_minor = DOS_VERSION_DEFAULT_MINOR,
        .cpu = CPU_MODEL_DEFAULT,
        .xms_mb = OPT_XMS_DEFAULT_MB,
        .ems_mb = OPT_EMS_DEFAULT_MB,
        .dpmi_mb = OPT_DPMI_DEFAULT_MB,
        .card = AUD_CARD_SB16,
        .ui = UI_AUTO,
        .audio = OPT_AUDIO_AUTO,
    };
    const char *dbg = getenv("UNIDOS_DEBUG");
    if (dbg && !log_enable(dbg))
        fprintf(stderr, "unidos: UNIDOS_DEBUG: unknown category in '%s'\n", dbg);
}

struct cli_table options_cli_table(struct options *o)
{
    return (struct cli_table){.heading = "options:", .opts = k_options,
                              .n = ARRAY_LEN(k_options), .ctx = o};
}

void options_finish(struct options *o, int argc, char *const *argv)
{
    if (o->record || o->replay)
        o->deterministic = true;        /* a log is only replayable in machine time */
    o->args = argv + (argc > 0);
    if (argc > 0) {
        o->program = argv[0];
        o->nargs = argc - 1;
    }
}

enum opt_result options_apply(int argc, char **argv, struct options *o)
{
    struct cli_table tab = options_cli_table(o);
    struct cli c = {.prog = "unidos", .tables = &tab, .ntables = 1,
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
