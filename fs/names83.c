/* DOS 8.3 names, aliases, code page 437 and FCB templates. */
#include "fs/names83.h"

#include <stdio.h>
#include <string.h>

#include "base/common.h"
#include "base/cp437.h"

#define BASE_MAX 8
#define EXT_MAX 3
#define ALIAS_FILL '_'

uint8_t fs_upcase(uint8_t c)
{
    return c >= 'a' && c <= 'z' ? (uint8_t)(c - 'a' + 'A') : c;
}

/* Bytes allowed in a DOS file name besides letters and digits (MS-DOS 5
 * User's Guide, "Naming files"); bytes 80h and up are allowed too. */
static bool name_char(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
           (c && strchr("!#$%&'()-@^_`{}~", c));
}

bool fs_name_is_83(const char *dos)
{
    size_t nb = 0, ne = 0;
    bool ext = false;
    for (const uint8_t *p = (const uint8_t *)dos; *p; p++) {
        if (*p == '.' && !ext && nb)
            ext = true;
        else if (!name_char(*p))
            return false;
        else if (ext ? ++ne > EXT_MAX : ++nb > BASE_MAX)
            return false;
    }
    return nb > 0 && (!ext || ne > 0);
}

/* Code page 437 byte for a code point, or 0 when there is none. */
static uint8_t cp437_from(uint32_t cp)
{
    if (cp < 0x80)
        return (uint8_t)cp;
    int b = cp437_from_unicode(cp);
    return b >= 0x80 ? (uint8_t)b : 0; /* the control glyphs are not name characters */
}

/* Host name to code page 437 bytes, upper-cased; false if a character has
 * no code page 437 form or the result does not fit. */
static bool host_to_cp437(const char *host, char *out, size_t cap)
{
    const uint8_t *s = (const uint8_t *)host;
    size_t n = 0;
    while (*s) {
        uint32_t cp;
        size_t len = utf8_decode(s, &cp);
        uint8_t b = len ? cp437_from(cp) : 0;
        if (!b || n + 1 >= cap)
            return false;
        out[n++] = (char)fs_upcase(b);
        s += len;
    }
    out[n] = 0;
    return true;
}

/* Character devices every DOS has (RBIL INT 21/AH=52h device chain, plus
 * the COMn/LPTn names DOS reserves). */
static const char *const k_devices[] = {
    "CON",  "NUL",  "AUX",  "PRN",  "CLOCK$", "COM1",
    "COM2", "COM3", "COM4", "LPT1", "LPT2",   "LPT3",
};

bool fs_name_is_device(const char *part)
{
    size_t n = strcspn(part, ".");
    while (n && part[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < ARRAY_LEN(k_devices); i++) {
        size_t k = 0;
        while (k < n && fs_upcase((uint8_t)part[k]) == (uint8_t)k_devices[i][k])
            k++;
        if (k == n && k_devices[i][k] == 0)
            return true;
    }
    return false;
}

bool fs_name_plain83(const char *host, char out[FS_NAME83_MAX])
{
    char buf[FS_NAME83_MAX];
    if (!host_to_cp437(host, buf, sizeof buf) || !fs_name_is_83(buf) || fs_name_is_device(buf))
        return false;
    memcpy(out, buf, sizeof buf);
    return true;
}

/* Append the alias form of host bytes [s, e) to out (at most max bytes):
 * characters without a DOS form become '_', dots and spaces vanish. */
static size_t alias_field(const char *s, const char *e, char *out, size_t max)
{
    size_t n = 0;
    while (s < e && n < max) {
        uint32_t cp;
        size_t len = utf8_decode((const uint8_t *)s, &cp);
        uint8_t b = len ? fs_upcase(cp437_from(cp)) : 0;
        s += len ? len : 1;
        if (b == '.' || b == ' ')
            continue;
        out[n++] = name_char(b) ? (char)b : ALIAS_FILL;
    }
    return n;
}

void fs_name_alias(const char *host, unsigned n, char out[FS_NAME83_MAX])
{
    char base[BASE_MAX + 1], ext[EXT_MAX + 1], num[12];
    const char *end = host + strlen(host), *dot = strrchr(host, '.');
    if (dot == host)
        dot = NULL; /* ".profile": all name, no extension */
    int numlen = snprintf(num, sizeof num, "~%u", n);
    size_t bmax = (size_t)MAX(1, BASE_MAX - numlen);
    size_t nb = alias_field(host, dot ? dot : end, base, bmax);
    size_t ne = dot ? alias_field(dot + 1, end, ext, EXT_MAX) : 0;
    if (nb == 0)
        base[nb++] = ALIAS_FILL;
    base[nb] = 0;
    ext[ne] = 0;
    snprintf(out, FS_NAME83_MAX, "%s%s%s%s", base, num, ne ? "." : "", ext);
}

int fs_name_to_host(const char *dos, bool lower, char *out, size_t cap)
{
    size_t n = 0;
    for (const uint8_t *p = (const uint8_t *)dos; *p; p++) {
        char enc[4];
        uint8_t c = lower && *p >= 'A' && *p <= 'Z' ? (uint8_t)(*p - 'A' + 'a') : *p;
        size_t len = utf8_encode(c < 0x80 ? c : cp437_unicode[c], enc);
        if (n + len >= cap)
            return -1;
        memcpy(out + n, enc, len);
        n += len;
    }
    out[n] = 0;
    return 0;
}

/* One field of an FCB name: '*' fills with '?', blanks pad. */
static const char *fcb_field(const char *s, uint8_t *dst, size_t w)
{
    size_t n = 0;
    for (; *s && *s != '.'; s++) {
        if (*s == '*') {
            while (n < w)
                dst[n++] = '?';
        } else if (n < w) {
            dst[n++] = fs_upcase((uint8_t)*s);
        }
    }
    while (n < w)
        dst[n++] = ' ';
    return s;
}

void fs_name_to_fcb(const char *dos, uint8_t fcb[FS_FCB_NAME_BYTES])
{
    const char *s = fcb_field(dos, fcb, BASE_MAX);
    if (*s == '.')
        s++;
    fcb_field(s, fcb + BASE_MAX, EXT_MAX);
}

void fs_fcb_to_name(const uint8_t fcb[FS_FCB_NAME_BYTES], char out[FS_NAME83_MAX])
{
    size_t n = 0, nb = BASE_MAX, ne = EXT_MAX;
    while (nb && fcb[nb - 1] == ' ')
        nb--;
    while (ne && fcb[BASE_MAX + ne - 1] == ' ')
        ne--;
    memcpy(out, fcb, nb);
    n = nb;
    if (ne) {
        out[n++] = '.';
        memcpy(out + n, fcb + BASE_MAX, ne);
        n += ne;
    }
    out[n] = 0;
}

bool fs_fcb_match(const uint8_t tmpl[FS_FCB_NAME_BYTES], const uint8_t name[FS_FCB_NAME_BYTES])
{
    for (size_t i = 0; i < FS_FCB_NAME_BYTES; i++)
        if (tmpl[i] != '?' && fs_upcase(tmpl[i]) != fs_upcase(name[i]))
            return false;
    return true;
}
