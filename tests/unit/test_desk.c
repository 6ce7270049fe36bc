/* On the desktop: where the picture goes in the window (ui/scale.c), the
 * speed presets and the schedule of --speed (machine/pace.c), keyboard
 * layouts and code page 850 (bios/kbd_layout.c, base/codepage.c). */
#include <string.h>

#include "base/codepage.h"
#include "bios/kbd_layout.h"
#include "bios/kbd_table.h"
#include "machine/pace.h"
#include "ui/scale.h"
#include "tests/unit/unit.h"

#define NS_PER_MS 1000000ull

/* The picture for each scaling in an 800x600 window (tests/video/window.sh
 * checks the same in a real window). */
static const struct {
    enum ui_scale scale;
    bool aspect;
    unsigned fw, fh;
    struct ui_rect want;
} k_places[] = {
    {UI_SCALE_INTEGER, true, 720, 400, {40, 30, 720, 540}},
    {UI_SCALE_INTEGER, false, 720, 400, {40, 100, 720, 400}},
    {UI_SCALE_FIT, true, 720, 400, {0, 0, 800, 600}},
    {UI_SCALE_FIT, false, 720, 400, {0, 78, 800, 444}},
    {UI_SCALE_STRETCH, false, 720, 400, {0, 0, 800, 600}},
    {UI_SCALE_INTEGER, true, 320, 200, {80, 60, 640, 480}},
    {UI_SCALE_INTEGER, false, 320, 200, {80, 100, 640, 400}},
    {UI_SCALE_FIT, false, 320, 200, {0, 50, 800, 500}},
    {UI_SCALE_INTEGER, true, 1024, 768, {0, 0, 800, 600}},    /* not even 1x: fits */
};

START_TEST(test_place_each_scaling_in_800x600)
{
    struct ui_rect r = ui_place(k_places[_i].scale, k_places[_i].aspect, k_places[_i].fw,
                                k_places[_i].fh, 800, 600);
    ck_assert_int_eq(r.x, k_places[_i].want.x);
    ck_assert_int_eq(r.y, k_places[_i].want.y);
    ck_assert_int_eq(r.w, k_places[_i].want.w);
    ck_assert_int_eq(r.h, k_places[_i].want.h);
}
END_TEST

START_TEST(test_prescale_and_first_window)
{
    unsigned kx, ky;
    int w, h;
    ui_prescale(320, 200, 640, 480, &kx, &ky);  /* sharp: 640x400, then linear */
    ck_assert_uint_eq(kx, 2);
    ck_assert_uint_eq(ky, 2);
    ui_prescale(720, 400, 360, 200, &kx, &ky);  /* smaller than 1x: 1 */
    ck_assert_uint_eq(kx, 1);
    ui_first_window(1200, 900, &w, &h);
    ck_assert_int_eq(w, 800);
    ck_assert_int_eq(h, 600);
    ui_first_window(3840, 2160, &w, &h);
    ck_assert_int_eq(w, 1920);
    ck_assert_int_eq(h, 1440);
    ui_first_window(800, 600, &w, &h);          /* never below 640x480 */
    ck_assert_int_eq(w, 640);
    ck_assert_int_eq(h, 480);
}
END_TEST

START_TEST(test_speed_names_and_ladder)
{
    uint32_t v;
    char name[24];
    ck_assert(pace_parse("386", &v) && v == 7800);
    ck_assert(pace_parse("4.77MHz", &v) && v == 300);
    ck_assert(pace_parse("max", &v) && v == PACE_MAX);
    ck_assert(pace_parse("12345", &v) && v == 12345);
    ck_assert(!pace_parse("0", &v) && !pace_parse("12x", &v) && !pace_parse("", &v));
    pace_name(26800, name, sizeof name);
    ck_assert_str_eq(name, "486");
    pace_name(4000, name, sizeof name);
    ck_assert_str_eq(name, "4000/ms");
    ck_assert_uint_eq(pace_step(PACE_MAX, -1), 77000);
    ck_assert_uint_eq(pace_step(77000, 1), PACE_MAX);
    ck_assert_uint_eq(pace_step(300, -1), 300);
    ck_assert_uint_eq(pace_step(4000, 1), 7800);
}
END_TEST

/* 1000 instructions per ms: 10,000 instructions run at once are 10 ms
 * ahead; a guest far behind is forgiven all but 5 ms. */
START_TEST(test_pace_waits_for_the_wall_clock)
{
    struct pace p;
    pace_init(&p, 1000);
    pace_set(&p, 1000, 0, 0);
    ck_assert_uint_eq(pace_wait_ns(&p, 10000, 0), 10 * NS_PER_MS);
    ck_assert_uint_eq(pace_wait_ns(&p, 10000, 4 * NS_PER_MS), 6 * NS_PER_MS);
    ck_assert_uint_eq(pace_wait_ns(&p, 10500, 10 * NS_PER_MS), 0);     /* half a ms: no sleep */
    ck_assert_uint_eq(pace_wait_ns(&p, 10500, 1000 * NS_PER_MS), 0);   /* far behind */
    ck_assert_uint_eq(pace_wait_ns(&p, 20500, 1000 * NS_PER_MS), 5 * NS_PER_MS);
    pace_idled(&p, 20500, 2000 * NS_PER_MS);                           /* idle time is not owed */
    ck_assert_uint_eq(pace_wait_ns(&p, 22500, 2000 * NS_PER_MS), 2 * NS_PER_MS);
}
END_TEST

START_TEST(test_pace_virtual_clock_counts_instructions)
{
    struct pace p;
    pace_init(&p, 300);
    ck_assert_uint_eq(pace_virtual_blocks(&p, 300), 100000);           /* 1 ms in 10 ns blocks */
    pace_measure(&p, 2000, 10000);
    ck_assert_uint_eq(pace_ns_per_kblock(&p), (3 * 5000 + 5000) / 4 * NS_PER_MS / 300);
}
END_TEST

START_TEST(test_codepage_850_round_trips)
{
    for (unsigned b = 0x20; b < 0x100; b++)
        ck_assert_int_eq(codepage_from_unicode(CODEPAGE_850, codepage_unicode(CODEPAGE_850,
                                                                               (uint8_t)b)),
                         (int)b);
    ck_assert_int_eq(codepage_from_unicode(CODEPAGE_850, 0x00A7), 0xF5);   /* §, not 15h */
    ck_assert_int_eq(codepage_from_unicode(CODEPAGE_437, 0x00A7), 0x15);
    ck_assert_int_eq(codepage_from_unicode(CODEPAGE_850, 0x2561), -1);     /* ╡: 437 only */
}
END_TEST

START_TEST(test_layouts_and_dead_keys)
{
    const struct kbd_layout *l;
    unsigned cp;
    struct kbd_stroke st[KBD_MAX_STROKES];
    ck_assert(kbd_layout_parse("GR", &l, &cp) && !strcmp(l->name, "de") && cp == 850);
    ck_assert(kbd_layout_parse("fr,437", &l, &cp) && cp == 437);
    ck_assert(!kbd_layout_parse("fr,999", &l, &cp) && !kbd_layout_parse("xx", &l, &cp));
    ck_assert_uint_eq(kbd_compose(0x00B4, 'e'), 0x00E9);                  /* ´ e: é */
    ck_assert_uint_eq(kbd_compose('^', ' '), '^');
    ck_assert_uint_eq(kbd_compose('^', 'x'), 0);
    l = kbd_layout_find("de");
    ck_assert_uint_eq(kbd_strokes(l, CODEPAGE_850, 'z', st), 1);          /* QWERTZ */
    ck_assert_uint_eq(st[0].scan, 0x15);
    ck_assert_uint_eq(kbd_strokes(l, CODEPAGE_850, '@', st), 1);          /* AltGr+Q */
    ck_assert_uint_eq(st[0].scan, 0x10);
    ck_assert_uint_eq(st[0].mods, KBD_MOD_ALTGR);
    ck_assert_uint_eq(kbd_strokes(l, CODEPAGE_850, 0x00EA, st), 2);       /* ê: ^ then e */
    ck_assert_uint_eq(st[0].scan, 0x29);
    ck_assert_uint_eq(st[1].scan, 0x12);
    ck_assert_uint_eq(kbd_strokes(l, CODEPAGE_850, 0x1A, st), 1);         /* Ctrl+Z */
    ck_assert_uint_eq(st[0].scan, 0x15);
    ck_assert_uint_eq(st[0].mods, KBD_MOD_CTRL);
    ck_assert_uint_eq(kbd_strokes(kbd_layout_find("fr"), CODEPAGE_850, 0x00C9, st), 0); /* É */
    ck_assert_uint_eq(kbd_strokes(kbd_layout_us(), CODEPAGE_437, 0x00FC, st), 0);        /* ü */
}
END_TEST

Suite *suite_desk(void)
{
    Suite *s = suite_create("desk");
    TCase *tc = tcase_create("desk");
    tcase_add_loop_test(tc, test_place_each_scaling_in_800x600, 0,
                        (int)(sizeof k_places / sizeof k_places[0]));
    tcase_add_test(tc, test_prescale_and_first_window);
    tcase_add_test(tc, test_speed_names_and_ladder);
    tcase_add_test(tc, test_pace_waits_for_the_wall_clock);
    tcase_add_test(tc, test_pace_virtual_clock_counts_instructions);
    tcase_add_test(tc, test_codepage_850_round_trips);
    tcase_add_test(tc, test_layouts_and_dead_keys);
    suite_add_tcase(s, tc);
    return s;
}
