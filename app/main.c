/* unidos: run DOS programs on a modern machine. */
#include "app/machine.h"
#include "app/options.h"
#include "app/script_run.h"
#include "base/common.h"

int main(int argc, char **argv)
{
    struct options o;
    switch (options_parse(argc, argv, &o)) {
    case OPT_EXIT_OK:
        return 0;
    case OPT_EXIT_USAGE:
        return UNIDOS_EXIT_ERROR;
    default:
        if (o.script || o.wait_text || o.wait_idle)
            return script_main(&o);
        return machine_main(&o);
    }
}
