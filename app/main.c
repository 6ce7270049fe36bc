/* unidos: run DOS programs on a modern machine. The command line, with
 * the configuration files under it, chooses a run, a test script or
 * `unidos test`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "app/app.h"
#include "base/cli.h"
#include "base/common.h"
#include "base/log.h"
#include "harness/script_run.h"
#include "harness/testrun.h"
#include "machine/config.h"
#include "machine/machine.h"
#include "machine/options.h"

#define MAX_CONFS 16
#define CONF_SUFFIX ".conf"

enum info { INFO_NONE, INFO_HELP, INFO_VERSION, INFO_MAN, INFO_BASH, INFO_ZSH };

/* What the command line asks of unidos itself. */
struct app {
    enum info info;
    bool print_config, no_config;
    const char *confs[MAX_CONFS];
    size_t nconfs;
    struct config *cf;
};

static enum cli_set set_help(void *ctx, const char *v)
{
    UNUSED(v);
    ((struct app *)ctx)->info = INFO_HELP;
    return CLI_SET_STOP;
}

static enum cli_set set_version(void *ctx, const char *v)
{
    UNUSED(v);
    ((struct app *)ctx)->info = INFO_VERSION;
    return CLI_SET_STOP;
}

static const char *const k_generate_values[] = {"man", "complete-bash", "complete-zsh"};

static enum cli_set set_generate(void *ctx, const char *v)
{
    int i = cli_name_index(k_generate_values, ARRAY_LEN(k_generate_values), v);
    ((struct app *)ctx)->info = (enum info)(INFO_MAN + i);
    return i < 0 ? CLI_SET_INVALID : CLI_SET_STOP;
}

static enum cli_set set_conf(void *ctx, const char *v)
{
    struct app *a = ctx;
    if (a->nconfs >= MAX_CONFS || !*v)
        return CLI_SET_INVALID;
    a->confs[a->nconfs++] = v;
    return CLI_SET_OK;
}

CLI_SETTER_FLAG(struct app, print_config)
CLI_SETTER_FLAG(struct app, no_config)

static const struct cli_option k_info_options[] = {
    {.name = "conf",
     .arg = "FILE",
     .set = set_conf,
     .flags = CLI_CMDLINE_ONLY | CLI_REPEAT,
     .kind = CLI_FILE,
     .what = "configuration file (at most 16 of them)",
     .help = "read the configuration file FILE (INI keys of the options above, [mount], "
             "[autoexec]; or a DOSBox configuration) after the automatic ones: later files "
             "win, the command line over all"},
    {.name = "no-config",
     .set = set_no_config,
     .flags = CLI_CMDLINE_ONLY,
     .help = "do not read ~/.config/unidos/unidos.conf and ./unidos.conf"},
    {.name = "print-config",
     .set = set_print_config,
     .flags = CLI_CMDLINE_ONLY,
     .help = "show the configuration in effect, where each value came from, and exit"},
    {.name = "generate",
     .arg = "WHAT",
     .set = set_generate,
     .flags = CLI_CMDLINE_ONLY,
     .values = k_generate_values,
     .nvalues = ARRAY_LEN(k_generate_values),
     .what = "output (expected man, complete-bash or complete-zsh)",
     .help = "write the manual page (man) or the bash or zsh completion script to stdout"},
    {.short_name = 'h',
     .name = "help",
     .set = set_help,
     .flags = CLI_CMDLINE_ONLY,
     .help = "show this help"},
    {.name = "version",
     .set = set_version,
     .flags = CLI_CMDLINE_ONLY,
     .help = "show the version, and the Unicorn and SDL it runs with"},
};

/* Options of a run wait for the configuration files, which they win
 * over; the others act now. */
static enum cli_set take(void *tctx, const struct cli_option *o, void *ctx, const char *v)
{
    const struct cli *c = tctx;
    struct app *a = c->tables[c->ntables - 1].ctx;
    if (o->flags & CLI_CMDLINE_ONLY)
        return cli_set(c, o, ctx, v, NULL);
    config_add_cmdline(a->cf, o, v);
    return CLI_SET_OK;
}

static void print_info(const struct cli *c, enum info info)
{
    const struct cli_table test = testrun_cli_table();
    if (info == INFO_VERSION)
        app_version(stdout);
    else if (info == INFO_MAN)
        app_man(c, &test, stdout);
    else if (info == INFO_BASH)
        app_complete_bash(c, &test, stdout);
    else if (info == INFO_ZSH)
        app_complete_zsh(c, &test, stdout);
    else
        app_help(c, stdout);
}

/* PROGRAM named *.conf: a configuration to start from. */
static bool is_conf(const char *arg)
{
    struct stat st;
    size_t n = strlen(arg), k = strlen(CONF_SUFFIX);
    return n > k && !strcasecmp(arg + n - k, CONF_SUFFIX) && stat(arg, &st) == 0 &&
           S_ISREG(st.st_mode);
}

/* PROGRAM named *.conf and what follows it, which must be configurations
 * too (GOG's game.conf game_single.conf): files to start from, as with
 * --conf. The arguments left for PROGRAM (none then), or -1. */
static int take_confs(struct app *a, int argc, char **argv)
{
    if (argc == 0 || !is_conf(argv[0]))
        return argc;
    for (int i = 0; i < argc; i++) {
        if (!is_conf(argv[i])) {
            fprintf(stderr,
                    "unidos: %s: a configuration file takes no arguments (more "
                    "configuration files may follow)\n",
                    argv[i]);
            return -1;
        }
        if (set_conf(a, argv[i]) != CLI_SET_OK) {
            fprintf(stderr, "unidos: %s: too many configuration files\n", argv[i]);
            return -1;
        }
    }
    return 0;
}

/* Read the configuration files and apply them with the command line. */
static int configure(struct app *a, bool script, struct options *o)
{
    int rc = a->no_config || script ? 0 : config_read_defaults(a->cf);
    for (size_t i = 0; i < a->nconfs; i++)
        rc |= config_read(a->cf, a->confs[i]);
    if (rc == 0)
        rc = config_apply(a->cf, o);
    return rc;
}

static int run(struct app *a, struct options *o, struct script_options *so, int argc,
               char **argv)
{
    argc = take_confs(a, argc, argv);
    if (argc < 0)
        return UNIDOS_EXIT_USAGE;
    if (configure(a, script_wanted(so), o) < 0)
        return UNIDOS_EXIT_USAGE;
    options_finish(o, argc, argv);
    if (a->print_config) {
        config_print(a->cf, stdout);
        return 0;
    }
    log_set_quiet(o->quiet);
    config_note_ignored(a->cf);
    if (script_wanted(so))
        return script_main(o, so);
    return machine_main(o);
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
    std_fds_guard(); /* before anything opens a file (issue 17) */
    return audit_notes(run_main(argc, argv), argc, argv);
}

static int run_main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "test"))
        return testrun_main(argc - 1, argv + 1);
    struct options o;
    struct script_options so = {0};
    struct app a = {0};
    options_init(&o);
    const struct cli_table tables[] = {
        options_cli_table(&o),
        script_cli_table(&so),
        {.heading = NULL, .opts = k_info_options, .n = ARRAY_LEN(k_info_options), .ctx = &a},
    };
    const struct cli c = {.prog = "unidos", .tables = tables, .ntables = ARRAY_LEN(tables)};
    const struct cli run_cli = {.prog = "unidos",
                                .tables = tables,
                                .ntables = 1,
                                .exclude = CLI_CMDLINE_ONLY};
    a.cf = config_new(&run_cli);
    int i = 1;
    int rc = cli_parse_with(&c, argc, argv, &i, take, (void *)(uintptr_t)&c);
    if (rc > 0) {
        print_info(&c, a.info);
        rc = 0;
    } else if (rc == 0) {
        rc = run(&a, &o, &so, argc - i, argv + i);
    } else {
        rc = UNIDOS_EXIT_USAGE;
    }
    config_free(a.cf);
    return rc;
}
