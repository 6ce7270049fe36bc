/* Two cascaded 8237A DMA controllers (channels 0-3 move bytes, 4-7 words)
 * with the PC/AT page registers. Devices pull or push their data with
 * dma_read/dma_write as their own clock demands. */
#ifndef UNIDOS_HW_DMA_H
#define UNIDOS_HW_DMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus/mem.h"
#include "bus/io.h"

struct dma;

#define DMA_CHANNELS 8
#define DMA_FIRST_WORD_CHANNEL 4 /* channels 4-7 transfer 16-bit words */

/* Transfer type, mode register bits 2-3 (Intel 8237A data sheet). */
enum dma_dir {
    DMA_DIR_VERIFY = 0,
    DMA_DIR_TO_MEMORY = 1,   /* "write": device -> memory (recording) */
    DMA_DIR_FROM_MEMORY = 2, /* "read": memory -> device (playback) */
};

/* The device on a channel catches up to now (it moves what it would have
 * moved by this time). Called before the guest reads the channel's address,
 * count or the status register. */
typedef void dma_sync_fn(void *ctx);

/* Registers ports 00h-0Fh, 80h-8Fh and C0h-DFh on io. */
struct dma *dma_new(struct io *io, struct mem *mem);
void dma_free(struct dma *d);
void dma_attach(struct dma *d, unsigned chan, dma_sync_fn *sync, void *ctx);

/* Memory -> device: copy up to n bytes from the channel's current address
 * into dst, advancing address and count, reloading on auto-init and
 * masking the channel at terminal count otherwise. Word channels move whole
 * words (n is rounded down to even). Returns the bytes moved: 0 while the
 * channel is masked, fewer than n at terminal count without auto-init.
 * Reading guest memory is allowed anywhere, also inside port hooks. */
size_t dma_read(struct dma *d, unsigned chan, uint8_t *dst, size_t n);

/* Device -> memory, the same way, writing through mem_write (so translated
 * code is dropped). Call between CPU slices only, never from a port hook. */
size_t dma_write(struct dma *d, unsigned chan, const uint8_t *src, size_t n);

bool dma_masked(const struct dma *d, unsigned chan);

/* Bytes left before terminal count (0 after TC without auto-init). */
size_t dma_remaining_bytes(const struct dma *d, unsigned chan);

#endif
