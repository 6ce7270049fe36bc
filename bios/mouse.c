/* The mouse driver's core: host input into the INT 33h state (position,
 * mickey counters, button statistics), the program's event handler called
 * from IRQ 12 through ROM code (a real driver's interrupt handler), and
 * the pointer drawn over the picture by the renderer (video/vga.h). */
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/int10_impl.h"
#include "bios/mouse_impl.h"
#include "bios/rom.h"

#define IRQ_MOUSE 12
#define VEC_IRQ_MOUSE 0x74
#define EQ_POINTING_DEVICE 0x0004 /* INT 11h bit 2 */
#define DEFAULT_RATIO_X 8         /* mickeys per 8 pixels */
#define DEFAULT_RATIO_Y 16
#define DEFAULT_SENSITIVITY 50
#define DEFAULT_DOUBLE_SPEED 64 /* mickeys per second */
#define TEXT_DEFAULT_AND 0x77FF /* software text cursor: invert the colours */
#define TEXT_DEFAULT_XOR 0x7700
#define VIRTUAL_WIDTH 640
#define CELL_PIXELS 8

/* The Microsoft driver's default arrow: screen mask (AND) then cursor mask
 * (XOR), hot spot at the tip. */
static const uint16_t k_arrow_screen[MOUSE_SHAPE_ROWS] = {
    0x3FFF, 0x1FFF, 0x0FFF, 0x07FF, 0x03FF, 0x01FF, 0x00FF, 0x007F,
    0x003F, 0x001F, 0x01FF, 0x00FF, 0x30FF, 0xF87F, 0xF87F, 0xFCFF,
};
static const uint16_t k_arrow_cursor[MOUSE_SHAPE_ROWS] = {
    0x0000, 0x4000, 0x6000, 0x7000, 0x7800, 0x7C00, 0x7E00, 0x7F00,
    0x7F80, 0x7C00, 0x6C00, 0x4600, 0x0600, 0x0300, 0x0300, 0x0000,
};

/* IRQ 12 handler: save registers, ask the driver (callback) whether the
 * program's handler wants this event (ZF clear, registers loaded), call
 * it, end the interrupt at both controllers, restore, return. */
static void install_irq_code(struct mouse *ms)
{
    enum {
        PUSHA = 0x60,
        POPA = 0x61,
        PUSH_DS = 0x1E,
        PUSH_ES = 0x06,
        POP_DS = 0x1F,
        POP_ES = 0x07,
        CALL_FAR = 0x9A,
        JZ = 0x74,
        CS_PREFIX = 0x2E,
        GRP5 = 0xFF,
        MODRM_CALL_FAR_DISP16 = 0x1E,
        MOV_AL = 0xB0,
        OUT_AL = 0xE6,
        IRET = 0xCF,
        EOI = 0x20,
        PIC1 = 0x20,
        PIC2 = 0xA0
    };
    uint16_t cb = ms->irq_callback;
    const uint8_t code[] = {
        PUSHA,
        PUSH_DS,
        PUSH_ES,
        CALL_FAR,
        (uint8_t)cb,
        (uint8_t)(cb >> 8),
        (uint8_t)ROM_SEG,
        (uint8_t)(ROM_SEG >> 8),
        JZ,
        5,
        CS_PREFIX,
        GRP5,
        MODRM_CALL_FAR_DISP16,
        (uint8_t)ROM_MOUSE_HANDLER,
        (uint8_t)(ROM_MOUSE_HANDLER >> 8),
        MOV_AL,
        EOI,
        OUT_AL,
        PIC2,
        OUT_AL,
        PIC1,
        POP_ES,
        POP_DS,
        POPA,
        IRET,
    };
    _Static_assert(ROM_MOUSE_IRQ + sizeof code <= ROM_MOUSE_HANDLER, "IRQ code fits");
    mem_write(ms->b->mem, ROM_LIN + ROM_MOUSE_IRQ, code, sizeof code);
    mem_wr16(ms->b->mem, VEC_IRQ_MOUSE * 4, ROM_MOUSE_IRQ);
    mem_wr16(ms->b->mem, VEC_IRQ_MOUSE * 4 + 2, ROM_SEG);
}

/* The callback inside the IRQ 12 handler: the next queued event. */
static void irq_event(void *ctx, struct intr_call *ic)
{
    struct mouse *ms = ctx;
    struct cpu_regs *r = ic->r;
    if (!ms->q_len || ms->st.disabled) {
        ms->q_len = 0;
        regs_set_flag(r, CPU_FLAG_ZF, 1);
        return;
    }
    struct mouse_event e = ms->q[ms->q_head];
    ms->q_head = (ms->q_head + 1) % MOUSE_QUEUE;
    ms->q_len--;
    r->ax = e.mask;
    r->bx = e.buttons;
    r->cx = (uint16_t)e.x;
    r->dx = (uint16_t)e.y;
    r->si = (uint16_t)e.raw_x;
    r->di = (uint16_t)e.raw_y;
    regs_set_flag(r, CPU_FLAG_ZF, 0);
    LOG(LOG_BIOS, "mouse: handler %04X:%04X AX=%04X BX=%04X CX=%d DX=%d", ms->st.handler_seg,
        ms->st.handler_off, e.mask, e.buttons, e.x, e.y);
    if (ms->q_len && ms->b->pic)
        pic_raise(ms->b->pic, IRQ_MOUSE); /* delivered after this one's EOI */
}

void mouse_set_handler(struct mouse *ms, uint16_t mask, uint16_t seg, uint16_t off)
{
    ms->st.handler_mask = mask;
    ms->st.handler_seg = seg;
    ms->st.handler_off = off;
    mem_wr16(ms->b->mem, ROM_LIN + ROM_MOUSE_HANDLER, off);
    mem_wr16(ms->b->mem, ROM_LIN + ROM_MOUSE_HANDLER + 2, seg);
    ms->q_len = 0;
}

static void queue_event(struct mouse *ms, uint16_t mask)
{
    const struct mouse_state *s = &ms->st;
    if (!(mask & s->handler_mask) || (!s->handler_seg && !s->handler_off) || s->disabled)
        return;
    if (ms->q_len == MOUSE_QUEUE) {
        LOG(LOG_BIOS, "mouse: event queue full, event dropped");
        return;
    }
    struct mouse_event *e = &ms->q[(ms->q_head + ms->q_len++) % MOUSE_QUEUE];
    *e = (struct mouse_event){(uint16_t)(mask & s->handler_mask),
                              (uint16_t)s->buttons,
                              (int16_t)s->x,
                              (int16_t)s->y,
                              (int16_t)s->raw_x,
                              (int16_t)s->raw_y};
    if (ms->b->pic && ms->q_len == 1)
        pic_raise(ms->b->pic, IRQ_MOUSE);
}

/* ---- the virtual screen and the pointer ---- */

/* DOSBox's and Microsoft's choice: 640 wide in every standard mode, 8
 * virtual pixels per text cell vertically, the pixel height in graphics. */
static void extent(struct mouse *ms)
{
    struct bios *b = ms->b;
    const struct gfx_mode *gm = vid_gfx_mode(vbda8(b, BDA_VIDEO_MODE) & 0x7F);
    if (b->vbe_mode && b->vga && vga_vbe_active(b->vga)) {
        ms->width = vga_vbe_mode(b->vga)->width;
        ms->height = vga_vbe_mode(b->vga)->height;
        return;
    }
    ms->width = VIRTUAL_WIDTH;
    ms->height = gm ? gm->height : (vbda8(b, BDA_VIDEO_ROWS) + 1u) * CELL_PIXELS;
}

/* Pixels of the picture per virtual pixel, horizontally (320-wide modes: 1/2). */
static unsigned native_width(struct mouse *ms)
{
    struct bios *b = ms->b;
    const struct gfx_mode *gm = vid_gfx_mode(vbda8(b, BDA_VIDEO_MODE) & 0x7F);
    return b->vbe_mode || !gm ? ms->width : gm->width;
}

void mouse_clamp(struct mouse *ms)
{
    struct mouse_state *s = &ms->st;
    s->x = MAX(s->min_x, MIN(s->x, s->max_x));
    s->y = MAX(s->min_y, MIN(s->y, s->max_y));
}

static bool excluded(const struct mouse_state *s)
{
    return s->exclusion && s->x >= s->ex_x0 && s->x <= s->ex_x1 && s->y >= s->ex_y0 &&
           s->y <= s->ex_y1;
}

/* Tell the renderer where and how to draw the pointer now. */
void mouse_show(struct mouse *ms)
{
    struct bios *b = ms->b;
    struct mouse_state *s = &ms->st;
    struct vga_pointer p = {0};
    if (!b->vga)
        return;
    if (excluded(s)) {
        s->exclusion = 0;
        s->hidden--;
    } /* 10h: hidden until the next 01h */
    p.visible = ms->used && s->hidden == 0 && !s->disabled;
    struct vga_view w;
    vga_view(b->vga, &w);
    if (!w.graphics) {
        unsigned cols = MAX(1u, w.cols), cell_w = MAX(1u, VIRTUAL_WIDTH / cols);
        p.text = true;
        p.col = (unsigned)s->x / cell_w;
        p.row = (unsigned)s->y / CELL_PIXELS;
        p.text_and = s->text_and;
        p.text_xor = s->text_xor;
    } else {
        p.x = s->x * (int)native_width(ms) / (int)MAX(1u, ms->width) - s->hot_x;
        p.y = s->y - s->hot_y;
        memcpy(p.screen_mask, s->screen_mask, sizeof p.screen_mask);
        memcpy(p.cursor_mask, s->cursor_mask, sizeof p.cursor_mask);
    }
    vga_set_pointer(b->vga, &p);
}

/* 00h/21h: the driver's defaults (00h also resets the mouse hardware, which
 * has no state here). */
void mouse_reset(struct mouse *ms)
{
    struct mouse_state *s = &ms->st;
    extent(ms);
    memset(s, 0, sizeof *s);
    s->max_x = (int)ms->width - 1;
    s->max_y = (int)ms->height - 1;
    s->x = (int)ms->width / 2;
    s->y = (int)ms->height / 2;
    s->ratio_x = DEFAULT_RATIO_X;
    s->ratio_y = DEFAULT_RATIO_Y;
    s->sens_x = s->sens_y = DEFAULT_SENSITIVITY;
    s->dspeed = DEFAULT_DOUBLE_SPEED;
    s->hidden = -1;
    memcpy(s->screen_mask, k_arrow_screen, sizeof s->screen_mask);
    memcpy(s->cursor_mask, k_arrow_cursor, sizeof s->cursor_mask);
    s->text_and = TEXT_DEFAULT_AND;
    s->text_xor = TEXT_DEFAULT_XOR;
    mouse_set_handler(ms, 0, 0, 0);
    ms->used = true;
    mouse_show(ms);
}

/* ---- host input ---- */

/* Mickeys become pixels at the program's ratio (0Fh) and sensitivity (1Ah). */
static void move_by(struct mouse_state *s, int mx, int my)
{
    mx = mx * (int)s->sens_x / DEFAULT_SENSITIVITY;
    my = my * (int)s->sens_y / DEFAULT_SENSITIVITY;
    s->count_x += mx;
    s->count_y += my;
    s->raw_x += mx;
    s->raw_y += my;
    s->frac_x += mx * 8 * 8 / (int)MAX(1u, s->ratio_x);
    s->frac_y += my * 8 * 8 / (int)MAX(1u, s->ratio_y);
    s->x += s->frac_x / 8;
    s->y += s->frac_y / 8;
    s->frac_x %= 8;
    s->frac_y %= 8;
}

static void move_to(struct mouse_state *s, int x, int y)
{
    int mx = (x - s->x) * (int)s->ratio_x / 8, my = (y - s->y) * (int)s->ratio_y / 8;
    s->count_x += mx;
    s->count_y += my;
    s->raw_x += mx;
    s->raw_y += my;
    s->x = x;
    s->y = y;
    s->frac_x = s->frac_y = 0;
}

static uint16_t buttons_to(struct mouse_state *s, unsigned now)
{
    static const uint16_t k_down[MOUSE_BUTTONS] = {MOUSE_EV_LEFT_DOWN, MOUSE_EV_RIGHT_DOWN,
                                                   MOUSE_EV_MIDDLE_DOWN};
    uint16_t mask = 0;
    for (unsigned i = 0; i < MOUSE_BUTTONS; i++) {
        bool was = s->buttons & (1u << i), is = now & (1u << i);
        if (was == is)
            continue;
        if (is) {
            s->presses[i]++;
            s->press_x[i] = s->x;
            s->press_y[i] = s->y;
            mask |= k_down[i];
        } else {
            s->releases[i]++;
            s->release_x[i] = s->x;
            s->release_y[i] = s->y;
            mask |= (uint16_t)(k_down[i] << 1);
        }
    }
    s->buttons = now & (BIOS_MOUSE_LEFT | BIOS_MOUSE_RIGHT | BIOS_MOUSE_MIDDLE);
    return mask;
}

void bios_mouse_input(struct bios *b, int x, int y, bool absolute, unsigned buttons)
{
    struct mouse *ms = b->mouse;
    struct mouse_state *s;
    if (!ms)
        return;
    s = &ms->st;
    int ox = s->x, oy = s->y;
    if (absolute)
        move_to(s, x, y);
    else
        move_by(s, x, y);
    mouse_clamp(ms);
    uint16_t mask = (s->x != ox || s->y != oy || (!absolute && (x || y))) ? MOUSE_EV_MOVE : 0;
    mask |= buttons_to(s, buttons);
    if (mask)
        queue_event(ms, mask);
    mouse_show(ms);
}

void bios_mouse_extent(struct bios *b, unsigned *width, unsigned *height)
{
    *width = b->mouse ? b->mouse->width : VIRTUAL_WIDTH;
    *height = b->mouse ? b->mouse->height : 200;
}

bool bios_mouse_used(const struct bios *b)
{
    return b->mouse && b->mouse->used;
}

bool bios_mouse_busy(const struct bios *b)
{
    return b->mouse && b->mouse->q_len;
}

/* A mode set hides the pointer and resets the ranges (DOSBox does the
 * same; programs reset the driver after a mode set anyway). */
void bios_mouse_mode_changed(struct bios *b)
{
    struct mouse *ms = b->mouse;
    if (!ms)
        return;
    extent(ms);
    struct mouse_state *s = &ms->st;
    s->min_x = s->min_y = 0;
    s->max_x = (int)ms->width - 1;
    s->max_y = (int)ms->height - 1;
    s->hidden = -1;
    s->exclusion = 0;
    mouse_clamp(ms);
    mouse_show(ms);
}

void bios_mouse_init(struct bios *b)
{
    struct mouse *ms = xcalloc(1, sizeof *ms);
    ms->b = b;
    b->mouse = ms;
    ms->irq_callback = intr_callback(b->intr, irq_event, ms, INTR_EPI_RETF);
    install_irq_code(ms);
    mouse_reset(ms);
    ms->used = false; /* until the program resets it */
    mouse_show(ms);
    uint16_t eq = mem_rd16(b->mem, BDA_LIN + BDA_EQUIPMENT);
    mem_wr16(b->mem, BDA_LIN + BDA_EQUIPMENT, (uint16_t)(eq | EQ_POINTING_DEVICE));
    mouse_int33_init(ms);
}

void bios_mouse_free(struct bios *b)
{
    free(b->mouse);
    b->mouse = NULL;
}
