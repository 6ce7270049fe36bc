/* The built-in EMS 4.0 driver (LIM EMS 4.0, 1987) at INT 67h with a 64 KiB
 * page frame at E000h. Detectable the classic ways: the device name
 * EMMXXXX0 at INT 67h's segment:000Ah, and opening "EMMXXXX0" as a file. */
#ifndef UNIDOS_DOSAPI_EMS_H
#define UNIDOS_DOSAPI_EMS_H

#include <stdint.h>

#define EMS_FRAME_SEG 0xE000u
#define EMS_FRAME_PARAS 0x1000u /* 4 pages of 16 KiB */

struct dos;
struct ems;

/* Install with kb KiB of expanded memory (pages allocated on first use);
 * the driver header goes in a DOS-owned block of conventional memory. */
struct ems *ems_new(struct dos *d, uint32_t kb);
void ems_free(struct ems *e);
/* The segment of the driver's header (EMMXXXX0 at offset 0). */
uint16_t ems_device_seg(const struct ems *e);

#endif
