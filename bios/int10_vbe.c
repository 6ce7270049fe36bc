/* VESA BIOS Extension 2.0 (VESA VBE Core Functions 2.0; RBIL INT 10/AX=4Fxxh):
 * controller and mode information (4F00h/4F01h), mode set and query with
 * a linear frame buffer on request (4F02h/4F03h), window A bank switching
 * through INT 10h and the far window function (4F05h), scan line length
 * (4F06h), display start (4F07h), DAC width (4F08h) and palette (4F09h).
 * 640x480, 800x600 and 1024x768 at 8, 15, 16, 24 and 32 bits per pixel. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/int10_impl.h"
#include "bios/rom.h"

#define VBE_OK 0x004F
#define VBE_FAILED 0x014F
#define VBE_WRONG_MODE 0x034F /* not valid in the current video mode */
#define VBE_VERSION 0x0200
#define VBE_OEM_REV 0x0100
#define VBE_CAP_DAC8 0x01 /* DAC switchable to 8 bits per primary */
#define VBE_INFO_BYTES 256
#define VBE2_INFO_BYTES 512
#define VBE_MODE_INFO_BYTES 256
#define VBE_MODE_LFB 0x4000  /* 4F02h BX bit 14 */
#define VBE_MODE_KEEP 0x8000 /* 4F02h BX bit 15: don't clear */
#define VBE_MODE_NUMBER 0x01FF
#define VBE_WINDOW_KB 64
#define VBE_WINDOW_SEG 0xA000
#define VBE_WIN_ATTRS 0x07 /* exists, readable, writable */
/* Mode attributes: supported, optional info, BIOS text output, colour,
 * graphics, linear frame buffer (bit 7). */
#define VBE_MODE_ATTRS 0x9F
#define VBE_MODEL_PACKED 4
#define VBE_MODEL_DIRECT 6
#define VBE_BDA_MODE 0xFF /* BDA 49h while a VESA mode is set */
#define VBE_CHAR_H 16

/* Offsets in the video ROM segment (after the fonts, int10_impl.h). */
#define VIDROM_VBE_MODES 0x2720u
#define VIDROM_VBE_OEM 0x2780u
#define VIDROM_VBE_VENDOR 0x27A0u
#define VIDROM_VBE_PRODUCT 0x27B0u
#define VIDROM_VBE_REV 0x27D0u

struct vbe_mode {
    uint16_t mode, width, height;
    uint8_t bpp;
};

/* VESA mode numbers 100h-118h (VBE 1.2 standard list); 32 bits per pixel
 * at 142h-144h as the Bochs/QEMU VBE BIOS numbers them. */
static const struct vbe_mode k_modes[] = {
    {0x100, 640, 400, 8},   {0x101, 640, 480, 8},   {0x103, 800, 600, 8},
    {0x105, 1024, 768, 8},  {0x110, 640, 480, 15},  {0x111, 640, 480, 16},
    {0x112, 640, 480, 24},  {0x113, 800, 600, 15},  {0x114, 800, 600, 16},
    {0x115, 800, 600, 24},  {0x116, 1024, 768, 15}, {0x117, 1024, 768, 16},
    {0x118, 1024, 768, 24}, {0x142, 640, 480, 32},  {0x143, 800, 600, 32},
    {0x144, 1024, 768, 32},
};

static const struct vbe_mode *find(uint16_t mode)
{
    for (size_t i = 0; i < ARRAY_LEN(k_modes); i++)
        if (k_modes[i].mode == (mode & VBE_MODE_NUMBER))
            return &k_modes[i];
    return NULL;
}

static unsigned bytes_pp(unsigned bpp)
{
    return (bpp + 7) / 8;
}

static void put_far(uint8_t *p, uint16_t seg, uint16_t off)
{
    put_le16(p, off);
    put_le16(p + 2, seg);
}

/* ---- 4F00h, 4F01h ---- */

static void controller_info(struct bios *b, struct cpu_regs *r)
{
    uint8_t sig[4], info[VBE2_INFO_BYTES] = {0};
    mem_read_far(b->mem, r->es, r->di, sig, sizeof sig);
    bool vbe2 = !memcmp(sig, "VBE2", 4);
    memcpy(info, "VESA", 4);
    put_le16(info + 4, VBE_VERSION);
    put_far(info + 6, VIDROM_SEG, VIDROM_VBE_OEM);
    put_le32(info + 10, VBE_CAP_DAC8);
    put_far(info + 14, VIDROM_SEG, VIDROM_VBE_MODES);
    put_le16(info + 18, VGA_VBE_MEM_BYTES >> 16);
    put_le16(info + 20, VBE_OEM_REV);
    put_far(info + 22, VIDROM_SEG, VIDROM_VBE_VENDOR);
    put_far(info + 26, VIDROM_SEG, VIDROM_VBE_PRODUCT);
    put_far(info + 30, VIDROM_SEG, VIDROM_VBE_REV);
    mem_write_far(b->mem, r->es, r->di, info, vbe2 ? VBE2_INFO_BYTES : VBE_INFO_BYTES);
    r->ax = VBE_OK;
}

static void color_fields(uint8_t *p, unsigned bpp)
{
    static const uint8_t k_fields[4][8] = {
        {5, 10, 5, 5, 5, 0, 1, 15}, /* 15: x:5:5:5 */
        {5, 11, 6, 5, 5, 0, 0, 0},  /* 16: 5:6:5 */
        {8, 16, 8, 8, 8, 0, 0, 0},  /* 24 */
        {8, 16, 8, 8, 8, 0, 8, 24}, /* 32: x:8:8:8 */
    };
    unsigned k = bpp == 15 ? 0 : bpp == 16 ? 1 : bpp == 24 ? 2 : 3;
    memcpy(p, k_fields[k], 8);
}

static void mode_info(struct bios *b, struct cpu_regs *r)
{
    const struct vbe_mode *m = find(r->cx);
    uint8_t info[VBE_MODE_INFO_BYTES] = {0};
    if (!m) {
        r->ax = VBE_FAILED;
        return;
    }
    uint32_t pitch = m->width * bytes_pp(m->bpp), page = pitch * m->height;
    put_le16(info + 0, VBE_MODE_ATTRS);
    info[2] = VBE_WIN_ATTRS;
    put_le16(info + 4, VBE_WINDOW_KB);
    put_le16(info + 6, VBE_WINDOW_KB);
    put_le16(info + 8, VBE_WINDOW_SEG);
    put_far(info + 12, ROM_SEG, b->vbe_window_fn);
    put_le16(info + 16, pitch);
    put_le16(info + 18, m->width);
    put_le16(info + 20, m->height);
    info[22] = 8;
    info[23] = VBE_CHAR_H;
    info[24] = 1;
    info[25] = m->bpp;
    info[26] = 1;
    info[27] = m->bpp == 8 ? VBE_MODEL_PACKED : VBE_MODEL_DIRECT;
    info[29] = (uint8_t)MIN(VGA_VBE_MEM_BYTES / page - 1, 255u);
    info[30] = 1;
    if (m->bpp > 8)
        color_fields(info + 31, m->bpp);
    put_le32(info + 40, VGA_VBE_LFB_PHYS);
    mem_write_far(b->mem, r->es, r->di, info, sizeof info);
    r->ax = VBE_OK;
}

/* ---- 4F02h, 4F03h ---- */

static void set_mode(struct bios *b, struct cpu_regs *r)
{
    uint16_t bx = r->bx;
    if ((bx & VBE_MODE_NUMBER) < 0x100) { /* a standard VGA mode */
        struct cpu_regs std = *r;
        std.ax = (uint16_t)((bx & 0x7F) | ((bx & VBE_MODE_KEEP) ? 0x80 : 0));
        int10_set_mode(b, &std);
        r->ax = VBE_OK;
        return;
    }
    const struct vbe_mode *m = find(bx);
    struct vga_vbe_mode vm = {0};
    if (!m || !b->vga) {
        r->ax = VBE_FAILED;
        return;
    }
    vm = (struct vga_vbe_mode){m->width, m->height, m->bpp, m->width * bytes_pp(m->bpp)};
    if (vid_is_text(b))
        vga_note_text_scroll(b->vga, vid_rows(b), vid_rows(b) - 1); /* the text leaves */
    vga_set_gfx_mode(b->vga, 0x13); /* VGA registers and the 256-colour DAC */
    if (!vga_vbe_set(b->vga, &vm, !(bx & VBE_MODE_KEEP))) {
        log_note("VESA mode %03Xh: cannot allocate the frame buffer", m->mode);
        r->ax = VBE_FAILED;
        return;
    }
    b->vbe_mode = bx & (VBE_MODE_NUMBER | VBE_MODE_LFB);
    vid_bda_gfx(b, VBE_BDA_MODE, m->width / 8, m->height / VBE_CHAR_H, VBE_CHAR_H, 0);
    bios_mouse_mode_changed(b);
    r->ax = VBE_OK;
}

static void get_mode(struct bios *b, struct cpu_regs *r)
{
    r->bx = b->vbe_mode ? b->vbe_mode : vbda8(b, BDA_VIDEO_MODE) & 0x7F;
    r->ax = VBE_OK;
}

/* ---- 4F05h window control ---- */

static void window(struct bios *b, struct cpu_regs *r)
{
    if (!b->vbe_mode) {
        r->ax = VBE_WRONG_MODE;
        return;
    }
    if (reg_lo(r->bx) != 0 || reg_hi(r->bx) > 1) { /* window B does not exist */
        r->ax = VBE_FAILED;
        return;
    }
    if (reg_hi(r->bx) == 0)
        vga_vbe_set_bank(b->vga, r->dx);
    else
        r->dx = (uint16_t)vga_vbe_bank(b->vga);
    r->ax = VBE_OK;
}

/* The far window function of the mode information: 4F05h without INT 10h;
 * AX is left as it was, as on most VESA BIOSes. */
static void window_fn(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    uint16_t ax = ic->r->ax;
    window(b, ic->r);
    ic->r->ax = ax;
}

/* ---- 4F06h, 4F07h ---- */

static void scan_length(struct bios *b, struct cpu_regs *r)
{
    const struct vga_vbe_mode *m;
    if (!b->vbe_mode || reg_lo(r->bx) > 3) {
        r->ax = b->vbe_mode ? VBE_FAILED : VBE_WRONG_MODE;
        return;
    }
    m = vga_vbe_mode(b->vga);
    unsigned bpp = bytes_pp(m->bpp);
    uint32_t pitch = m->pitch;
    if (reg_lo(r->bx) == 0)
        pitch = r->cx * bpp;
    else if (reg_lo(r->bx) == 2)
        pitch = (r->cx + bpp - 1) / bpp * bpp;
    else if (reg_lo(r->bx) == 3)
        pitch = MIN(VGA_VBE_MEM_BYTES / m->height, 0xFFFFu) / bpp * bpp;
    if (pitch < m->width * bpp || (uint64_t)pitch * m->height > VGA_VBE_MEM_BYTES) {
        r->ax = VBE_FAILED;
        return;
    }
    if (reg_lo(r->bx) == 0 || reg_lo(r->bx) == 2)
        vga_vbe_set_pitch(b->vga, pitch);
    r->bx = (uint16_t)pitch;
    r->cx = (uint16_t)(pitch / bpp);
    r->dx = (uint16_t)MIN(VGA_VBE_MEM_BYTES / pitch, 0xFFFFu);
    r->ax = VBE_OK;
}

static void display_start(struct bios *b, struct cpu_regs *r)
{
    enum { SET = 0x00, GET = 0x01, SET_IN_RETRACE = 0x80 };
    if (!b->vbe_mode) {
        r->ax = VBE_WRONG_MODE;
        return;
    }
    const struct vga_vbe_mode *m = vga_vbe_mode(b->vga);
    unsigned bpp = bytes_pp(m->bpp);
    uint8_t bl = reg_lo(r->bx);
    if (bl == SET || bl == SET_IN_RETRACE) {
        vga_vbe_set_start(b->vga, r->dx * m->pitch + r->cx * bpp);
    } else if (bl == GET) {
        uint32_t start = vga_vbe_start(b->vga);
        reg_set_hi(&r->bx, 0);
        r->dx = (uint16_t)(start / m->pitch);
        r->cx = (uint16_t)(start % m->pitch / bpp);
    } else {
        r->ax = VBE_FAILED;
        return;
    }
    r->ax = VBE_OK;
}

/* ---- 4F08h, 4F09h ---- */

static void dac_width(struct bios *b, struct cpu_regs *r)
{
    if (reg_lo(r->bx) == 0)
        vga_vbe_set_dac_bits(b->vga, reg_hi(r->bx));
    else if (reg_lo(r->bx) != 1) {
        r->ax = VBE_FAILED;
        return;
    }
    reg_set_hi(&r->bx, (uint8_t)vga_vbe_dac_bits(b->vga));
    r->ax = VBE_OK;
}

/* Entries are blue, green, red, alignment. */
static void palette(struct bios *b, struct cpu_regs *r)
{
    uint8_t bl = reg_lo(r->bx);
    if ((bl & 0x7F) > 1 || r->dx + r->cx > VGA_DAC_ENTRIES) {
        r->ax = VBE_FAILED;
        return;
    }
    for (unsigned i = 0; i < r->cx; i++) {
        uint8_t e[4] = {0}, rgb[3];
        uint16_t off = (uint16_t)(r->di + 4 * i);
        if ((bl & 0x7F) == 0) {
            mem_read_far(b->mem, r->es, off, e, 4);
            rgb[0] = e[2];
            rgb[1] = e[1];
            rgb[2] = e[0];
            vga_dac_set(b->vga, r->dx + i, rgb);
        } else {
            vga_dac_get(b->vga, r->dx + i, rgb);
            e[0] = rgb[2];
            e[1] = rgb[1];
            e[2] = rgb[0];
            mem_write_far(b->mem, r->es, off, e, 4);
        }
    }
    r->ax = VBE_OK;
}

/* RBIL INT 10/AX=4Fxxh. The mode, window and palette setters count as
 * using the screen. */
void int10_vbe(struct bios *b, struct cpu_regs *r)
{
    uint8_t al = reg_lo(r->ax);
    if (!b->vga) {
        r->ax = VBE_FAILED;
        return;
    }
    if (al == 0x02 || al == 0x07 || (al == 0x09 && reg_lo(r->bx) == 0))
        vga_note_use(b->vga, VGA_USE_SCREEN);
    switch (al) {
    case 0x00:
        controller_info(b, r);
        return;
    case 0x01:
        mode_info(b, r);
        return;
    case 0x02:
        set_mode(b, r);
        return;
    case 0x03:
        get_mode(b, r);
        return;
    case 0x05:
        window(b, r);
        return;
    case 0x06:
        scan_length(b, r);
        return;
    case 0x07:
        display_start(b, r);
        return;
    case 0x08:
        dac_width(b, r);
        return;
    case 0x09:
        palette(b, r);
        return;
    default:
        QUIET_ONCE(LOG_VIDEO, "INT 10h AX=%04Xh (VESA) is not supported", r->ax);
        r->ax = VBE_FAILED;
    }
}

/* Mode list and OEM strings in the video ROM; the window function. */
void vid_vbe_install(struct bios *b)
{
    static const char k_oem[] = "unidos VBE 2.0", k_vendor[] = "unidos",
                      k_product[] = "unidos virtual VGA", k_rev[] = "1.0";
    uint32_t rom = VIDROM_SEG << 4;
    uint8_t list[2 * (ARRAY_LEN(k_modes) + 1)];
    for (size_t i = 0; i < ARRAY_LEN(k_modes); i++)
        put_le16(list + 2 * i, k_modes[i].mode);
    put_le16(list + 2 * ARRAY_LEN(k_modes), 0xFFFF);
    _Static_assert(VIDROM_VBE_MODES + sizeof list <= VIDROM_VBE_OEM, "VBE mode list fits");
    mem_write(b->mem, rom + VIDROM_VBE_MODES, list, sizeof list);
    mem_write(b->mem, rom + VIDROM_VBE_OEM, k_oem, sizeof k_oem);
    mem_write(b->mem, rom + VIDROM_VBE_VENDOR, k_vendor, sizeof k_vendor);
    mem_write(b->mem, rom + VIDROM_VBE_PRODUCT, k_product, sizeof k_product);
    mem_write(b->mem, rom + VIDROM_VBE_REV, k_rev, sizeof k_rev);
    b->vbe_window_fn = intr_callback(b->intr, window_fn, b, INTR_EPI_RETF);
}
