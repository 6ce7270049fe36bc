/* The whole PC: builds every module, loads the program, runs the slice loop. */
#ifndef UNIDOS_APP_MACHINE_H
#define UNIDOS_APP_MACHINE_H

#include "app/options.h"

/* Run the program described by o; returns the process exit status. */
int machine_main(const struct options *o);

#endif
