/* MPU-401: the UART mode games use (3Fh), the reset handshake, a few
 * intelligent-mode queries answered; MIDI bytes are queued with their time,
 * parsed (running status, system exclusive) and played while rendering
 * (Roland "MPU-401 Technical Reference Manual"; MIDI 1.0 specification). */
#include "audio/mpu.h"

#include <stdlib.h>

#include "audio/evq.h"
#include "audio/ports.h"
#include "audio/synth.h"
#include "base/common.h"
#include "base/log.h"

#define MPU_STATUS_NO_DATA 0x80 /* DSR: clear when a byte can be read */
#define MPU_STATUS_UNUSED 0x3F  /* bit 6 (DRR) clear: ready for a byte */
#define MPU_ISA_READ_NS 1000u
#define MPU_CMD_RESET 0xFF
#define MPU_CMD_UART 0x3F
#define MPU_CMD_VERSION 0xAC
#define MPU_CMD_REVISION 0xAD
#define MPU_ACK 0xFE
#define MPU_VERSION 0x15 /* MPU-401 firmware 1.5 */
#define MPU_REVISION 0x01
#define MPU_FIFO 16u
#define MIDI_SYSEX_MAX 512u
#define MIDI_SYSEX 0xF0
#define MIDI_EOX 0xF7
#define MIDI_REALTIME 0xF8
#define MPU_CHUNK 512u

struct midi_parser {
    uint8_t status; /* running status, 0 if none */
    uint8_t msg[MIDI_SYSEX_MAX];
    size_t len, need;
    bool sysex;
};

struct aud_mpu {
    struct aud_mixer *mix;
    struct vclock *clk;
    const char *soundfont;
    bool uart;
    uint8_t in[MPU_FIFO];
    unsigned in_head, in_len;
    struct aud_evq q;
    struct midi_parser p;
    struct aud_synth *synth;
    bool synth_tried;
};

/* ---- MIDI parsing (rendering side) ---- */

/* Bytes in a message with this status byte (MIDI 1.0, table I-IV). */
static size_t message_length(uint8_t status)
{
    static const uint8_t k_common[16] = {[0x1] = 2, [0x2] = 3, [0x3] = 2, [0x6] = 1};
    if (status < 0xF0)
        return (status & 0xE0) == 0xC0 ? 2 : 3;
    return k_common[status & 15] ? k_common[status & 15] : 1;
}

static void deliver(struct aud_mpu *m, const uint8_t *msg, size_t len)
{
    if (m->synth)
        aud_synth_message(m->synth, msg, len);
}

static void status_byte(struct aud_mpu *m, uint8_t b)
{
    struct midi_parser *p = &m->p;
    if (b == MIDI_EOX && p->sysex) {
        p->msg[p->len++] = b;
        deliver(m, p->msg, p->len);
        p->sysex = false;
        p->len = 0;
        return;
    }
    p->sysex = b == MIDI_SYSEX;
    p->status = b < 0xF0 ? b : 0; /* system messages cancel running status */
    p->msg[0] = b;
    p->len = 1;
    p->need = p->sysex ? 0 : message_length(b);
    if (!p->sysex && p->need == 1) {
        deliver(m, p->msg, 1);
        p->len = 0;
    }
}

static void midi_byte(struct aud_mpu *m, uint8_t b)
{
    struct midi_parser *p = &m->p;
    if (b >= MIDI_REALTIME)
        return; /* clock, start, stop...: no sound */
    if (b & 0x80) {
        status_byte(m, b);
        return;
    }
    if (p->sysex) {
        if (p->len < MIDI_SYSEX_MAX - 1)
            p->msg[p->len++] = b;
        return;
    }
    if (!p->len && !p->status)
        return; /* data without a status: ignored, as synths do */
    if (!p->len) {
        p->msg[0] = p->status;
        p->len = 1;
        p->need = message_length(p->status);
    }
    p->msg[p->len++] = b;
    if (p->len == p->need) {
        deliver(m, p->msg, p->len);
        p->len = 0;
    }
}

static void synth_into(struct aud_mpu *m, int32_t *mix, uint64_t from, uint64_t to, uint64_t f0)
{
    if (mix && m->synth && to > from)
        aud_synth_render(m->synth, mix + (from - f0) * AUD_CHANNELS, (size_t)(to - from));
}

static void mpu_render(void *ctx, int32_t *mix, uint64_t f0, size_t n)
{
    struct aud_mpu *m = ctx;
    uint64_t end = (f0 + n) * AUD_SUB_PER_FRAME, pos = f0;
    const struct aud_event *e;
    if (mix && !m->synth_tried && aud_evq_due(&m->q, end)) {
        m->synth_tried = true;
        m->synth = aud_synth_open(m->soundfont);
    }
    while ((e = aud_evq_due(&m->q, end))) {
        uint64_t at = MAX(e->sub / AUD_SUB_PER_FRAME, pos);
        synth_into(m, mix, pos, at, f0);
        midi_byte(m, (uint8_t)e->a);
        pos = at;
        aud_evq_pop(&m->q);
    }
    synth_into(m, mix, pos, f0 + n, f0);
}

/* ---- ports ---- */

void aud_mpu_midi_out(struct aud_mpu *m, uint8_t byte)
{
    aud_mixer_touch(m->mix);
    if (aud_evq_full(&m->q))
        aud_mixer_sync(m->mix);
    struct aud_event e = {aud_sub_of_ns(clock_now_ns(m->clk)), 0, byte, 0};
    aud_evq_push(&m->q, &e);
}

static void answer(struct aud_mpu *m, uint8_t b)
{
    if (m->in_len < MPU_FIFO)
        m->in[(m->in_head + m->in_len++) % MPU_FIFO] = b;
}

static void command(struct aud_mpu *m, uint8_t cmd)
{
    LOG(LOG_AUDIO, "MPU-401 command %02Xh", cmd);
    if (cmd == MPU_CMD_RESET) {
        bool was_uart = m->uart;
        m->uart = false;
        m->in_len = 0;
        if (!was_uart) /* in UART mode a reset is not acknowledged */
            answer(m, MPU_ACK);
        return;
    }
    if (m->uart)
        return; /* UART mode: only a reset is a command */
    answer(m, MPU_ACK);
    if (cmd == MPU_CMD_UART)
        m->uart = true;
    else if (cmd == MPU_CMD_VERSION)
        answer(m, MPU_VERSION);
    else if (cmd == MPU_CMD_REVISION)
        answer(m, MPU_REVISION);
    else
        QUIET_ONCE(LOG_AUDIO, "MPU-401 intelligent mode is not supported (command %02Xh)", cmd);
}

static uint8_t mpu_read(void *ctx, uint16_t port)
{
    struct aud_mpu *m = ctx;
    if (port == PORT_MPU_BASE + 1) {
        clock_charge(m->clk, MPU_ISA_READ_NS);
        return (uint8_t)(MPU_STATUS_UNUSED | (m->in_len ? 0 : MPU_STATUS_NO_DATA));
    }
    if (!m->in_len)
        return 0xFF;
    uint8_t b = m->in[m->in_head];
    m->in_head = (m->in_head + 1) % MPU_FIFO;
    m->in_len--;
    return b;
}

static void mpu_write(void *ctx, uint16_t port, uint8_t v)
{
    struct aud_mpu *m = ctx;
    if (port == PORT_MPU_BASE + 1)
        command(m, v);
    else if (m->uart)
        aud_mpu_midi_out(m, v);
}

struct aud_mpu *aud_mpu_new(struct io *io, struct aud_mixer *mix, const char *soundfont)
{
    struct aud_mpu *m = xcalloc(1, sizeof *m);
    m->mix = mix;
    m->clk = aud_mixer_clock(mix);
    m->soundfont = soundfont;
    aud_mixer_add_source(mix, AUD_DEV_MIDI, mpu_render, m);
    io_register(io, PORT_MPU_BASE, PORT_MPU_COUNT, mpu_read, mpu_write, m);
    return m;
}

void aud_mpu_free(struct aud_mpu *m)
{
    if (!m)
        return;
    aud_synth_close(m->synth);
    free(m);
}
