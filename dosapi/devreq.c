/* The drivers behind the device chain's headers: a program may call a
 * driver's strategy routine with ES:BX -> request header, then its
 * interrupt routine, as DOS does (RBIL INT 2F/AX=0802h, table 02597). The
 * character devices answer as their handles do (the same dosapi devices);
 * CON at the driver level reads raw keys. The block device, XMSXXXX0 and
 * EMMXXXX0 refuse I/O with "unknown command", as their DOS drivers do
 * after initialisation. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "dosapi/tables.h"

/* Request header (RBIL table 02597). */
#define RQ_COMMAND 0x02
#define RQ_STATUS 0x03
#define RQ_NDREAD_CHAR 0x0D
#define RQ_BUFFER 0x0E
#define RQ_COUNT 0x12
#define ST_ERROR 0x8000
#define ST_BUSY 0x0200
#define ST_DONE 0x0100
#define ERR_UNKNOWN_COMMAND 0x03
/* Commands (table 02599). */
enum {
    CMD_INIT = 0x00,
    CMD_READ = 0x04,
    CMD_PEEK = 0x05,
    CMD_INPUT_STATUS = 0x06,
    CMD_INPUT_FLUSH = 0x07,
    CMD_WRITE = 0x08,
    CMD_WRITE_VERIFY = 0x09,
    CMD_OUTPUT_STATUS = 0x0A,
    CMD_OPEN = 0x0D,
    CMD_CLOSE = 0x0E,
};
#define CLOCK_RECORD 6
#define EPOCH_1980 315532800 /* 1980-01-01 00:00 in seconds since 1970 */
#define DAY_S 86400

static const char *const k_names[DEV_BUILTIN] = {
    "CON", "AUX", "PRN", "CLOCK$", NULL, "COM1", "LPT1", "LPT2", "LPT3", "COM2", "COM3", "COM4",
};

struct request {
    struct dos_ctx *c;
    uint32_t lin; /* of the header */
    uint8_t cmd;
    uint16_t count;
    uint16_t buf_seg, buf_off;
};

static void status(const struct request *q, uint16_t st)
{
    mem_wr16(q->c->mem, q->lin + RQ_STATUS, st);
}

static void unknown(const struct request *q)
{
    status(q, ST_ERROR | ST_DONE | ERR_UNKNOWN_COMMAND);
}

static void transferred(const struct request *q, unsigned n)
{
    mem_wr16(q->c->mem, q->lin + RQ_COUNT, (uint16_t)n);
    status(q, ST_DONE);
}

/* Seconds since 1980 of a CLOCK$ record: days, minutes, hours,
 * hundredths, seconds (MS-DOS Encyclopedia, "The CLOCK$ device"). */
static int64_t record_seconds(const uint8_t *rec)
{
    return (int64_t)get_le16(rec) * DAY_S + rec[3] * 3600 + rec[2] * 60 + rec[5];
}

static int64_t now_seconds(struct dos *d)
{
    struct bios_time t;
    bios_wall_time(d->bios, &t);
    struct tm tm = {.tm_year = t.year - 1900, .tm_mon = t.month - 1, .tm_mday = t.day};
    return (int64_t)(timegm(&tm) - EPOCH_1980) + t.hour * 3600 + t.min * 60 + t.sec;
}

/* Writing a record to CLOCK$ sets the date and time. */
int dos_clock_write(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n)
{
    UNUSED(s);
    if (n < CLOCK_RECORD)
        return (int)n;
    bios_wall_adjust(c->dos->bios, record_seconds(buf) - now_seconds(c->dos));
    return (int)n;
}

/* CON read at the driver level: raw keys, waiting for each one. */
static void con_read(struct request *q, struct intr_call *ic)
{
    struct dos_tables *t = q->c->dos->tab;
    uint32_t req = t->dev_request;
    uint8_t ch;
    if (t->con_req != req) {
        t->con_req = req;
        t->con_done = 0;
    }
    while (t->con_done < q->count) {
        int rc = dos_con_key(q->c, &ch);
        if (rc == DOS_WAIT) {
            intr_retry(ic);
            return;
        }
        if (rc <= 0)
            break;
        mem_write_far(q->c->mem, q->buf_seg, (uint16_t)(q->buf_off + t->con_done), &ch, 1);
        t->con_done++;
    }
    t->con_req = 0;
    transferred(q, t->con_done);
}

static void peek(const struct request *q, bool con, const struct dos_device *dev)
{
    uint16_t key;
    struct sft s = {.dev = dev};
    if (con && bios_key_get(q->c->dos->bios, false, &key) > 0) {
        mem_wr8(q->c->mem, q->lin + RQ_NDREAD_CHAR, (uint8_t)key);
        status(q, ST_DONE);
    } else {
        bool ready = !con && dev->input_ready && dev->input_ready(q->c, &s);
        status(q, ready ? ST_DONE : ST_DONE | ST_BUSY);
    }
}

static void read_dev(const struct request *q, const struct dos_device *dev, const char *name)
{
    uint8_t buf[CLOCK_RECORD];
    struct sft s = {.dev = dev, .kind = SFT_DEVICE};
    snprintf(s.name, sizeof s.name, "%s", name);
    int n = dev->read ? dev->read(q->c, &s, buf, MIN(q->count, (uint16_t)sizeof buf)) : 0;
    n = MAX(n, 0);
    mem_write_far(q->c->mem, q->buf_seg, q->buf_off, buf, (size_t)n);
    transferred(q, (unsigned)n);
}

static void write_dev(const struct request *q, const struct dos_device *dev, const char *name)
{
    uint8_t *buf = dos_iobuf(q->c->dos);
    struct sft s = {.dev = dev, .kind = SFT_DEVICE};
    snprintf(s.name, sizeof s.name, "%s", name);
    mem_read_far(q->c->mem, q->buf_seg, q->buf_off, buf, q->count);
    int n = dev->write ? dev->write(q->c, &s, buf, q->count) : q->count;
    transferred(q, (unsigned)MAX(n, 0));
}

/* A character device of dosapi/sft.c. */
static void char_device(struct request *q, struct intr_call *ic, const char *name)
{
    const struct dos_device *dev = dos_device_by_name(name);
    bool con = !strcmp(name, "CON");
    switch (q->cmd) {
    case CMD_READ:
        if (con)
            con_read(q, ic);
        else
            read_dev(q, dev, name);
        return;
    case CMD_PEEK:
    case CMD_INPUT_STATUS:
        peek(q, con, dev);
        return;
    case CMD_INPUT_FLUSH:
        if (con)
            bios_key_flush(q->c->dos->bios);
        status(q, ST_DONE);
        return;
    case CMD_WRITE:
    case CMD_WRITE_VERIFY:
        write_dev(q, dev, name);
        return;
    case CMD_INIT:
    case CMD_OUTPUT_STATUS:
    case CMD_OPEN:
    case CMD_CLOSE:
        status(q, ST_DONE);
        return;
    default:
        unknown(q);
    }
}

static void interrupt(void *ctx, struct intr_call *ic)
{
    struct dos_devctx *dc = ctx;
    struct dos *d = dc->dos;
    struct dos_ctx c = {.dos = d, .ic = ic, .r = ic->r, .mem = ic->mem};
    uint32_t req = d->tab->dev_request;
    struct request q = {.c = &c, .lin = mem_lin(c.mem, (uint16_t)(req >> 16), (uint16_t)req)};
    q.cmd = mem_rd8(c.mem, q.lin + RQ_COMMAND);
    q.count = mem_rd16(c.mem, q.lin + RQ_COUNT);
    q.buf_off = mem_rd16(c.mem, q.lin + RQ_BUFFER);
    q.buf_seg = mem_rd16(c.mem, q.lin + RQ_BUFFER + 2);
    LOG(LOG_DOS, "device request %02Xh to driver %u at %08X", q.cmd, dc->index, req);
    d->tab->work++;
    intr_note_work(d->intr);
    if (dc->index == DEV_NUL)
        char_device(&q, ic, "NUL");
    else if (dc->index < DEV_BUILTIN && k_names[dc->index])
        char_device(&q, ic, k_names[dc->index]);
    else if (q.cmd == CMD_INIT)
        status(&q, ST_DONE);
    else
        unknown(&q);
}

static void strategy(void *ctx, struct intr_call *ic)
{
    struct dos *d = ctx;
    d->tab->dev_request = (uint32_t)ic->r->es << 16 | ic->r->bx;
}

void dos_devreq_init(struct dos *d)
{
    struct dos_tables *t = d->tab;
    t->dev_cb[DEV_STRATEGY] = intr_callback(d->intr, strategy, d, INTR_EPI_RETF);
    for (unsigned i = 0; i < DEV_STRATEGY; i++) {
        t->dev[i] = (struct dos_devctx){.dos = d, .index = i};
        t->dev_cb[i] = intr_callback(d->intr, interrupt, &t->dev[i], INTR_EPI_RETF);
    }
}

uint16_t dos_devreq_callback(const struct dos *d, unsigned index)
{
    return d->tab->dev_cb[index];
}
