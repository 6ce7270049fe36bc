/* INT 33h, the Microsoft mouse driver interface (RBIL INT 33; Microsoft
 * Mouse Programmer's Reference): reset, pointer show/hide and shapes,
 * position and buttons, ranges, mickey ratio and sensitivity, the event
 * handler, state save/restore, version. One small handler per AX. */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/mouse_impl.h"

#define MOUSE_INSTALLED 0xFFFF
#define MOUSE_REPORTED_BUTTONS 2 /* Microsoft-compatible two-button answer */
#define DRIVER_VERSION 0x0805    /* 8.05 */
#define MOUSE_TYPE_PS2 4
#define IRQ_TYPE_PS2 0 /* 24h CL: 0 for PS/2 */
#define LANGUAGE_ENGLISH 0

typedef void int33_fn(struct mouse *ms, struct cpu_regs *r);

static int clamp_range(int v)
{
    return (int16_t)v;
}

/* 00h: AX=FFFFh installed, BX buttons; everything back to defaults. */
static void reset(struct mouse *ms, struct cpu_regs *r)
{
    mouse_reset(ms);
    r->ax = MOUSE_INSTALLED;
    r->bx = MOUSE_REPORTED_BUTTONS;
}

/* 21h: the same without touching the hardware. */
static void soft_reset(struct mouse *ms, struct cpu_regs *r)
{
    mouse_reset(ms);
    r->ax = MOUSE_INSTALLED;
    r->bx = MOUSE_REPORTED_BUTTONS;
}

static void show(struct mouse *ms, struct cpu_regs *r)
{
    UNUSED(r);
    if (ms->st.hidden < 0)
        ms->st.hidden++;
    ms->st.exclusion = 0;
    mouse_show(ms);
}

static void hide(struct mouse *ms, struct cpu_regs *r)
{
    UNUSED(r);
    ms->st.hidden--;
    mouse_show(ms);
}

/* 03h: BX buttons, CX x, DX y. */
static void get_position(struct mouse *ms, struct cpu_regs *r)
{
    r->bx = (uint16_t)ms->st.buttons;
    r->cx = (uint16_t)ms->st.x;
    r->dx = (uint16_t)ms->st.y;
}

static void set_position(struct mouse *ms, struct cpu_regs *r)
{
    ms->st.x = (int16_t)r->cx;
    ms->st.y = (int16_t)r->dx;
    mouse_clamp(ms);
    mouse_show(ms);
}

/* 05h/06h: BX button -> AX state, BX count since last call, CX/DX where. */
static void button_info(struct mouse *ms, struct cpu_regs *r, bool press)
{
    unsigned i = r->bx;
    r->ax = (uint16_t)ms->st.buttons;
    if (i >= MOUSE_BUTTONS) {
        r->bx = r->cx = r->dx = 0;
        return;
    }
    uint32_t *count = press ? &ms->st.presses[i] : &ms->st.releases[i];
    r->bx = (uint16_t)MIN(*count, 0xFFFFu);
    r->cx = (uint16_t)(press ? ms->st.press_x[i] : ms->st.release_x[i]);
    r->dx = (uint16_t)(press ? ms->st.press_y[i] : ms->st.release_y[i]);
    *count = 0;
}

static void press_info(struct mouse *ms, struct cpu_regs *r)
{
    button_info(ms, r, true);
}
static void release_info(struct mouse *ms, struct cpu_regs *r)
{
    button_info(ms, r, false);
}

/* 07h/08h: CX..DX in either order. */
static void range(struct mouse *ms, struct cpu_regs *r, bool horizontal)
{
    int a = clamp_range((int16_t)r->cx), c = clamp_range((int16_t)r->dx);
    int lo = MIN(a, c), hi = MAX(a, c);
    if (horizontal) {
        ms->st.min_x = lo;
        ms->st.max_x = hi;
    } else {
        ms->st.min_y = lo;
        ms->st.max_y = hi;
    }
    mouse_clamp(ms);
    mouse_show(ms);
}

static void range_x(struct mouse *ms, struct cpu_regs *r)
{
    range(ms, r, true);
}
static void range_y(struct mouse *ms, struct cpu_regs *r)
{
    range(ms, r, false);
}

/* 09h: hot spot BX, CX; ES:DX 16 screen-mask words then 16 cursor-mask words. */
static void graphics_cursor(struct mouse *ms, struct cpu_regs *r)
{
    uint8_t masks[4 * MOUSE_SHAPE_ROWS];
    mem_read_far(ms->b->mem, r->es, r->dx, masks, sizeof masks);
    for (unsigned i = 0; i < MOUSE_SHAPE_ROWS; i++) {
        ms->st.screen_mask[i] = (uint16_t)(masks[2 * i] | masks[2 * i + 1] << 8);
        ms->st.cursor_mask[i] = (uint16_t)(masks[32 + 2 * i] | masks[32 + 2 * i + 1] << 8);
    }
    ms->st.hot_x = (int16_t)r->bx;
    ms->st.hot_y = (int16_t)r->cx;
    mouse_show(ms);
}

/* 0Ah: BX=0 software cursor (CX AND, DX XOR on char | attr << 8), BX=1
 * the hardware cursor (CX, DX scan lines; shown as an inverted cell). */
static void text_cursor(struct mouse *ms, struct cpu_regs *r)
{
    ms->st.text_hardware = r->bx != 0;
    if (r->bx == 0) {
        ms->st.text_and = r->cx;
        ms->st.text_xor = r->dx;
    } else {
        ms->st.text_and = 0x77FF;
        ms->st.text_xor = 0x7700;
    }
    mouse_show(ms);
}

/* 0Bh: CX, DX mickeys since the last call. */
static void motion(struct mouse *ms, struct cpu_regs *r)
{
    r->cx = (uint16_t)ms->st.count_x;
    r->dx = (uint16_t)ms->st.count_y;
    ms->st.count_x = ms->st.count_y = 0;
}

/* 0Ch: CX event mask, ES:DX handler (CX=0 disables). */
static void set_handler(struct mouse *ms, struct cpu_regs *r)
{
    mouse_set_handler(ms, r->cx, r->es, r->dx);
}

/* 14h: exchange handlers; the old one in CX, ES:DX. */
static void swap_handler(struct mouse *ms, struct cpu_regs *r)
{
    uint16_t mask = ms->st.handler_mask, seg = ms->st.handler_seg, off = ms->st.handler_off;
    mouse_set_handler(ms, r->cx, r->es, r->dx);
    r->cx = mask;
    r->es = seg;
    r->dx = off;
}

/* 0Fh: CX, DX mickeys per 8 pixels. */
static void set_ratio(struct mouse *ms, struct cpu_regs *r)
{
    if (r->cx)
        ms->st.ratio_x = r->cx;
    if (r->dx)
        ms->st.ratio_y = r->dx;
}

/* 10h: hide the pointer while inside CX,DX-SI,DI (until the next 01h). */
static void exclusion(struct mouse *ms, struct cpu_regs *r)
{
    ms->st.exclusion = 1;
    ms->st.ex_x0 = (int16_t)r->cx;
    ms->st.ex_y0 = (int16_t)r->dx;
    ms->st.ex_x1 = (int16_t)r->si;
    ms->st.ex_y1 = (int16_t)r->di;
    mouse_show(ms);
}

static void set_dspeed(struct mouse *ms, struct cpu_regs *r)
{
    ms->st.dspeed = r->dx ? r->dx : 64;
}

/* 15h: BX bytes for 16h/17h. */
static void state_size(struct mouse *ms, struct cpu_regs *r)
{
    UNUSED(ms);
    r->bx = sizeof(struct mouse_state);
}

static void save_state(struct mouse *ms, struct cpu_regs *r)
{
    mem_write_far(ms->b->mem, r->es, r->dx, &ms->st, sizeof ms->st);
}

static void restore_state(struct mouse *ms, struct cpu_regs *r)
{
    struct mouse_state s;
    mem_read_far(ms->b->mem, r->es, r->dx, &s, sizeof s);
    ms->st = s;
    mouse_set_handler(ms, s.handler_mask, s.handler_seg, s.handler_off);
    mouse_clamp(ms);
    mouse_show(ms);
}

/* 1Ah/1Bh: BX, CX sensitivity (1-100, 50 neutral), DX double speed. */
static void set_sensitivity(struct mouse *ms, struct cpu_regs *r)
{
    ms->st.sens_x = MIN(MAX(r->bx, 1u), 100u);
    ms->st.sens_y = MIN(MAX(r->cx, 1u), 100u);
    ms->st.dspeed = r->dx;
}

static void get_sensitivity(struct mouse *ms, struct cpu_regs *r)
{
    r->bx = (uint16_t)ms->st.sens_x;
    r->cx = (uint16_t)ms->st.sens_y;
    r->dx = (uint16_t)ms->st.dspeed;
}

static void set_page(struct mouse *ms, struct cpu_regs *r)
{
    ms->st.page = r->bx;
}
static void get_page(struct mouse *ms, struct cpu_regs *r)
{
    r->bx = ms->st.page;
}

/* 1Fh: disable; AX=1Fh, ES:BX the INT 33h vector (which stays ours). */
static void disable(struct mouse *ms, struct cpu_regs *r)
{
    ms->st.disabled = 1;
    r->bx = mem_rd16(ms->b->mem, 0x33 * 4);
    r->es = mem_rd16(ms->b->mem, 0x33 * 4 + 2);
    reg_set_lo(&r->ax, 0x1F);
    mouse_show(ms);
}

static void enable(struct mouse *ms, struct cpu_regs *r)
{
    ms->st.disabled = 0;
    reg_set_lo(&r->ax, 0x20);
    mouse_show(ms);
}

static void get_language(struct mouse *ms, struct cpu_regs *r)
{
    UNUSED(ms);
    r->bx = LANGUAGE_ENGLISH;
}

/* 24h: BX version, CH type (PS/2), CL IRQ type. */
static void version(struct mouse *ms, struct cpu_regs *r)
{
    UNUSED(ms);
    r->bx = DRIVER_VERSION;
    r->cx = MOUSE_TYPE_PS2 << 8 | IRQ_TYPE_PS2;
}

/* 26h: BX=0 enabled, CX, DX the largest virtual coordinates. */
static void max_coords(struct mouse *ms, struct cpu_regs *r)
{
    r->bx = ms->st.disabled ? 0xFFFF : 0;
    r->cx = (uint16_t)(ms->width - 1);
    r->dx = (uint16_t)(ms->height - 1);
}

/* 2Ah: AX show counter, BX, CX hot spot, DX type. */
static void hot_spot(struct mouse *ms, struct cpu_regs *r)
{
    r->ax = (uint16_t)ms->st.hidden;
    r->bx = (uint16_t)ms->st.hot_x;
    r->cx = (uint16_t)ms->st.hot_y;
    r->dx = MOUSE_TYPE_PS2;
}

static void no_op(struct mouse *ms, struct cpu_regs *r)
{
    UNUSED(ms);
    UNUSED(r);
}

/* RBIL INT 33: AX selects the function. */
static int33_fn *const k_int33[0x2B] = {
    [0x00] = reset,
    [0x01] = show,
    [0x02] = hide,
    [0x03] = get_position,
    [0x04] = set_position,
    [0x05] = press_info,
    [0x06] = release_info,
    [0x07] = range_x,
    [0x08] = range_y,
    [0x09] = graphics_cursor,
    [0x0A] = text_cursor,
    [0x0B] = motion,
    [0x0C] = set_handler,
    [0x0D] = no_op,
    [0x0E] = no_op, /* light pen */
    [0x0F] = set_ratio,
    [0x10] = exclusion,
    [0x13] = set_dspeed,
    [0x14] = swap_handler,
    [0x15] = state_size,
    [0x16] = save_state,
    [0x17] = restore_state,
    [0x1A] = set_sensitivity,
    [0x1B] = get_sensitivity,
    [0x1C] = no_op,
    [0x1D] = set_page,
    [0x1E] = get_page,
    [0x1F] = disable,
    [0x20] = enable,
    [0x21] = soft_reset,
    [0x22] = no_op,
    [0x23] = get_language,
    [0x24] = version,
    [0x26] = max_coords,
    [0x2A] = hot_spot,
};

/* Polls for the mouse (03h position and buttons, 05h/06h presses and
 * releases, 0Bh motion) that bring nothing new tell the idle detector.
 * The mouse has no input of its own once the keyboard's has ended. */
static void note_poll(struct mouse *ms, uint16_t ax, const struct cpu_regs *r)
{
    bool fresh;
    switch (ax) {
    case 0x03: {
        uint64_t now = (uint64_t)r->bx << 32 | (uint64_t)r->cx << 16 | r->dx;
        fresh = !ms->polled || now != ms->polled_state;
        ms->polled = true;
        ms->polled_state = now;
        break;
    }
    case 0x05:
    case 0x06:
        fresh = r->bx != 0;
        break;
    case 0x0B:
        fresh = r->cx || r->dx;
        break;
    default:
        return;
    }
    if (fresh)
        bios_poll_hit(ms->b);
    else
        bios_poll_empty(ms->b, ms->b->input_ended ? BIOS_POLL_ENDED : BIOS_POLL_INPUT);
}

static void int33(void *ctx, struct intr_call *ic)
{
    struct mouse *ms = ctx;
    uint16_t ax = ic->r->ax;
    int33_fn *fn = ax < ARRAY_LEN(k_int33) ? k_int33[ax] : NULL;
    LOG(LOG_BIOS, "INT 33h AX=%04X BX=%04X CX=%04X DX=%04X", ax, ic->r->bx, ic->r->cx,
        ic->r->dx);
    if (!fn) {
        static struct log_once noted;
        if (log_once_first(&noted, ax))
            log_quiet(LOG_BIOS, "INT 33h AX=%04Xh is not implemented; ignored", ax);
        return;
    }
    fn(ms, ic->r);
    note_poll(ms, ax, ic->r);
}

void mouse_int33_init(struct mouse *ms)
{
    intr_set(ms->b->intr, 0x33, int33, ms);
}
