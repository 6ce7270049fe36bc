/* Internal state shared by the bios/ service files. Not for other modules. */
#ifndef UNIDOS_BIOS_BIOS_IMPL_H
#define UNIDOS_BIOS_BIOS_IMPL_H

#include "bios/bios.h"

struct bios {
    struct mem *mem;
    struct intr *intr;
    struct vclock *clk;
    struct bios_host host;
    int64_t wall_start;         /* seconds, local time as if UTC */
    int64_t wall_adjust;        /* set date/time offsets, seconds */
    bool input_ended;
    bool input_starved;
};

void bios_time_init(struct bios *b);
void bios_video_init(struct bios *b);
void bios_kbd_init(struct bios *b);

#endif
