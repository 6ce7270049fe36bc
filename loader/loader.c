/* MZ header validation and relocation (MS-DOS Encyclopedia, "EXE file
 * structure"; RBIL INT 21/AH=4Bh format tables). */
#include "loader/loader.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"

#define MZ_SIG_MZ 0x5A4D
#define MZ_SIG_ZM 0x4D5A
#define MZ_LAST_PAGE 0x02 /* bytes used in the last page (0 = all) */
#define MZ_PAGES 0x04     /* 512-byte pages, including the header */
#define MZ_NRELOCS 0x06
#define MZ_HEADER_PARAS 0x08
#define MZ_MIN_ALLOC 0x0A
#define MZ_MAX_ALLOC 0x0C
#define MZ_SS 0x0E
#define MZ_SP 0x10
#define MZ_IP 0x14
#define MZ_CS 0x16
#define MZ_RELOC_OFF 0x18
#define MZ_RELOC_BYTES 4

static bool fail(char *err, size_t cap, const char *fmt, ...) PRINTF_FMT(3, 4);
static bool fail(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (cap)
        vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    return false;
}

static bool parse_com(const uint8_t *file, size_t len, struct ldr_image *img, char *err,
                      size_t cap)
{
    if (len == 0)
        return fail(err, cap, "file is empty");
    if (len > LDR_COM_MAX_BYTES)
        return fail(err, cap, "COM file is %zu bytes; at most %u fit in one segment", len,
                    LDR_COM_MAX_BYTES);
    memset(img, 0, sizeof *img);
    img->kind = LDR_COM;
    img->module = file;
    img->module_bytes = (uint32_t)len;
    return true;
}

/* Bytes of the file the header says belong to the image (header included). */
static bool image_end(const uint8_t *h, uint32_t *end, char *err, size_t cap)
{
    uint16_t pages = get_le16(h + MZ_PAGES), last = get_le16(h + MZ_LAST_PAGE);
    if (pages == 0)
        return fail(err, cap, "MZ header gives a size of 0 pages");
    if (last > LDR_PAGE)
        return fail(err, cap, "MZ header: %u bytes in last page (at most 512)", last);
    *end = (uint32_t)pages * LDR_PAGE - (last ? LDR_PAGE - last : 0);
    return true;
}

static bool parse_mz(const uint8_t *file, size_t len, struct ldr_image *img, char *err,
                     size_t cap)
{
    uint32_t end = 0;
    if (len < LDR_MZ_HEADER_BYTES)
        return fail(err, cap, "truncated MZ header (%zu bytes)", len);
    if (!image_end(file, &end, err, cap))
        return false;
    uint32_t hdr = (uint32_t)get_le16(file + MZ_HEADER_PARAS) * LDR_PARA;
    uint32_t nrel = get_le16(file + MZ_NRELOCS), reloff = get_le16(file + MZ_RELOC_OFF);
    if (hdr < LDR_MZ_HEADER_BYTES && hdr != 0)
        return fail(err, cap, "MZ header of %u bytes is shorter than its fields", hdr);
    /* Some linkers of the era (MS-DOS 2.0's SORT.EXE is one) overstate the
     * last page by a few bytes; DOS loads what is there. A shortfall of a
     * whole page or more means the file was cut off. */
    if (end > len + LDR_PAGE - 1)
        return fail(err, cap, "truncated: header says %u bytes, file has %zu", end, len);
    end = MIN(end, (uint32_t)len);
    if (hdr > end)
        return fail(err, cap, "MZ header (%u bytes) is larger than the image (%u)", hdr, end);
    if (nrel && (uint64_t)reloff + (uint64_t)nrel * MZ_RELOC_BYTES > len)
        return fail(err, cap, "relocation table (%u entries at %u) runs past the end", nrel,
                    reloff);
    memset(img, 0, sizeof *img);
    img->kind = LDR_MZ;
    img->module = file + hdr;
    img->module_bytes = end - hdr;
    img->min_extra_paras = get_le16(file + MZ_MIN_ALLOC);
    img->max_extra_paras = get_le16(file + MZ_MAX_ALLOC);
    img->load_high = img->min_extra_paras == 0 && img->max_extra_paras == 0;
    img->ss = get_le16(file + MZ_SS);
    img->sp = get_le16(file + MZ_SP);
    img->cs = get_le16(file + MZ_CS);
    img->ip = get_le16(file + MZ_IP);
    img->relocs = file + reloff;
    img->nrelocs = nrel;
    return true;
}

bool ldr_parse(const uint8_t *file, size_t len, struct ldr_image *img, char *err, size_t errcap)
{
    if (len >= 2 && (get_le16(file) == MZ_SIG_MZ || get_le16(file) == MZ_SIG_ZM))
        return parse_mz(file, len, img, err, errcap);
    return parse_com(file, len, img, err, errcap);
}

uint32_t ldr_module_paras(const struct ldr_image *img)
{
    return (img->module_bytes + LDR_PARA - 1) / LDR_PARA;
}

static uint32_t reloc_target(const struct ldr_image *img, uint32_t i)
{
    const uint8_t *e = img->relocs + i * MZ_RELOC_BYTES;
    return (uint32_t)get_le16(e + 2) * LDR_PARA + get_le16(e);
}

bool ldr_relocate(const struct ldr_image *img, uint8_t *dst, size_t dst_len, uint16_t base_seg)
{
    for (uint32_t i = 0; i < img->nrelocs; i++)
        if ((size_t)reloc_target(img, i) + 2 > dst_len)
            return false;
    for (uint32_t i = 0; i < img->nrelocs; i++) {
        uint8_t *p = dst + reloc_target(img, i);
        put_le16(p, (uint16_t)(get_le16(p) + base_seg));
    }
    return true;
}
