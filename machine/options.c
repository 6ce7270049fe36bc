/* Command-line parsing and --help. */
#include "machine/options.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/common.h"
#include "base/log.h"
#include "fs/fs.h"

#ifndef UNIDOS_VERSION
#define UNIDOS_VERSION "0.1.0"
#endif

static const char *const k_help[] = {
    "usage: unidos [options] [PROGRAM [ARGS...]]\n",
    "       unidos --script FILE.uds [options] [PROGRAM [ARGS...]]\n",
    "       unidos test [test options] DIR|CASE...   (unidos test --help)\n",
    "\n",
    "Run a DOS program (.COM, .EXE or .BAT; the extension may be left out). Its\n",
    "console output goes to stdout, its input comes from stdin, and unidos exits\n",
    "with the program's DOS return code (the last ERRORLEVEL for a batch file).\n",
    "PROGRAM is a host path, or a DOS path on the mounted drives from the DOS\n",
    "current directory (--cd 'D:\\' BUILD.BAT, '..\\BIN\\TOOL.EXE').\n",
    "Without PROGRAM, unidos gives a DOS prompt (the built-in COMMAND.COM on Z:);\n",
    "with a redirected stdin it runs the lines it reads. Started from a desktop\n",
    "launcher (a display, no terminal, nothing on stdin), the prompt opens in a\n",
    "window; so does PROGRAM when stdout is not redirected to a file or pipe, and\n",
    "that window stays, showing the exit status, until a key is pressed.\n",
    "\n",
    "options:\n",
    "  -c, --command CMD        run shell command CMD (repeatable, in order), then\n",
    "                           PROGRAM if given; exit with the last ERRORLEVEL\n",
    "  -m, --mount X=PATH[:ro][:lower]\n",
    "                           mount host directory PATH as drive X (read-only with\n",
    "                           :ro; :lower creates new files in lower case), or a\n",
    "                           .zip file (always read-only). Long host names show\n",
    "                           as 8.3 aliases (LONGNA~1.TXT); nothing outside PATH\n",
    "                           is reachable. Without -m c=..., C: is the current\n",
    "                           directory. A PROGRAM outside every mount gets its\n",
    "                           directory mounted read-only on the next free letter.\n",
    "      --cd DIR             start in DOS directory DIR (for example 'D:\\SRC')\n",
    "  -e, --env NAME=VALUE     set a DOS environment variable (repeatable)\n",
    "      --timeout SECONDS    stop the program after SECONDS of wall time\n",
    "      --max-blocks N       stop the program after N blocks of guest code (a block\n",
    "                           is a straight run of instructions up to a jump; about\n",
    "                           10 ns of virtual time each): the same point every run\n",
    "      --text               convert CR LF to LF on output, LF to CR LF on input\n",
    "      --dos-version X.Y    DOS version to report (default 5.0), like SETVER\n",
    "      --deterministic      same output every run: the clock counts executed\n",
    "                           code (no host time), the date starts at\n",
    "                           2000-01-01 00:00:00, files not written in the run\n",
    "                           show that time, drives report 64 MiB free\n",
    "      --date 'YYYY-MM-DD[ HH:MM[:SS]]'  the date and time at start\n",
    "      --cpu MODEL          CPUID identity: 486, pentium, p2 (default) or p3\n",
    "      --cpu-tier TIER      auto (default): interpret cold code, translate hot\n",
    "                           code; interp: interpret all the interpreter can;\n",
    "                           jit: translate everything (also UNIDOS_CPU_TIER)\n",
    "      --xms MB             extended memory behind the built-in XMS 3.0 driver\n",
    "                           (default 16; 0 = no XMS driver)\n",
    "      --ems MB             expanded memory behind the built-in EMS 4.0 driver\n",
    "                           (default 8, at most 32); --no-ems: none\n",
    "      --ui MODE            auto (default): console passthrough until the program\n",
    "                           uses the screen, then a window when a display exists,\n",
    "                           else the full-screen terminal when stdout is one;\n",
    "                           window, term or headless force a frontend. With a\n",
    "                           terminal on stdin and stdout, passthrough reads keys\n",
    "                           raw: DOS edits lines (arrows, F3, history) and gets\n",
    "                           Ctrl-C (three that no program reads stop unidos).\n",
    "                           In the window and terminal, Ctrl-F12 quits; in the\n",
    "                           window a click captures the mouse, Ctrl-F10 releases\n",
    "                           it and Ctrl-F5 saves a screenshot\n",
    "      --screen-dump FILE   save the text screen (UTF-8) to FILE at exit\n",
    "      --screenshot FILE    save the screen as a PNG image at exit, at the video\n",
    "                           mode's own resolution (320x200 for mode 13h)\n",
    "      --screenshot-aspect  ...scaled to the 4:3 shape a monitor shows instead\n",
    "      --keys TEXT          type TEXT when the program waits for keys: {enter},\n",
    "                           {esc}, {f1}-{f12}, {up}, {alt+f}, {ctrl+c}, {wait 500ms}\n",
    "                           (or {wait:MS}), {{ for a brace; names in any case;\n",
    "                           the mouse: {mouse:X,Y} (INT 33h coordinates),\n",
    "                           {move:DX,DY} (mickeys), {click:left}, {press:right},\n",
    "                           {release:right}; {screenshot:FILE}. Standard input\n",
    "                           is then the keyboard (CON)\n",
    "      --wait-text REGEX    stop (status 0) once the text screen shows REGEX\n",
    "                           (POSIX extended; after --keys are typed); then save\n",
    "                           --screen-dump/--screenshot. Fails after 60 s of\n",
    "                           machine time (status 124, screen shown on stderr)\n",
    "      --wait-idle          stop (status 0) once the program waits for a key and\n",
    "                           every --keys key was read\n",
    "      --script FILE.uds    run a test script (type, wait-text, expect-text,\n",
    "                           screenshot, ...; see README): implies --deterministic\n",
    "                           (--no-deterministic: real time) and --ui headless\n",
    "      --golden DIR         compare the script's screenshots, screen dumps and\n",
    "                           expect-file ... golden with the files in DIR\n",
    "      --out DIR            where the script saves screens and diffs (default .)\n",
    "      --update             write golden files instead of comparing with them\n",
    "      --record FILE        log the keys and mouse input of the window or the\n",
    "                           terminal (and a terminal's stdin) with their machine\n",
    "                           times; implies --deterministic\n",
    "      --replay FILE        take input from a --record log at the same machine\n",
    "                           times: the same run, exactly\n",
    "      --audio MODE         auto (default: play sound unless --deterministic),\n",
    "                           sdl (play it) or none\n",
    "      --wav FILE           record everything the machine plays to FILE (48 kHz\n",
    "                           16-bit stereo; identical each run with --deterministic)\n",
    "      --sb CARD            sb16 (default), sbpro, sb2, adlib (OPL2 only) or none\n",
    "      --soundfont FILE     General MIDI .sf2 for the MPU-401 (needs libfluidsynth)\n",
    "      --fault X:OPS:N:ERRNO[:persist]\n",
    "                           testing: the Nth OPS call on drive X fails as if the\n",
    "                           host said ERRNO (c:write:3:ENOSPC is a disk full at the\n",
    "                           third write; OPS: open read write seek stat unlink\n",
    "                           rename mkdir rmdir attr find truncate ftime commit any,\n",
    "                           joined with +; :persist keeps failing after)\n",
    "      --trace CATS         log categories to stderr (dos,int,port,exec,mem,fs,\n",
    "                           cpu,bios,video,audio or all); also UNIDOS_DEBUG=CATS\n",
    "  -q, --quiet              no notes about unimplemented DOS/BIOS functions\n",
    "  -h, --help               show this help\n",
    "      --version            show the version\n",
    "\n",
    "exit status:\n",
    "  0-255  the DOS return code of the program (INT 21h AH=4Ch)\n",
    "  123    a --script check failed (expect-*, golden files)\n",
    "  124    --timeout or --max-blocks expired, or a wait of the script or\n",
    "         --wait-text timed out\n",
    "  125    unidos failed (bad option, host error, the program crashed)\n",
    "  126    PROGRAM is not a valid DOS executable\n",
    "  127    PROGRAM was not found\n",
    "  130    stopped by the user: the window closed, Ctrl-F12, SIGINT (closing\n",
    "         the window at a DOS prompt ends like EXIT: the last ERRORLEVEL)\n",
};

static bool parse_version(const char *s, struct options *o)
{
    unsigned maj, min;
    char extra;
    if (sscanf(s, "%u.%u%c", &maj, &min, &extra) != 2 || maj < 2 || maj > 9 || min > 99)
        return false;
    o->ver_major = (uint8_t)maj, o->ver_minor = (uint8_t)min;
    return true;
}

static bool parse_mount(const char *s, struct options *o)
{
    if (o->nmounts >= OPT_MAX_MOUNTS || !isalpha((unsigned char)s[0]) || s[1] != '=' || !s[2])
        return false;
    struct opt_mount *m = &o->mounts[o->nmounts++];
    m->drive = (unsigned)(toupper((unsigned char)s[0]) - 'A');
    size_t n = strlen(s + 2);
    for (bool more = true; more;) {     /* ":ro" and ":lower" suffixes, any order */
        more = false;
        if (n > 3 && !strncmp(s + 2 + n - 3, ":ro", 3))
            m->readonly = more = true, n -= 3;
        if (n > 6 && !strncmp(s + 2 + n - 6, ":lower", 6))
            m->lower = more = true, n -= 6;
    }
    if (n >= sizeof m->path)
        return false;
    memcpy(m->path, s + 2, n);
    m->path[n] = 0;
    return true;
}

static bool parse_cpu(const char *s, struct options *o)
{
    static const struct {
        const char *name;
        enum cpu_model model;
    } k_models[] = {{"486", CPU_MODEL_486}, {"pentium", CPU_MODEL_PENTIUM},
                    {"p2", CPU_MODEL_PENTIUM2}, {"p3", CPU_MODEL_PENTIUM3}};
    for (size_t i = 0; i < ARRAY_LEN(k_models); i++)
        if (!strcmp(s, k_models[i].name)) {
            o->cpu = k_models[i].model;
            return true;
        }
    return false;
}

static bool parse_cpu_tier(const char *s, struct options *o)
{
    static const struct {
        const char *name;
        enum cpu_tier tier;
    } k_tiers[] = {{"auto", CPU_TIER_AUTO}, {"interp", CPU_TIER_INTERP}, {"jit", CPU_TIER_JIT}};
    for (size_t i = 0; i < ARRAY_LEN(k_tiers); i++)
        if (!strcmp(s, k_tiers[i].name)) {
            o->cpu_tier = k_tiers[i].tier;
            return true;
        }
    return false;
}

static bool parse_env(const char *s, struct options *o)
{
    if (o->nenv >= OPT_MAX_ENV || !strchr(s, '=') || s[0] == '=')
        return false;
    o->env[o->nenv++] = s;
    return true;
}

static enum opt_result parse_loop(int argc, char **argv, struct options *o, int *pi);

static enum opt_result usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "unidos: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'unidos --help' for more information.\n");
    return OPT_EXIT_USAGE;
}

/* Options that take a value: the matching parser, NULL when special. */
struct opt_def {
    const char *shortname, *longname;
    bool (*parse)(const char *v, struct options *o);
    const char *what;
};

static bool parse_timeout(const char *s, struct options *o)
{
    char *end;
    o->timeout_s = strtod(s, &end);
    return *s && !*end && o->timeout_s > 0;
}

static bool parse_max_blocks(const char *s, struct options *o)
{
    char *end;
    o->max_blocks = strtoull(s, &end, 10);
    return *s >= '0' && *s <= '9' && !*end && o->max_blocks > 0;
}

static bool parse_trace(const char *s, struct options *o)
{
    UNUSED(o);
    return log_enable(s);
}

static bool parse_cd(const char *s, struct options *o)
{
    o->cd = s;
    return *s != 0;
}

static bool parse_command(const char *s, struct options *o)
{
    if (o->ncmds >= OPT_MAX_CMDS)
        return false;
    o->cmds[o->ncmds++] = s;
    return true;
}

static bool parse_mb(const char *s, unsigned max, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > max)
        return false;
    *out = (unsigned)v;
    return true;
}

static bool parse_xms(const char *s, struct options *o)
{
    return parse_mb(s, OPT_XMS_MAX_MB, &o->xms_mb);
}

static bool parse_ems(const char *s, struct options *o)
{
    return parse_mb(s, OPT_EMS_MAX_MB, &o->ems_mb);
}

static bool parse_ui(const char *s, struct options *o)
{
    static const char *const k_ui[] = {"auto", "window", "term", "headless"};
    for (size_t i = 0; i < ARRAY_LEN(k_ui); i++)
        if (!strcmp(s, k_ui[i])) {
            o->ui = (int)i;
            return true;
        }
    return false;
}

static bool parse_screen_dump(const char *s, struct options *o)
{
    o->screen_dump = s;
    return *s != 0;
}

static bool parse_screenshot(const char *s, struct options *o)
{
    o->screenshot = s;
    return *s != 0;
}

static bool parse_fault(const char *s, struct options *o)
{
    unsigned drive;
    struct fs_fault_config cfg;
    if (o->nfaults >= OPT_MAX_FAULTS || fs_fault_parse(s, &drive, &cfg) < 0)
        return false;
    o->faults[o->nfaults++] = s;
    return true;
}

static bool parse_keys(const char *s, struct options *o)
{
    o->keys = s;
    return true;
}

#define OPT_STRING_PARSER(field) \
    static bool parse_##field(const char *s, struct options *o) \
    { \
        o->field = s; \
        return *s != 0; \
    }
OPT_STRING_PARSER(script)
OPT_STRING_PARSER(wait_text)
OPT_STRING_PARSER(golden_dir)
OPT_STRING_PARSER(out_dir)
OPT_STRING_PARSER(report)
OPT_STRING_PARSER(record)
OPT_STRING_PARSER(replay)

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

static bool parse_date(const char *s, struct options *o)
{
    o->start_time_set = options_parse_date(s, &o->start_time);
    return o->start_time_set;
}

static bool parse_audio(const char *s, struct options *o)
{
    static const char *const k_names[] = {[OPT_AUDIO_AUTO] = "auto", [OPT_AUDIO_SDL] = "sdl",
                                          [OPT_AUDIO_NONE] = "none"};
    for (size_t i = 0; i < ARRAY_LEN(k_names); i++)
        if (!strcmp(s, k_names[i])) {
            o->audio = (enum opt_audio)i;
            return true;
        }
    return false;
}

static bool parse_card(const char *s, struct options *o)
{
    static const char *const k_names[] = {[AUD_CARD_NONE] = "none", [AUD_CARD_ADLIB] = "adlib",
                                          [AUD_CARD_SB2] = "sb2", [AUD_CARD_SBPRO] = "sbpro",
                                          [AUD_CARD_SB16] = "sb16"};
    for (size_t i = 0; i < ARRAY_LEN(k_names); i++)
        if (!strcmp(s, k_names[i])) {
            o->card = (enum aud_card)i;
            return true;
        }
    return false;
}

static bool parse_wav(const char *s, struct options *o)
{
    o->wav = s;
    return *s != 0;
}

static bool parse_soundfont(const char *s, struct options *o)
{
    o->soundfont = s;
    return *s != 0;
}

static const struct opt_def k_valued[] = {
    {"-c", "--command", parse_command, "command (at most 64 of them)"},
    {NULL, "--ui", parse_ui, "frontend (expected auto, window, term or headless)"},
    {NULL, "--screen-dump", parse_screen_dump, "file name"},
    {NULL, "--screenshot", parse_screenshot, "file name"},
    {NULL, "--keys", parse_keys, "key script"},
    {NULL, "--script", parse_script, "script file"},
    {NULL, "--wait-text", parse_wait_text, "regular expression"},
    {NULL, "--date", parse_date, "date (expected YYYY-MM-DD[ HH:MM[:SS]], 1980-2099)"},
    {NULL, "--golden", parse_golden_dir, "directory"},
    {NULL, "--out", parse_out_dir, "directory"},
    {NULL, "--report", parse_report, "file name"},
    {NULL, "--record", parse_record, "file name"},
    {NULL, "--replay", parse_replay, "file name"},
    {NULL, "--fault", parse_fault, "fault (expected X:OPS:N:ERRNO[:persist])"},
    {"-m", "--mount", parse_mount, "mount (expected X=PATH or X=PATH:ro)"},
    {NULL, "--cd", parse_cd, "directory"},
    {"-e", "--env", parse_env, "variable (expected NAME=VALUE)"},
    {NULL, "--timeout", parse_timeout, "timeout (expected seconds > 0)"},
    {NULL, "--max-blocks", parse_max_blocks, "block limit (expected a count > 0)"},
    {NULL, "--dos-version", parse_version, "DOS version (expected X.Y, 2.0-9.99)"},
    {NULL, "--cpu", parse_cpu, "CPU model (expected 486, pentium, p2 or p3)"},
    {NULL, "--cpu-tier", parse_cpu_tier, "CPU tier (expected auto, interp or jit)"},
    {NULL, "--trace", parse_trace, "trace category list"},
    {NULL, "--xms", parse_xms, "XMS size (expected MiB, 0-512)"},
    {NULL, "--ems", parse_ems, "EMS size (expected MiB, 0-32)"},
    {NULL, "--audio", parse_audio, "audio output (expected auto, sdl or none)"},
    {NULL, "--sb", parse_card, "sound card (expected sb16, sbpro, sb2, adlib or none)"},
    {NULL, "--wav", parse_wav, "WAV file name"},
    {NULL, "--soundfont", parse_soundfont, "soundfont file name"},
};

/* Handle argv[*i] if it is a valued option ("--opt v" or "--opt=v"). */
static int valued(int argc, char **argv, int *i, struct options *o)
{
    const char *a = argv[*i];
    for (size_t k = 0; k < ARRAY_LEN(k_valued); k++) {
        const struct opt_def *d = &k_valued[k];
        size_t n = strlen(d->longname);
        const char *v = NULL;
        if ((d->shortname && !strcmp(a, d->shortname)) || !strcmp(a, d->longname)) {
            if (*i + 1 >= argc)
                return usage("option %s needs a value", a);
            v = argv[++*i];
        } else if (!strncmp(a, d->longname, n) && a[n] == '=') {
            v = a + n + 1;
        } else {
            continue;
        }
        if (!d->parse(v, o)) {
            fprintf(stderr, "unidos: invalid %s: '%s'\n", d->what, v);
            return OPT_EXIT_USAGE;
        }
        return OPT_RUN;
    }
    return -1;
}

static bool flag(const char *a, struct options *o)
{
    if (!strcmp(a, "--text"))
        o->text = true;
    else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
        o->quiet = true;
    else if (!strcmp(a, "--deterministic"))
        o->deterministic = true;
    else if (!strcmp(a, "--no-ems"))
        o->ems_mb = 0;
    else if (!strcmp(a, "--wait-idle"))
        o->wait_idle = true;
    else if (!strcmp(a, "--update"))
        o->update = true;
    else if (!strcmp(a, "--no-deterministic"))
        o->no_deterministic = true;
    else if (!strcmp(a, "--screenshot-aspect"))
        o->screenshot_aspect = true;
    else
        return false;
    return true;
}

enum opt_result options_parse(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof *o);
    o->ver_major = 5, o->ver_minor = 0;
    o->cpu = CPU_MODEL_DEFAULT;
    o->cpu_tier = CPU_TIER_DEFAULT;
    const char *tier = getenv("UNIDOS_CPU_TIER");
    if (tier && *tier && !parse_cpu_tier(tier, o))
        fprintf(stderr, "unidos: UNIDOS_CPU_TIER: expected auto, interp or jit, not '%s'\n", tier);
    o->xms_mb = OPT_XMS_DEFAULT_MB;
    o->ems_mb = OPT_EMS_DEFAULT_MB;
    o->card = AUD_CARD_SB16;
    const char *dbg = getenv("UNIDOS_DEBUG");
    if (dbg && !log_enable(dbg))
        fprintf(stderr, "unidos: UNIDOS_DEBUG: unknown category in '%s'\n", dbg);
    int i = 1;
    enum opt_result rc = parse_loop(argc, argv, o, &i);
    if (rc != OPT_RUN)
        return rc;
    if (o->record || o->replay)
        o->deterministic = true;        /* a log is only replayable in machine time */
    if (i >= argc) {
        o->args = argv + i;
        return OPT_RUN;         /* no PROGRAM: the shell, or a script's run lines */
    }
    o->program = argv[i];
    o->args = argv + i + 1;
    o->nargs = argc - i - 1;
    return OPT_RUN;
}

enum opt_result options_apply(int argc, char **argv, struct options *o)
{
    int i = 0;
    enum opt_result rc = parse_loop(argc, argv, o, &i);
    if (rc == OPT_RUN && i < argc)
        return usage("not an option: '%s'", argv[i]);
    return rc;
}

/* Options from argv[*i] on, up to the first non-option (left in *i). */
static enum opt_result parse_loop(int argc, char **argv, struct options *o, int *pi)
{
    int i = *pi;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            for (size_t k = 0; k < ARRAY_LEN(k_help); k++)
                fputs(k_help[k], stdout);
            return OPT_EXIT_OK;
        }
        if (!strcmp(a, "--version")) {
            printf("unidos %s\n", UNIDOS_VERSION);
            return OPT_EXIT_OK;
        }
        if (flag(a, o))
            continue;
        int rc = valued(argc, argv, &i, o);
        if (rc == OPT_EXIT_USAGE)
            return OPT_EXIT_USAGE;
        if (rc < 0)
            return usage("unknown option '%s'", a);
    }
    *pi = i;
    return OPT_RUN;
}
