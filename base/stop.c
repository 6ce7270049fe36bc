/* The run's stop request (see stop.h): one flag a signal handler may set. */
#include "base/stop.h"

#include <signal.h>

static volatile sig_atomic_t g_stop;

void stop_request(void)
{
    g_stop = 1;
}

bool stop_requested(void)
{
    return g_stop != 0;
}

void stop_clear(void)
{
    g_stop = 0;
}
