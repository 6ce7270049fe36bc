/* AdLib / OPL2 and OPL3 FM synthesis: the register interface, the two
 * timers and status register that detection routines poll, and sound from
 * the Nuked OPL3 emulator (Debian's libadplug). */
#ifndef UNIDOS_AUDIO_OPL_H
#define UNIDOS_AUDIO_OPL_H

#include <stdbool.h>
#include <stdint.h>

#include "audio/mixer.h"
#include "bus/io.h"

struct aud_opl;

enum aud_opl_type {
    AUD_OPL2, /* YM3812: one register bank */
    AUD_OPL3, /* YMF262: two banks, 18 channels, stereo */
};

/* Port offsets of the chip's four-port window (388h-38Bh, 2x0h-2x3h). */
#define AUD_OPL_ADDR0 0
#define AUD_OPL_DATA0 1
#define AUD_OPL_ADDR1 2
#define AUD_OPL_DATA1 3

/* Registers 388h-38Bh on io (388h/389h only for an OPL2). */
struct aud_opl *aud_opl_new(struct io *io, struct aud_mixer *mix, enum aud_opl_type type);
void aud_opl_free(struct aud_opl *o);

/* The same chip seen through another window (a Sound Blaster's ports):
 * offset is AUD_OPL_ADDR0..AUD_OPL_DATA1. */
uint8_t aud_opl_read(struct aud_opl *o, unsigned offset);
void aud_opl_write(struct aud_opl *o, unsigned offset, uint8_t v);

/* The mixer source id (the Sound Blaster mixer sets its FM volume). */
unsigned aud_opl_source(const struct aud_opl *o);

#endif
