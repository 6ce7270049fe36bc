/* The built-in XMS 3.0 driver (eXtended Memory Specification 3.0, 1991):
 * extended memory blocks over hw/xmem.h, A20 control, HMA status and UMBs
 * (through dosapi/umb.c). Found by programs via INT 2Fh 4300h/4310h. */
#ifndef UNIDOS_DOSAPI_XMS_H
#define UNIDOS_DOSAPI_XMS_H

#include <stdint.h>

struct dos;
struct xms;

/* Install the driver with kb KiB of extended memory blocks (above the
 * HMA). Registers its entry point as a ROM callback. */
struct xms *xms_new(struct dos *d, uint32_t kb);
void xms_free(struct xms *x);

/* The far entry point INT 2Fh 4310h returns (segment:offset). */
uint32_t xms_entry(const struct xms *x);

#endif
