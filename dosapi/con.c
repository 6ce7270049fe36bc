/* Console character I/O on the standard handles: DOS line editing (0Ah and
 * cooked CON reads), single characters with extended-key pairs, echo. */
#include <string.h>

#include "base/common.h"
#include "dosapi/dos_impl.h"

#define CH_BS 0x08
#define CH_DEL 0x7F
#define CH_LF 0x0A
#define CH_CR 0x0D
#define CH_BELL 0x07
#define CH_CTRL_C 0x03
#define STDIN_HANDLE 0
#define STDOUT_HANDLE 1

static bool is_con(struct dos *d, unsigned handle)
{
    struct sft *s;
    return dos_handle_sft_peek(d, handle, &s) >= 0 && s->kind == SFT_DEVICE &&
           !strcmp(s->dev->name, "CON");
}

bool dos_handle_is_con(struct dos *d, unsigned handle)
{
    return is_con(d, handle);
}

int dos_con_key(struct dos_ctx *c, uint8_t *ch)
{
    struct dos *d = c->dos;
    if (d->con_pending_pos < d->con_pending_len) {
        *ch = d->con_pending[d->con_pending_pos++];
        return 1;
    }
    uint16_t key;
    int rc = bios_key_get(d->bios, true, &key);
    if (rc == 0)
        return DOS_WAIT;
    if (rc < 0) {
        dos_note_input_end(c); /* no key will ever come */
        return 0;
    }
    dos_note_input_read(d);
    *ch = (uint8_t)key;
    if (*ch == 0 || *ch == 0xE0) { /* extended key: 0, then the scan code */
        *ch = 0;
        d->con_pending[0] = (uint8_t)(key >> 8);
        d->con_pending_len = 1;
        d->con_pending_pos = 0;
    }
    return 1;
}

/* One raw character from handle: 1 and *ch, 0 at end of input, DOS_WAIT,
 * or -DOSERR. From CON this is a key from the BIOS, without echo. */
static int raw_char(struct dos_ctx *c, unsigned handle, uint8_t *ch)
{
    return is_con(c->dos, handle) ? dos_con_key(c, ch) : dos_handle_read(c, handle, ch, 1);
}

void dos_stdout_bytes(struct dos_ctx *c, const uint8_t *buf, uint32_t n)
{
    dos_handle_write(c, STDOUT_HANDLE, buf, n);
}

static void echo(struct dos_ctx *c, unsigned handle, const char *s, size_t n)
{
    if (is_con(c->dos, handle) && c->dos->host.input_echoed)
        return;
    dos_stdout_bytes(c, (const uint8_t *)s, (uint32_t)n);
}

/* Edit a line into l (at most max-1 characters). Returns 1 when ended by
 * Enter, 0 when input ended, DOS_WAIT, or -DOSERR. State stays in l
 * across waits. LF alone also ends a line (text from Unix hosts); the LF
 * of a CR LF pair is skipped, as DOS's editor ignores ^J. */
int dos_con_read_line(struct dos_ctx *c, unsigned handle, struct dos_line *l, unsigned max,
                      bool do_echo)
{
    for (;;) {
        uint8_t ch;
        int rc = raw_char(c, handle, &ch);
        if (rc <= 0)
            return rc;
        if (ch == CH_CTRL_C && is_con(c->dos, handle)) {
            l->len = 0; /* the line is dropped; INT 23h is next */
            return DOS_BREAK;
        }
        if (ch == CH_LF && l->after_cr) {
            l->after_cr = false;
            continue;
        }
        l->after_cr = ch == CH_CR;
        if (ch == CH_CR || ch == CH_LF) {
            if (do_echo)
                echo(c, handle, "\r", 1);
            return 1;
        }
        if (ch == CH_BS || ch == CH_DEL) {
            if (l->len) {
                l->len--;
                if (do_echo)
                    echo(c, handle, "\b \b", 3);
            }
            continue;
        }
        if (l->len + 1 >= max) {
            if (do_echo)
                echo(c, handle, "\a", 1);
            continue;
        }
        l->buf[l->len++] = ch;
        if (do_echo)
            echo(c, handle, (const char *)&ch, 1);
    }
}

/* One character of standard input: 1, 0 at end of input, DOS_WAIT, -DOSERR. */
int dos_stdin_char(struct dos_ctx *c, uint8_t *ch)
{
    return raw_char(c, STDIN_HANDLE, ch);
}

int dos_stdin_char_checked(struct dos_ctx *c, uint8_t *ch)
{
    int rc = raw_char(c, STDIN_HANDLE, ch);
    if (rc > 0 && *ch == CH_CTRL_C && is_con(c->dos, STDIN_HANDLE))
        return DOS_BREAK;
    return rc;
}

void dos_note_input_end(struct dos_ctx *c)
{
    struct dos *d = c->dos;
    if (++d->eof_reads >= DOS_EOF_READS_MAX && !d->input_starved) {
        d->input_starved = true;
        if (c->ic)
            intr_yield(c->ic); /* the run loop stops it now */
    }
}

void dos_note_input_read(struct dos *d)
{
    d->eof_reads = 0;
}

int dos_stdin_ready(struct dos_ctx *c)
{
    struct sft *s;
    if (dos_handle_sft(c->dos, STDIN_HANDLE, &s) < 0)
        return DOS_ENDED;
    if (s->kind == SFT_DEVICE)
        return s->dev->input_ready ? s->dev->input_ready(c, s) : DOS_ENDED;
    struct fs_stat st;
    uint32_t pos;
    if (fs_seek(s->file, 0, FS_SEEK_CUR, &pos) < 0 || fs_fstat(s->file, &st) < 0)
        return DOS_ENDED;
    return pos < st.size ? DOS_READY : DOS_ENDED;
}

/* The keyboard (CON) tells the idle detector itself, in bios_key_get. */
void dos_stdin_empty(struct dos_ctx *c, int ready)
{
    if (ready == DOS_READY || is_con(c->dos, STDIN_HANDLE))
        return;
    bios_poll_empty(c->dos->bios, ready == DOS_ENDED ? BIOS_POLL_ENDED : BIOS_POLL_INPUT);
}
