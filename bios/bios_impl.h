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
    struct xmem *xmem;          /* memory above 1 MiB (INT 15h 87h/88h) */
    bool ext_claimed;           /* an XMS driver owns extended memory: 88h says 0 */
    bool input_ended;
    bool input_starved;
};

void bios_time_init(struct bios *b);
void bios_int15_init(struct bios *b, uint32_t ext_kb);
void bios_video_init(struct bios *b);
void bios_kbd_init(struct bios *b);

#endif
