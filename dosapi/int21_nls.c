/* National language support (RBIL INT 21/AH=38h, 63h, 65h, 66h): the
 * United States' country information, and the code page (437 or 850, as
 * KEYB and DISPLAY.SYS set it up) with its upper-case, file-name and
 * collating tables that programs such as FreeCOM read. The tables live in
 * the DOS data segment and follow the code page. */
#include <string.h>

#include "base/codepage.h"
#include "base/common.h"
#include "base/log.h"
#include "bios/rom.h"
#include "dosapi/dos_impl.h"
#include "dosapi/dosdata.h"
#include "dosapi/tables.h"

#define COUNTRY_USA 1
#define COUNTRY_INFO_BYTES 0x22
/* Country information (RBIL table 01400). */
#define CI_DATE_FORMAT 0x00
#define CI_CURRENCY 0x02
#define CI_THOUSANDS 0x07
#define CI_DECIMAL 0x09
#define CI_DATE_SEP 0x0B
#define CI_TIME_SEP 0x0D
#define CI_CURRENCY_FMT 0x0F
#define CI_DIGITS 0x10
#define CI_TIME_FMT 0x11
#define CI_CASE_MAP 0x12
#define CI_LIST_SEP 0x16

/* 65h subfunctions (RBIL table 01750) and their table offsets in the DOS
 * data segment: a word size, then the table. */
enum {
    NLS_GENERAL = 0x01,
    NLS_UPPER = 0x02,
    NLS_FILE_UPPER = 0x04,
    NLS_FILE_CHARS = 0x05,
    NLS_COLLATE = 0x06,
    NLS_DBCS = 0x07,
    NLS_UPCASE_CHAR = 0x20,
    NLS_UPCASE_STR = 0x21,
    NLS_UPCASE_ASCIZ = 0x22,
    NLS_YES_NO = 0x23,
};
#define GENERAL_BYTES (7 + COUNTRY_INFO_BYTES)
#define POINTER_BYTES 5
#define HIGH_HALF 128
#define ASCIZ_MAX 0x10000

#define LATIN1_SMALL_FIRST 0xE0 /* à: Latin-1 small letters to þ */
#define LATIN1_SMALL_LAST 0xFE
#define LATIN1_DIVIDE 0xF7      /* ÷ among them */
#define LATIN1_CASE_OFFSET 0x20 /* À = à - 20h */

/* Upper case of bytes 80h-FFh in code page cp: an accented small letter
 * becomes its capital where the code page has one (in 437: ü é ä å ç æ ö
 * ñ, as MS-DOS's US table). */
static uint8_t upcase_high(unsigned cp, uint8_t c)
{
    uint16_t u = codepage_unicode(cp, c);
    if (u < LATIN1_SMALL_FIRST || u > LATIN1_SMALL_LAST || u == LATIN1_DIVIDE)
        return c;
    int up = codepage_from_unicode(cp, u - LATIN1_CASE_OFFSET);
    return up >= 0 ? (uint8_t)up : c;
}

static uint8_t upcase(const struct dos *d, uint8_t c)
{
    return c < HIGH_HALF ? fs_upcase(c) : upcase_high(d->codepage, c);
}

static uint32_t dd(unsigned off)
{
    return ((uint32_t)DOS_DATA_SEG << 4) + off;
}

/* Write the tables into the DOS data segment (at start and when the code
 * page changes). */
static void tables(struct dos *d)
{
    struct mem *m = d->mem;
    uint8_t up[2 + HIGH_HALF], coll[2 + 256];
    up[0] = HIGH_HALF;
    up[1] = 0;
    for (unsigned i = 0; i < HIGH_HALF; i++)
        up[2 + i] = upcase_high(d->codepage, (uint8_t)(HIGH_HALF + i));
    mem_write(m, dd(DD_NLS_UPPER), up, sizeof up);
    coll[0] = 0;
    coll[1] = 1;
    for (unsigned i = 0; i < 256; i++)
        coll[2 + i] = upcase(d, (uint8_t)i);
    mem_write(m, dd(DD_NLS_COLLATE), coll, sizeof coll);
    /* RBIL table 01757: size, ?, lowest, highest, ?, excluded first/last, ?, count, list */
    static const char k_bad[] = ".\"/\\[]:|<>+=;,";
    uint8_t fc[10 + sizeof k_bad] = {
        (uint8_t)(8 + sizeof k_bad - 1), 0, 1, 0x00, 0xFF, 0, 0x00, 0x20, 2,
        (uint8_t)(sizeof k_bad - 1)};
    memcpy(fc + 10, k_bad, sizeof k_bad - 1);
    mem_write(m, dd(DD_NLS_FILECHARS), fc, sizeof fc);
    mem_wr32(m, dd(DD_NLS_DBCS), 0); /* no double-byte ranges */
}

static void country_info(const struct dos *d, uint8_t b[COUNTRY_INFO_BYTES])
{
    memset(b, 0, COUNTRY_INFO_BYTES);
    b[CI_DATE_FORMAT] = 0; /* month day year */
    b[CI_CURRENCY] = '$';
    b[CI_THOUSANDS] = ',';
    b[CI_DECIMAL] = '.';
    b[CI_DATE_SEP] = '-';
    b[CI_TIME_SEP] = ':';
    b[CI_CURRENCY_FMT] = 0;
    b[CI_DIGITS] = 2;
    b[CI_TIME_FMT] = 0;
    b[CI_CASE_MAP] = (uint8_t)d->tab->case_map_off;
    b[CI_CASE_MAP + 1] = (uint8_t)(d->tab->case_map_off >> 8);
    b[CI_CASE_MAP + 2] = ROM_SEG & 0xFF;
    b[CI_CASE_MAP + 3] = ROM_SEG >> 8;
    b[CI_LIST_SEP] = ',';
}

/* 38h: AL=0 (or country 1) get into DS:DX, BX = country; DX=FFFFh sets. */
int dos_fn_country(struct dos_ctx *c)
{
    uint8_t b[COUNTRY_INFO_BYTES];
    uint16_t want = reg_lo(c->r->ax) == 0xFF ? c->r->bx : reg_lo(c->r->ax);
    if (want != 0 && want != COUNTRY_USA)
        return -DOSERR_FILE_NOT_FOUND;
    if (c->r->dx == 0xFFFF)
        return 0; /* set country: it already is */
    country_info(c->dos, b);
    mem_write_far(c->mem, c->r->ds, c->r->dx, b, sizeof b);
    c->r->ax = c->r->bx = COUNTRY_USA;
    return 0;
}

static int put_info(struct dos_ctx *c, const uint8_t *b, size_t n)
{
    if (c->r->cx < POINTER_BYTES)
        return -DOSERR_FUNCTION_INVALID;
    n = MIN(n, (size_t)c->r->cx);
    mem_write_far(c->mem, c->r->es, c->r->di, b, n);
    c->r->cx = (uint16_t)n;
    return 0;
}

static int table_pointer(struct dos_ctx *c, uint8_t id, uint16_t off)
{
    uint8_t b[POINTER_BYTES] = {id, (uint8_t)off, (uint8_t)(off >> 8), (uint8_t)DOS_DATA_SEG,
                                DOS_DATA_SEG >> 8};
    return put_info(c, b, sizeof b);
}

static int general(struct dos_ctx *c)
{
    unsigned cp = c->dos->codepage;
    uint8_t b[GENERAL_BYTES] = {NLS_GENERAL, COUNTRY_INFO_BYTES + 4, 0, COUNTRY_USA, 0,
                                (uint8_t)cp, (uint8_t)(cp >> 8)};
    country_info(c->dos, b + 7);
    return put_info(c, b, sizeof b);
}

static void upcase_far(struct dos_ctx *c, uint16_t seg, uint16_t off, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        uint32_t at = mem_lin(c->mem, seg, (uint16_t)(off + i));
        mem_wr8(c->mem, at, upcase(c->dos, mem_rd8(c->mem, at)));
    }
}

static int yes_no(struct dos_ctx *c)
{
    uint8_t ch = upcase(c->dos, reg_lo(c->r->dx));
    c->r->ax = ch == 'Y' ? 1 : ch == 'N' ? 0 : 2;
    return 0;
}

/* 65h: AL selects (RBIL INT 21/AH=65h). */
int dos_fn_nls_info(struct dos_ctx *c)
{
    uint32_t n = 0;
    switch (reg_lo(c->r->ax)) {
    case NLS_GENERAL:
        return general(c);
    case NLS_UPPER:
    case NLS_FILE_UPPER:
        return table_pointer(c, reg_lo(c->r->ax), DD_NLS_UPPER);
    case NLS_FILE_CHARS:
        return table_pointer(c, NLS_FILE_CHARS, DD_NLS_FILECHARS);
    case NLS_COLLATE:
        return table_pointer(c, NLS_COLLATE, DD_NLS_COLLATE);
    case NLS_DBCS:
        return table_pointer(c, NLS_DBCS, DD_NLS_DBCS);
    case NLS_UPCASE_CHAR:
        reg_set_lo(&c->r->dx, upcase(c->dos, reg_lo(c->r->dx)));
        return 0;
    case NLS_UPCASE_STR:
        upcase_far(c, c->r->ds, c->r->dx, c->r->cx);
        return 0;
    case NLS_UPCASE_ASCIZ:
        while (n < ASCIZ_MAX &&
               mem_rd8(c->mem, mem_lin(c->mem, c->r->ds, (uint16_t)(c->r->dx + n))))
            n++;
        upcase_far(c, c->r->ds, c->r->dx, n);
        return 0;
    case NLS_YES_NO:
        return yes_no(c);
    default:
        return -DOSERR_FUNCTION_INVALID;
    }
}

/* 66h: AL=1 get (BX active, DX system code page), AL=2 set (BX): the
 * code pages there are fonts and tables for (437, 850). */
int dos_fn_code_page(struct dos_ctx *c)
{
    switch (reg_lo(c->r->ax)) {
    case 1:
        c->r->bx = (uint16_t)c->dos->codepage;
        c->r->dx = (uint16_t)c->dos->system_codepage;
        return 0;
    case 2:
        return dos_set_codepage(c->dos, c->r->bx);
    default:
        return -DOSERR_FUNCTION_INVALID;
    }
}

int dos_set_codepage(struct dos *d, unsigned cp)
{
    if (!codepage_known(cp))
        return -DOSERR_FILE_NOT_FOUND;
    d->codepage = cp;
    tables(d);
    if (d->bios)
        bios_set_codepage(d->bios, cp);
    return 0;
}

unsigned dos_codepage(const struct dos *d)
{
    return d->codepage;
}

void dos_set_system_codepage(struct dos *d, unsigned cp)
{
    if (codepage_known(cp))
        d->system_codepage = cp;
    dos_set_codepage(d, cp);
}

/* 63h: AL=0 DS:SI -> the double-byte lead-byte ranges (none); CF clear. */
int dos_fn_dbcs(struct dos_ctx *c)
{
    if (reg_lo(c->r->ax) != 0)
        return -DOSERR_FUNCTION_INVALID;
    c->r->ds = DOS_DATA_SEG;
    c->r->si = DD_NLS_DBCS + 2;
    reg_set_lo(&c->r->ax, 0);
    return 0;
}

/* The case map routine of the country information: a far call with AL
 * the character, AL its upper case (RBIL table 01400, offset 12h). */
static void case_map(void *ctx, struct intr_call *ic)
{
    const struct dos *d = ctx;
    reg_set_lo(&ic->r->ax, upcase(d, reg_lo(ic->r->ax)));
}

void dos_nls_init(struct dos *d)
{
    d->codepage = d->system_codepage = CODEPAGE_437;
    tables(d);
    d->tab->case_map_off = intr_callback(d->intr, case_map, d, INTR_EPI_RETF);
}
