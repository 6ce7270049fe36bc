/* DOS 8.3 names, aliases, code page 437 and FCB templates. */
#include "fs/names83.h"

#include <stdio.h>
#include <string.h>

#include "base/common.h"

#define BASE_MAX 8
#define EXT_MAX 3
#define ALIAS_FILL '_'

/* Unicode code points of code page 437 bytes 80h-FFh (IBM PC character set). */
static const uint16_t k_cp437_high[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,     /* 80h */
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,     /* 90h */
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,     /* A0h */
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,     /* B0h */
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,     /* C0h */
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,     /* D0h */
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,     /* E0h */
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,     /* F0h */
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

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

/* Decode one UTF-8 sequence at s; returns its length (0 when invalid). */
static size_t utf8_decode(const uint8_t *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : 0;
    if (n == 0)
        return 0;
    *cp = s[0] & (n == 2 ? 0x1F : 0x0F);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        *cp = *cp << 6 | (s[i] & 0x3F);
    }
    return *cp < (n == 2 ? 0x80u : 0x800u) ? 0 : n;
}

/* Code page 437 byte for a code point, or 0 when there is none. */
static uint8_t cp437_from(uint32_t cp)
{
    if (cp < 0x80)
        return (uint8_t)cp;
    for (unsigned i = 0; i < ARRAY_LEN(k_cp437_high); i++)
        if (k_cp437_high[i] == cp)
            return (uint8_t)(0x80 + i);
    return 0;
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
    "CON", "NUL", "AUX", "PRN", "CLOCK$", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3",
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
        dot = NULL;             /* ".profile": all name, no extension */
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

/* UTF-8 encoding of one code point; returns its length. */
static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

int fs_name_to_host(const char *dos, bool lower, char *out, size_t cap)
{
    size_t n = 0;
    for (const uint8_t *p = (const uint8_t *)dos; *p; p++) {
        char enc[4];
        uint8_t c = lower && *p >= 'A' && *p <= 'Z' ? (uint8_t)(*p - 'A' + 'a') : *p;
        size_t len = utf8_encode(c < 0x80 ? c : k_cp437_high[c - 0x80], enc);
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

bool fs_fcb_match(const uint8_t tmpl[FS_FCB_NAME_BYTES],
                  const uint8_t name[FS_FCB_NAME_BYTES])
{
    for (size_t i = 0; i < FS_FCB_NAME_BYTES; i++)
        if (tmpl[i] != '?' && fs_upcase(tmpl[i]) != fs_upcase(name[i]))
            return false;
    return true;
}
