/* The CD-ROM device driver behind MSCDEX (Microsoft MS-DOS CD-ROM
 * Extensions 2.1, "device driver requests"): IOCTL input and output
 * control blocks, READ LONG, SEEK, PLAY AUDIO, STOP AUDIO, RESUME AUDIO.
 * Requests arrive through INT 2Fh 1510h or the driver's strategy and
 * interrupt entries (programs that call the driver directly). Sector
 * addresses are HSG (LBA) or Red Book (MSF, 2 seconds ahead). */
#include <string.h>

#include "audio/cdplay.h"
#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dos_impl.h"
#include "dosapi/mscdex.h"
#include "fs/cd.h"

/* Request header (RBIL table 02597). */
#define RQ_LEN 0x00
#define RQ_SUBUNIT 0x01
#define RQ_COMMAND 0x02
#define RQ_STATUS 0x03
#define RQ_ADDR_MODE 0x0D /* READ LONG, SEEK, PLAY: 0 HSG, 1 Red Book */
#define RQ_XFER 0x0E      /* IOCTL: control block; READ LONG: buffer */
#define RQ_IOCTL_BYTES 0x12
#define RQ_COUNT 0x12 /* READ LONG: sectors; PLAY: DWORD sectors */
#define RQ_START 0x14
#define RQ_READ_MODE 0x18 /* 0 cooked, 1 raw */
#define RQ_PLAY_START 0x0E
#define RQ_PLAY_COUNT 0x12
/* Status word. */
#define ST_ERROR 0x8000
#define ST_BUSY 0x0200
#define ST_DONE 0x0100
enum {
    ERR_NOT_READY = 0x02,
    ERR_UNKNOWN_COMMAND = 0x03,
    ERR_SECTOR_NOT_FOUND = 0x08,
    ERR_READ_FAULT = 0x0B,
    ERR_GENERAL = 0x0C,
};
enum {
    CMD_IOCTL_INPUT = 0x03,
    CMD_INPUT_FLUSH = 0x07,
    CMD_IOCTL_OUTPUT = 0x0C,
    CMD_OPEN = 0x0D,
    CMD_CLOSE = 0x0E,
    CMD_READ_LONG = 0x80,
    CMD_READ_PREFETCH = 0x82,
    CMD_SEEK = 0x83,
    CMD_PLAY = 0x84,
    CMD_STOP = 0x85,
    CMD_RESUME = 0x88,
};
/* Device status bits (IOCTL input 06h). */
#define DS_DOOR_OPEN 0x0001
#define DS_UNLOCKED 0x0002
#define DS_COOKED_RAW 0x0004
#define DS_AUDIO 0x0010
#define DS_CHANNELS 0x0100
#define DS_REDBOOK 0x0200
#define DS_NO_DISC 0x0800
#define TRACK_DATA 0x40 /* control bits of a data track */
#define MSF_LEAD 150u   /* sector 0 is 00:02:00 */
#define RAW_BYTES 2352u
#define COOKED_BYTES 2048u
#define READ_MAX_SECTORS 32u /* 64 KiB of cooked sectors */
#define DEV_HEADER_BYTES 0x16
#define DEV_ATTR 0xC800 /* character device, IOCTL, open/close */

struct cd_req {
    struct mscdex *x;
    unsigned drive;
    struct fs_cd *cd;
    struct cdrom_unit *u;
    uint32_t lin; /* of the request header */
    uint16_t status;
};

static uint32_t red_book(uint32_t lba)
{
    uint32_t a = lba + MSF_LEAD;
    return (a / (60 * FS_CD_FRAMES_PER_SEC)) << 16 | (a / FS_CD_FRAMES_PER_SEC % 60) << 8 |
           a % FS_CD_FRAMES_PER_SEC;
}

static uint32_t from_red_book(uint32_t msf)
{
    uint32_t a = ((msf >> 16 & 0xFF) * 60 + (msf >> 8 & 0xFF)) * FS_CD_FRAMES_PER_SEC +
                 (msf & 0xFF);
    return a >= MSF_LEAD ? a - MSF_LEAD : 0;
}

static uint32_t address(uint8_t mode, uint32_t v)
{
    return mode ? from_red_book(v) : v;
}

static uint8_t rd8(struct cd_req *q, unsigned off)
{
    return mem_rd8(q->x->mem, q->lin + off);
}

static uint16_t rd16(struct cd_req *q, unsigned off)
{
    return mem_rd16(q->x->mem, q->lin + off);
}

static uint32_t rd32(struct cd_req *q, unsigned off)
{
    return mem_rd32(q->x->mem, q->lin + off);
}

static void fail(struct cd_req *q, uint8_t err)
{
    q->status = ST_ERROR | ST_DONE | err;
}

static void audio_status(struct cd_req *q, struct aud_cd_status *st)
{
    memset(st, 0, sizeof *st);
    if (q->x->player)
        aud_cdplay_status(q->x->player, st);
}

/* ---- IOCTL input control blocks ---- */

static uint32_t device_status(struct cd_req *q)
{
    uint32_t s = DS_COOKED_RAW | DS_AUDIO | DS_CHANNELS | DS_REDBOOK;
    if (!q->u->locked)
        s |= DS_UNLOCKED;
    if (q->u->door_open)
        s |= DS_DOOR_OPEN | DS_NO_DISC;
    return s;
}

/* Q-channel: control/ADR, track, index, time in the track, time on the disc. */
static void q_channel(struct cd_req *q, uint8_t *b)
{
    struct aud_cd_status st;
    audio_status(q, &st);
    uint32_t lba = st.playing || st.paused ? st.lba : q->u->head;
    int ti = fs_cd_track_at(q->cd, lba);
    const struct fs_cd_track *t = fs_cd_track(q->cd, ti < 0 ? 0 : (unsigned)ti);
    uint32_t rel = lba > t->start ? lba - t->start : 0, a = red_book(lba);
    uint32_t rel_msf = rel; /* the time within the track has no 2-second lead */
    b[1] = (uint8_t)((t->audio ? 0 : TRACK_DATA) | 0x01);
    b[2] = t->number;
    b[3] = 1;
    b[4] = (uint8_t)(rel_msf / (60 * FS_CD_FRAMES_PER_SEC));
    b[5] = (uint8_t)(rel_msf / FS_CD_FRAMES_PER_SEC % 60);
    b[6] = (uint8_t)(rel_msf % FS_CD_FRAMES_PER_SEC);
    b[7] = 0;
    b[8] = (uint8_t)(a >> 16);
    b[9] = (uint8_t)(a >> 8);
    b[10] = (uint8_t)a;
}

static void track_info(struct cd_req *q, uint8_t *b)
{
    unsigned n = b[1];
    for (unsigned i = 0; i < fs_cd_ntracks(q->cd); i++) {
        const struct fs_cd_track *t = fs_cd_track(q->cd, i);
        if (t->number != n)
            continue;
        put_le32(b + 2, red_book(t->start));
        b[6] = t->audio ? 0 : TRACK_DATA;
        return;
    }
    fail(q, ERR_SECTOR_NOT_FOUND);
}

/* Fill control block b (its code in b[0]); returns its length, 0 unknown. */
static unsigned ioctl_in(struct cd_req *q, uint8_t *b)
{
    struct aud_cd_status st;
    switch (b[0]) {
    case 0x00: /* device header address */
        put_le32(b + 1, (uint32_t)ROM_SEG << 16 | ROM_CDROM_DEVICE);
        return 5;
    case 0x01: /* location of the head */
        put_le32(b + 2, b[1] ? red_book(q->u->head) : q->u->head);
        return 6;
    case 0x04: /* audio channel info */
        for (unsigned c = 0; c < 4; c++) {
            b[1 + 2 * c] = (uint8_t)c;
            b[2 + 2 * c] = q->u->volume[c];
        }
        return 9;
    case 0x06:
        put_le32(b + 1, device_status(q));
        return 5;
    case 0x07: /* sector size for a read mode */
        put_le16(b + 2, b[1] ? RAW_BYTES : COOKED_BYTES);
        return 4;
    case 0x08: /* volume size */
        put_le32(b + 1, fs_cd_leadout(q->cd));
        return 5;
    case 0x09: /* media changed: 1 no, FFh yes */
        b[1] = fs_media_changed(q->x->fs, q->drive) ? 0xFF : 0x01;
        return 2;
    case 0x0A: /* audio disk info */
        b[1] = fs_cd_track(q->cd, 0)->number;
        b[2] = fs_cd_track(q->cd, fs_cd_ntracks(q->cd) - 1)->number;
        put_le32(b + 3, red_book(fs_cd_leadout(q->cd)));
        return 7;
    case 0x0B:
        track_info(q, b);
        return 7;
    case 0x0C:
        q_channel(q, b);
        return 11;
    case 0x0F: /* audio status: paused, the play's start and end */
        audio_status(q, &st);
        put_le16(b + 1, st.paused ? 1 : 0);
        put_le32(b + 3, red_book(st.paused ? st.lba : st.start));
        put_le32(b + 7, red_book(st.end));
        return 11;
    default:
        return 0;
    }
}

static void ioctl(struct cd_req *q, bool input)
{
    uint8_t b[16] = {0};
    uint32_t xfer = rd32(q, RQ_XFER);
    uint32_t lin = mem_lin(q->x->mem, (uint16_t)(xfer >> 16), (uint16_t)xfer);
    mem_read(q->x->mem, lin, b, sizeof b);
    unsigned n = input ? ioctl_in(q, b) : 1;
    if (!input) {
        switch (b[0]) {
        case 0x00:
            q->u->door_open = !q->u->locked;
            break; /* eject */
        case 0x01:
            q->u->locked = b[1] != 0;
            break; /* lock or unlock the door */
        case 0x02:
            break; /* reset */
        case 0x03: /* channel control */
            for (unsigned c = 0; c < 4; c++)
                q->u->volume[c] = b[2 + 2 * c];
            if (q->x->player)
                aud_cdplay_volume(q->x->player, q->u->volume[0], q->u->volume[1]);
            break;
        case 0x05:
            q->u->door_open = false;
            break; /* close the tray */
        default:
            n = 0;
            break;
        }
        if (b[0] == 0x00 && q->u->door_open && q->x->player)
            aud_cdplay_eject(q->x->player, q->cd);
    }
    if (!n) {
        LOG(LOG_DOS, "MSCDEX IOCTL %s %02Xh not supported", input ? "input" : "output", b[0]);
        fail(q, ERR_UNKNOWN_COMMAND);
        return;
    }
    if (input)
        mem_write(q->x->mem, lin, b, n);
}

/* ---- reads and audio ---- */

static void read_long(struct cd_req *q)
{
    uint8_t buf[RAW_BYTES];
    uint32_t xfer = rd32(q, RQ_XFER), lba = address(rd8(q, RQ_ADDR_MODE), rd32(q, RQ_START));
    uint32_t n = rd16(q, RQ_COUNT);
    bool raw = rd8(q, RQ_READ_MODE) == 1;
    uint32_t size = raw ? RAW_BYTES : COOKED_BYTES, off = (uint16_t)xfer;
    for (uint32_t i = 0; i < n; i++) {
        int rc = raw ? fs_cd_read_raw(q->cd, lba + i, buf)
                     : fs_cd_read_data(q->cd, lba + i, buf);
        if (rc < 0) {
            fail(q, lba + i >= fs_cd_leadout(q->cd) ? ERR_SECTOR_NOT_FOUND : ERR_READ_FAULT);
            return;
        }
        uint32_t at = off + i * size; /* the buffer may cross segments */
        mem_write(q->x->mem, ((uint32_t)(xfer >> 16) << 4) + at, buf, size);
        q->u->head = lba + i;
    }
}

static void play(struct cd_req *q)
{
    uint32_t lba = address(rd8(q, RQ_ADDR_MODE), rd32(q, RQ_PLAY_START));
    uint32_t n = rd32(q, RQ_PLAY_COUNT), lead = fs_cd_leadout(q->cd);
    if (!q->x->player) {
        fail(q, ERR_GENERAL);
        return;
    }
    if (lba >= lead) {
        fail(q, ERR_SECTOR_NOT_FOUND);
        return;
    }
    n = MIN(n, lead - lba);
    q->u->head = lba;
    if (n)
        aud_cdplay_play(q->x->player, q->cd, lba, n);
    else
        aud_cdplay_stop(q->x->player);
}

static void command(struct cd_req *q, uint8_t cmd)
{
    switch (cmd) {
    case CMD_IOCTL_INPUT:
        ioctl(q, true);
        return;
    case CMD_IOCTL_OUTPUT:
        ioctl(q, false);
        return;
    case CMD_INPUT_FLUSH:
    case CMD_OPEN:
    case CMD_CLOSE:
    case CMD_READ_PREFETCH:
        return;
    case CMD_READ_LONG:
        read_long(q);
        return;
    case CMD_SEEK:
        if (q->x->player)
            aud_cdplay_stop(q->x->player);
        q->u->head = address(rd8(q, RQ_ADDR_MODE), rd32(q, RQ_START));
        return;
    case CMD_PLAY:
        play(q);
        return;
    case CMD_STOP:
        if (q->x->player)
            aud_cdplay_stop(q->x->player);
        return;
    case CMD_RESUME:
        if (!q->x->player || !aud_cdplay_resume(q->x->player))
            fail(q, ERR_GENERAL);
        return;
    default:
        LOG(LOG_DOS, "MSCDEX device command %02Xh not supported", cmd);
        fail(q, ERR_UNKNOWN_COMMAND);
    }
}

void mscdex_request(struct mscdex *x, unsigned d, uint16_t seg, uint16_t off)
{
    struct cd_req q = {.x = x, .drive = d, .lin = mem_lin(x->mem, seg, off), .status = ST_DONE};
    uint8_t cmd = rd8(&q, RQ_COMMAND);
    q.cd = mscdex_cd(x, d);
    q.u = &x->unit[d < MSCDEX_MAX_DRIVES ? d : 0];
    if (!q.cd)
        fail(&q, ERR_UNKNOWN_COMMAND);
    else if (q.u->door_open && cmd != CMD_IOCTL_INPUT && cmd != CMD_IOCTL_OUTPUT)
        fail(&q, ERR_NOT_READY);
    else
        command(&q, cmd);
    struct aud_cd_status st;
    audio_status(&q, &st);
    if (st.playing)
        q.status |= ST_BUSY;
    LOG(LOG_DOS, "MSCDEX %c: request %02Xh -> status %04X", 'A' + d, cmd, q.status);
    mem_wr16(x->mem, q.lin + RQ_STATUS, q.status);
}

/* ---- the device driver's entries ---- */

static void strategy(void *ctx, struct intr_call *ic)
{
    struct mscdex *x = ctx;
    x->request = (uint32_t)ic->r->es << 16 | ic->r->bx;
}

/* The request's subunit is the index of the CD drive. */
static void interrupt(void *ctx, struct intr_call *ic)
{
    struct mscdex *x = ctx;
    uint8_t letters[MSCDEX_MAX_DRIVES];
    UNUSED(ic);
    uint16_t seg = (uint16_t)(x->request >> 16), off = (uint16_t)x->request;
    unsigned n = mscdex_drives(x, letters),
             sub = mem_rd8(x->mem, mem_lin(x->mem, seg, off) + 1);
    if (sub >= n) {
        mem_wr16(x->mem, mem_lin(x->mem, seg, off) + RQ_STATUS, ST_ERROR | ST_DONE | 0x01);
        return;
    }
    mscdex_request(x, letters[sub], seg, off);
}

void mscdex_device_init(struct mscdex *x)
{
    uint8_t h[DEV_HEADER_BYTES] = {0}, letters[MSCDEX_MAX_DRIVES];
    unsigned n = mscdex_drives(x, letters);
    x->strategy_off = intr_callback(x->dos->intr, strategy, x, INTR_EPI_RETF);
    x->interrupt_off = intr_callback(x->dos->intr, interrupt, x, INTR_EPI_RETF);
    put_le32(h, 0xFFFFFFFFu);
    put_le16(h + 4, DEV_ATTR);
    put_le16(h + 6, x->strategy_off);
    put_le16(h + 8, x->interrupt_off);
    memcpy(h + 10, "MSCD001 ", 8);
    h[0x14] = (uint8_t)(n ? letters[0] + 1 : 0);
    h[0x15] = (uint8_t)n;
    mem_write(x->mem, ROM_LIN + ROM_CDROM_DEVICE, h, sizeof h);
    for (unsigned i = 0; i < MSCDEX_MAX_DRIVES; i++)
        memset(x->unit[i].volume, 0xFF, sizeof x->unit[i].volume);
}
