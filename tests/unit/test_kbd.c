/* Keyboard path: the 8042 (queue, pacing, commands, A20), INT 09h's
 * translation into BIOS key words, terminal escape sequences and key
 * scripts. */
#include <string.h>

#include "ui/keyscript.h"
#include "ui/term_input.h"
#include "ui/ui.h"
#include "bios/bios.h"
#include "bios/kbd_table.h"
#include "bus/mem.h"
#include "hw/clock.h"
#include "bus/io.h"
#include "hw/kbc.h"
#include "hw/pic.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_bios.h"

static struct unit_bios g_m;
static struct mem *g_mem;
static struct io *g_io;
static struct vclock *g_clk;
static struct pic *g_pic;
static struct kbc *g_kbc;
static struct intr *g_ir;
static struct bios *g_bios;

static void setup(void)
{
    unit_bios_setup(&g_m, UNIT_BIOS_KBC);
    g_mem = g_m.mem;
    g_io = g_m.io;
    g_clk = g_m.clk;
    g_pic = g_m.pic;
    g_kbc = g_m.kbc;
    g_ir = g_m.ir;
    g_bios = g_m.bios;
}

static void teardown(void)
{
    unit_bios_teardown(&g_m);
}

static void advance_ms(unsigned ms)
{
    unit_blocks += (uint64_t)ms * 1000000u / CLOCK_NS_PER_BLOCK;
}

/* What INT 09h does for every byte the 8042 has, as IRQ1 would run it. */
static void run_int09(void)
{
    for (int i = 0; i < 64; i++) {
        kbc_update(g_kbc);
        uint8_t vec;
        if (io_in(g_io, KBC_PORT_STATUS, 1) & KBC_STATUS_OBF) {
            ck_assert(pic_acknowledge(g_pic, &vec));
            ck_assert_uint_eq(vec, 0x09);
            bios_kbd_scancode(g_bios, kbc_read_data(g_kbc));
            io_out(g_io, 0x20, 1, 0x20);         /* EOI */
        }
        advance_ms(2);
    }
}

static uint16_t next_key(void)
{
    uint16_t key = 0;
    ck_assert_int_eq(bios_key_get(g_bios, true, &key), 1);
    return key;
}

START_TEST(test_kbc_delivers_one_byte_per_irq_and_keeps_it_readable)
{
    const uint8_t bytes[] = {0x1E, 0x9E};
    ck_assert_uint_eq(kbc_feed(g_kbc, bytes, 2), 2);
    ck_assert(io_in(g_io, KBC_PORT_STATUS, 1) & KBC_STATUS_OBF);
    ck_assert_uint_eq(io_in(g_io, KBC_PORT_DATA, 1), 0x1E);
    kbc_update(g_kbc);                           /* too soon for the next byte */
    ck_assert_uint_eq(io_in(g_io, KBC_PORT_DATA, 1), 0x1E);
    advance_ms(2);
    kbc_update(g_kbc);
    ck_assert_uint_eq(io_in(g_io, KBC_PORT_DATA, 1), 0x9E);
    ck_assert(kbc_drained(g_kbc));
}
END_TEST

START_TEST(test_kbc_output_port_drives_a20)
{
    ck_assert(!mem_a20(g_mem));
    io_out(g_io, KBC_PORT_STATUS, 1, 0xD1);
    io_out(g_io, KBC_PORT_DATA, 1, 0xDF);
    ck_assert(mem_a20(g_mem));
    io_out(g_io, KBC_PORT_STATUS, 1, 0xD0);
    ck_assert_uint_eq(io_in(g_io, KBC_PORT_DATA, 1) & 0x02, 0x02);
    io_out(g_io, KBC_PORT_STATUS, 1, 0xD1);
    io_out(g_io, KBC_PORT_DATA, 1, 0xDD);
    ck_assert(!mem_a20(g_mem));
}
END_TEST

START_TEST(test_kbc_self_test_and_keyboard_echo_reply)
{
    io_out(g_io, KBC_PORT_STATUS, 1, 0xAA);
    ck_assert_uint_eq(io_in(g_io, KBC_PORT_DATA, 1), 0x55);
    io_out(g_io, KBC_PORT_DATA, 1, 0xEE);
    ck_assert_uint_eq(io_in(g_io, KBC_PORT_DATA, 1), 0xEE);
}
END_TEST

/* Scan code bytes in, key words out (IBM PC/AT keyboard tables). */
static const struct {
    uint8_t bytes[8];
    uint16_t key;
} k_translations[] = {
    {{0x1E, 0x9E}, 0x1E61},                       /* a */
    {{0x2A, 0x1E, 0x9E, 0xAA}, 0x1E41},           /* Shift+a */
    {{0x1D, 0x2E, 0xAE, 0x9D}, 0x2E03},           /* Ctrl+c */
    {{0x38, 0x21, 0xA1, 0xB8}, 0x2100},           /* Alt+f */
    {{0xE0, 0x48, 0xE0, 0xC8}, 0x48E0},           /* grey Up */
    {{0x48, 0xC8}, 0x4800},                       /* keypad 8, Num Lock off */
    {{0x3B, 0xBB}, 0x3B00},                       /* F1 */
    {{0x2A, 0x3C, 0xBC, 0xAA}, 0x5500},           /* Shift+F2 */
    {{0x3A, 0xBA, 0x10, 0x90}, 0x1051},           /* Caps Lock, q */
    {{0xE0, 0x1C, 0xE0, 0x9C}, 0xE00D},           /* keypad Enter */
    {{0x38, 0x4F, 0xCF, 0x50, 0xD0, 0xB8}, 0x000C}, /* Alt+keypad 1 2 = 12 */
};

START_TEST(test_int09_translates_scan_codes)
{
    const uint8_t *b = k_translations[_i].bytes;
    size_t n = 0;
    while (n < 8 && b[n])
        n++;
    kbc_feed(g_kbc, b, n);
    run_int09();
    ck_assert_uint_eq(next_key(), k_translations[_i].key);
}
END_TEST

/* Terminal input: bytes to (make code, modifiers) presses. */
struct press { unsigned code, mods; };
static struct press g_presses[8];
static unsigned g_npress, g_chars[8], g_char_mods[8], g_nchar;
static void on_press(void *ctx, unsigned code, unsigned mods)
{
    (void)ctx;
    g_presses[g_npress++ % 8] = (struct press){code, mods};
}
static void on_char(void *ctx, uint32_t ch, unsigned mods)
{
    (void)ctx;
    g_char_mods[g_nchar % 8] = mods;
    g_chars[g_nchar++ % 8] = ch;
}

static const struct {
    const char *bytes;
    unsigned code, mods;
} k_sequences[] = {
    {"\033[A", UI_KEY_E0 | 0x48, 0},
    {"\033[1;5D", UI_KEY_E0 | 0x4B, KBD_MOD_CTRL},
    {"\033OP", 0x3B, 0},
    {"\033[15~", 0x3F, 0},
    {"\033[24;2~", 0x58, KBD_MOD_SHIFT},
    {"\033[3~", UI_KEY_E0 | 0x53, 0},
    {"\033[Z", 0x0F, KBD_MOD_SHIFT},
    {"\x7f", 0x0E, 0},
    {"\r", 0x1C, 0},
};

START_TEST(test_term_input_parses_escape_sequences)
{
    struct term_input t = {0};
    struct ti_sink s = {on_press, on_char, NULL, NULL, NULL, NULL};
    g_npress = g_nchar = 0;
    const char *b = k_sequences[_i].bytes;
    ti_feed(&t, &s, (const uint8_t *)b, strlen(b), 0);
    ck_assert_uint_eq(g_npress, 1);
    ck_assert_uint_eq(g_presses[0].code, k_sequences[_i].code);
    ck_assert_uint_eq(g_presses[0].mods, k_sequences[_i].mods);
}
END_TEST

START_TEST(test_term_input_lone_escape_after_timeout_and_utf8)
{
    struct term_input t = {0};
    struct ti_sink s = {on_press, on_char, NULL, NULL, NULL, NULL};
    g_npress = g_nchar = 0;
    ti_feed(&t, &s, (const uint8_t *)"\033", 1, 0);
    ck_assert_uint_eq(g_npress, 0);
    ti_idle(&t, &s, TI_ESC_TIMEOUT_NS + 1);
    ck_assert_uint_eq(g_npress, 1);
    ck_assert_uint_eq(g_presses[0].code, KBD_SC_ESC);
    ti_feed(&t, &s, (const uint8_t *)"\xC3\xA9x\033F", 5, 0);
    ck_assert_uint_eq(g_nchar, 3);
    ck_assert_uint_eq(g_chars[0], 0xE9);                    /* é, as Unicode */
    ck_assert_uint_eq(g_chars[1], 'x');
    ck_assert_uint_eq(g_chars[2], 'f');                     /* Alt+F: the key of f */
    ck_assert_uint_eq(g_char_mods[2], KBD_MOD_ALT);
}
END_TEST

START_TEST(test_keyscript_parses_names_combinations_and_waits)
{
    struct keyscript ks;
    char why[64];
    ck_assert(ks_parse("a{Enter}{Alt+F}{wait:250}{{", &ks, why, sizeof why));
    ck_assert_uint_eq(ks.n, 5);
    ck_assert_int_eq(ks.steps[0].kind, KS_CHAR);
    ck_assert_uint_eq(ks.steps[1].code, 0x1C);
    ck_assert_uint_eq(ks.steps[2].code, 0x21);
    ck_assert_uint_eq(ks.steps[2].mods, KBD_MOD_ALT);
    ck_assert_uint_eq(ks.steps[3].wait_ms, 250);
    ck_assert_uint_eq(ks.steps[4].ch, '{');
    ks_free(&ks);
    ck_assert(!ks_parse("{Nope}", &ks, why, sizeof why));
    ks_free(&ks);
}
END_TEST

Suite *suite_kbd(void)
{
    Suite *s = suite_create("kbd");
    TCase *tc = tcase_create("kbd");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_kbc_delivers_one_byte_per_irq_and_keeps_it_readable);
    tcase_add_test(tc, test_kbc_output_port_drives_a20);
    tcase_add_test(tc, test_kbc_self_test_and_keyboard_echo_reply);
    tcase_add_loop_test(tc, test_int09_translates_scan_codes, 0,
                        (int)(sizeof k_translations / sizeof k_translations[0]));
    tcase_add_loop_test(tc, test_term_input_parses_escape_sequences, 0,
                        (int)(sizeof k_sequences / sizeof k_sequences[0]));
    tcase_add_test(tc, test_term_input_lone_escape_after_timeout_and_utf8);
    tcase_add_test(tc, test_keyscript_parses_names_combinations_and_waits);
    suite_add_tcase(s, tc);
    return s;
}
