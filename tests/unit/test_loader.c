/* loader/: COM and MZ parsing, validation and relocation. */
#include <string.h>

#include "loader/loader.h"
#include "tests/unit/unit.h"

/* Build an MZ file: header of hdr_paras, then a module of mod bytes. */
static size_t mz(uint8_t *f, uint16_t hdr_paras, uint32_t mod, uint16_t nrel,
                 uint16_t reloff, uint16_t minalloc, uint16_t maxalloc)
{
    uint32_t total = hdr_paras * 16u + mod;
    memset(f, 0, total);
    f[0] = 'M';
    f[1] = 'Z';
    f[2] = (uint8_t)(total % 512);
    f[3] = (uint8_t)((total % 512) >> 8);
    uint16_t pages = (uint16_t)((total + 511) / 512);
    f[4] = (uint8_t)pages;
    f[5] = (uint8_t)(pages >> 8);
    f[6] = (uint8_t)nrel;
    f[7] = (uint8_t)(nrel >> 8);
    f[8] = (uint8_t)hdr_paras;
    f[9] = (uint8_t)(hdr_paras >> 8);
    f[0x0A] = (uint8_t)minalloc;
    f[0x0B] = (uint8_t)(minalloc >> 8);
    f[0x0C] = (uint8_t)maxalloc;
    f[0x0D] = (uint8_t)(maxalloc >> 8);
    f[0x0E] = 0x10;
    f[0x10] = 0x00;
    f[0x11] = 0x01;   /* SS=0010 SP=0100 */
    f[0x14] = 0x34;
    f[0x15] = 0x12;
    f[0x16] = 0x02;   /* IP=1234 CS=0002 */
    f[0x18] = (uint8_t)reloff;
    f[0x19] = (uint8_t)(reloff >> 8);
    return total;
}

static uint8_t g_file[4096];

START_TEST(test_parse_mz_valid_fields)
{
    struct ldr_image img;
    char err[80];
    size_t n = mz(g_file, 4, 300, 0, 0x1C, 0x10, 0xFFFF);
    ck_assert(ldr_parse(g_file, n, &img, err, sizeof err));
    ck_assert_int_eq(img.kind, LDR_MZ);
    ck_assert_uint_eq(img.module_bytes, 300);
    ck_assert_uint_eq(ldr_module_paras(&img), 19);
    ck_assert_uint_eq(img.cs, 2);
    ck_assert_uint_eq(img.ip, 0x1234);
    ck_assert_uint_eq(img.ss, 0x10);
    ck_assert_uint_eq(img.sp, 0x100);
    ck_assert_uint_eq(img.min_extra_paras, 0x10);
    ck_assert(!img.load_high);
}
END_TEST

START_TEST(test_parse_zm_signature_accepted)
{
    struct ldr_image img;
    char err[80];
    size_t n = mz(g_file, 2, 64, 0, 0x1C, 0, 1);
    g_file[0] = 'Z';
    g_file[1] = 'M';
    ck_assert(ldr_parse(g_file, n, &img, err, sizeof err));
    ck_assert_int_eq(img.kind, LDR_MZ);
}
END_TEST

START_TEST(test_parse_no_signature_is_com)
{
    struct ldr_image img;
    char err[80];
    uint8_t com[] = {0xB4, 0x4C, 0xCD, 0x21};
    ck_assert(ldr_parse(com, sizeof com, &img, err, sizeof err));
    ck_assert_int_eq(img.kind, LDR_COM);
    ck_assert_uint_eq(img.module_bytes, 4);
}
END_TEST

/* Malformed files, one row each: the mutation and the words of the reason. */
struct bad_case {
    const char *what;
    size_t (*make)(uint8_t *f);
    const char *reason;
};

static size_t bad_truncated(uint8_t *f)
{
    return mz(f, 2, 2000, 0, 0x1C, 0, 1) - 1500;
}
static size_t bad_short_header(uint8_t *f)
{
    mz(f, 2, 64, 0, 0x1C, 0, 1);
    return 20;
}
static size_t bad_zero_pages(uint8_t *f)
{
    size_t n = mz(f, 2, 64, 0, 0x1C, 0, 1);
    f[4] = f[5] = 0;
    return n;
}
static size_t bad_last_page(uint8_t *f)
{
    size_t n = mz(f, 2, 64, 0, 0x1C, 0, 1);
    f[2] = 0x01;
    f[3] = 0x02;   /* 513 bytes in the last page */
    return n;
}
static size_t bad_header_too_big(uint8_t *f)
{
    size_t n = mz(f, 2, 64, 0, 0x1C, 0, 1);
    f[8] = 0x40;                /* 1 KiB header in a 96-byte file */
    return n;
}
static size_t bad_reloc_table(uint8_t *f)
{
    return mz(f, 2, 64, 100, 0x1C, 0, 1);
}
static size_t bad_com_too_big(uint8_t *f)
{
    (void)f;
    return 0xFF01;
}
static size_t bad_empty(uint8_t *f)
{
    (void)f;
    return 0;
}

static const struct bad_case k_bad[] = {
    {"truncated image", bad_truncated, "truncated"},
    {"header cut short", bad_short_header, "truncated MZ header"},
    {"zero pages", bad_zero_pages, "0 pages"},
    {"last page over 512", bad_last_page, "last page"},
    {"header larger than image", bad_header_too_big, "larger than the image"},
    {"relocation table past end", bad_reloc_table, "relocation table"},
    {"COM over 65280 bytes", bad_com_too_big, "at most"},
    {"empty file", bad_empty, "empty"},
};

static uint8_t g_big[0x10000];

START_TEST(test_parse_bad_refused_with_reason)
{
    const struct bad_case *c = &k_bad[_i];
    struct ldr_image img;
    char err[120] = "";
    uint8_t *buf = c->make == bad_com_too_big ? g_big : g_file;
    size_t n = c->make(buf);
    ck_assert_msg(!ldr_parse(buf, n, &img, err, sizeof err), "%s accepted", c->what);
    ck_assert_msg(strstr(err, c->reason), "%s: reason '%s' lacks '%s'", c->what, err,
                  c->reason);
}
END_TEST

/* Pinned quirk: MS-DOS 2.0 SORT.EXE's header claims 2 bytes more than the
 * file has; DOS loads it, so do we. */
START_TEST(test_parse_last_page_overstated_by_bytes_loads)
{
    struct ldr_image img;
    char err[80];
    size_t n = mz(g_file, 2, 100, 0, 0x1C, 0, 1);
    ck_assert(ldr_parse(g_file, n - 2, &img, err, sizeof err));
    ck_assert_uint_eq(img.module_bytes, 98);
}
END_TEST

START_TEST(test_relocate_adds_base_segment)
{
    struct ldr_image img;
    char err[80];
    size_t n = mz(g_file, 2, 64, 2, 0x1C, 0, 1);
    /* entries: 0000:0004 and 0001:0002 (= offset 18) */
    uint8_t rel[8] = {4, 0, 0, 0, 2, 0, 1, 0};
    memcpy(g_file + 0x1C, rel, sizeof rel);
    ck_assert(ldr_parse(g_file, n, &img, err, sizeof err));
    uint8_t mod[64] = {0};
    mod[4] = 0x34;
    mod[5] = 0x12;
    mod[18] = 0xFF;
    mod[19] = 0xFF;
    ck_assert(ldr_relocate(&img, mod, sizeof mod, 0x1000));
    ck_assert_uint_eq(mod[4] | mod[5] << 8, 0x2234);
    ck_assert_uint_eq(mod[18] | mod[19] << 8, 0x0FFF);   /* wraps at 16 bits */
}
END_TEST

START_TEST(test_relocate_outside_module_refused_untouched)
{
    struct ldr_image img;
    char err[80];
    size_t n = mz(g_file, 2, 64, 2, 0x1C, 0, 1);
    uint8_t rel[8] = {4, 0, 0, 0, 0, 0, 0x10, 0};       /* second: 0010:0000 */
    memcpy(g_file + 0x1C, rel, sizeof rel);
    ck_assert(ldr_parse(g_file, n, &img, err, sizeof err));
    uint8_t mod[64] = {0};
    ck_assert(!ldr_relocate(&img, mod, sizeof mod, 0x1000));
    ck_assert_uint_eq(mod[4] | mod[5] << 8, 0);
}
END_TEST

START_TEST(test_parse_min_max_zero_is_load_high)
{
    struct ldr_image img;
    char err[80];
    size_t n = mz(g_file, 2, 64, 0, 0x1C, 0, 0);
    ck_assert(ldr_parse(g_file, n, &img, err, sizeof err));
    ck_assert(img.load_high);
}
END_TEST

Suite *suite_loader(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, test_parse_mz_valid_fields);
    tcase_add_test(tc, test_parse_zm_signature_accepted);
    tcase_add_test(tc, test_parse_no_signature_is_com);
    tcase_add_loop_test(tc, test_parse_bad_refused_with_reason, 0, (int)(sizeof k_bad / sizeof k_bad[0]));
    tcase_add_test(tc, test_parse_last_page_overstated_by_bytes_loads);
    tcase_add_test(tc, test_parse_min_max_zero_is_load_high);
    suite_add_tcase(s, tc);
    tc = tcase_create("relocate");
    tcase_add_test(tc, test_relocate_adds_base_segment);
    tcase_add_test(tc, test_relocate_outside_module_refused_untouched);
    suite_add_tcase(s, tc);
    return s;
}
