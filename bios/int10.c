/* INT 10h video services: the dispatcher, text modes, pages and cursor
 * (RBIL INT 10; IBM VGA Technical Reference). Text drawing is in
 * int10_text.c, palettes, fonts and information in int10_info.c. */
#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/int10_impl.h"

#define CRTC_COLOR 0x3D4
#define CRTC_MONO 0x3B4
#define CURSOR_SHAPE_CGA 0x0607 /* BDA value: start 6, end 7 of an 8-line cell */
#define CURSOR_SHAPE_MDA 0x0B0C
#define MODE_NO_CLEAR 0x80
#define MODESET_VGA_ACTIVE 0x01
#define MODESET_400_LINES 0x10
#define MODESET_DEFAULT (MODESET_VGA_ACTIVE | MODESET_400_LINES | 0x40)
#define VIDEO_CTL_DEFAULT 0x60 /* 256 KB video memory */
#define VIDEO_CTL_NO_CURSOR_EMU 0x01
#define VIDEO_SWITCHES_VGA 0x09
#define DCC_INDEX_VGA_COLOR 0x0B
#define EQ_VIDEO_MASK 0x0030
#define EQ_VIDEO_MONO 0x0030
#define MODE_TEXT80 0x03
#define ROWS_DEFAULT 25

/* ---- BDA helpers ---- */

uint8_t vbda8(struct bios *b, unsigned off)
{
    return mem_rd8(b->mem, BDA_LIN + off);
}
uint16_t vbda16(struct bios *b, unsigned off)
{
    return mem_rd16(b->mem, BDA_LIN + off);
}
void vbda_set8(struct bios *b, unsigned off, uint8_t v)
{
    mem_wr8(b->mem, BDA_LIN + off, v);
}
void vbda_set16(struct bios *b, unsigned off, uint16_t v)
{
    mem_wr16(b->mem, BDA_LIN + off, v);
}

/* A program may write anything into the BDA: no text mode is wider than
 * 256 columns, and scrolling a screen the BDA claims is 65,535 wide would
 * take seconds per line feed (found by the int and chain fuzz targets). */
#define VID_COLS_MAX 256u
unsigned vid_cols(struct bios *b)
{
    return MIN(VID_COLS_MAX, MAX(1u, (unsigned)vbda16(b, BDA_VIDEO_COLUMNS)));
}
unsigned vid_rows(struct bios *b)
{
    return (unsigned)vbda8(b, BDA_VIDEO_ROWS) + 1;
}
unsigned vid_active_page(struct bios *b)
{
    return vbda8(b, BDA_VIDEO_PAGE) % TEXT_PAGES;
}

/* ---- text modes ---- */

struct text_mode {
    uint8_t mode, cols;
    bool mono, wide;
    uint8_t mode_ctl, palette; /* CGA 3D8h/3D9h values kept in the BDA */
};

/* RBIL INT 10/AH=00h; mode control values per the IBM PC BIOS tables. */
static const struct text_mode k_text_modes[] = {
    {0x00, 40, false, true, 0x2C, 0x30},  {0x01, 40, false, true, 0x28, 0x30},
    {0x02, 80, false, false, 0x2D, 0x30}, {0x03, 80, false, false, 0x29, 0x30},
    {0x07, 80, true, false, 0x29, 0x30},
};

static const struct text_mode *find_mode(uint8_t mode)
{
    for (size_t i = 0; i < ARRAY_LEN(k_text_modes); i++)
        if (k_text_modes[i].mode == mode)
            return &k_text_modes[i];
    return NULL;
}

bool vid_is_text(struct bios *b)
{
    return find_mode(vbda8(b, BDA_VIDEO_MODE) & 0x7F) != NULL;
}

static uint16_t page_bytes(unsigned cols, unsigned rows)
{
    unsigned n = cols * rows * 2;
    return (uint16_t)((n + 0xFF) & ~0xFFu); /* 80x25: 1000h, 40x25: 800h */
}

static void bda_mode(struct bios *b, const struct text_mode *tm, unsigned ch)
{
    vbda_set8(b, BDA_VIDEO_MODE, tm->mode);
    vbda_set16(b, BDA_VIDEO_COLUMNS, tm->cols);
    vbda_set16(b, BDA_VIDEO_PAGE_SIZE, page_bytes(tm->cols, ROWS_DEFAULT));
    vbda_set16(b, BDA_VIDEO_PAGE_OFFSET, 0);
    for (unsigned p = 0; p < TEXT_PAGES; p++)
        vbda_set16(b, BDA_CURSOR_POS + 2 * p, 0);
    vbda_set16(b, BDA_CURSOR_SHAPE, tm->mono ? CURSOR_SHAPE_MDA : CURSOR_SHAPE_CGA);
    vbda_set8(b, BDA_VIDEO_PAGE, 0);
    vbda_set16(b, BDA_CRTC_BASE, tm->mono ? CRTC_MONO : CRTC_COLOR);
    vbda_set8(b, BDA_VIDEO_MODE_CTL, tm->mode_ctl);
    vbda_set8(b, BDA_VIDEO_PALETTE, tm->palette);
    vbda_set8(b, BDA_VIDEO_ROWS, ROWS_DEFAULT - 1);
    vbda_set16(b, BDA_CHAR_HEIGHT, (uint16_t)ch);
    uint16_t eq = vbda16(b, BDA_EQUIPMENT) & (uint16_t)~EQ_VIDEO_MASK;
    vbda_set16(b, BDA_EQUIPMENT,
               (uint16_t)(eq | (tm->mono ? EQ_VIDEO_MONO : BDA_EQ_VIDEO_80x25_COLOR)));
}

/* Set text mode tm: registers, BDA, font, and (unless keep) blank video RAM. */
static void set_text_mode(struct bios *b, const struct text_mode *tm, bool keep)
{
    bool lines350 = !(vbda8(b, BDA_VIDEO_MODESET) & MODESET_400_LINES);
    unsigned ch = lines350 ? 14 : 16;
    struct vga_text_mode vm = {tm->cols,    ROWS_DEFAULT,
                               (uint8_t)ch, (uint16_t)(lines350 ? 350 : 400),
                               tm->mono,    tm->wide};
    bda_mode(b, tm, ch);
    if (b->vga) {
        vga_set_text_mode(b->vga, &vm);
        vga_set_start(b->vga, 0);
    }
    if (!keep) {
        uint32_t lin = (uint32_t)(tm->mono ? TEXT_SEG_MONO : TEXT_SEG_COLOR) << 4;
        uint8_t *p = mem_ptr(b->mem, lin, TEXT_WINDOW_BYTES);
        for (unsigned i = 0; p && i < TEXT_WINDOW_BYTES; i += 2) {
            p[i] = ' ';
            p[i + 1] = TEXT_BLANK_ATTR;
        }
        b->vram_dirty_lo = 0;
        b->vram_dirty_hi = TEXT_WINDOW_BYTES;
        vid_flush(b);
    }
    vid_cursor_shape_apply(b, CURSOR_SHAPE_CGA >> 8, CURSOR_SHAPE_CGA & 0xFF);
    vid_cursor_sync(b);
}

void int10_set_mode(struct bios *b, struct cpu_regs *r)
{
    uint8_t mode = reg_lo(r->ax) & 0x7F;
    bool keep = reg_lo(r->ax) & MODE_NO_CLEAR;
    const struct text_mode *tm = find_mode(mode);
    const struct gfx_mode *gm = vid_gfx_mode(mode);
    if (b->vga && vid_is_text(b) && (gm || (tm && !keep)))
        vga_note_text_scroll(b->vga, vid_rows(b), vid_rows(b) - 1); /* the text leaves */
    if (gm && b->vga) {
        vid_set_gfx_mode(b, gm, keep);
        return;
    }
    if (!tm) {
        log_quiet(LOG_VIDEO,
                  "INT 10h: video mode %02Xh does not exist on a VGA; mode unchanged", mode);
        return;
    }
    LOG(LOG_VIDEO, "INT 10h set mode %02Xh", mode);
    b->vbe_mode = 0;
    set_text_mode(b, tm, keep);
    bios_mouse_mode_changed(b);
}

/* ---- cursor ---- */

void vid_cursor_get(struct bios *b, unsigned page, unsigned *col, unsigned *row)
{
    uint16_t pos = vbda16(b, BDA_CURSOR_POS + 2 * (page % TEXT_PAGES));
    *col = pos & 0xFF;
    *row = pos >> 8;
}

void vid_cursor_sync(struct bios *b)
{
    unsigned page = vid_active_page(b), col, row;
    vid_cursor_get(b, page, &col, &row);
    if (b->vga) {
        unsigned base = vbda16(b, BDA_VIDEO_PAGE_OFFSET) / 2;
        vga_set_cursor_pos(b->vga, (uint16_t)(base + row * vid_cols(b) + col));
    }
}

static void vid_cursor_set(struct bios *b, unsigned page, unsigned col, unsigned row)
{
    page %= TEXT_PAGES;
    vbda_set16(b, BDA_CURSOR_POS + 2 * page, (uint16_t)((row & 0xFF) << 8 | (col & 0xFF)));
    if (page == vid_active_page(b))
        vid_cursor_sync(b);
}

/* Translate a CGA-style cursor shape (scan lines of an 8-line cell) to the
 * current character height, as the VGA BIOS does while cursor emulation is
 * on (BDA 87h bit 0 clear): an underline stays at the bottom, a block
 * keeps covering its part of the cell. */
static void emulate_shape(unsigned ch, uint8_t *start, uint8_t *end)
{
    unsigned s = *start, e = *end, last = ch - 1;
    if (ch <= 8 || s >= 0x20 || e >= 0x20 || (s < 8 && e < 8 && s > e && e == 0))
        return;
    if (e < s) { /* split cursor: to the bottom of the cell */
        *start = (uint8_t)e;
        *end = (uint8_t)last;
        return;
    }
    if (e <= 3)
        return;      /* a cursor in the top lines stays put */
    if (s + 2 < e) { /* a block */
        *start = (uint8_t)(s > 2 ? (last + 1) / 2 : s);
        *end = (uint8_t)last;
        return;
    }
    unsigned bottom = ch > 13 ? last - 1 : last; /* an underline */
    *start = (uint8_t)(bottom - (e - s));
    *end = (uint8_t)bottom;
}

void vid_cursor_shape_apply(struct bios *b, uint8_t start, uint8_t end)
{
    if (!b->vga)
        return;
    if (!(vbda8(b, BDA_VIDEO_CTL) & VIDEO_CTL_NO_CURSOR_EMU))
        emulate_shape(vbda16(b, BDA_CHAR_HEIGHT), &start, &end);
    vga_set_cursor_shape(b->vga, start, end);
}

static void set_cursor_shape(struct bios *b, struct cpu_regs *r)
{
    vbda_set16(b, BDA_CURSOR_SHAPE, r->cx);
    vid_cursor_shape_apply(b, reg_hi(r->cx), reg_lo(r->cx));
}

static void set_cursor(struct bios *b, struct cpu_regs *r)
{
    vid_cursor_set(b, reg_hi(r->bx), reg_lo(r->dx), reg_hi(r->dx));
}

static void get_cursor(struct bios *b, struct cpu_regs *r)
{
    unsigned page = reg_hi(r->bx) % TEXT_PAGES;
    r->dx = vbda16(b, BDA_CURSOR_POS + 2 * page);
    r->cx = vbda16(b, BDA_CURSOR_SHAPE);
}

/* RBIL INT 10/AH=05h: select the displayed page (text modes, and the
 * EGA graphics modes that have several: 0Dh-10h). */
static void set_page(struct bios *b, struct cpu_regs *r)
{
    uint8_t page = reg_lo(r->ax);
    const struct gfx_mode *gm = vid_gfx_mode(vbda8(b, BDA_VIDEO_MODE) & 0x7F);
    bool text = vid_is_text(b);
    if (page >= TEXT_PAGES || (!text && (!gm || b->vbe_mode || page >= gm->pages)))
        return;
    uint16_t off = (uint16_t)(page * vbda16(b, BDA_VIDEO_PAGE_SIZE));
    vbda_set8(b, BDA_VIDEO_PAGE, page);
    vbda_set16(b, BDA_VIDEO_PAGE_OFFSET, off);
    if (b->vga)
        vga_set_start(b->vga, text ? off / 2 : off); /* words in text, bytes in planar */
    if (text)
        vid_cursor_sync(b);
}

static void get_mode(struct bios *b, struct cpu_regs *r)
{
    reg_set_lo(&r->ax, vbda8(b, BDA_VIDEO_MODE));
    reg_set_hi(&r->ax, (uint8_t)vid_cols(b));
    reg_set_hi(&r->bx, (uint8_t)vid_active_page(b));
}

/* ---- characters at the cursor ---- */

static void read_cell(struct bios *b, struct cpu_regs *r)
{
    unsigned page = reg_hi(r->bx) % TEXT_PAGES, col, row;
    struct gfx_geom g;
    vid_cursor_get(b, page, &col, &row);
    if (vid_gfx_geom(b, page, &g)) {
        r->ax = vid_gfx_read_char(b, &g, col, row);
        return;
    }
    r->ax = vid_cell_get(b, page, col, row);
}

/* 09h/0Ah in graphics modes: CX characters in colour BL (bit 7: XOR). */
static void write_gfx_chars(struct bios *b, struct cpu_regs *r, const struct gfx_geom *g)
{
    unsigned page = reg_hi(r->bx) % TEXT_PAGES, col, row;
    vid_cursor_get(b, page, &col, &row);
    unsigned pos = row * g->cols + col, end = MIN(pos + r->cx, g->cols * g->rows);
    for (; pos < end; pos++)
        vid_gfx_char(b, g, pos % g->cols, pos / g->cols, reg_lo(r->ax), reg_lo(r->bx));
}

/* 09h/0Ah: CX copies from the cursor on, wrapping to the following rows;
 * the cursor does not move. */
static void write_cells(struct bios *b, struct cpu_regs *r, bool with_attr)
{
    unsigned page = reg_hi(r->bx) % TEXT_PAGES, col, row, cols = vid_cols(b);
    struct gfx_geom g;
    if (vid_gfx_geom(b, page, &g)) {
        write_gfx_chars(b, r, &g);
        return;
    }
    vid_cursor_get(b, page, &col, &row);
    unsigned pos = row * cols + col, end = MIN(pos + r->cx, cols * vid_rows(b));
    for (; pos < end; pos++) {
        uint16_t old = vid_cell_get(b, page, pos % cols, pos / cols);
        uint8_t attr = with_attr ? reg_lo(r->bx) : (uint8_t)(old >> 8);
        vid_cell_put(b, page, pos % cols, pos / cols, (uint16_t)(attr << 8 | reg_lo(r->ax)));
    }
    vid_flush(b);
}

static void write_char_attr(struct bios *b, struct cpu_regs *r)
{
    write_cells(b, r, true);
}
static void write_char(struct bios *b, struct cpu_regs *r)
{
    write_cells(b, r, false);
}

/* 0Eh: in graphics modes the character is drawn in colour BL. */
static void teletype(struct bios *b, struct cpu_regs *r)
{
    uint8_t c = reg_lo(r->ax);
    if (!vid_is_text(b)) {
        vid_gfx_tty(b, vid_active_page(b), c, reg_lo(r->bx));
        if (b->host.con_write)
            b->host.con_write(b->host.ctx, &c, 1);
        return;
    }
    bios_tty_write(b, &c, 1);
}

/* 06h/07h: in graphics modes BH is the fill colour. */
static void scroll(struct bios *b, struct cpu_regs *r, int lines)
{
    struct gfx_geom g;
    unsigned page = vid_active_page(b);
    if (vid_gfx_geom(b, page, &g)) {
        vid_gfx_scroll(b, &g, lines, reg_hi(r->bx), reg_hi(r->cx), reg_lo(r->cx), reg_hi(r->dx),
                       reg_lo(r->dx));
        return;
    }
    vid_scroll(b, page, lines, reg_hi(r->bx), reg_hi(r->cx), reg_lo(r->cx), reg_hi(r->dx),
               reg_lo(r->dx));
}

static void scroll_up(struct bios *b, struct cpu_regs *r)
{
    scroll(b, r, reg_lo(r->ax));
}
static void scroll_down(struct bios *b, struct cpu_regs *r)
{
    scroll(b, r, -(int)reg_lo(r->ax));
}

/* ---- dispatch ---- */

/* TopView/DESQview get (FEh) and update (FFh) the shadow buffer: without
 * a multitasker ES:DI stay the video buffer the program passed (DJGPP's
 * conio asks at start). */
static void no_shadow(struct bios *b, struct cpu_regs *r)
{
    UNUSED(b);
    UNUSED(r);
}

/* What a function means for the screen: nothing (it only reads state, or
 * is teletype output, the console's own), text at the cursor, or the
 * whole screen (vga_note_use). */
enum int10_use { USE_NONE, USE_TEXT, USE_SCREEN };

struct int10_entry {
    int10_fn *fn;
    enum int10_use use;
};

/* RBIL INT 10: AH selects the function. */
static const struct int10_entry k_int10[256] = {
    [0x00] = {int10_set_mode, USE_SCREEN},
    [0x01] = {set_cursor_shape, USE_TEXT},
    [0x02] = {set_cursor, USE_TEXT},
    [0x03] = {get_cursor, USE_NONE},
    [0x05] = {set_page, USE_SCREEN},
    [0x06] = {scroll_up, USE_TEXT},
    [0x07] = {scroll_down, USE_TEXT},
    [0x08] = {read_cell, USE_NONE},
    [0x09] = {write_char_attr, USE_TEXT},
    [0x0A] = {write_char, USE_TEXT},
    [0x0B] = {int10_cga_palette, USE_SCREEN},
    [0x0C] = {int10_put_pixel, USE_SCREEN},
    [0x0D] = {int10_get_pixel, USE_NONE},
    [0x0E] = {teletype, USE_NONE},
    [0x0F] = {get_mode, USE_NONE},
    [0x10] = {int10_palette, USE_NONE}, /* the setters report use themselves */
    [0x11] = {int10_font, USE_NONE},
    [0x12] = {int10_alt_select, USE_NONE},
    [0x13] = {int10_write_string, USE_TEXT},
    [0x1A] = {int10_dcc, USE_NONE},
    [0x1B] = {int10_state, USE_NONE},
    [0x4F] = {int10_vbe, USE_NONE}, /* the setters report use themselves */
    [0xFE] = {no_shadow, USE_NONE},
    [0xFF] = {no_shadow, USE_NONE},
};
_Static_assert(ARRAY_LEN(k_int10) == 256, "INT 10h table covers every AH");

static void int10_video(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    uint8_t ah = reg_hi(ic->r->ax);
    const struct int10_entry *e = &k_int10[ah];
    if (e->fn) {
        LOG(LOG_VIDEO, "INT 10h AX=%04X BX=%04X CX=%04X DX=%04X", ic->r->ax, ic->r->bx,
            ic->r->cx, ic->r->dx);
        /* Video RAM the program wrote itself is a use from before this call. */
        bool look = b->vga && vga_watch_quick(b->vga);
        if (e->use != USE_NONE && b->vga)
            look |= vga_note_use(b->vga, e->use == USE_TEXT ? VGA_USE_TEXT : VGA_USE_SCREEN);
        e->fn(b, ic->r);
        if (look)
            intr_yield(ic); /* the screen is looked at right after this call */
        return;
    }
    static struct log_once noted;
    if (log_once_first(&noted, ah))
        log_quiet(LOG_VIDEO, "INT 10h AH=%02Xh is not implemented; ignored", ah);
}

void bios_video_init(struct bios *b)
{
    vbda_set8(b, BDA_VIDEO_CTL, VIDEO_CTL_DEFAULT);
    vbda_set8(b, BDA_VIDEO_SWITCHES, VIDEO_SWITCHES_VGA);
    vbda_set8(b, BDA_VIDEO_MODESET, MODESET_DEFAULT);
    vbda_set8(b, BDA_VIDEO_DCC, DCC_INDEX_VGA_COLOR);
    vid_rom_install(b);
    vid_vbe_install(b);
    set_text_mode(b, find_mode(MODE_TEXT80), false);
    intr_set(b->intr, 0x10, int10_video, b);
}
