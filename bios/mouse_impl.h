/* The INT 33h mouse driver's state, shared by bios/mouse.c (input, IRQ 12,
 * the pointer) and bios/int33.c (the functions). Not for other modules. */
#ifndef UNIDOS_BIOS_MOUSE_IMPL_H
#define UNIDOS_BIOS_MOUSE_IMPL_H

#include "bios/bios_impl.h"

#define MOUSE_BUTTONS 3
#define MOUSE_SHAPE_ROWS 16
#define MOUSE_QUEUE 32

/* Event condition bits (INT 33h 0Ch mask, AX of the handler call). */
#define MOUSE_EV_MOVE 0x01
#define MOUSE_EV_LEFT_DOWN 0x02
#define MOUSE_EV_LEFT_UP 0x04
#define MOUSE_EV_RIGHT_DOWN 0x08
#define MOUSE_EV_RIGHT_UP 0x10
#define MOUSE_EV_MIDDLE_DOWN 0x20
#define MOUSE_EV_MIDDLE_UP 0x40

/* Everything INT 33h 16h/17h save and restore: plain data only. */
struct mouse_state {
    int32_t x, y; /* virtual screen coordinates */
    int32_t min_x, max_x, min_y, max_y;
    int32_t frac_x, frac_y;   /* motion not yet a whole pixel, in 1/8 mickey units */
    int32_t count_x, count_y; /* mickeys since the last 0Bh */
    int32_t raw_x, raw_y;     /* mickeys since reset (handler SI, DI) */
    uint32_t buttons;
    uint32_t presses[MOUSE_BUTTONS], releases[MOUSE_BUTTONS];
    int32_t press_x[MOUSE_BUTTONS], press_y[MOUSE_BUTTONS];
    int32_t release_x[MOUSE_BUTTONS], release_y[MOUSE_BUTTONS];
    uint32_t ratio_x, ratio_y;       /* mickeys per 8 pixels (0Fh) */
    uint32_t sens_x, sens_y, dspeed; /* 1Ah */
    int32_t hidden;                  /* show counter: drawn when 0 */
    int32_t hot_x, hot_y;
    uint16_t screen_mask[MOUSE_SHAPE_ROWS], cursor_mask[MOUSE_SHAPE_ROWS];
    uint16_t text_and, text_xor;
    uint32_t text_hardware;
    uint32_t exclusion; /* 10h area active */
    int32_t ex_x0, ex_y0, ex_x1, ex_y1;
    uint16_t handler_mask, handler_seg, handler_off;
    uint16_t page;
    uint32_t disabled; /* 1Fh */
};

struct mouse_event {
    uint16_t mask, buttons;
    int16_t x, y, raw_x, raw_y;
};

struct mouse {
    struct bios *b;
    struct mouse_state st;
    unsigned width, height; /* virtual screen of the current mode */
    bool used;              /* reset by the program */
    struct mouse_event q[MOUSE_QUEUE];
    unsigned q_head, q_len;
    uint16_t irq_callback; /* ROM offset of the IRQ 12 callback stub */
    bool polled;           /* 03h was called: polled_state is its answer */
    uint64_t polled_state;
};

/* bios/mouse.c */
void mouse_reset(struct mouse *ms);
void mouse_clamp(struct mouse *ms);
void mouse_show(struct mouse *ms); /* redraw the pointer after a change */
void mouse_set_handler(struct mouse *ms, uint16_t mask, uint16_t seg, uint16_t off);

/* bios/int33.c */
void mouse_int33_init(struct mouse *ms);

#endif
