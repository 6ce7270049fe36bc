/* unidos: run DOS programs on a modern machine. */
#include "machine/machine.h"
#include "machine/options.h"
#include "harness/script_run.h"
#include "harness/testrun.h"

#include <string.h>
#include "base/common.h"

int main(int argc, char **argv)
{
    struct options o;
    if (argc > 1 && !strcmp(argv[1], "test"))
        return testrun_main(argc - 1, argv + 1);
    switch (options_parse(argc, argv, &o)) {
    case OPT_EXIT_OK:
        return 0;
    case OPT_EXIT_USAGE:
        return UNIDOS_EXIT_USAGE;
    default:
        if (o.script || o.wait_text || o.wait_idle)
            return script_main(&o);
        return machine_main(&o);
    }
}
