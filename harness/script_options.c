/* The command line's options for test scripts: one table gives each
 * option's names, value, help and setter (base/cli.h). */
#include "harness/script_run.h"

#include "base/common.h"

CLI_SETTER_NAME(struct script_options, script)
CLI_SETTER_NAME(struct script_options, wait_text)
CLI_SETTER_NAME(struct script_options, golden_dir)
CLI_SETTER_NAME(struct script_options, out_dir)
CLI_SETTER_NAME(struct script_options, report)
CLI_SETTER_FLAG(struct script_options, wait_idle)
CLI_SETTER_FLAG(struct script_options, no_deterministic)
CLI_SETTER_FLAG(struct script_options, update)

/* In --help order; none of them belongs in a script's `option` line. */
static const struct cli_option k_options[] = {
    {.name = "wait-text",
     .arg = "REGEX",
     .set = set_wait_text,
     .what = "regular expression",
     .flags = CLI_CMDLINE_ONLY,
     .help = "stop (status 0) once the text screen shows REGEX (POSIX extended; after --keys "
             "are typed); then save --screen-dump/--screenshot. Fails after 60 s of machine "
             "time (status 124, screen shown on stderr)"},
    {.name = "wait-idle",
     .set = set_wait_idle,
     .flags = CLI_CMDLINE_ONLY,
     .help = "stop (status 0) once the program waits for a key and every --keys key was "
             "read"},
    {.name = "script",
     .arg = "FILE.uds",
     .set = set_script,
     .what = "script file",
     .flags = CLI_CMDLINE_ONLY,
     .kind = CLI_FILE,
     .help = "run a test script (type, wait-text, expect-text, screenshot, ...; see "
             "docs/manual.md): implies --deterministic and --ui headless"},
    {.name = "no-deterministic",
     .set = set_no_deterministic,
     .flags = CLI_CMDLINE_ONLY,
     .help = "run a --script on the host's clock instead"},
    {.name = "golden",
     .arg = "DIR",
     .set = set_golden_dir,
     .what = "directory",
     .flags = CLI_CMDLINE_ONLY,
     .kind = CLI_DIR,
     .help = "compare the script's screenshots, screen dumps and expect-file ... golden with "
             "the files in DIR"},
    {.name = "out",
     .arg = "DIR",
     .set = set_out_dir,
     .what = "directory",
     .flags = CLI_CMDLINE_ONLY,
     .kind = CLI_DIR,
     .help = "where the script saves screens and diffs (default .)"},
    {.name = "update",
     .set = set_update,
     .flags = CLI_CMDLINE_ONLY,
     .help = "write golden files instead of comparing with them"},
    {.name = "report",
     .arg = "FILE",
     .set = set_report,
     .what = "file name",
     .flags = CLI_CMDLINE_ONLY,
     .kind = CLI_FILE,
     .help = "write the failed checks to FILE (unidos test reads it)"},
};

struct cli_table script_cli_table(struct script_options *so)
{
    return (struct cli_table){.heading = "regression testing:",
                              .opts = k_options,
                              .n = ARRAY_LEN(k_options),
                              .ctx = so};
}

bool script_wanted(const struct script_options *so)
{
    return so->script || so->wait_text || so->wait_idle;
}
