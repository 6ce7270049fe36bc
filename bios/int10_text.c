/* Text drawing for INT 10h and the console: cells in video RAM, scrolling,
 * teletype output and write string (RBIL INT 10/AH=06h-0Eh, 13h). */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/int10_impl.h"

#define WRSTR_MOVE_CURSOR 0x01
#define WRSTR_WITH_ATTRS 0x02

static uint32_t window_lin(struct bios *b)
{
    bool mono = (vbda8(b, BDA_VIDEO_MODE) & 0x7F) == 0x07;
    return (uint32_t)(mono ? TEXT_SEG_MONO : TEXT_SEG_COLOR) << 4;
}

static uint32_t cell_off(struct bios *b, unsigned page, unsigned col, unsigned row)
{
    uint32_t base = (uint32_t)(page % TEXT_PAGES) * vbda16(b, BDA_VIDEO_PAGE_SIZE);
    return (base + (row * vid_cols(b) + col) * 2) % TEXT_WINDOW_BYTES;
}

uint16_t vid_cell_get(struct bios *b, unsigned page, unsigned col, unsigned row)
{
    return mem_rd16(b->mem, window_lin(b) + cell_off(b, page, col, row));
}

/* Remember [off, off+len) of the window as written; vid_flush() reports it. */
static void mark_dirty(struct bios *b, uint32_t off, uint32_t len)
{
    if (b->vram_dirty_lo >= b->vram_dirty_hi) {
        b->vram_dirty_lo = off;
        b->vram_dirty_hi = off + len;
        return;
    }
    b->vram_dirty_lo = MIN(b->vram_dirty_lo, off);
    b->vram_dirty_hi = MAX(b->vram_dirty_hi, off + len);
}

/* Written straight into guest RAM; vid_flush() reports the range once. */
void vid_cell_put(struct bios *b, unsigned page, unsigned col, unsigned row, uint16_t cell)
{
    uint32_t off = cell_off(b, page, col, row);
    uint8_t *p = mem_ptr(b->mem, window_lin(b) + off, 2);
    if (!p)
        return;
    p[0] = (uint8_t)cell;
    p[1] = (uint8_t)(cell >> 8);
    mark_dirty(b, off, 2);
}

/* Cells left..right of row as one span of guest RAM, or NULL when the span
 * wraps around the end of the window (then cell by cell). */
static uint8_t *row_span(struct bios *b, unsigned page, unsigned row, unsigned left,
                         unsigned right, uint32_t *off)
{
    uint32_t len = (right - left + 1) * 2;
    *off = cell_off(b, page, left, row);
    if (*off + len > TEXT_WINDOW_BYTES)
        return NULL;
    return mem_ptr(b->mem, window_lin(b) + *off, len);
}

void vid_flush(struct bios *b)
{
    if (b->vram_dirty_lo >= b->vram_dirty_hi)
        return;
    uint32_t lin = window_lin(b) + b->vram_dirty_lo, len = b->vram_dirty_hi - b->vram_dirty_lo;
    mem_written(b->mem, lin, len);
    if (b->vga)
        vga_own_write(b->vga, lin, len);
    b->vram_dirty_lo = b->vram_dirty_hi = 0;
}

/* Rows move with one memmove each (a scroll cell by cell cost 90 us per
 * line feed: 20,000 lines of teletype output took 1.8 s). */
static void copy_row(struct bios *b, unsigned page, unsigned from, unsigned to, unsigned left,
                     unsigned right)
{
    uint32_t from_off, to_off, len = (right - left + 1) * 2;
    uint8_t *src = row_span(b, page, from, left, right, &from_off);
    uint8_t *dst = row_span(b, page, to, left, right, &to_off);
    if (src && dst) {
        memmove(dst, src, len);
        mark_dirty(b, to_off, len);
        return;
    }
    for (unsigned c = left; c <= right; c++)
        vid_cell_put(b, page, c, to, vid_cell_get(b, page, c, from));
}

static void blank_row(struct bios *b, unsigned page, unsigned row, unsigned left,
                      unsigned right, uint8_t attr)
{
    uint32_t off;
    uint8_t *dst = row_span(b, page, row, left, right, &off);
    if (dst) {
        for (unsigned c = 0; c <= right - left; c++) {
            dst[2 * c] = ' ';
            dst[2 * c + 1] = attr;
        }
        mark_dirty(b, off, (right - left + 1) * 2);
        return;
    }
    for (unsigned c = left; c <= right; c++)
        vid_cell_put(b, page, c, row, (uint16_t)(attr << 8 | ' '));
}

void vid_scroll(struct bios *b, unsigned page, int lines, uint8_t attr, unsigned top,
                unsigned left, unsigned bottom, unsigned right)
{
    unsigned cols = vid_cols(b), rows = vid_rows(b);
    right = MIN(right, cols - 1);
    bottom = MIN(bottom, rows - 1);
    if (top > bottom || left > right)
        return;
    unsigned height = bottom - top + 1, n = (unsigned)(lines < 0 ? -lines : lines);
    if (n == 0 || n > height)
        n = height;
    if (b->vga && lines >= 0 && top == 0 && left == 0 && right == cols - 1 &&
        page == vid_active_page(b))
        vga_note_text_scroll(b->vga, n, bottom); /* rows leave the screen's top */
    for (unsigned i = 0; i + n < height; i++) {
        if (lines >= 0)
            copy_row(b, page, top + i + n, top + i, left, right);
        else
            copy_row(b, page, bottom - i - n, bottom - i, left, right);
    }
    for (unsigned i = 0; i < n; i++)
        blank_row(b, page, lines >= 0 ? bottom - i : top + i, left, right, attr);
    vid_flush(b);
}

/* Teletype (RBIL INT 10/AH=0Eh): the cell keeps its attribute; a new line
 * scrolled in takes the attribute of the cell the cursor was on. */
bool vid_tty_control(uint8_t ch, unsigned *col, unsigned *row)
{
    switch (ch) {
    case CH_BS:
        *col = *col ? *col - 1 : 0;
        return true;
    case CH_CR:
        *col = 0;
        return true;
    case CH_LF:
        ++*row;
        return true;
    default:
        return false;
    }
}

/* One teletype character on page (CR, LF, BS and BEL act; others print). */
static void vid_tty_putc(struct bios *b, unsigned page, uint8_t ch)
{
    unsigned col, row, cols = vid_cols(b), rows = vid_rows(b);
    if (ch == CH_BEL)
        return;
    vid_cursor_get(b, page, &col, &row);
    if (!vid_tty_control(ch, &col, &row)) {
        uint16_t old = vid_cell_get(b, page, col, row);
        vid_cell_put(b, page, col, row, (uint16_t)((old & 0xFF00) | ch));
        if (++col >= cols) {
            col = 0;
            row++;
        }
    }
    if (row >= rows) {
        uint8_t attr = (uint8_t)(vid_cell_get(b, page, col, rows - 1) >> 8);
        vid_scroll(b, page, 1, attr, 0, 0, rows - 1, cols - 1);
        row = rows - 1;
    }
    vbda_set16(b, BDA_CURSOR_POS + 2 * (page % TEXT_PAGES), (uint16_t)(row << 8 | col));
}

void bios_tty_write(struct bios *b, const uint8_t *buf, size_t n)
{
    if (!n)
        return;
    if (vid_is_text(b)) {
        unsigned page = vid_active_page(b);
        for (size_t i = 0; i < n; i++)
            vid_tty_putc(b, page, buf[i]);
        vid_flush(b);
        vid_cursor_sync(b);
    } else {
        vid_gfx_tty_write(b, buf, n);
    }
    if (b->host.con_write)
        b->host.con_write(b->host.ctx, buf, n);
}

/* One character of write string: control characters act as teletype
 * does; others are stored with attr (drawn in colour attr in graphics). */
static void string_char(struct bios *b, unsigned page, uint8_t ch, uint8_t attr)
{
    unsigned col, row, cols = vid_cols(b), rows = vid_rows(b);
    if (!vid_is_text(b)) {
        vid_gfx_tty(b, page, ch, attr);
        return;
    }
    if (ch == CH_BEL || ch == CH_BS || ch == CH_CR || ch == CH_LF) {
        vid_tty_putc(b, page, ch);
        return;
    }
    vid_cursor_get(b, page, &col, &row);
    vid_cell_put(b, page, col, row, (uint16_t)(attr << 8 | ch));
    if (++col >= cols) {
        col = 0;
        row++;
    }
    if (row >= rows) {
        vid_scroll(b, page, 1, attr, 0, 0, rows - 1, cols - 1);
        row = rows - 1;
    }
    vbda_set16(b, BDA_CURSOR_POS + 2 * (page % TEXT_PAGES), (uint16_t)(row << 8 | col));
}

/* RBIL INT 10/AH=13h: AL bit 0 moves the cursor, bit 1 means the string
 * alternates characters and attributes; ES:BP, CX characters, at DH,DL. */
void int10_write_string(struct bios *b, struct cpu_regs *r)
{
    unsigned page = reg_hi(r->bx) % TEXT_PAGES, old_col, old_row;
    uint8_t mode = reg_lo(r->ax);
    bool with_attrs = mode & WRSTR_WITH_ATTRS;
    vid_cursor_get(b, page, &old_col, &old_row);
    vbda_set16(b, BDA_CURSOR_POS + 2 * page, r->dx);
    uint16_t off = r->bp;
    for (unsigned i = 0; i < r->cx; i++) {
        uint8_t ch = mem_rd8(b->mem, mem_lin(b->mem, r->es, off++));
        uint8_t attr = reg_lo(r->bx);
        if (with_attrs)
            attr = mem_rd8(b->mem, mem_lin(b->mem, r->es, off++));
        string_char(b, page, ch, attr);
    }
    vid_flush(b);
    if (!(mode & WRSTR_MOVE_CURSOR))
        vbda_set16(b, BDA_CURSOR_POS + 2 * page, (uint16_t)(old_row << 8 | old_col));
    if (page == vid_active_page(b))
        vid_cursor_sync(b);
}
