/* Regression-testing pieces: the .uds parser (statements, quoting,
 * variables, errors with lines), key-script waits, durations, unified
 * diffs, SHA-256, the PNG reader, golden comparisons, deterministic file
 * stamps and input logs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "harness/files.h"
#include "harness/golden.h"
#include "ui/inputlog.h"
#include "ui/keyscript.h"
#include "harness/report.h"
#include "harness/script.h"
#include "harness/sha256.h"
#include "harness/textdiff.h"
#include "fs/stamps.h"
#include "tests/unit/unit.h"
#include "video/png.h"

static char g_dir[] = "/tmp/unidos-unit-regress.XXXXXX";

static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(strcpy(g_dir, "/tmp/unidos-unit-regress.XXXXXX")));
}

static void teardown(void)
{
    files_remove_tree(g_dir);
}

/* A file in the test's directory, into buf (PATH_BYTES). */
#define PATH_BYTES 256
static char *at(char *buf, const char *name)
{
    snprintf(buf, PATH_BYTES, "%s/%s", g_dir, name);
    return buf;
}
#define path(name) at((char[PATH_BYTES]){0}, name)

/* ---- the parser ---- */

START_TEST(test_script_parses_every_statement_with_quotes_and_variables)
{
    setenv("UNIDOS_UNIT_DIR", "/some dir", 1);
    struct script *s = script_parse("t.uds",
        "# comment\n"
        "run ${UNIDOS_UNIT_DIR}/PROG.EXE 'a b' \"x\\\"y\" plain\\path\n"
        "type dir{enter}{wait 500ms}{F10}\n"
        "key alt+f enter\n"
        "wait-text 'C:\\\\>' rect=0,0,24,79 timeout=5s wall=1m\n"
        "wait-idle timeout=2s\n"
        "wait-exit 3\n"
        "expect-file OUT\\REPORT.TXT golden\n"
        "expect-file X.BIN e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        "set-date 1995-06-01 12:30\n"
        "timeout 10s 30s\n"
        "require ${UNIDOS_UNIT_NOT_SET}/x\n"
        "run ${UNIDOS_UNIT_NOT_SET}/y\n");
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->n, 12);
    ck_assert_int_eq(s->st[0].kind, ST_RUN);
    ck_assert_int_eq(s->st[0].argc, 4);
    ck_assert_str_eq(s->st[0].argv[0], "/some dir/PROG.EXE");
    ck_assert_str_eq(s->st[0].argv[1], "a b");
    ck_assert_str_eq(s->st[0].argv[2], "x\"y");
    ck_assert_str_eq(s->st[0].argv[3], "plain\\path");
    ck_assert_uint_eq(s->st[0].line, 2);
    ck_assert_str_eq(s->st[1].text, "dir{enter}{wait 500ms}{F10}");
    ck_assert_str_eq(s->st[2].text, "{alt+f}{enter}");
    ck_assert_str_eq(s->st[3].text, "C:\\\\>");
    ck_assert(s->st[3].rect.set && s->st[3].rect.bottom == 24 && s->st[3].rect.right == 79);
    ck_assert_uint_eq(s->st[3].timeout_ns, 5000000000ull);
    ck_assert_uint_eq(s->st[3].wall_ns, 60000000000ull);
    ck_assert_int_eq(regexec(&s->st[3].re, "x\nC:\\>\n", 0, NULL, 0), 0);
    ck_assert_uint_eq(s->st[4].timeout_ns, 2000000000ull);
    ck_assert_int_eq(s->st[5].status, 3);
    ck_assert(s->st[6].golden);
    ck_assert_str_eq(s->st[6].golden_name, "REPORT.TXT");
    ck_assert_uint_eq(s->st[7].sha256[0], 0xe3);
    ck_assert_uint_eq(s->st[7].sha256[31], 0x55);
    ck_assert_int_eq(s->st[8].date, 802009800);      /* 1995-06-01 12:30:00 */
    ck_assert_uint_eq(s->st[9].wall_ns, 30000000000ull);
    ck_assert_str_eq(s->st[10].skip_why, "UNIDOS_UNIT_NOT_SET is not set");
    script_free(s);
}
END_TEST

static const struct {
    const char *text;
    const char *message;        /* on stderr, "t.uds:LINE: ..." */
} k_bad[] = {
    {"run X\nfrobnicate\n", "t.uds:2: unknown statement 'frobnicate'"},
    {"wait-text '(unclosed'\n", "t.uds:1: bad regular expression"},
    {"\n\ntype {nope}\n", "t.uds:3: unknown key {nope}"},
    {"type {wait soon}\n", "t.uds:1: bad wait {wait soon}"},
    {"wait-exit 300\n", "t.uds:1: bad exit status '300'"},
    {"wait 5\n", "t.uds:1: bad time '5'"},
    {"expect-file X 1234\n", "t.uds:1: expect-file: expected 64 hex digits"},
    {"set-date 2001-02-30\n", "t.uds:1: bad date '2001-02-30'"},
    {"run 'open\n", "t.uds:1: unclosed ' quote"},
    {"run ${UNIDOS_UNIT_NOT_SET}\n", "t.uds:1: ${UNIDOS_UNIT_NOT_SET} is not set"},
    {"wait-text x rect=5,5,1,1\n", "t.uds:1: bad rect '5,5,1,1'"},
    {"stop now\n", "t.uds:1: stop: wrong number of arguments (1)"},
};

START_TEST(test_script_errors_name_the_file_and_line)
{
    int saved = dup(2);
    fflush(stderr);
    FILE *tmp = tmpfile();
    dup2(fileno(tmp), 2);
    struct script *s = script_parse("t.uds", k_bad[_i].text);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    char line[256] = "";
    ck_assert_ptr_nonnull(fgets(line, sizeof line, tmp));
    fclose(tmp);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(line, k_bad[_i].message), "got '%s', want '%s'", line,
                  k_bad[_i].message);
}
END_TEST

START_TEST(test_keyscript_accepts_lower_case_and_both_wait_forms)
{
    struct keyscript ks;
    char why[128];
    ck_assert(ks_parse("{enter}{ENTER}{f10}{alt+f}{wait 500ms}{wait 2s}{wait:250}{WAIT 1.5s}",
                       &ks, why, sizeof why));
    ck_assert_uint_eq(ks.n, 8);
    ck_assert_uint_eq(ks.steps[0].code, ks.steps[1].code);
    ck_assert_uint_eq(ks.steps[2].code, 0x44);
    ck_assert_uint_eq(ks.steps[3].code, 0x21);
    ck_assert_uint_eq(ks.steps[4].wait_ms, 500);
    ck_assert_uint_eq(ks.steps[5].wait_ms, 2000);
    ck_assert_uint_eq(ks.steps[6].wait_ms, 250);
    ck_assert_uint_eq(ks.steps[7].wait_ms, 1500);
    ck_assert(ks_append("x{esc}", &ks, why, sizeof why));
    ck_assert_uint_eq(ks.n, 10);
    ck_assert(!ks_append("y{bogus}", &ks, why, sizeof why));
    ck_assert_uint_eq(ks.n, 10);                /* nothing added on error */
    ks_free(&ks);
    unsigned ms;
    ck_assert(!ks_parse_duration("5", 1, false, &ms));
    ck_assert(ks_parse_duration("5", 1, true, &ms) && ms == 5);
    ck_assert(ks_parse_duration("2m", 2, false, &ms) && ms == 120000);
}
END_TEST

/* ---- diffs, hashes, images ---- */

START_TEST(test_text_diff_is_unified_with_context)
{
    const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", *b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\nadded\n";
    char *d = text_diff(a, strlen(a), b, strlen(b), "want", "got", 100);
    ck_assert_str_eq(d, "--- want\n+++ got\n"
                        "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
                        "@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+added\n");
    free(d);
    d = text_diff("x\r\ny\r\n", 6, "x\ny\n", 4, "a", "b", 100);
    ck_assert(strstr(d, "only the line ends differ"));
    free(d);
    d = text_diff("same", 4, "same", 4, "a", "b", 100);
    ck_assert_str_eq(d, "");
    free(d);
}
END_TEST

START_TEST(test_sha256_matches_fips_vectors)
{
    static const struct {
        const char *in, *hex;
    } k_vec[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    for (size_t i = 0; i < sizeof k_vec / sizeof k_vec[0]; i++) {
        struct sha256 s;
        uint8_t d[SHA256_BYTES];
        char hex[2 * SHA256_BYTES + 1];
        sha256_init(&s);
        sha256_update(&s, k_vec[i].in, strlen(k_vec[i].in));
        sha256_final(&s, d);
        sha256_hex(d, hex);
        ck_assert_str_eq(hex, k_vec[i].hex);
    }
}
END_TEST

/* A palette PNG with 2-bit pixels and a Paeth-filtered row, written here
 * by hand (the writer only makes RGB). */
static void write_palette_png(const char *p)
{
    static const uint8_t k_raw[] = {0, 0x1B, 4, 0x00};  /* rows: 0,1,2,3 / paeth 0 -> same */
    uint8_t z[64];
    uLongf zn = sizeof z;
    compress(z, &zn, k_raw, sizeof k_raw);
    FILE *f = fopen(p, "wb");
    static const uint8_t k_sig[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    fwrite(k_sig, 1, 8, f);
    uint8_t ihdr[13] = {0, 0, 0, 4, 0, 0, 0, 2, 2, 3, 0, 0, 0};
    uint8_t plte[12] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9};
    const struct {
        const char *t;
        const uint8_t *d;
        uLong n;
    } ch[] = {{"IHDR", ihdr, 13}, {"PLTE", plte, 12}, {"IDAT", z, zn}, {"IEND", NULL, 0}};
    for (int i = 0; i < 4; i++) {
        uint8_t len[4] = {0, 0, 0, (uint8_t)ch[i].n}, crc[4];
        uLong c = crc32(crc32(0, (const Bytef *)ch[i].t, 4), ch[i].d, (uInt)ch[i].n);
        for (int k = 0; k < 4; k++)
            crc[k] = (uint8_t)(c >> (24 - 8 * k));
        fwrite(len, 1, 4, f), fwrite(ch[i].t, 1, 4, f);
        if (ch[i].n)
            fwrite(ch[i].d, 1, ch[i].n, f);
        fwrite(crc, 1, 4, f);
    }
    fclose(f);
}

START_TEST(test_png_reads_back_what_it_writes_and_palette_files)
{
    uint32_t px[6] = {0x102030, 0x405060, 0x708090, 0xA0B0C0, 0xD0E0F0, 0x000001}, *back;
    unsigned w, h;
    char why[64];
    ck_assert_int_eq(vid_png_write(path("rgb.png"), px, 3, 2, 3), 0);
    ck_assert_int_eq(vid_png_read(path("rgb.png"), &back, &w, &h, why, sizeof why), 0);
    ck_assert(w == 3 && h == 2);
    for (int i = 0; i < 6; i++)
        ck_assert_uint_eq(back[i], 0xFF000000u | px[i]);
    free(back);
    write_palette_png(path("pal.png"));
    ck_assert_int_eq(vid_png_read(path("pal.png"), &back, &w, &h, why, sizeof why), 0);
    ck_assert(w == 4 && h == 2);
    ck_assert_uint_eq(back[0], 0xFFFF0000u);
    ck_assert_uint_eq(back[1], 0xFF00FF00u);
    ck_assert_uint_eq(back[2], 0xFF0000FFu);
    ck_assert_uint_eq(back[3], 0xFF090909u);
    ck_assert_uint_eq(back[4], back[0]);        /* Paeth over zeros: the row above */
    free(back);
    files_write(path("bad.png"), "not a png", 9);
    ck_assert_int_lt(vid_png_read(path("bad.png"), &back, &w, &h, why, sizeof why), 0);
    ck_assert_str_eq(why, "not a PNG file");
}
END_TEST

START_TEST(test_golden_compares_pixels_writes_a_difference_image_and_updates)
{
    uint32_t a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 9, 4};
    struct report *r = report_new_buffer();
    vid_png_write(path("got.png"), a, 2, 2, 2);
    vid_png_write(path("want.png"), b, 2, 2, 2);
    ck_assert(!golden_check(r, "shot", path("got.png"), path("want.png"), false));
    ck_assert(strstr(report_text(r), "1 of 4 pixels differ"));
    ck_assert(files_exists(path("got.diff.png")));
    ck_assert(golden_check(r, "shot", path("got.png"), path("new/want.png"), true));
    ck_assert(strstr(report_text(r), "UPDATED"));
    ck_assert(golden_check(r, "shot", path("got.png"), path("new/want.png"), false));
    files_write(path("t1"), "a\nb\n", 4);
    files_write(path("t2"), "a\nc\n", 4);
    ck_assert(!golden_check(r, "text", path("t1"), path("t2"), false));
    ck_assert(strstr(report_text(r), "| -c\n| +b\n"));
    ck_assert_uint_eq(report_failures(r), 2);
    report_free(r);
}
END_TEST

/* ---- deterministic state ---- */

START_TEST(test_stamps_keep_session_times_and_fix_the_rest)
{
    struct fs_stamps *s = fs_stamps_new(0x2821, 0);
    uint16_t d, t;
    fs_stamps_get(s, 42, &d, &t);
    ck_assert(d == 0x2821 && t == 0);
    for (uint64_t id = 1; id < 500; id++)
        fs_stamps_put(s, id * 7919, (uint16_t)id, (uint16_t)(id + 1));
    fs_stamps_get(s, 250 * 7919, &d, &t);
    ck_assert(d == 250 && t == 251);
    fs_stamps_put(s, 250 * 7919, 1, 2);
    fs_stamps_get(s, 250 * 7919, &d, &t);
    ck_assert(d == 1 && t == 2);
    fs_stamps_free(s);
}
END_TEST

START_TEST(test_input_log_replays_what_it_recorded)
{
    char why[64];
    struct inputlog *rec = il_new_live(path("in.log"), "PROG.EXE", true, why, sizeof why);
    struct il_event e = {.kind = IL_KEY, .code = 0x148, .down = true}, out;
    il_push(rec, &e);
    e = (struct il_event){.kind = IL_STDIN, .n = 3, .bytes = {'a', '\n', 0xFF}};
    il_push(rec, &e);
    ck_assert(il_take(rec, 7, 700, &out) && out.kind == IL_KEY);
    ck_assert(il_take(rec, 7, 700, &out) && out.kind == IL_STDIN);
    ck_assert(!il_take(rec, 8, 800, &out));
    e = (struct il_event){.kind = IL_MOUSE, .x = -3, .y = 40, .absolute = false, .code = 5};
    il_push(rec, &e);
    e = (struct il_event){.kind = IL_QUIT};
    il_push(rec, &e);
    ck_assert(il_take(rec, 9, 900, &out) && out.kind == IL_MOUSE);
    ck_assert(il_take(rec, 9, 900, &out));
    il_free(rec);
    struct inputlog *rep = il_new_replay(path("in.log"), why, sizeof why);
    ck_assert_ptr_nonnull(rep);
    ck_assert(il_stdin_fed(rep));
    ck_assert(!il_take(rep, 6, 600, &out));
    ck_assert(il_take(rep, 7, 700, &out) && out.code == 0x148 && out.down);
    ck_assert(il_take(rep, 7, 700, &out) && out.n == 3 && out.bytes[2] == 0xFF);
    ck_assert(!il_take(rep, 8, 800, &out) && !il_replay_done(rep));
    ck_assert(il_take(rep, 9, 900, &out) && out.kind == IL_MOUSE && out.x == -3 &&
              out.y == 40 && !out.absolute && out.code == 5);
    ck_assert(il_take(rep, 9, 900, &out) && out.kind == IL_QUIT && il_replay_done(rep));
    il_free(rep);
    files_write(path("bad.log"), "# unidos input log 1\n5 0 warp 1\n", 32);
    ck_assert_ptr_null(il_new_replay(path("bad.log"), why, sizeof why));
    ck_assert_str_eq(why, "line 2: bad event");
}
END_TEST

Suite *suite_regress(void)
{
    Suite *s = suite_create("regress");
    TCase *tc = tcase_create("regress");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_script_parses_every_statement_with_quotes_and_variables);
    tcase_add_loop_test(tc, test_script_errors_name_the_file_and_line, 0,
                        (int)(sizeof k_bad / sizeof k_bad[0]));
    tcase_add_test(tc, test_keyscript_accepts_lower_case_and_both_wait_forms);
    tcase_add_test(tc, test_text_diff_is_unified_with_context);
    tcase_add_test(tc, test_sha256_matches_fips_vectors);
    tcase_add_test(tc, test_png_reads_back_what_it_writes_and_palette_files);
    tcase_add_test(tc, test_golden_compares_pixels_writes_a_difference_image_and_updates);
    tcase_add_test(tc, test_stamps_keep_session_times_and_fix_the_rest);
    tcase_add_test(tc, test_input_log_replays_what_it_recorded);
    suite_add_tcase(s, tc);
    return s;
}
