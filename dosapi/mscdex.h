/* MSCDEX, the CD-ROM extensions (dosapi/mscdex.c: INT 2Fh AH=15h;
 * dosapi/mscdex_dev.c: the CD-ROM device driver's requests). Internal to
 * dosapi/. */
#ifndef UNIDOS_DOSAPI_MSCDEX_H
#define UNIDOS_DOSAPI_MSCDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/mem.h"
#include "fs/fs.h"

struct dos;
struct aud_cdplay;
struct fs_cd;

#define MSCDEX_MAX_DRIVES 26

/* Tray state of one CD drive. */
struct cdrom_unit {
    bool door_open, locked;
    uint8_t volume[4]; /* channel control: output volumes */
    uint32_t head;     /* last sector read or played */
};

struct mscdex {
    struct dos *dos;
    struct fs *fs;
    struct mem *mem;
    struct aud_cdplay *player;                 /* NULL: no sound devices */
    struct cdrom_unit unit[MSCDEX_MAX_DRIVES]; /* by drive letter */
    uint16_t strategy_off, interrupt_off;      /* ROM callbacks of the device */
    uint32_t request;                          /* far pointer the strategy stored */
};

/* Drive letters (0 = A:) of the CD drives, in order; returns the count. */
unsigned mscdex_drives(struct mscdex *x, uint8_t *letters);
/* The CD image of drive letter d, or NULL when it is no CD drive. */
struct fs_cd *mscdex_cd(struct mscdex *x, unsigned d);
/* Carry out the device request at seg:off for drive letter d (1510h, or
 * the driver's interrupt entry with the request's subunit). */
void mscdex_request(struct mscdex *x, unsigned d, uint16_t seg, uint16_t off);
/* Install the device driver header and its entry points in the ROM. */
void mscdex_device_init(struct mscdex *x);

#endif
