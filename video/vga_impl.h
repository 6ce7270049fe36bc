/* The VGA state shared by the video/ files. Not for other modules. */
#ifndef UNIDOS_VIDEO_VGA_IMPL_H
#define UNIDOS_VIDEO_VGA_IMPL_H

#include "video/vga.h"

/* Frame timing derived from the CRTC and the dot clock. */
struct vga_timing {
    uint64_t line_ns, frame_ns, hdisplay_ns;
    unsigned display_lines; /* vertical display end + 1 */
    unsigned vretrace_start, vretrace_lines;
};

/* The VESA frame buffer (video/vga_vbe.c). */
struct vga_vbe {
    bool active;
    struct vga_vbe_mode mode;
    uint8_t *fb;      /* VGA_VBE_MEM_BYTES, mmap'd on first use */
    bool lfb_mapped;  /* mapped into the CPU at VGA_VBE_LFB_PHYS */
    uint32_t bank;    /* window A position, in window granules */
    uint32_t start;   /* display start, bytes into fb */
    uint8_t dac_bits; /* 6 or 8 (4F08h) */
    uint8_t *shadow;  /* last shown picture, for change detection */
    size_t shadow_len;
};

#define VGA_CODEPAGE_DEFAULT 437 /* base/codepage.h CODEPAGE_437 */

struct vga {
    struct vclock *clk;
    struct mem *mem;
    uint8_t crtc[VGA_CRTC_REGS], crtc_index;
    uint8_t seq[VGA_SEQ_REGS], seq_index;
    uint8_t gc[VGA_GC_REGS], gc_index;
    uint8_t attr[VGA_ATTR_REGS], attr_index;
    bool attr_flip; /* 3C0h: next write is data */
    uint8_t misc, cga_mode, cga_color, pel_mask;
    uint8_t dac[VGA_DAC_ENTRIES][3]; /* 6-bit components (8-bit after 4F08h BH=8) */
    uint8_t dac_read, dac_write, dac_comp_r, dac_comp_w;
    bool dac_reading;
    bool mono, wide;      /* text layout of the last BIOS text mode */
    unsigned codepage;    /* of the ROM font text modes load */
    unsigned view_height; /* displayed scan lines in text modes */
    /* video memory: plane p of address a is vram[a * 4 + p] */
    uint8_t *vram;             /* VGA_VRAM_BYTES, page aligned */
    uint32_t latch;            /* the four plane bytes of the last read */
    struct mem_io io;          /* how the CPU reaches vram (vga_mem.c) */
    uint32_t win_lin, win_len; /* the window served by io (0 length: none) */
    enum { VGA_FAST_NONE, VGA_FAST_CHAIN4, VGA_FAST_PLANAR, VGA_FAST_PLANE } fast_write;
    uint32_t fast_mask;  /* planes of the map mask, as plane bytes */
    unsigned fast_plane; /* VGA_FAST_PLANE: the one plane written */
    struct vga_timing timing;
    bool timing_stale;
    uint64_t gen;               /* changes whenever the picture may change */
    uint64_t vram_writes;       /* CPU writes through the device window */
    uint64_t watch_vram_writes; /* vram_writes when the watch was armed */
    struct vga_vbe vbe;
    struct vga_pointer ptr;
    /* screen-use detection and frames */
    uint8_t *shadow; /* video RAM as last seen, while compared */
    vga_use_fn *use_fn;
    void *use_ctx;
    vga_scroll_fn *scroll_fn;
    void *scroll_ctx;
    uint64_t own_writes;   /* vga_own_write calls */
    vga_frame_fn *look_fn; /* vga_looks */
    void *look_ctx;
    uint64_t look_ns, next_look_ns;
    vga_frame_fn *frame_fn;
    void *frame_ctx;
    uint64_t next_frame_ns;
};

/* Plane p's byte of a 32-bit plane word. */
#define VGA_PLANE_SHIFT(p) ((p)*8u)

/* vga_mem.c: decide how the CPU sees video memory from the sequencer and
 * graphics controller (RAM for text, device memory otherwise); call after
 * every register write that can change it. */
void vga_map_update(struct vga *v);
/* After any sequencer or graphics controller change: the write fast path
 * and the window. */
void vga_mem_regs_changed(struct vga *v);
void vga_mem_init(struct vga *v);
void vga_mem_free(struct vga *v);

/* vga_vbe.c */
void vga_vbe_free(struct vga *v);
/* The window A0000h-AFFFFh of a banked VESA mode (device memory). */
uint32_t vga_vbe_window_read(struct vga *v, uint32_t off, unsigned size);
void vga_vbe_window_write(struct vga *v, uint32_t off, unsigned size, uint32_t val);

uint32_t vga_dac_rgb(const struct vga *v, unsigned idx);
/* Attribute-controller colour i (0-15) to RGB through the palette
 * registers, colour select and DAC. */
uint32_t vga_attr_rgb(const struct vga *v, unsigned i);

#endif
