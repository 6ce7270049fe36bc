/* dpmi/desc.c: descriptors as the CPU reads them, the checks on what a
 * client may set. The host end to end is in tests/guest/dpmi*.asm. */
#include "dpmi/dpmi_impl.h"
#include "tests/unit/unit.h"

START_TEST(test_descriptor_round_trip_and_granularity)
{
    struct dpmi_desc d = {0x12345678, 0xFFFF, ACC_DATA3, FL_DB}, back;
    uint8_t raw[DESC_BYTES];
    dpmi_desc_encode(&d, raw);
    ck_assert_uint_eq(raw[5], ACC_DATA3);
    ck_assert_uint_eq(raw[7], 0x12);
    dpmi_desc_decode(raw, &back);
    ck_assert_uint_eq(back.base, 0x12345678);
    ck_assert_uint_eq(back.limit, 0xFFFF);
    ck_assert_uint_eq(back.flags & FL_G, 0);
    d.limit = 0x3FFFFF;                 /* over 1 MiB: in pages */
    dpmi_desc_encode(&d, raw);
    ck_assert_uint_eq(raw[6] >> 4, FL_G | FL_DB);
    dpmi_desc_decode(raw, &back);
    ck_assert_uint_eq(back.limit, 0x3FFFFF);
}
END_TEST

START_TEST(test_clients_set_only_dpl3_code_or_data)
{
    ck_assert(dpmi_access_ok(ACC_DATA3));
    ck_assert(dpmi_access_ok(ACC_CODE3));
    ck_assert(dpmi_access_ok(0xF0));                /* not present: allowed */
    ck_assert(!dpmi_access_ok(0x92));               /* DPL 0 */
    ck_assert(!dpmi_access_ok(0xB2));               /* DPL 1 */
    ck_assert(!dpmi_access_ok(0xE2));               /* a system type (LDT) */
    ck_assert(!dpmi_access_ok(0xEC));               /* a call gate */
}
END_TEST

Suite *suite_dpmi(void)
{
    Suite *s = suite_create("dpmi");
    TCase *tc = tcase_create("desc");
    tcase_add_test(tc, test_descriptor_round_trip_and_granularity);
    tcase_add_test(tc, test_clients_set_only_dpl3_code_or_data);
    suite_add_tcase(s, tc);
    return s;
}
