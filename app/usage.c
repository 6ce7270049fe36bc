/* What --help and the manual page say besides the options: one text for
 * both, wrapped when printed. */
#include <string.h>

#include "app/app.h"
#include "base/common.h"

static const char *const k_synopsis[] = {
    "[options] [PROGRAM [ARGS...]]",
    "[options] CONFIG.conf [CONFIG.conf...]",
    "--script FILE.uds [options] [PROGRAM [ARGS...]]",
    "test [test options] DIR|CASE...",
};

static const char k_description[] =
    "Run a DOS program (.COM, .EXE or .BAT; the extension may be left out). Its console "
    "output goes to stdout, its input comes from stdin, and unidos exits with the "
    "program's DOS return code (the last ERRORLEVEL for a batch file). PROGRAM is a host "
    "path, or a DOS path on the mounted drives from the DOS current directory (--cd 'D:\\' "
    "BUILD.BAT, '..\\BIN\\TOOL.EXE').\n\n"
    "Without PROGRAM, unidos gives a DOS prompt (the built-in COMMAND.COM on Z:); with a "
    "redirected stdin it runs the lines it reads. Started from a desktop launcher (a "
    "display, no terminal, nothing on stdin), the prompt opens in a window; so does "
    "PROGRAM when stdout is not redirected to a file or pipe, and that window stays, "
    "showing the exit status, until a key is pressed.\n\n"
    "A PROGRAM ending in .conf is a configuration file to start from, as with --conf: a "
    "DOSBox configuration whose [autoexec] mounts the drives and starts the program, for "
    "example; more .conf files may follow it (GOG's game.conf game_single.conf).";

static const char k_config[] =
    "unidos reads $XDG_CONFIG_HOME/unidos/unidos.conf (~/.config/unidos/unidos.conf), then "
    "./unidos.conf, then each --conf FILE in order; a later file wins over an earlier one "
    "and the command line over all of them (--no-config skips the first two, and so do "
    "--script and unidos test). The files are INI files: KEY = VALUE lines before any "
    "section, where every long option of a run (those listed under \"options\") is a key "
    "of the same name (flags take true or false); a [mount] section of X = PATH[:ro][:lower] "
    "lines; and an [autoexec] section of DOS commands that the built-in shell runs before "
    "PROGRAM (or before the prompt). Lines starting with ; or # are comments. Paths in a "
    "file are relative to its directory, and ~ is the home directory. Options that may "
    "repeat add up over the files: a later file's mount of a drive replaces an earlier "
    "file's, a variable (env) the variable of the same name. unidos --print-config shows "
    "every value in effect and where it came from; a key or value that is not valid is "
    "reported with its file and line.\n\n"
    "DOSBox configurations (unidos game.conf, or --conf game.conf) are read too: [autoexec] "
    "with MOUNT, IMGMOUNT, drive changes, CD, program lines and EXIT, their host paths "
    "taken from the configuration's directory (or from the DOSBOX directory beside it when "
    "that holds DOSBox.exe: GOG's layout); [cpu] cycles (--speed), cputype (--cpu); "
    "[sblaster] sbtype, sbbase, irq, dma and hdma (--sb, --sb-base, --sb-irq, --sb-dma, "
    "--sb-hdma); [sdl] fullscreen; [render] aspect; [dos] xms, ems, umb, keyboardlayout; "
    "[dosbox] memsize (--xms); [mixer] nosound. Settings with no meaning here are listed "
    "once in a note and ignored; other mistakes are errors with the file and line.\n\n"
    "At the DOS prompt, MOUNT X PATH [-ro] [-t cdrom|floppy|dir], MOUNT -u X and IMGMOUNT "
    "X IMAGE... [-t iso|floppy|hdd] mount host directories and images as DOSBox does, within "
    "what --allow-mount and the run's own drives allow (--mount-command off refuses them). "
    "CONFIG, LOADFIX, KEYB, CYCLES and RESCAN work as in DOSBox; HELP lists the internal "
    "commands, and COMMAND /? shows what one does.";

static const struct app_term k_exit_status[] = {
    {"0-255", "the DOS return code of the program (INT 21h AH=4Ch)"},
    {"2", "a bad command line or configuration file (unknown option, bad value)"},
    {"123", "a --script check failed (expect-*, golden files)"},
    {"124", "--timeout or --max-blocks expired, or a wait of the script or --wait-text "
            "timed out"},
    {"125", "unidos failed (host error, the program crashed, or it waits for input after "
            "standard input has ended)"},
    {"126", "PROGRAM is not a valid DOS executable"},
    {"127", "PROGRAM was not found"},
    {"130", "stopped by the user: Ctrl-C, the window closed, Ctrl-F12, SIGINT (closing the "
            "window at a DOS prompt ends like EXIT: the last ERRORLEVEL)"},
    {"128+N", "stopped by signal N (143: SIGTERM, 129: SIGHUP)"},
};

static const struct app_term k_environment[] = {
    {"XDG_CONFIG_HOME", "where unidos/unidos.conf is looked for (default ~/.config)"},
    {"UNIDOS_DEBUG", "trace categories, as --trace"},
    {"DISPLAY, WAYLAND_DISPLAY", "a display for the window (--ui auto)"},
    {"TERM, COLORTERM", "the terminal frontend's colours (256 colours with *256color, true "
                        "colour with COLORTERM=truecolor)"},
    {"XDG_PICTURES_DIR", "where Ctrl-F5 saves screenshots without --screenshot-dir"},
    {"SDL_RENDER_DRIVER", "the SDL renderer of the window"},
};

static const struct app_term k_files[] = {
    {"$XDG_CONFIG_HOME/unidos/unidos.conf", "the user's configuration"},
    {"./unidos.conf", "the configuration of the current directory"},
};

static const struct app_term k_examples[] = {
    {"unidos GAME.EXE", "a window with picture, sound and mouse"},
    {"unidos HELLO.COM", "output on stdout, exit status = DOS return code"},
    {"unidos -m d=~/src -m e=tools.zip --cd 'D:\\' BUILD.BAT",
     "host directories and zip files as drives"},
    {"unidos -m a=disk1.img -m d=game.cue GAME.EXE", "floppy and CD images"},
    {"unidos game.conf", "a game as its DOSBox configuration starts it"},
    {"unidos --print-config --conf game.conf", "what that configuration sets, and where"},
    {"unidos -c 'DIR /W' -c 'TYPE README.TXT'", "shell commands, in order"},
    {"unidos --ui term EDIT.EXE", "full screen in the terminal (also over SSH)"},
    {"unidos --timeout 10 TOOL.EXE", "stop a runaway program (exit 124)"},
    {"unidos test cases/", "regression tests: TAP, JUnit, golden files"},
};

static const struct app_term k_see_also[] = {
    {"dosbox(1)", "the configurations it reads"},
    {"share/doc/unidos/docs/manual.md", "the manual, under the installation prefix"},
};

static const struct app_section k_before[] = {
    {.title = "CONFIGURATION", .text = k_config},
};

static const struct app_section k_after[] = {
    {.title = "EXIT STATUS", .terms = k_exit_status, .nterms = ARRAY_LEN(k_exit_status)},
    {.title = "ENVIRONMENT", .terms = k_environment, .nterms = ARRAY_LEN(k_environment)},
    {.title = "FILES", .terms = k_files, .nterms = ARRAY_LEN(k_files)},
    {.title = "EXAMPLES", .terms = k_examples, .nterms = ARRAY_LEN(k_examples)},
    {.title = "SEE ALSO", .terms = k_see_also, .nterms = ARRAY_LEN(k_see_also)},
};

static const struct app_doc k_doc = {
    .summary = "run DOS programs on a modern machine",
    .synopsis = k_synopsis,
    .nsynopsis = ARRAY_LEN(k_synopsis),
    .description = k_description,
    .before = k_before,
    .nbefore = ARRAY_LEN(k_before),
    .after = k_after,
    .nafter = ARRAY_LEN(k_after),
};

const struct app_doc *app_doc(void)
{
    return &k_doc;
}
