/* 8042 keyboard controller and keyboard (IBM PC/AT Technical Reference,
 * "Keyboard controller"; RBIL PORTS.A, ports 60h and 64h). */
#include "hw/kbc.h"

#include <stdlib.h>

#include "base/common.h"
#include "base/log.h"

/* Controller commands (port 64h). */
#define CMD_READ_CCB 0x20
#define CMD_WRITE_CCB 0x60
#define CMD_AUX_DISABLE 0xA7
#define CMD_AUX_ENABLE 0xA8
#define CMD_AUX_TEST 0xA9
#define CMD_SELF_TEST 0xAA
#define CMD_KBD_TEST 0xAB
#define CMD_KBD_DISABLE 0xAD
#define CMD_KBD_ENABLE 0xAE
#define CMD_READ_INPUT 0xC0
#define CMD_READ_OUTPUT 0xD0
#define CMD_WRITE_OUTPUT 0xD1
#define CMD_WRITE_KBD_OBUF 0xD2
#define CMD_A20_OFF 0xDD /* some controllers: A20 gate off/on */
#define CMD_A20_ON 0xDF
#define CMD_READ_TEST 0xE0
#define CMD_PULSE_FIRST 0xF0 /* F0h-FFh pulse output bits; bit 0 = reset */

#define CCB_KBD_IRQ 0x01
#define CCB_SYS 0x04
#define CCB_KBD_OFF 0x10
#define CCB_AUX_OFF 0x20
#define CCB_TRANSLATE 0x40
#define CCB_DEFAULT (CCB_KBD_IRQ | CCB_SYS | CCB_TRANSLATE)

#define OUTPORT_RESET 0x01 /* active low: 0 resets the CPU */
#define OUTPORT_A20 0x02
#define OUTPORT_DEFAULT 0xCF /* A20 off, reset line high, buffers idle */
#define SELF_TEST_OK 0x55
#define INTERFACE_OK 0x00
#define INPUT_PORT_UNLOCKED 0x80

/* Keyboard commands (port 60h) and replies. */
#define KBD_SET_LEDS 0xED
#define KBD_ECHO 0xEE
#define KBD_SCANSET 0xF0
#define KBD_IDENTIFY 0xF2
#define KBD_TYPEMATIC 0xF3
#define KBD_ENABLE 0xF4
#define KBD_DISABLE 0xF5
#define KBD_DEFAULTS 0xF6
#define KBD_RESEND 0xFE
#define KBD_RESET 0xFF
#define KBD_ACK 0xFA
#define KBD_BAT_OK 0xAA
#define KBD_ID1 0xAB
#define KBD_ID2_TRANSLATED 0x41

enum pending { PEND_NONE, PEND_CCB, PEND_OUTPORT, PEND_KBD_OBUF, PEND_KBD_ARG };

struct kbc {
    struct pic *pic;
    struct vclock *clk;
    struct mem *mem;
    struct kbc_hooks hooks;
    uint8_t queue[KBC_QUEUE_BYTES]; /* from the keyboard, oldest first */
    size_t head, count;
    uint8_t reply[4]; /* controller/keyboard replies go first */
    size_t nreply;
    uint8_t obuf, status, ccb, outport;
    enum pending pending;
    uint8_t last_sent;
    bool kbd_enabled;
    uint64_t next_ns; /* the keyboard line is busy until then */
};

static bool can_send(const struct kbc *k)
{
    return !(k->status & KBC_STATUS_OBF) && (k->nreply || k->count);
}

/* Put the next byte into the output buffer; replies bypass the pacing. */
static void load(struct kbc *k)
{
    if (k->nreply) {
        k->obuf = k->reply[0];
        for (size_t i = 1; i < k->nreply; i++)
            k->reply[i - 1] = k->reply[i];
        k->nreply--;
    } else {
        k->obuf = k->queue[k->head];
        k->head = (k->head + 1) % KBC_QUEUE_BYTES;
        k->count--;
    }
    k->last_sent = k->obuf;
    k->status |= KBC_STATUS_OBF;
    k->next_ns = clock_now_ns(k->clk) + KBC_BYTE_NS;
    if (k->ccb & CCB_KBD_IRQ)
        pic_raise(k->pic, PIC_IRQ_KEYBOARD);
    LOG(LOG_PORT, "8042: %02Xh ready at port 60h", k->obuf);
}

uint64_t kbc_update(struct kbc *k)
{
    if (!can_send(k))
        return SCHED_NEVER;
    bool kbd_blocked = !k->nreply && (!k->kbd_enabled || (k->ccb & CCB_KBD_OFF));
    if (kbd_blocked)
        return SCHED_NEVER;
    uint64_t now = clock_now_ns(k->clk);
    if (!k->nreply && now < k->next_ns)
        return k->next_ns;
    load(k);
    return SCHED_NEVER;
}

static void reply(struct kbc *k, uint8_t b)
{
    if (k->nreply < ARRAY_LEN(k->reply))
        k->reply[k->nreply++] = b;
    kbc_update(k);
}

static void write_outport(struct kbc *k, uint8_t v)
{
    k->outport = v;
    if (k->mem)
        mem_set_a20(k->mem, v & OUTPORT_A20);
    LOG(LOG_PORT, "8042 output port %02Xh: A20 %s", v, (v & OUTPORT_A20) ? "on" : "off");
    if (!(v & OUTPORT_RESET) && k->hooks.reset)
        k->hooks.reset(k->hooks.ctx);
}

static void controller_cmd(struct kbc *k, uint8_t cmd)
{
    switch (cmd) {
    case CMD_READ_CCB:
        reply(k, k->ccb);
        return;
    case CMD_WRITE_CCB:
        k->pending = PEND_CCB;
        return;
    case CMD_AUX_DISABLE:
        k->ccb |= CCB_AUX_OFF;
        return;
    case CMD_AUX_ENABLE:
        k->ccb &= (uint8_t)~CCB_AUX_OFF;
        return;
    case CMD_AUX_TEST:
        reply(k, INTERFACE_OK);
        return;
    case CMD_SELF_TEST:
        k->status |= KBC_STATUS_SYS;
        reply(k, SELF_TEST_OK);
        return;
    case CMD_KBD_TEST:
        reply(k, INTERFACE_OK);
        return;
    case CMD_KBD_DISABLE:
        k->ccb |= CCB_KBD_OFF;
        return;
    case CMD_KBD_ENABLE:
        k->ccb &= (uint8_t)~CCB_KBD_OFF;
        kbc_update(k);
        return;
    case CMD_READ_INPUT:
        reply(k, INPUT_PORT_UNLOCKED);
        return;
    case CMD_READ_OUTPUT:
        reply(k, k->outport);
        return;
    case CMD_WRITE_OUTPUT:
        k->pending = PEND_OUTPORT;
        return;
    case CMD_WRITE_KBD_OBUF:
        k->pending = PEND_KBD_OBUF;
        return;
    case CMD_A20_OFF:
        write_outport(k, k->outport & (uint8_t)~OUTPORT_A20);
        return;
    case CMD_A20_ON:
        write_outport(k, k->outport | OUTPORT_A20);
        return;
    case CMD_READ_TEST:
        reply(k, 0);
        return;
    default:
        if (cmd >= CMD_PULSE_FIRST) {
            if (!(cmd & OUTPORT_RESET) && k->hooks.reset)
                k->hooks.reset(k->hooks.ctx);
            return;
        }
        LOG(LOG_PORT, "8042 command %02Xh not supported", cmd);
    }
}

/* A byte for the keyboard itself (port 60h with no controller command
 * waiting for data). Replies per the IBM keyboard's command set. */
static void keyboard_cmd(struct kbc *k, uint8_t cmd)
{
    if (k->pending == PEND_KBD_ARG) { /* data byte of ED/F0/F3 */
        k->pending = PEND_NONE;
        reply(k, KBD_ACK);
        return;
    }
    switch (cmd) {
    case KBD_SET_LEDS:
    case KBD_SCANSET:
    case KBD_TYPEMATIC:
        k->pending = PEND_KBD_ARG;
        reply(k, KBD_ACK);
        return;
    case KBD_ECHO:
        reply(k, KBD_ECHO);
        return;
    case KBD_IDENTIFY:
        reply(k, KBD_ACK);
        reply(k, KBD_ID1);
        reply(k, KBD_ID2_TRANSLATED);
        return;
    case KBD_ENABLE:
        k->kbd_enabled = true;
        reply(k, KBD_ACK);
        return;
    case KBD_DISABLE:
        k->kbd_enabled = false;
        reply(k, KBD_ACK);
        return;
    case KBD_DEFAULTS:
        reply(k, KBD_ACK);
        return;
    case KBD_RESEND:
        reply(k, k->last_sent);
        return;
    case KBD_RESET:
        k->count = 0;
        k->kbd_enabled = true;
        reply(k, KBD_ACK);
        reply(k, KBD_BAT_OK);
        return;
    default:
        reply(k, KBD_RESEND);
    }
}

static void data_write(struct kbc *k, uint8_t v)
{
    enum pending p = k->pending;
    k->status &= (uint8_t)~KBC_STATUS_CMD;
    if (p == PEND_CCB || p == PEND_OUTPORT || p == PEND_KBD_OBUF)
        k->pending = PEND_NONE;
    if (p == PEND_CCB) {
        k->ccb = v;
        kbc_update(k);
    } else if (p == PEND_OUTPORT) {
        write_outport(k, v);
    } else if (p == PEND_KBD_OBUF) {
        reply(k, v);
    } else {
        keyboard_cmd(k, v);
    }
}

/* Reading takes the byte out of the buffer; it stays readable (a handler
 * that chains to the BIOS reads it twice) until the next byte arrives, no
 * sooner than KBC_READ_GAP_NS later. */
static uint8_t read_data(struct kbc *k)
{
    k->status &= (uint8_t)~KBC_STATUS_OBF;
    k->next_ns = MAX(k->next_ns, clock_now_ns(k->clk) + KBC_READ_GAP_NS);
    return k->obuf;
}

static uint8_t kbc_port_read(void *ctx, uint16_t port)
{
    struct kbc *k = ctx;
    if (port == KBC_PORT_STATUS) {
        bool irq_off = !(k->ccb & CCB_KBD_IRQ) ||
                       (k->pic && pic_masked(k->pic, PIC_IRQ_KEYBOARD));
        if (irq_off && !(k->status & KBC_STATUS_OBF) && k->hooks.status_poll)
            k->hooks.status_poll(k->hooks.ctx);
        return k->status;
    }
    if (k->hooks.direct_read)
        k->hooks.direct_read(k->hooks.ctx, k->status & KBC_STATUS_OBF);
    return read_data(k);
}

static void kbc_port_write(void *ctx, uint16_t port, uint8_t v)
{
    struct kbc *k = ctx;
    LOG(LOG_PORT, "8042 %02Xh <- %02Xh", port, v);
    if (port == KBC_PORT_STATUS) {
        k->status |= KBC_STATUS_CMD;
        k->pending = PEND_NONE;
        controller_cmd(k, v);
    } else {
        data_write(k, v);
    }
}

static uint64_t kbc_sched(void *ctx, uint64_t now_ns)
{
    UNUSED(now_ns);
    return kbc_update(ctx);
}

struct kbc *kbc_new(struct io *io, struct pic *pic, struct sched *sched, struct vclock *clk,
                    struct mem *mem)
{
    struct kbc *k = xcalloc(1, sizeof *k);
    k->pic = pic;
    k->clk = clk;
    k->mem = mem;
    k->ccb = CCB_DEFAULT;
    k->outport = OUTPORT_DEFAULT;
    k->status = KBC_STATUS_SYS | KBC_STATUS_UNLOCKED;
    k->kbd_enabled = true;
    io_register(io, KBC_PORT_DATA, 1, kbc_port_read, kbc_port_write, k);
    io_register(io, KBC_PORT_STATUS, 1, kbc_port_read, kbc_port_write, k);
    if (sched)
        sched_add(sched, kbc_sched, k);
    return k;
}

void kbc_free(struct kbc *k)
{
    free(k);
}

void kbc_set_hooks(struct kbc *k, const struct kbc_hooks *h)
{
    k->hooks = *h;
}

size_t kbc_feed(struct kbc *k, const uint8_t *bytes, size_t n)
{
    size_t i = 0;
    for (; i < n && k->count < KBC_QUEUE_BYTES; i++)
        k->queue[(k->head + k->count++) % KBC_QUEUE_BYTES] = bytes[i];
    kbc_update(k);
    return i;
}

size_t kbc_room(const struct kbc *k)
{
    return KBC_QUEUE_BYTES - k->count;
}

bool kbc_drained(const struct kbc *k)
{
    return !k->count && !k->nreply && !(k->status & KBC_STATUS_OBF);
}

uint8_t kbc_read_data(struct kbc *k)
{
    return read_data(k);
}
