/* PSP creation, command tails and DOS's file-name-to-FCB parser. */
#include "dosapi/psp.h"

#include <ctype.h>
#include <string.h>

#include "base/common.h"

#define OP_INT 0xCD
#define OP_RETF 0xCB
#define OP_CALL_FAR 0x9A
#define PARSE_SKIP_LEADING 0x01 /* AL bit 0: skip leading separators */
#define PARSE_KEEP_DRIVE 0x02   /* bits 1-3: keep FCB fields when absent */
#define PARSE_KEEP_NAME 0x04
#define PARSE_KEEP_EXT 0x08

static uint32_t at(uint16_t seg, unsigned off)
{
    return ((uint32_t)seg << 4) + off;
}

void psp_create(struct mem *m, uint16_t seg, const struct psp_init *pi)
{
    uint8_t head[0x100] = {0};
    head[PSP_INT20] = OP_INT;
    head[PSP_INT20 + 1] = 0x20;
    head[PSP_MEM_TOP] = (uint8_t)pi->mem_top;
    head[PSP_MEM_TOP + 1] = (uint8_t)(pi->mem_top >> 8);
    head[PSP_CPM_CALL] = OP_CALL_FAR;
    head[PSP_CPM_CALL + 1] = (uint8_t)pi->cpm_off;
    head[PSP_CPM_CALL + 2] = (uint8_t)(pi->cpm_off >> 8);
    head[PSP_CPM_CALL + 3] = (uint8_t)pi->cpm_seg;
    head[PSP_CPM_CALL + 4] = (uint8_t)(pi->cpm_seg >> 8);
    head[PSP_PARENT] = (uint8_t)pi->parent;
    head[PSP_PARENT + 1] = (uint8_t)(pi->parent >> 8);
    memset(head + PSP_JFT, PSP_JFT_UNUSED, PSP_JFT_DEFAULT);
    head[PSP_ENV] = (uint8_t)pi->env;
    head[PSP_ENV + 1] = (uint8_t)(pi->env >> 8);
    head[PSP_JFT_SIZE] = PSP_JFT_DEFAULT;
    head[PSP_JFT_PTR] = PSP_JFT;
    head[PSP_JFT_PTR + 2] = (uint8_t)seg;
    head[PSP_JFT_PTR + 3] = (uint8_t)(seg >> 8);
    memset(head + PSP_PREV, 0xFF, 4);
    head[PSP_VERSION] = pi->ver_major;
    head[PSP_VERSION + 1] = pi->ver_minor;
    head[PSP_DOS_CALL] = OP_INT;
    head[PSP_DOS_CALL + 1] = 0x21;
    head[PSP_DOS_CALL + 2] = OP_RETF;
    memset(head + PSP_FCB1 + FCB_NAME, ' ', FCB_NAME_BYTES);
    memset(head + PSP_FCB2 + FCB_NAME, ' ', FCB_NAME_BYTES);
    head[PSP_TAIL + 1] = '\r';
    mem_write(m, at(seg, 0), head, sizeof head);
}

void psp_set_tail(struct mem *m, uint16_t seg, const char *tail, size_t len)
{
    uint8_t buf[PSP_TAIL_MAX + 2];
    len = MIN(len, (size_t)PSP_TAIL_MAX);
    buf[0] = (uint8_t)len;
    memcpy(buf + 1, tail, len);
    buf[len + 1] = '\r';
    mem_write(m, at(seg, PSP_TAIL), buf, len + 2);
}

/* Separators and terminators of the FCB parser (RBIL INT 21/AH=29h). */
static bool is_separator(char c)
{
    return c && strchr(":.;,=+ \t", c) != NULL;
}

static bool is_terminator(char c)
{
    return (unsigned char)c < ' ' || strchr("\"./[]:|<>+=;,", c) != NULL;
}

/* Copy one field (name or extension) of width w, expanding '*'. */
static size_t parse_field(const char *s, uint8_t *dst, size_t w, bool *wild)
{
    size_t i = 0, n = 0;
    while (s[i] && !is_terminator(s[i]) && s[i] != ' ' && s[i] != '\t') {
        if (s[i] == '*') {
            while (n < w)
                dst[n++] = '?';
            *wild = true;
        } else if (n < w) {
            if (s[i] == '?')
                *wild = true;
            dst[n++] = (uint8_t)toupper((unsigned char)s[i]);
        }
        i++;
    }
    while (n < w)
        dst[n++] = ' ';
    return i;
}

size_t psp_parse_fcb_name(const char *s, uint8_t flags, uint8_t fcb[12],
                          bool (*drive_valid)(void *ctx, unsigned drive), void *ctx,
                          uint8_t *result)
{
    const char *p = s;
    bool wild = false;
    uint8_t name[8], ext[3];
    *result = 0;
    if (flags & PARSE_SKIP_LEADING) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (is_separator(*p) && *p != ' ')
            p++;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (p[0] && p[1] == ':' && isalpha((unsigned char)p[0])) {
        unsigned d = (unsigned)(toupper((unsigned char)p[0]) - 'A' + 1);
        fcb[FCB_DRIVE] = (uint8_t)d;
        if (!drive_valid(ctx, d))
            *result = 0xFF;
        p += 2;
    } else if (!(flags & PARSE_KEEP_DRIVE)) {
        fcb[FCB_DRIVE] = 0;
    }
    size_t n = parse_field(p, name, 8, &wild);
    if (n || !(flags & PARSE_KEEP_NAME))
        memcpy(fcb + FCB_NAME, name, 8);
    p += n;
    if (*p == '.') {
        p++;
        p += parse_field(p, ext, 3, &wild);
        memcpy(fcb + FCB_EXT, ext, 3);
    } else if (!(flags & PARSE_KEEP_EXT)) {
        memset(fcb + FCB_EXT, ' ', 3);
    }
    if (wild && *result == 0)
        *result = 1;
    return (size_t)(p - s);
}
