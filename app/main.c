/* unidos: run DOS programs on a modern machine. The command line chooses
 * a run, a test script or `unidos test`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/common.h"
#include "base/log.h"
#include "harness/script_run.h"
#include "harness/testrun.h"
#include "machine/machine.h"
#include "machine/options.h"

#ifndef UNIDOS_VERSION
#define UNIDOS_VERSION "0.1.0"
#endif

static const char k_usage[] =
    "usage: unidos [options] [PROGRAM [ARGS...]]\n"
    "       unidos --script FILE.uds [options] [PROGRAM [ARGS...]]\n"
    "       unidos test [test options] DIR|CASE...   (unidos test --help)\n"
    "\n"
    "Run a DOS program (.COM, .EXE or .BAT; the extension may be left out). Its\n"
    "console output goes to stdout, its input comes from stdin, and unidos exits\n"
    "with the program's DOS return code (the last ERRORLEVEL for a batch file).\n"
    "PROGRAM is a host path, or a DOS path on the mounted drives from the DOS\n"
    "current directory (--cd 'D:\\' BUILD.BAT, '..\\BIN\\TOOL.EXE').\n"
    "Without PROGRAM, unidos gives a DOS prompt (the built-in COMMAND.COM on Z:);\n"
    "with a redirected stdin it runs the lines it reads. Started from a desktop\n"
    "launcher (a display, no terminal, nothing on stdin), the prompt opens in a\n"
    "window; so does PROGRAM when stdout is not redirected to a file or pipe, and\n"
    "that window stays, showing the exit status, until a key is pressed.\n"
    "\n";

static const char k_exit_status[] =
    "\n"
    "exit status:\n"
    "  0-255  the DOS return code of the program (INT 21h AH=4Ch)\n"
    "  2      a bad command line (unknown option, bad value)\n"
    "  123    a --script check failed (expect-*, golden files)\n"
    "  124    --timeout or --max-blocks expired, or a wait of the script or\n"
    "         --wait-text timed out\n"
    "  125    unidos failed (host error, the program crashed, or it waits for\n"
    "         input after standard input has ended)\n"
    "  126    PROGRAM is not a valid DOS executable\n"
    "  127    PROGRAM was not found\n"
    "  130    stopped by the user: Ctrl-C, the window closed, Ctrl-F12, SIGINT\n"
    "         (closing the window at a DOS prompt ends like EXIT: the last ERRORLEVEL)\n"
    "  128+N  stopped by signal N (143: SIGTERM, 129: SIGHUP)\n";

enum info { INFO_NONE, INFO_HELP, INFO_VERSION };

static enum cli_set set_help(void *ctx, const char *v)
{
    UNUSED(v);
    *(enum info *)ctx = INFO_HELP;
    return CLI_SET_STOP;
}

static enum cli_set set_version(void *ctx, const char *v)
{
    UNUSED(v);
    *(enum info *)ctx = INFO_VERSION;
    return CLI_SET_STOP;
}

static const struct cli_option k_info_options[] = {
    {.short_name = 'h', .name = "help", .set = set_help, .flags = CLI_CMDLINE_ONLY,
     .help = "show this help"},
    {.name = "version", .set = set_version, .flags = CLI_CMDLINE_ONLY,
     .help = "show the version"},
};

static void print_info(const struct cli *c, enum info info)
{
    if (info == INFO_VERSION) {
        printf("unidos %s\n", UNIDOS_VERSION);
        return;
    }
    fputs(k_usage, stdout);
    cli_help(c, stdout);
    fputs(k_exit_status, stdout);
}

/* Testing: with UNIDOS_NOTE_AUDIT=FILE, a run that ends with status 0 but
 * printed notes on stderr without being asked to (-v, --trace) appends a
 * line to FILE (make check fails then: a clean run is quiet). */
static int audit_notes(int rc, int argc, char **argv)
{
    const char *path = getenv("UNIDOS_NOTE_AUDIT"), *first;
    unsigned n = log_notes_printed(&first);
    if (!path || rc != 0 || n == 0 || log_notes_wanted())
        return rc;
    FILE *f = fopen(path, "a");
    if (!f)
        return rc;
    fprintf(f, "exit 0 with %u note(s), the first \"%s\":", n, first);
    for (int i = 0; i < argc; i++)
        fprintf(f, " %s", argv[i]);
    fputc('\n', f);
    fclose(f);
    return rc;
}

static int run_main(int argc, char **argv);

int main(int argc, char **argv)
{
    return audit_notes(run_main(argc, argv), argc, argv);
}

static int run_main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "test"))
        return testrun_main(argc - 1, argv + 1);
    struct options o;
    struct script_options so = {0};
    enum info info = INFO_NONE;
    options_init(&o);
    const struct cli_table tables[] = {
        options_cli_table(&o),
        script_cli_table(&so),
        {.heading = NULL, .opts = k_info_options, .n = ARRAY_LEN(k_info_options), .ctx = &info},
    };
    const struct cli c = {.prog = "unidos", .tables = tables, .ntables = ARRAY_LEN(tables)};
    int i = 1;
    int rc = cli_parse(&c, argc, argv, &i);
    if (rc < 0)
        return UNIDOS_EXIT_USAGE;
    if (rc > 0) {
        print_info(&c, info);
        return 0;
    }
    options_finish(&o, argc - i, argv + i);
    if (script_wanted(&so))
        return script_main(&o, &so);
    return machine_main(&o);
}
