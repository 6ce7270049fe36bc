/* Configuration files: INI reading with line numbers and raw sections
 * (base/ini.c), the precedence of files and command line
 * (machine/config.c), DOSBox's [autoexec] paths (machine/dosbox.c), and
 * MOUNT's word splitting (shell/parse.c). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/ini.h"
#include "machine/config.h"
#include "machine/dosbox.h"
#include "machine/options.h"
#include "shell/parse.h"
#include "tests/unit/unit.h"

/* ---- fixtures ---- */

static char g_dir[PATH_MAX];

static void make_dir(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/unidos-config-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(g_dir));
}

static void remove_dir(void)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Write text to NAME in the test directory; its path into out. */
static void write_file(const char *name, const char *text, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", g_dir, name);
    FILE *f = fopen(out, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* ---- base/ini.c ---- */

struct seen {
    char log[2048];
};

static void add(struct seen *s, const char *fmt, const char *a, const char *b, const char *c,
                unsigned line)
{
    size_t n = strlen(s->log);
    snprintf(s->log + n, sizeof s->log - n, fmt, line, a, b, c);
}

static void on_section(void *ctx, const char *section, unsigned line)
{
    add(ctx, "%u[%s]%s%s|", section, "", "", line);
}

static void on_value(void *ctx, const char *section, const char *key, const char *value,
                     unsigned line)
{
    add(ctx, "%u:%s.%s=%s|", section, key, value, line);
}

static void on_raw(void *ctx, const char *section, const char *text, unsigned line)
{
    add(ctx, "%u>%s%s%s|", text, "", "", line);
    (void)section;
}

static void on_error(void *ctx, const char *why, unsigned line)
{
    add(ctx, "%u!%s%s%s|", why, "", "", line);
}

static const char *read_ini(const char *text, struct seen *s)
{
    char path[PATH_MAX];
    static const char *const k_raw[] = {"autoexec", NULL};
    struct ini_sink sink = {.section = on_section, .value = on_value, .raw = on_raw,
                            .error = on_error, .raw_sections = k_raw, .ctx = s};
    memset(s, 0, sizeof *s);
    write_file("t.ini", text, path, sizeof path);
    ck_assert_int_eq(ini_read(path, &sink), 0);
    return s->log;
}

START_TEST(test_ini_values_sections_and_lines)
{
    struct seen s;
    make_dir();
    const char *log = read_ini("\xEF\xBB\xBF" "a = 1\n; comment\n# comment\n\n[Sec]\n"
                               "  b=two words ; a note\n  c = 3\n", &s);
    ck_assert_str_eq(log, "1:.a=1|5[Sec]|6:Sec.b=two words|7:Sec.c=3|");
    remove_dir();
}
END_TEST

START_TEST(test_ini_raw_section_lines_pass_as_they_are)
{
    struct seen s;
    make_dir();
    const char *log = read_ini("[autoexec]\n@echo off\nSET A=B ; C\n\n[dos]\nxms=true\n", &s);
    ck_assert_str_eq(log, "1[autoexec]|2>@echo off|3>SET A=B ; C|4>|5[dos]|6:dos.xms=true|");
    remove_dir();
}
END_TEST

START_TEST(test_ini_errors_name_their_lines)
{
    struct seen s;
    char longline[INI_LINE_MAX + 40];
    make_dir();
    const char *log = read_ini("a = 1\njust words\n[broken\nb = 2\n", &s);
    ck_assert_str_eq(log, "1:.a=1|2!expected KEY = VALUE, or a [SECTION]|"
                          "3!a section header without its ']'|4:.b=2|");
    memset(longline, 'x', sizeof longline - 1);
    longline[sizeof longline - 1] = 0;
    longline[0] = 'k';
    longline[1] = '=';
    char text[sizeof longline + 16];
    snprintf(text, sizeof text, "%s\nz = 9\n", longline);
    log = read_ini(text, &s);
    ck_assert_str_eq(log, "1!the line is too long|2:.z=9|");
    remove_dir();
}
END_TEST

START_TEST(test_ini_missing_file_is_an_error_code)
{
    struct ini_sink sink = {0};
    ck_assert_int_lt(ini_read("/nonexistent/unidos.conf", &sink), 0);
}
END_TEST

/* ---- machine/dosbox.c: [autoexec] ---- */

struct allowed {
    char paths[4][PATH_MAX];
    unsigned n;
};

static void allow(void *ctx, const char *path)
{
    struct allowed *a = ctx;
    if (a->n < 4)
        snprintf(a->paths[a->n++], PATH_MAX, "%s", path);
}

START_TEST(test_autoexec_mount_paths_become_absolute)
{
    char out[1024], why[128], want[PATH_MAX + 64], path[PATH_MAX];
    struct allowed a = {0};
    int drive;
    make_dir();
    write_file("GAME.ISO", "", path, sizeof path);
    ck_assert(dosbox_autoexec("mount c \".\" -t cdrom -label GAME", g_dir, out, sizeof out,
                              allow, &a, why, sizeof why, &drive));
    snprintf(want, sizeof want, "mount c \"%s\" -t cdrom -label GAME", g_dir);
    ck_assert_str_eq(out, want);
    ck_assert_int_eq(drive, 2);
    ck_assert(dosbox_autoexec("@IMGMOUNT D game.iso -t iso -fs iso", g_dir, out, sizeof out,
                              allow, &a, why, sizeof why, &drive));
    snprintf(want, sizeof want, "@IMGMOUNT D \"%s\" -t iso -fs iso", path);
    ck_assert_str_eq(out, want);            /* the name found in another case */
    ck_assert_int_eq(drive, 3);
    ck_assert_uint_eq(a.n, 2);
    ck_assert_str_eq(a.paths[1], path);
    remove_dir();
}
END_TEST

START_TEST(test_autoexec_other_lines_and_unmounts)
{
    char out[1024], why[128];
    struct allowed a = {0};
    int drive;
    ck_assert(dosbox_autoexec("GAME.EXE -setup", "/x", out, sizeof out, allow, &a, why,
                              sizeof why, &drive));
    ck_assert_str_eq(out, "GAME.EXE -setup");
    ck_assert_int_eq(drive, -1);
    ck_assert(dosbox_autoexec("mount -u c", "/x", out, sizeof out, allow, &a, why, sizeof why,
                              &drive));
    ck_assert_int_eq(drive, -1);
    ck_assert_uint_eq(a.n, 0);
    ck_assert(!dosbox_autoexec("mount c C:\\GAMES", "/x", out, sizeof out, allow, &a, why,
                               sizeof why, &drive));
    ck_assert_ptr_nonnull(strstr(why, "Windows path"));
}
END_TEST

/* ---- machine/config.c: precedence ---- */

struct cfg_run {
    struct options o;
    struct cli_table tab;
    struct cli cli;
    struct config *cf;
};

static void cfg_start(struct cfg_run *r)
{
    options_init(&r->o);
    r->tab = options_cli_table(&r->o);
    r->cli = (struct cli){.prog = "unidos", .tables = &r->tab, .ntables = 1,
                          .exclude = CLI_CMDLINE_ONLY};
    r->cf = config_new(&r->cli);
}

static const struct cli_option *option(struct cfg_run *r, const char *name)
{
    void *ctx;
    const struct cli_option *o = cli_find(&r->cli, name, &ctx);
    ck_assert_ptr_nonnull(o);
    return o;
}

START_TEST(test_config_later_files_and_the_command_line_win)
{
    struct cfg_run r;
    char a[PATH_MAX], b[PATH_MAX];
    make_dir();
    write_file("a.conf", "cpu = 486\nxms = 4\ntext = true\n[mount]\nD = .\n", a, sizeof a);
    write_file("b.conf", "cpu = pentium\ntext = false\n", b, sizeof b);
    cfg_start(&r);
    config_add_cmdline(r.cf, option(&r, "xms"), "8");
    ck_assert_int_eq(config_read(r.cf, a), 0);
    ck_assert_int_eq(config_read(r.cf, b), 0);
    ck_assert_int_eq(config_apply(r.cf, &r.o), 0);
    ck_assert_int_eq(r.o.cpu, CPU_MODEL_PENTIUM);       /* b over a */
    ck_assert_uint_eq(r.o.xms_mb, 8);                   /* the command line over a */
    ck_assert(!r.o.text);                               /* false in b */
    ck_assert_uint_eq(r.o.nmounts, 1);
    ck_assert_str_eq(r.o.mounts[0].path, g_dir);        /* relative to a.conf */
    config_free(r.cf);
    remove_dir();
}
END_TEST

START_TEST(test_config_a_later_source_replaces_a_drive)
{
    struct cfg_run r;
    char a[PATH_MAX];
    make_dir();
    write_file("a.conf", "[mount]\nA = one.img\nA = two.img\nD = .\n", a, sizeof a);
    cfg_start(&r);
    config_add_cmdline(r.cf, option(&r, "mount"), "d=/tmp");
    ck_assert_int_eq(config_read(r.cf, a), 0);
    ck_assert_int_eq(config_apply(r.cf, &r.o), 0);
    ck_assert_uint_eq(r.o.nmounts, 3);                  /* A: twice (swap), then D: */
    ck_assert_uint_eq(r.o.mounts[0].drive, 0);
    ck_assert_uint_eq(r.o.mounts[1].drive, 0);
    ck_assert_uint_eq(r.o.mounts[2].drive, 3);
    ck_assert_str_eq(r.o.mounts[2].path, "/tmp");
    config_free(r.cf);
    remove_dir();
}
END_TEST

START_TEST(test_config_errors_fail_the_read)
{
    struct cfg_run r;
    char a[PATH_MAX];
    make_dir();
    write_file("a.conf", "nokey = 1\n", a, sizeof a);
    cfg_start(&r);
    ck_assert_int_eq(config_read(r.cf, a), -1);
    config_free(r.cf);
    write_file("b.conf", "timeout = never\n", a, sizeof a);
    cfg_start(&r);
    ck_assert_int_eq(config_read(r.cf, a), 0);
    ck_assert_int_eq(config_apply(r.cf, &r.o), -1);     /* the setter refuses it */
    config_free(r.cf);
    remove_dir();
}
END_TEST

START_TEST(test_dosbox_keys_become_options)
{
    struct cfg_run r;
    char a[PATH_MAX];
    make_dir();
    write_file("d.conf", "[dosbox]\nmemsize=32\n[sblaster]\nsbtype=sbpro2\nirq=5\ndma=0\n"
                         "[dos]\nems=false\numb=false\n[gus]\ngus=true\n", a, sizeof a);
    cfg_start(&r);
    ck_assert_int_eq(config_read(r.cf, a), 0);
    ck_assert_int_eq(config_apply(r.cf, &r.o), 0);
    ck_assert_uint_eq(r.o.xms_mb, 31);
    ck_assert_int_eq(r.o.card, AUD_CARD_SBPRO);
    ck_assert_uint_eq(r.o.sb_irq, 5);
    ck_assert_uint_eq(r.o.sb_dma, 0);
    ck_assert_uint_eq(r.o.ems_mb, 0);
    ck_assert(r.o.no_umb);
    config_free(r.cf);
    remove_dir();
}
END_TEST

/* The keys of issue 22's options: cycles, fullscreen, aspect and a layout
 * with Staging's code page; a layout unidos has no table for keeps the
 * default (noted under -v), and is no error. */
START_TEST(test_dosbox_desk_keys_and_layouts)
{
    struct cfg_run r;
    char a[PATH_MAX];
    make_dir();
    write_file("d.conf", "[cpu]\ncycles=fixed 3000\n[sdl]\nfullscreen=true\n[render]\n"
                         "aspect=false\n[dos]\nkeyboardlayout=gr 437\n", a, sizeof a);
    cfg_start(&r);
    ck_assert_int_eq(config_read(r.cf, a), 0);
    ck_assert_int_eq(config_apply(r.cf, &r.o), 0);
    ck_assert_uint_eq(r.o.speed_ipms, 3000);
    ck_assert(r.o.fullscreen);
    ck_assert(r.o.no_aspect);
    ck_assert_str_eq(r.o.keyboard, "gr,437");
    config_free(r.cf);
    write_file("f.conf", "[cpu]\ncycles=max 90% limit 25000\n", a, sizeof a);
    cfg_start(&r);
    ck_assert_int_eq(config_read(r.cf, a), 0);
    ck_assert_int_eq(config_apply(r.cf, &r.o), 0);
    ck_assert_uint_eq(r.o.speed_ipms, 25000);           /* max, but not above the limit */
    config_free(r.cf);
    write_file("e.conf", "[dos]\nkeyboardlayout=ru\n", a, sizeof a);
    cfg_start(&r);
    ck_assert_int_eq(config_read(r.cf, a), 0);
    ck_assert_int_eq(config_apply(r.cf, &r.o), 0);
    ck_assert_ptr_null(r.o.keyboard);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    config_print(r.cf, f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "keyboardlayout=ru: no such layout"));
    free(text);
    config_free(r.cf);
    remove_dir();
}
END_TEST

/* ---- shell/parse.c: MOUNT's words ---- */

START_TEST(test_next_word_keeps_paths_whole)
{
    char w[64];
    const char *p = "  D \"my games\"/x  -t cdrom a;b,c=d";
    ck_assert(sh_next_word(&p, w, sizeof w));
    ck_assert_str_eq(w, "D");
    ck_assert(sh_next_word(&p, w, sizeof w));
    ck_assert_str_eq(w, "my games/x");
    ck_assert(sh_next_word(&p, w, sizeof w));
    ck_assert_str_eq(w, "-t");
    ck_assert(sh_next_word(&p, w, sizeof w));
    ck_assert_str_eq(w, "cdrom");
    ck_assert(sh_next_word(&p, w, sizeof w));
    ck_assert_str_eq(w, "a;b,c=d");
    ck_assert(!sh_next_word(&p, w, sizeof w));
}
END_TEST

Suite *suite_config(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("ini");
    tcase_add_test(tc, test_ini_values_sections_and_lines);
    tcase_add_test(tc, test_ini_raw_section_lines_pass_as_they_are);
    tcase_add_test(tc, test_ini_errors_name_their_lines);
    tcase_add_test(tc, test_ini_missing_file_is_an_error_code);
    suite_add_tcase(s, tc);
    tc = tcase_create("config");
    tcase_add_test(tc, test_autoexec_mount_paths_become_absolute);
    tcase_add_test(tc, test_autoexec_other_lines_and_unmounts);
    tcase_add_test(tc, test_config_later_files_and_the_command_line_win);
    tcase_add_test(tc, test_config_a_later_source_replaces_a_drive);
    tcase_add_test(tc, test_config_errors_fail_the_read);
    tcase_add_test(tc, test_dosbox_keys_become_options);
    tcase_add_test(tc, test_dosbox_desk_keys_and_layouts);
    tcase_add_test(tc, test_next_word_keeps_paths_whole);
    suite_add_tcase(s, tc);
    return s;
}
