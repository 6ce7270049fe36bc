/* ui/screentext.c and ui/screen_inline.c: the screen's rows as a stream
 * of lines (each once, in order), how console output already written
 * merges with it, a program's own scrolls in video RAM seen at any point
 * of the copy, and the inline renderer's limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"
#include "ui/screen_inline.h"
#include "ui/screentext.h"
#include "base/common.h"

#define COLS 80
#define ROWS 25
#define ATTR 0x0700
#define OUT_CAP 200000

static struct vid_text g_scr;           /* the screen a test draws on */
static char g_out[OUT_CAP];             /* what the stream wrote */
static size_t g_nout;
static struct st_track g_track;
static struct st_stream g_stream;

static void out(void *ctx, const void *buf, size_t n)
{
    (void)ctx;
    ck_assert_uint_le(g_nout + n, OUT_CAP);
    memcpy(g_out + g_nout, buf, n);
    g_nout += n;
}

static void blank_screen(struct vid_text *t)
{
    memset(t, 0, sizeof *t);
    t->cols = COLS;
    t->rows = ROWS;
    t->cursor_visible = true;
    for (unsigned i = 0; i < COLS * ROWS; i++)
        t->cell[i] = ATTR | ' ';
}

static void put_text(struct vid_text *t, unsigned row, unsigned col, const char *s)
{
    for (; *s; s++)
        t->cell[row * COLS + col++] = (uint16_t)(ATTR | (uint8_t)*s);
}

static void setup(void)
{
    blank_screen(&g_scr);
    g_nout = 0;
    memset(&g_track, 0, sizeof g_track);
}

/* The screen becomes the source now; wrote: console output came before. */
static void start(bool wrote)
{
    st_track_reset(&g_track, &g_scr);
    st_stream_start(&g_stream, &g_scr, wrote, true, out, NULL);
}

static void sync_now(void)
{
    struct st_events ev = st_stream_events(&g_stream);
    st_track_sync(&g_track, &g_scr, &ev);
}

/* The BIOS scrolls the whole screen up one row (the tracker told first). */
static void bios_scroll(void)
{
    struct st_events ev = st_stream_events(&g_stream);
    ck_assert(st_track_scroll(&g_track, &g_scr, 1, ROWS - 1, &ev));
    memmove(g_scr.cell, g_scr.cell + COLS, (ROWS - 1) * COLS * sizeof(uint16_t));
    for (unsigned c = 0; c < COLS; c++)
        g_scr.cell[(ROWS - 1) * COLS + c] = ATTR | ' ';
}

static void end(void)
{
    struct st_events ev = st_stream_events(&g_stream);
    st_track_settle(&g_track, &g_scr, &ev);
    st_stream_end(&g_stream, &g_scr);
    g_out[g_nout] = 0;
}

START_TEST(bios_scrolls_each_row_once)
{
    char want[4096] = "", line[32];
    start(false);
    g_scr.cursor_row = ROWS - 1;
    for (unsigned i = 1; i <= 60; i++) {
        snprintf(line, sizeof line, "line %u", i);
        put_text(&g_scr, ROWS - 1, 0, line);
        strcat(want, line);
        strcat(want, "\n");
        if (i % 7 == 0)
            sync_now();                 /* looks in between change nothing */
        bios_scroll();
    }
    end();                              /* the cursor on the blank last row: not a line */
    ck_assert_str_eq(g_out, want);
}
END_TEST

START_TEST(console_output_already_out_is_not_repeated)
{
    /* teletype wrote "one\r\ntwo\r\nName: " before the screen was used */
    put_text(&g_scr, 0, 0, "one");
    put_text(&g_scr, 1, 0, "two");
    put_text(&g_scr, 2, 0, "Name: ");
    g_scr.cursor_row = 2;
    g_scr.cursor_col = 6;
    start(true);
    put_text(&g_scr, 2, 6, "John");     /* INT 10h 09h at the cursor */
    g_scr.cursor_row = 3;
    g_scr.cursor_col = 0;
    sync_now();
    end();
    ck_assert_str_eq(g_out, "John\n");  /* continues the line begun on stdout */
}
END_TEST

START_TEST(other_output_ends_a_line_begun)
{
    put_text(&g_scr, 0, 0, "Name: ");
    g_scr.cursor_col = 6;
    start(true);
    put_text(&g_scr, 0, 6, "John");
    st_stream_interrupt(&g_stream);     /* DOS output to the redirected stdout */
    out(NULL, "dos\n", 4);
    g_scr.cursor_row = 1;
    g_scr.cursor_col = 0;
    sync_now();
    end();
    ck_assert_str_eq(g_out, "\ndos\nName: John\n");
}
END_TEST

START_TEST(changed_rows_above_are_written_again)
{
    put_text(&g_scr, 0, 0, "old");
    g_scr.cursor_row = 1;
    start(true);
    put_text(&g_scr, 0, 0, "new");
    put_text(&g_scr, 1, 0, "more");
    g_scr.cursor_col = 4;
    sync_now();
    end();
    ck_assert_str_eq(g_out, "new\nmore\n");
}
END_TEST

START_TEST(erase_writes_text_not_blank_rows)
{
    start(false);
    put_text(&g_scr, 3, 0, "first page");   /* leading blank rows: screen space */
    put_text(&g_scr, 5, 2, "  more  ");      /* trailing blanks trimmed */
    sync_now();
    blank_screen(&g_scr);                   /* erased by the program itself */
    sync_now();
    put_text(&g_scr, 10, 0, "second page");
    g_scr.cursor_row = 11;
    sync_now();
    end();
    ck_assert_str_eq(g_out, "first page\n\n    more\nsecond page\n");
}
END_TEST

START_TEST(non_ascii_as_utf8)
{
    start(false);
    g_scr.cell[0] = ATTR | 0xC9;            /* box drawing */
    g_scr.cell[1] = ATTR | 0x82;            /* e acute */
    g_scr.cell[2] = ATTR | 0x00;            /* a NUL shows as a blank */
    g_scr.cell[3] = ATTR | 'x';
    sync_now();
    end();
    ck_assert_str_eq(g_out, "\xe2\x95\x94\xc3\xa9 x\n");
}
END_TEST

/* ---- a program scrolling video RAM itself, looked at anywhere ---- */

static uint32_t g_seed;

static uint32_t rnd(uint32_t n)
{
    g_seed = g_seed * 1103515245u + 12345u;
    return (g_seed >> 8) % n;
}

static unsigned g_step, g_next_look, g_look_span;

/* One cell stored by the program; the screen is looked at every so often
 * (up to a dozen scrolls apart). */
static void store(unsigned i, uint16_t cell)
{
    g_scr.cell[i] = cell;
    if (++g_step < g_next_look)
        return;
    g_next_look = g_step + 1 + rnd(g_look_span);
    sync_now();
}

/* A line written at the bottom cell by cell after moving rows 1-24 up and
 * blanking row 24 with REP MOVSW and REP STOSW: the screen is not looked
 * at inside those (ui/ui_text.c asks the CPU). */
static void program_line(const char *s)
{
    memmove(g_scr.cell, g_scr.cell + COLS, (ROWS - 1) * COLS * sizeof(uint16_t));
    for (unsigned c = 0; c < COLS; c++)
        g_scr.cell[(ROWS - 1) * COLS + c] = ATTR | ' ';
    g_step += ROWS * COLS;
    for (unsigned c = 0; s[c]; c++)
        store((ROWS - 1) * COLS + c, (uint16_t)(ATTR | (uint8_t)s[c]));
}

/* Line i: numbered, some blank, some indented, lengths varying. */
static void text_line(char *buf, size_t cap, unsigned i)
{
    if (i % 17 == 0)
        buf[0] = 0;
    else
        snprintf(buf, cap, "%*sdirect line %u of 300%s", (int)(i % 5), "", i,
                 i % 3 ? "" : " (longer, to the end of the row)");
}

START_TEST(own_scrolls_seen_part_way)
{
    static char want[OUT_CAP];
    char line[80];
    g_seed = 1 + (uint32_t)_i;
    g_look_span = _i % 2 ? 12 * COLS * ROWS : COLS * ROWS / 2;   /* up to 12 scrolls apart, or close */
    g_step = 0;
    g_next_look = 1 + rnd(4 * COLS);
    want[0] = 0;
    start(false);
    for (unsigned i = 1; i <= 300; i++) {
        text_line(line, sizeof line, i);
        strcat(want, line);
        strcat(want, "\n");
    }
    for (unsigned i = 1; i <= 300; i++) {
        text_line(line, sizeof line, i);
        program_line(line);
    }
    g_scr.cursor_row = ROWS - 1;
    g_scr.cursor_col = 0;
    sync_now();
    end();
    size_t at = 0;
    while (want[at] && want[at] == g_out[at])
        at++;
    while (at && want[at - 1] != '\n')
        at--;
    ck_assert_msg(!want[at] && !g_out[at], "from line %.40s: %.60s", want + at, g_out + at);
}
END_TEST

/* ---- the inline renderer ---- */

static char g_term[OUT_CAP];
static size_t g_nterm;

static void term_out(void *ctx, const void *buf, size_t n)
{
    (void)ctx;
    memcpy(g_term + g_nterm, buf, MIN(n, OUT_CAP - 1 - g_nterm));
    g_nterm += MIN(n, OUT_CAP - 1 - g_nterm);
    g_term[g_nterm] = 0;
}

START_TEST(inline_draws_rows_at_the_cursor)
{
    static struct st_inline in;
    g_nterm = 0;
    g_scr.cursor_row = 3;               /* the terminal's line shows row 3 */
    ck_assert(st_inline_start(&in, &g_scr, term_out, NULL));
    st_inline_resize(&in, 100, 30);
    put_text(&g_scr, 3, 0, "hello");
    put_text(&g_scr, 4, 0, "world");
    g_scr.cell[4 * COLS] = 0x0A00 | 'w';      /* light green */
    g_scr.cursor_row = 5;
    ck_assert(st_inline_draw(&in, &g_scr));
    ck_assert_ptr_nonnull(strstr(g_term, "\r\033[Khello"));
    ck_assert_ptr_nonnull(strstr(g_term, "\r\n\r\033[K\033[0;92mw\033[0morld"));
    put_text(&g_scr, 1, 0, "above");    /* the terminal's own line: out of reach */
    ck_assert(!st_inline_draw(&in, &g_scr));
}
END_TEST

START_TEST(inline_refuses_what_lines_cannot_show)
{
    static struct st_inline in;
    ck_assert(st_inline_start(&in, &g_scr, term_out, NULL));
    g_scr.cell[0] = 0x1F00 | 'x';             /* a blue background */
    ck_assert(!st_inline_draw(&in, &g_scr));
    blank_screen(&g_scr);
    g_scr.cols = 40;
    ck_assert(!st_inline_start(&in, &g_scr, term_out, NULL));
}
END_TEST

START_TEST(inline_erase_scrolls_the_page_away)
{
    static struct st_inline in;
    g_nterm = 0;
    ck_assert(st_inline_start(&in, &g_scr, term_out, NULL));
    st_inline_resize(&in, 80, 10);
    put_text(&g_scr, 0, 0, "before cls");
    ck_assert(st_inline_draw(&in, &g_scr));
    struct st_events ev = st_inline_events(&in);
    ev.leave(ev.ctx, &g_scr, ROWS, ROWS - 1);     /* CLS */
    ck_assert(!st_inline_failed(&in));
    /* ten new lines push the page into the scrollback; up nine: its top */
    ck_assert_ptr_nonnull(strstr(g_term, "\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\033[9A"));
    blank_screen(&g_scr);
    put_text(&g_scr, 0, 0, "after");
    g_nterm = 0;
    ck_assert(st_inline_draw(&in, &g_scr));
    ck_assert_ptr_nonnull(strstr(g_term, "after"));
    ck_assert_ptr_null(strstr(g_term, "\033[1A"));   /* row 0 is where the cursor is */
}
END_TEST

Suite *suite_screentext(void)
{
    Suite *s = suite_create("screentext");
    TCase *tc = tcase_create("stream");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, bios_scrolls_each_row_once);
    tcase_add_test(tc, console_output_already_out_is_not_repeated);
    tcase_add_test(tc, other_output_ends_a_line_begun);
    tcase_add_test(tc, changed_rows_above_are_written_again);
    tcase_add_test(tc, erase_writes_text_not_blank_rows);
    tcase_add_test(tc, non_ascii_as_utf8);
    tcase_add_loop_test(tc, own_scrolls_seen_part_way, 0, 200);
    suite_add_tcase(s, tc);
    tc = tcase_create("inline");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, inline_draws_rows_at_the_cursor);
    tcase_add_test(tc, inline_refuses_what_lines_cannot_show);
    tcase_add_test(tc, inline_erase_scrolls_the_page_away);
    suite_add_tcase(s, tc);
    return s;
}
