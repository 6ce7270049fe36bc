/* Text-mode rendering from video RAM and the VGA registers. */
#include "video/render.h"

#include <string.h>

#include "base/common.h"
#include "base/codepage.h"
#include "video/render_impl.h"

#define TEXT_WINDOW_BYTES 0x8000u /* B8000h-BFFFFh (or B0000h-B7FFFh) */
#define LINE_GRAPHICS_FIRST 0xC0
#define LINE_GRAPHICS_LAST 0xDF
#define ATTR_BLINK 0x80
#define ATTR_FONT_SELECT 0x08

struct vid_phase vid_phase_at(uint64_t now_ns, uint64_t frame_ns)
{
    uint64_t frame = frame_ns ? now_ns / frame_ns : 0;
    return (struct vid_phase){
        .cursor_on = (frame / VID_CURSOR_BLINK_FRAMES) % 2 == 0,
        .text_on = (frame / VID_CHAR_BLINK_FRAMES) % 2 == 0,
    };
}

/* The cell word at screen position (col, row): char | attr << 8, with the
 * mouse pointer's AND and XOR masks applied on its cell. */
static uint16_t cell_at(const struct vga_view *w, const struct mem *m, unsigned col,
                        unsigned row)
{
    uint32_t off = ((uint32_t)w->start + row * w->offset_words + col) * 2 % TEXT_WINDOW_BYTES;
    uint16_t cell = mem_rd16(m, w->vram_lin + off);
    if (w->pointer && col == w->pointer_col && row == w->pointer_row)
        cell = (uint16_t)((cell & w->pointer_and) ^ w->pointer_xor);
    return cell;
}

/* Row after row with one copy each, wrapping around the end of the text
 * window as the CRTC does. */
static void read_bytes(const struct mem *m, const uint8_t *copy, uint32_t lin, uint8_t *dst,
                       uint32_t n)
{
    if (copy)
        memcpy(dst, copy + (lin - VGA_WATCH_LIN), n);
    else
        mem_read(m, lin, dst, n);
}

/* Rows [row0, row1) from video RAM, or from copy (B0000h-BFFFFh) when it
 * is not NULL. */
static void read_cells(const struct vga_view *w, const struct mem *m, const uint8_t *copy,
                       struct vid_text *t, unsigned row0, unsigned row1)
{
    uint8_t row[VID_TEXT_MAX_COLS * 2];
    for (unsigned r = row0; r < MIN(row1, t->rows); r++) {
        uint16_t *dst = &t->cell[r * t->cols];
        uint32_t off = ((uint32_t)w->start + r * w->offset_words) * 2 % TEXT_WINDOW_BYTES;
        uint32_t first = MIN(t->cols * 2, TEXT_WINDOW_BYTES - off);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint8_t *bytes = (uint8_t *)dst; /* cells are char | attr << 8, as in RAM */
#else
        uint8_t *bytes = row;
#endif
        read_bytes(m, copy, w->vram_lin + off, bytes, first);
        read_bytes(m, copy, w->vram_lin, bytes + first, t->cols * 2 - first);
        if (bytes == row)
            for (unsigned c = 0; c < t->cols; c++)
                dst[c] = (uint16_t)(row[2 * c] | row[2 * c + 1] << 8);
    }
}

static void text_from_view(const struct vga_view *w, const struct mem *m, const uint8_t *copy,
                           struct vid_text *t, unsigned row0, unsigned row1)
{
    t->graphics = w->graphics;
    t->cols = MIN(w->cols, (unsigned)VID_TEXT_MAX_COLS);
    t->rows = MIN(w->rows, (unsigned)VID_TEXT_MAX_ROWS);
    t->char_height = w->char_height;
    t->blink = w->blink;
    t->codepage = w->codepage;
    memcpy(t->rgb, w->rgb, sizeof t->rgb);
    read_cells(w, m, copy, t, row0, row1);
    unsigned rel = (uint16_t)(w->cursor - w->start);
    unsigned pitch = MAX(1u, (unsigned)w->offset_words);
    t->cursor_col = rel % pitch;
    t->cursor_row = rel / pitch;
    t->cursor_visible = w->cursor_enabled && w->cursor_start <= w->cursor_end &&
                        w->cursor_start < w->char_height && t->cursor_col < t->cols &&
                        t->cursor_row < t->rows;
}

void vid_text_read(const struct vga *v, const struct mem *m, struct vid_text *t)
{
    vid_text_read_rows(v, m, t, 0, VID_TEXT_MAX_ROWS);
}

void vid_text_read_rows(const struct vga *v, const struct mem *m, struct vid_text *t,
                        unsigned row0, unsigned row1)
{
    struct vga_view w;
    vga_view(v, &w);
    text_from_view(&w, m, NULL, t, row0, row1);
    t->codepage = vga_codepage(v);
}

void vid_text_read_copy(const struct vga *v, const uint8_t *copy, struct vid_text *t)
{
    struct vga_view w;
    vga_view(v, &w);
    text_from_view(&w, NULL, copy, t, 0, VID_TEXT_MAX_ROWS);
    t->codepage = vga_codepage(v);
}

void vid_text_snapshot(const struct vga *v, const struct mem *m, struct vid_text *t)
{
    struct vga_view w;
    vga_view(v, &w);
    text_from_view(&w, m, NULL, t, 0, VID_TEXT_MAX_ROWS);
    t->codepage = vga_codepage(v);
    if (w.pointer && w.pointer_col < t->cols && w.pointer_row < t->rows) {
        uint16_t *cell = &t->cell[w.pointer_row * t->cols + w.pointer_col];
        *cell = (uint16_t)((*cell & w.pointer_and) ^ w.pointer_xor);
    }
}

/* One glyph row as the dots of a cell (bit 8 = leftmost of 9). */
static unsigned glyph_dots(const struct vga_view *w, uint8_t ch, uint8_t attr, unsigned line)
{
    const uint8_t *font = w->font[(attr & ATTR_FONT_SELECT) ? 1 : 0];
    unsigned bits = font[(ch * VGA_GLYPH_BYTES + line) * VGA_FONT_STRIDE];
    if (w->dots == 8)
        return bits;
    bits <<= 1;
    if (w->line_graphics && ch >= LINE_GRAPHICS_FIRST && ch <= LINE_GRAPHICS_LAST)
        bits |= (bits >> 1) & 1;
    return bits;
}

struct cell_paint {
    uint32_t fg, bg;
    bool hide_glyph, underline;
};

static struct cell_paint paint_of(const struct vga_view *w, uint8_t attr, struct vid_phase ph)
{
    struct cell_paint p = {w->rgb[attr & 15], w->rgb[(attr >> 4) & (w->blink ? 7 : 15)], false,
                           false};
    if (w->blink && (attr & ATTR_BLINK) && !ph.text_on)
        p.hide_glyph = true;
    p.underline = (attr & 0x77) == 0x01 && w->underline < w->char_height;
    return p;
}

static bool cursor_line(const struct vga_view *w, unsigned col, unsigned row, unsigned line,
                        struct vid_phase ph)
{
    unsigned rel = (uint16_t)(w->cursor - w->start), pitch = MAX(1u, (unsigned)w->offset_words);
    return ph.cursor_on && w->cursor_enabled && rel % pitch == col && rel / pitch == row &&
           line >= w->cursor_start && line <= w->cursor_end;
}

static void draw_cell(const struct vga_view *w, const struct mem *m, struct vid_phase ph,
                      unsigned col, unsigned row, struct vid_frame *f)
{
    uint16_t cell = cell_at(w, m, col, row);
    uint8_t ch = (uint8_t)cell, attr = (uint8_t)(cell >> 8);
    struct cell_paint p = paint_of(w, attr, ph);
    unsigned scale = w->wide ? 2 : 1, cw = w->dots * scale;
    for (unsigned line = 0; line < w->char_height; line++) {
        unsigned y = row * w->char_height + line;
        if (y >= f->height)
            return;
        unsigned bits = p.hide_glyph ? 0 : glyph_dots(w, ch, attr, line);
        if ((p.underline && line == w->underline) || cursor_line(w, col, row, line, ph))
            bits = ~0u;
        uint32_t *px = &f->px[y * f->width + col * cw];
        for (unsigned d = 0; d < cw; d++)
            px[d] = (bits >> (w->dots - 1 - d / scale)) & 1 ? p.fg : p.bg;
    }
}

void vid_render(const struct vga *v, const struct mem *m, struct vid_phase ph,
                struct vid_frame *f)
{
    struct vga_view w;
    vga_view(v, &w);
    if (w.graphics) {
        vid_render_graphics(v, f);
        return;
    }
    f->width = MIN(w.width, (unsigned)VID_FRAME_MAX_W);
    f->height = MIN(w.height, (unsigned)VID_FRAME_MAX_H);
    for (size_t i = 0; i < (size_t)f->width * f->height; i++)
        f->px[i] = w.overscan_rgb;
    unsigned cw = w.dots * (w.wide ? 2 : 1);
    for (unsigned row = 0; row < w.rows; row++)
        for (unsigned col = 0; col < w.cols && (col + 1) * cw <= f->width; col++)
            draw_cell(&w, m, ph, col, row, f);
}

void vid_render_rows(const struct vga *v, const struct mem *m, struct vid_phase ph,
                     struct vid_frame *f, unsigned row0, unsigned row1)
{
    struct vga_view w;
    vga_view(v, &w);
    if (w.graphics)
        return;
    unsigned cw = w.dots * (w.wide ? 2 : 1);
    for (unsigned row = row0; row < MIN(row1, w.rows); row++)
        for (unsigned col = 0; col < w.cols && (col + 1) * cw <= f->width; col++)
            draw_cell(&w, m, ph, col, row, f);
}

size_t vid_text_dump(const struct vid_text *t, char *out, size_t cap)
{
    size_t n = 0;
    if (!cap)
        return 0;
    for (unsigned r = 0; r < t->rows && !t->graphics; r++) {
        unsigned len = t->cols;
        while (len && ((uint8_t)t->cell[r * t->cols + len - 1] == ' ' ||
                       (uint8_t)t->cell[r * t->cols + len - 1] == 0))
            len--;
        for (unsigned c = 0; c < len; c++) {
            char u[4];
            size_t k = codepage_utf8(t->codepage, (uint8_t)t->cell[r * t->cols + c], u);
            if (n + k + 2 > cap)
                break;
            memcpy(out + n, u, k);
            n += k;
        }
        if (n + 2 <= cap)
            out[n++] = '\n';
    }
    out[n] = 0;
    return n;
}

void vid_frame_aspect(const struct vid_frame *in, struct vid_frame *out)
{
    unsigned h = MIN(in->width * 3 / 4, (unsigned)VID_FRAME_MAX_H);
    if (h < in->height || !in->height)
        h = in->height; /* taller than 4:3: leave as it is */
    out->width = in->width;
    out->height = h;
    for (unsigned y = 0; y < h; y++)
        memcpy(&out->px[(size_t)y * in->width],
               &in->px[(size_t)(y * in->height / h) * in->width], in->width * sizeof in->px[0]);
}
