/* INT 21h character I/O, functions 01h-0Ch (RBIL INT 21/AH=01h..0Ch).
 * All of them work on the standard handles, so redirection applies. */
#include <string.h>

#include "base/common.h"
#include "dosapi/dos_impl.h"

#define CH_EOF 0x1A /* what a read past the end of input gives */
#define DIRECT_INPUT_REQUEST 0xFF
#define STRING_TERMINATOR '$'
#define STRING_MAX 0x10000
#define STDAUX_HANDLE 3
#define STDPRN_HANDLE 4

/* Read one character for 01h/07h/08h: AL; ^Z once input has ended. 01h
 * and 08h check Ctrl-C (brk), 07h does not. */
static int read_char(struct dos_ctx *c, bool echo, bool brk)
{
    uint8_t ch;
    int rc = brk ? dos_stdin_char_checked(c, &ch) : dos_stdin_char(c, &ch);
    if (rc == DOS_WAIT || rc < 0)
        return rc;
    if (rc == 0)
        ch = CH_EOF;
    reg_set_lo(&c->r->ax, ch);
    if (echo && !(c->dos->host.input_echoed && c->dos->host.stdin_tty) && rc > 0)
        dos_stdout_bytes(c, &ch, 1);
    return 0;
}

int dos_fn_read_char_echo(struct dos_ctx *c)
{
    return read_char(c, true, true);
}

int dos_fn_direct_input(struct dos_ctx *c)
{
    return read_char(c, false, false);
}

int dos_fn_read_char(struct dos_ctx *c)
{
    return read_char(c, false, true);
}

int dos_fn_write_char(struct dos_ctx *c)
{
    uint8_t ch = reg_lo(c->r->dx);
    dos_stdout_bytes(c, &ch, 1);
    reg_set_lo(&c->r->ax, ch);
    return 0;
}

/* 03h: AL = a character from the standard auxiliary device (handle 3);
 * ^Z when it has nothing more, as at the end of any input. */
int dos_fn_aux_input(struct dos_ctx *c)
{
    uint8_t ch = CH_EOF;
    int rc = dos_handle_read(c, STDAUX_HANDLE, &ch, 1);
    if (rc == DOS_WAIT)
        return rc;
    reg_set_lo(&c->r->ax, rc > 0 ? ch : CH_EOF);
    return 0;
}

/* 04h, 05h: DL to the standard auxiliary device or printer (3, 4). */
int dos_fn_aux_output(struct dos_ctx *c)
{
    uint8_t ch = reg_lo(c->r->dx);
    int rc = dos_handle_write(c, STDAUX_HANDLE, &ch, 1);
    return rc == DOS_WAIT ? rc : 0;
}

int dos_fn_printer_output(struct dos_ctx *c)
{
    uint8_t ch = reg_lo(c->r->dx);
    int rc = dos_handle_write(c, STDPRN_HANDLE, &ch, 1);
    return rc == DOS_WAIT ? rc : 0;
}

/* 06h: DL=FFh reads without waiting (ZF=1 when nothing), else writes DL. */
int dos_fn_direct_con_io(struct dos_ctx *c)
{
    struct cpu_regs *r = c->r;
    uint8_t ch = reg_lo(r->dx);
    if (ch != DIRECT_INPUT_REQUEST) {
        dos_stdout_bytes(c, &ch, 1);
        reg_set_lo(&r->ax, ch);
        return 0;
    }
    int ready = dos_stdin_ready(c);
    int rc = ready == DOS_READY ? dos_stdin_char(c, &ch) : 0;
    if (rc == DOS_WAIT)
        ready = DOS_NOT_YET;
    else if (rc <= 0 && ready == DOS_READY)
        ready = DOS_ENDED; /* a device at its end (NUL) */
    if (rc <= 0)
        dos_stdin_empty(c, ready);
    regs_set_flag(r, CPU_FLAG_ZF, rc <= 0);
    reg_set_lo(&r->ax, rc > 0 ? ch : 0);
    return 0;
}

int dos_fn_write_string(struct dos_ctx *c)
{
    uint8_t *buf = dos_iobuf(c->dos);
    uint16_t off = c->r->dx;
    uint32_t n = 0;
    while (n < STRING_MAX) {
        uint8_t ch = mem_rd8(c->mem, mem_lin(c->mem, c->r->ds, (uint16_t)(off + n)));
        if (ch == STRING_TERMINATOR)
            break;
        buf[n++] = ch;
    }
    dos_stdout_bytes(c, buf, n);
    reg_set_lo(&c->r->ax, STRING_TERMINATOR);
    return 0;
}

/* 0Ah: DS:DX -> [max][count][text CR]. Editing state survives waits. */
int dos_fn_buffered_input(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    struct cpu_regs *r = c->r;
    uint8_t max = mem_rd8(c->mem, mem_lin(c->mem, r->ds, r->dx));
    if (max == 0)
        return 0;
    int rc = dos_con_read_line(c, 0, &d->line, max, true);
    if (rc == DOS_WAIT || rc < 0)
        return rc;
    d->line.buf[d->line.len] = '\r';
    mem_wr8(c->mem, mem_lin(c->mem, r->ds, (uint16_t)(r->dx + 1)), (uint8_t)d->line.len);
    mem_write_far(c->mem, r->ds, (uint16_t)(r->dx + 2), d->line.buf, d->line.len + 1);
    if (rc > 0 && !(d->host.input_echoed && d->host.stdin_tty)) {
        static const uint8_t lf = '\n';
        dos_stdout_bytes(c, &lf, 1);
    }
    d->line.len = 0;
    return 0;
}

int dos_fn_input_status(struct dos_ctx *c)
{
    int ready = dos_stdin_ready(c);
    dos_stdin_empty(c, ready);
    reg_set_lo(&c->r->ax, ready == DOS_READY ? 0xFF : 0x00);
    return 0;
}

/* 0Ch: flush type-ahead, then run 01h, 06h, 07h, 08h or 0Ah. */
int dos_fn_flush_and_read(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    int rc;
    if (!d->flushed) { /* once per call, not again on each retry */
        d->con_pending_len = d->con_pending_pos = 0;
        bios_key_flush(d->bios);
        d->flushed = true;
    }
    switch (reg_lo(c->r->ax)) {
    case 0x01:
        rc = dos_fn_read_char_echo(c);
        break;
    case 0x06:
        rc = dos_fn_direct_con_io(c);
        break;
    case 0x07:
        rc = dos_fn_direct_input(c);
        break;
    case 0x08:
        rc = dos_fn_read_char(c);
        break;
    case 0x0A:
        rc = dos_fn_buffered_input(c);
        break;
    default:
        reg_set_lo(&c->r->ax, 0);
        rc = 0;
    }
    if (rc != DOS_WAIT)
        d->flushed = false;
    return rc;
}
