/* Regression-testing pieces: the .uds parser (statements, quoting,
 * variables, errors with lines), key-script waits, durations, unified
 * diffs, SHA-256, the PNG reader, golden comparisons, deterministic file
 * stamps and input logs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>
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
        "screenshot s.png ignore=0,0,8,16 ignore=10,10,20,20\n"
        "require ${UNIDOS_UNIT_NOT_SET}/x\n"
        "run ${UNIDOS_UNIT_NOT_SET}/y\n");
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->n, 13);
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
    ck_assert_uint_eq(s->st[10].nignore, 2);
    ck_assert(s->st[10].ignore[1].x0 == 10 && s->st[10].ignore[1].y1 == 20);
    ck_assert_str_eq(s->st[11].skip_why, "UNIDOS_UNIT_NOT_SET is not set");
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
    {"screenshot a.png ignore=5,5,5,6\n", "t.uds:1: screenshot: expected ignore=X0,Y0,X1,Y1"},
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

/* n lines "line K\n" (K from 0), with the given lines replaced, and extra
 * lines after insert_after (SIZE_MAX: none). */
static char *numbered(size_t n, size_t changed, size_t insert_after, size_t drop)
{
    size_t cap = n * 16 + 64, len = 0;
    char *t = malloc(cap);
    for (size_t k = 0; k < n; k++) {
        if (k == drop)
            continue;
        len += (size_t)sprintf(t + len, k == changed ? "changed %zu\n" : "line %zu\n", k);
        if (k == insert_after)
            len += (size_t)sprintf(t + len, "inserted\n");
    }
    return t;
}

/* Apply unified diff d to a: the text it leads to (caller frees). */
static char *apply_diff(const char *a, const char *d)
{
    size_t cap = strlen(a) + strlen(d) + 1, len = 0, line = 1;
    char *out = malloc(cap);
    const char *p = strstr(d, "\n@@") + 1, *src = a;
    while (p && !strncmp(p, "@@ -", 4)) {
        size_t from = strtoul(p + 4, NULL, 10);
        if (!strchr(p + 4, ',') || strchr(p + 4, ',') > strchr(p, '\n'))
            from = from ? from : 1;
        for (; line < from; line++) {               /* unchanged lines before the hunk */
            size_t k = strcspn(src, "\n") + 1;
            memcpy(out + len, src, k);
            len += k;
            src += k;
        }
        p = strchr(p, '\n') + 1;
        while (*p == ' ' || *p == '-' || *p == '+') {
            size_t k = strcspn(p, "\n") + 1;
            if (*p != '+') {
                src += strcspn(src, "\n") + 1;
                line++;
            }
            if (*p != '-') {
                memcpy(out + len, p + 1, k - 1);
                len += k - 1;
            }
            p += k;
        }
    }
    strcpy(out + len, src);
    return out;
}

START_TEST(test_text_diff_of_100000_lines_is_exact)
{
    char *a = numbered(100000, SIZE_MAX, SIZE_MAX, SIZE_MAX);
    char *b = numbered(100000, 50000, 70000, 99999);
    char *d = text_diff(a, strlen(a), b, strlen(b), "want", "got", 100);
    ck_assert_str_eq(d, "--- want\n+++ got\n"
                        "@@ -49998,7 +49998,7 @@\n line 49997\n line 49998\n line 49999\n"
                        "-line 50000\n+changed 50000\n line 50001\n line 50002\n line 50003\n"
                        "@@ -69999,6 +69999,7 @@\n line 69998\n line 69999\n line 70000\n"
                        "+inserted\n line 70001\n line 70002\n line 70003\n"
                        "@@ -99997,4 +99998,3 @@\n line 99996\n line 99997\n line 99998\n"
                        "-line 99999\n");
    free(d);
    free(b);
    b = numbered(100000, SIZE_MAX, SIZE_MAX, SIZE_MAX);
    for (char *p = b; *p; p++)
        if (*p == 'l')
            *p = 'L';                           /* every line differs */
    d = text_diff(a, strlen(a), b, strlen(b), "want", "got", SIZE_MAX);
    ck_assert(!strncmp(d, "--- want\n+++ got\n@@ -1,100000 +1,100000 @@\n-line 0\n", 40));
    char *back = apply_diff(a, d);
    ck_assert(!strcmp(back, b));
    free(back);
    free(d);
    free(a);
    free(b);
}
END_TEST

/* Random edits of random texts: the diff, applied, gives the new text
 * (also where the search gives up on the shortest script). */
START_TEST(test_text_diff_applies_back)
{
    srand(42 + (unsigned)_i);
    size_t n = 3000, len = 0, blen = 0;
    char *a = malloc(n * 8 + 1), *b = malloc(n * 16 + 1);
    for (size_t k = 0; k < n; k++) {
        int v = rand() % (_i == 0 ? 5 : 50);
        len += (size_t)sprintf(a + len, "%d\n", v);
        int r = rand() % 10;
        if (r == 0)
            continue;                           /* dropped */
        if (_i == 3 && r < 7)                   /* 3: most lines differ, from the same set */
            v = rand() % 50;
        blen += (size_t)sprintf(b + blen, "%d\n", r == 1 ? 100 + rand() % 50 : v);
        if (r == 2)
            blen += (size_t)sprintf(b + blen, "new %d\n", rand() % 7);
    }
    char *d = text_diff(a, len, b, blen, "a", "b", SIZE_MAX);
    char *back = apply_diff(a, d);
    ck_assert_str_eq(back, b);
    free(back);
    free(d);
    free(a);
    free(b);
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
        fwrite(len, 1, 4, f);
        fwrite(ch[i].t, 1, 4, f);
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

/* A 3x3 RGB PNG with Adam7 interlacing (libpng's writer; ours is not). */
static void write_interlaced_png(const char *p, uint8_t rgb[3][9])
{
    FILE *f = fopen(p, "wb");
    png_structp w = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(w);
    png_init_io(w, f);
    png_set_IHDR(w, info, 3, 3, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_ADAM7,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_bytep rows[3] = {rgb[0], rgb[1], rgb[2]};
    png_set_rows(w, info, rows);
    png_write_png(w, info, PNG_TRANSFORM_IDENTITY, NULL);
    png_destroy_write_struct(&w, &info);
    fclose(f);
}

START_TEST(test_png_reads_interlaced_files_and_checks_crcs)
{
    static const uint8_t k_rgb[3][9] = {{1, 2, 3, 4, 5, 6, 7, 8, 9},
                                        {10, 11, 12, 13, 14, 15, 16, 17, 18},
                                        {19, 20, 21, 22, 23, 24, 25, 26, 27}};
    uint32_t *back;
    unsigned w, h;
    char why[128];
    uint8_t rgb[3][9];
    memcpy(rgb, k_rgb, sizeof rgb);
    write_interlaced_png(path("adam7.png"), rgb);
    ck_assert_int_eq(vid_png_read(path("adam7.png"), &back, &w, &h, why, sizeof why), 0);
    ck_assert(w == 3 && h == 3);
    ck_assert_uint_eq(back[0], 0xFF010203u);
    ck_assert_uint_eq(back[4], 0xFF0D0E0Fu);
    ck_assert_uint_eq(back[8], 0xFF191A1Bu);
    free(back);
    char *d;
    size_t n;
    ck_assert_int_eq(files_read(path("adam7.png"), &d, &n), 0);
    d[30] ^= 1;                 /* a bit of the IHDR chunk's CRC */
    files_write(path("crc.png"), d, n);
    free(d);
    ck_assert_int_lt(vid_png_read(path("crc.png"), &back, &w, &h, why, sizeof why), 0);
}
END_TEST

START_TEST(test_golden_png_ignores_rectangles)
{
    uint32_t a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 2, 9, 4, 5, 9};
    struct golden_rect rects[2];
    ck_assert(golden_rect_parse("2,0,3,1", &rects[0]));
    ck_assert(!golden_rect_parse("2,0,2,1", &rects[1]));
    ck_assert(golden_rect_parse("2,1,3,2", &rects[1]));
    struct golden_ignore one = {rects, 1}, both = {rects, 2};
    struct golden_png_diff d;
    char why[64];
    vid_png_write(path("a.png"), a, 3, 2, 3);
    vid_png_write(path("b.png"), b, 3, 2, 3);
    ck_assert_int_eq(golden_png_compare(path("a.png"), path("b.png"), NULL, NULL, &d, why,
                                        sizeof why), 0);
    ck_assert_uint_eq(d.n, 2);
    ck_assert(d.x0 == 2 && d.y0 == 0 && d.x1 == 2 && d.y1 == 1);
    ck_assert_int_eq(golden_png_compare(path("a.png"), path("b.png"), &one, NULL, &d, why,
                                        sizeof why), 0);
    ck_assert_uint_eq(d.n, 1);
    struct report *r = report_new_buffer();
    ck_assert(golden_check(r, "shot", path("a.png"), path("b.png"), false, &both));
    ck_assert_uint_eq(report_failures(r), 0);
    report_free(r);
}
END_TEST

START_TEST(test_golden_compares_pixels_writes_a_difference_image_and_updates)
{
    uint32_t a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 9, 4};
    struct report *r = report_new_buffer();
    vid_png_write(path("got.png"), a, 2, 2, 2);
    vid_png_write(path("want.png"), b, 2, 2, 2);
    ck_assert(!golden_check(r, "shot", path("got.png"), path("want.png"), false, NULL));
    ck_assert(strstr(report_text(r), "1 of 4 pixels differ"));
    ck_assert(files_exists(path("got.diff.png")));
    ck_assert(golden_check(r, "shot", path("got.png"), path("new/want.png"), true, NULL));
    ck_assert(strstr(report_text(r), "UPDATED"));
    ck_assert(golden_check(r, "shot", path("got.png"), path("new/want.png"), false, NULL));
    files_write(path("t1"), "a\nb\n", 4);
    files_write(path("t2"), "a\nc\n", 4);
    ck_assert(!golden_check(r, "text", path("t1"), path("t2"), false, NULL));
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
    tcase_add_test(tc, test_text_diff_of_100000_lines_is_exact);
    tcase_add_loop_test(tc, test_text_diff_applies_back, 0, 4);
    tcase_add_test(tc, test_sha256_matches_fips_vectors);
    tcase_add_test(tc, test_png_reads_back_what_it_writes_and_palette_files);
    tcase_add_test(tc, test_png_reads_interlaced_files_and_checks_crcs);
    tcase_add_test(tc, test_golden_png_ignores_rectangles);
    tcase_add_test(tc, test_golden_compares_pixels_writes_a_difference_image_and_updates);
    tcase_add_test(tc, test_stamps_keep_session_times_and_fix_the_rest);
    tcase_add_test(tc, test_input_log_replays_what_it_recorded);
    suite_add_tcase(s, tc);
    return s;
}
