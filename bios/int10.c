/* INT 10h video services: the teletype path every program uses, and the
 * BDA video state. Mode setting and drawing grow here with text video. */
#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/bios_impl.h"

#define VIDEO_MODE_TEXT80 0x03
#define TEXT_COLUMNS 80
#define TEXT_ROWS 25
#define TEXT_PAGE_BYTES 0x1000
#define CRTC_COLOR 0x3D4
#define CHAR_HEIGHT_VGA 16
#define CURSOR_SHAPE_DEFAULT 0x0607
#define TEXT_SEG_COLOR 0xB800u
#define TEXT_BLANK 0x0720       /* space, light grey on black */

typedef void int10_fn(struct bios *b, struct cpu_regs *r);

void bios_tty_write(struct bios *b, const uint8_t *buf, size_t n)
{
    if (n && b->host.con_write)
        b->host.con_write(b->host.ctx, buf, n);
}

static uint8_t active_page(struct bios *b)
{
    return mem_rd8(b->mem, BDA_LIN + BDA_VIDEO_PAGE);
}

static void set_cursor(struct bios *b, struct cpu_regs *r)
{
    unsigned page = reg_hi(r->bx) & 7;
    mem_wr16(b->mem, BDA_LIN + BDA_CURSOR_POS + 2 * page, r->dx);
}

static void get_cursor(struct bios *b, struct cpu_regs *r)
{
    unsigned page = reg_hi(r->bx) & 7;
    r->dx = mem_rd16(b->mem, BDA_LIN + BDA_CURSOR_POS + 2 * page);
    r->cx = mem_rd16(b->mem, BDA_LIN + BDA_CURSOR_SHAPE);
}

static void teletype(struct bios *b, struct cpu_regs *r)
{
    uint8_t c = reg_lo(r->ax);
    bios_tty_write(b, &c, 1);
}

static void get_mode(struct bios *b, struct cpu_regs *r)
{
    reg_set_lo(&r->ax, mem_rd8(b->mem, BDA_LIN + BDA_VIDEO_MODE));
    reg_set_hi(&r->ax, (uint8_t)mem_rd16(b->mem, BDA_LIN + BDA_VIDEO_COLUMNS));
    reg_set_hi(&r->bx, active_page(b));
}

/* RBIL INT 10: AH selects the function. */
static int10_fn *const k_int10[256] = {
    [0x02] = set_cursor,
    [0x03] = get_cursor,
    [0x0E] = teletype,
    [0x0F] = get_mode,
};
_Static_assert(ARRAY_LEN(k_int10) == 256, "INT 10h table covers every AH");

static void int10_video(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    uint8_t ah = reg_hi(ic->r->ax);
    if (k_int10[ah]) {
        k_int10[ah](b, ic->r);
        return;
    }
    static uint8_t warned[256 / 8];
    if (!(warned[ah / 8] & (1u << (ah % 8)))) {
        warned[ah / 8] |= (uint8_t)(1u << (ah % 8));
        log_note("INT 10h AH=%02Xh is not implemented; ignored", ah);
    }
}

void bios_video_init(struct bios *b)
{
    struct mem *m = b->mem;
    mem_wr8(m, BDA_LIN + BDA_VIDEO_MODE, VIDEO_MODE_TEXT80);
    mem_wr16(m, BDA_LIN + BDA_VIDEO_COLUMNS, TEXT_COLUMNS);
    mem_wr16(m, BDA_LIN + BDA_VIDEO_PAGE_SIZE, TEXT_PAGE_BYTES);
    mem_wr16(m, BDA_LIN + BDA_CRTC_BASE, CRTC_COLOR);
    mem_wr8(m, BDA_LIN + BDA_VIDEO_ROWS, TEXT_ROWS - 1);
    mem_wr16(m, BDA_LIN + BDA_CHAR_HEIGHT, CHAR_HEIGHT_VGA);
    mem_wr16(m, BDA_LIN + BDA_CURSOR_SHAPE, CURSOR_SHAPE_DEFAULT);
    for (unsigned i = 0; i < TEXT_COLUMNS * TEXT_ROWS; i++)
        mem_wr16(m, (TEXT_SEG_COLOR << 4) + 2 * i, TEXT_BLANK);
    intr_set(b->intr, 0x10, int10_video, b);
}
