/* The run's stop request. --timeout's SIGALRM, SIGINT/SIGTERM/SIGHUP and
 * the run loop set it; every host loop that a guest, or a hostile host
 * file, can stretch (zip indexing, directory scans, FCB wildcard loops,
 * blocked console writes) checks it and gives up, so nothing runs on past
 * --timeout. */
#ifndef UNIDOS_BASE_STOP_H
#define UNIDOS_BASE_STOP_H

#include <stdbool.h>

/* Ask every stretchable host loop to give up. Async-signal-safe. */
void stop_request(void);
bool stop_requested(void);
/* A new run (unidos test runs cases in other processes; scripts run
 * programs one after another in this one). */
void stop_clear(void);

#endif
