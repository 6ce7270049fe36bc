/* The VGA state shared by the video/ files. Not for other modules. */
#ifndef UNIDOS_VIDEO_VGA_IMPL_H
#define UNIDOS_VIDEO_VGA_IMPL_H

#include "video/vga.h"

struct vga {
    struct vclock *clk;
    struct mem *mem;
    uint8_t crtc[VGA_CRTC_REGS], crtc_index;
    uint8_t seq[VGA_SEQ_REGS], seq_index;
    uint8_t gc[VGA_GC_REGS], gc_index;
    uint8_t attr[VGA_ATTR_REGS], attr_index;
    bool attr_flip;                     /* 3C0h: next write is data */
    uint8_t misc, cga_mode, cga_color, pel_mask;
    uint8_t dac[VGA_DAC_ENTRIES][3];    /* 6-bit components */
    uint8_t dac_read, dac_write, dac_comp_r, dac_comp_w;
    bool dac_reading;
    uint8_t font[VGA_FONT_BLOCKS][256][VGA_GLYPH_BYTES];
    bool mono, wide, graphics;
    unsigned view_height;               /* displayed scan lines */
    /* screen-use detection and frames */
    uint8_t *shadow;
    vga_use_fn *use_fn;
    void *use_ctx;
    vga_frame_fn *frame_fn;
    void *frame_ctx;
    uint64_t next_frame_ns;
};

#endif
