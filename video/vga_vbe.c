/* The VESA BIOS Extension frame buffer (VBE 2.0): 8 MiB of host memory,
 * reached by the CPU through the 64 KiB window A at A0000h (device memory,
 * bank switched) or as a linear frame buffer at VGA_VBE_LFB_PHYS (plain
 * RAM mapped into the CPU). The pages cost nothing until written. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/common.h"
#include "base/log.h"
#include "video/vga_impl.h"

bool vga_vbe_set(struct vga *v, const struct vga_vbe_mode *m, bool clear)
{
    struct vga_vbe *b = &v->vbe;
    if (!b->fb) {
        void *p = mmap(NULL, VGA_VBE_MEM_BYTES, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return false;
        b->fb = p;
        mem_map_device(v->mem, VGA_VBE_LFB_PHYS, VGA_VBE_MEM_BYTES, b->fb);
        b->lfb_mapped = true;
    } else if (clear) {
        madvise(b->fb, VGA_VBE_MEM_BYTES, MADV_DONTNEED); /* reads as zeros again */
    }
    b->active = true;
    b->mode = *m;
    b->bank = 0;
    b->start = 0;
    b->dac_bits = 6;
    free(b->shadow);
    b->shadow = NULL;
    b->shadow_len = 0;
    v->timing_stale = true;
    v->gen++;
    vga_map_update(v);
    LOG(LOG_VIDEO, "VESA mode %ux%u, %u bits per pixel", m->width, m->height, m->bpp);
    return true;
}

void vga_vbe_off(struct vga *v)
{
    if (!v->vbe.active && v->vbe.dac_bits == 6)
        return;
    v->vbe.active = false;
    v->vbe.dac_bits = 6;
    v->timing_stale = true;
    v->gen++;
    vga_map_update(v);
}

void vga_vbe_free(struct vga *v)
{
    if (v->vbe.fb)
        munmap(v->vbe.fb, VGA_VBE_MEM_BYTES); /* the CPU is gone or goes next */
    free(v->vbe.shadow);
}

bool vga_vbe_active(const struct vga *v)
{
    return v->vbe.active;
}
const struct vga_vbe_mode *vga_vbe_mode(const struct vga *v)
{
    return &v->vbe.mode;
}
uint32_t vga_vbe_bank(const struct vga *v)
{
    return v->vbe.bank;
}
uint32_t vga_vbe_start(const struct vga *v)
{
    return v->vbe.start;
}
unsigned vga_vbe_dac_bits(const struct vga *v)
{
    return v->vbe.dac_bits;
}
uint8_t *vga_vbe_fb(struct vga *v)
{
    return v->vbe.fb;
}

void vga_vbe_set_bank(struct vga *v, uint32_t bank)
{
    v->vbe.bank = bank;
}

void vga_vbe_set_pitch(struct vga *v, uint32_t pitch)
{
    v->vbe.mode.pitch = pitch;
    v->gen++;
}

void vga_vbe_set_start(struct vga *v, uint32_t byte_off)
{
    v->vbe.start = byte_off;
    v->gen++;
}

/* Changing the DAC width keeps the colours: components are rescaled. */
void vga_vbe_set_dac_bits(struct vga *v, unsigned bits)
{
    bits = bits >= 8 ? 8 : 6;
    if (bits == v->vbe.dac_bits)
        return;
    for (unsigned i = 0; i < VGA_DAC_ENTRIES; i++)
        for (unsigned k = 0; k < 3; k++) {
            uint8_t c = v->dac[i][k];
            v->dac[i][k] = bits == 8 ? (uint8_t)(c << 2 | c >> 4) : (uint8_t)(c >> 2);
        }
    v->vbe.dac_bits = (uint8_t)bits;
    v->gen++;
}

static uint8_t *window_byte(struct vga *v, uint32_t off)
{
    uint64_t at = (uint64_t)v->vbe.bank * VGA_VBE_WINDOW_BYTES +
                  (off & (VGA_VBE_WINDOW_BYTES - 1));
    return at < VGA_VBE_MEM_BYTES ? v->vbe.fb + at : NULL;
}

uint32_t vga_vbe_window_read(struct vga *v, uint32_t off, unsigned size)
{
    uint32_t val = 0;
    for (unsigned i = 0; i < size; i++) {
        const uint8_t *p = window_byte(v, off + i);
        val |= (uint32_t)(p ? *p : 0xFF) << (8 * i);
    }
    return val;
}

void vga_vbe_window_write(struct vga *v, uint32_t off, unsigned size, uint32_t val)
{
    for (unsigned i = 0; i < size; i++) {
        uint8_t *p = window_byte(v, off + i);
        if (p)
            *p = (uint8_t)(val >> (8 * i));
    }
    v->gen++;
    v->vram_writes++;
}

/* The linear frame buffer is plain RAM: compare what is shown with a copy. */
static void lfb_check(struct vga *v)
{
    struct vga_vbe *b = &v->vbe;
    uint64_t len = (uint64_t)b->mode.pitch * b->mode.height;
    if (b->start >= VGA_VBE_MEM_BYTES)
        return;
    len = MIN(len, (uint64_t)VGA_VBE_MEM_BYTES - b->start);
    if (b->shadow_len != len) {
        free(b->shadow);
        b->shadow = xcalloc(1, len);
        b->shadow_len = len;
        v->gen++;
    }
    if (memcmp(b->shadow, b->fb + b->start, len)) {
        memcpy(b->shadow, b->fb + b->start, len);
        v->gen++;
    }
}

uint64_t vga_vram_writes(const struct vga *v)
{
    return v->vram_writes;
}

uint64_t vga_generation(struct vga *v)
{
    if (v->vbe.active && v->vbe.lfb_mapped)
        lfb_check(v);
    return v->gen;
}
