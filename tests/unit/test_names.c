/* fs/names83 and fs/dirlist: 8.3 names, aliases that are unique and
 * stable, case-insensitive lookup, FCB templates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "fs/dirlist.h"
#include "fs/names83.h"
#include "tests/unit/unit.h"

struct plain_case {
    const char *host;
    const char *dos;            /* NULL: needs an alias */
};

static const struct plain_case k_plain[] = {
    {"README.TXT", "README.TXT"},
    {"readme.txt", "README.TXT"},
    {"Makefile", "MAKEFILE"},
    {"a", "A"},
    {"12345678.123", "12345678.123"},
    {"$tmp#.~1~", "$TMP#.~1~"},
    {"{x}(y)-@^_`!'%&.z", NULL},        /* 13 characters before the dot */
    {"x{y}.(z)", "X{Y}.(Z)"},
    {"caf\xc3\xa9.txt", "CAF\x82.TXT"},  /* e acute is 82h in code page 437 */
    {"longfilename.txt", NULL},
    {"name.text", NULL},
    {"two.dots.c", NULL},
    {".profile", NULL},
    {"trail.", NULL},
    {"has space.c", NULL},
    {"plus+.c", NULL},
    {"semi;colon", NULL},
    {"con", NULL},                      /* device names are never plain names */
    {"NUL.TXT", NULL},
    {"clock$", NULL},
    {"com1.log", NULL},
    {"lpt3", NULL},
    {"com5", "COM5"},
    {"emoji\xf0\x9f\x98\x80", NULL},   /* no code page 437 form */
    {"bad\xff", NULL},                  /* not UTF-8 */
    {"", NULL},
};

START_TEST(test_plain_name_table)
{
    const struct plain_case *c = &k_plain[_i];
    char out[FS_NAME83_MAX];
    bool ok = fs_name_plain83(c->host, out);
    ck_assert_msg(ok == (c->dos != NULL), "'%s': plain %d", c->host, ok);
    if (ok)
        ck_assert_str_eq(out, c->dos);
}
END_TEST

struct alias_case {
    const char *host;
    unsigned n;
    const char *alias;
};

static const struct alias_case k_alias[] = {
    {"longfilename.txt", 1, "LONGFI~1.TXT"},
    {"longfilename.txt", 2, "LONGFI~2.TXT"},
    {"longfilename.txt", 10, "LONGF~10.TXT"},
    {"longfilename.txt", 123456, "L~123456.TXT"},
    {"name.text", 1, "NAME~1.TEX"},
    {"two.dots.c", 1, "TWODOT~1.C"},
    {".profile", 1, "PROFIL~1"},
    {".git", 1, "GIT~1"},
    {"has space.c", 1, "HASSPA~1.C"},
    {"plus+.c", 1, "PLUS_~1.C"},
    {"con", 1, "CON~1"},
    {"...", 1, "_~1"},
    {"caf\xc3\xa9 au lait.txt", 1, "CAF\x82" "AU~1.TXT"},
    {"emoji\xf0\x9f\x98\x80.txt", 1, "EMOJI_~1.TXT"},
};

START_TEST(test_alias_table)
{
    const struct alias_case *c = &k_alias[_i];
    char out[FS_NAME83_MAX];
    fs_name_alias(c->host, c->n, out);
    ck_assert_str_eq(out, c->alias);
    ck_assert_msg(fs_name_is_83(out), "%s is not 8.3", out);
}
END_TEST

START_TEST(test_name_to_host_converts_code_page)
{
    char out[32];
    ck_assert_int_eq(fs_name_to_host("CAF\x82.TXT", false, out, sizeof out), 0);
    ck_assert_str_eq(out, "CAF\xc3\xa9.TXT");
    ck_assert_int_eq(fs_name_to_host("README.TXT", true, out, sizeof out), 0);
    ck_assert_str_eq(out, "readme.txt");
    ck_assert_int_eq(fs_name_to_host("\xe5X", false, out, sizeof out), 0);
    ck_assert_str_eq(out, "\xcf\x83X");            /* E5h is sigma, not "deleted" */
    ck_assert_int_eq(fs_name_to_host("ABCDEFGH.IJK", false, out, 5), -1);
}
END_TEST

struct fcb_case {
    const char *name;
    const char *fcb;
};

static const struct fcb_case k_fcb[] = {
    {"FILE.TXT", "FILE    TXT"}, {"*.*", "???????????"}, {"*", "????????   "},
    {"A*.C", "A???????C  "},       {"?X.*", "?X      ???"}, {"NOEXT", "NOEXT      "},
    {"ABCDEFGH.IJK", "ABCDEFGHIJK"},
};

START_TEST(test_fcb_form_table)
{
    uint8_t fcb[FS_FCB_NAME_BYTES];
    fs_name_to_fcb(k_fcb[_i].name, fcb);
    ck_assert_msg(!memcmp(fcb, k_fcb[_i].fcb, sizeof fcb), "'%s' -> '%.11s'", k_fcb[_i].name,
                  fcb);
}
END_TEST

struct match_case {
    const char *pattern, *name;
    bool match;
};

static const struct match_case k_match[] = {
    {"*.*", "ANY.TXT", true},      {"*.*", "NOEXT", true},   {"*", "NOEXT", true},
    {"*", "ANY.TXT", false},       {"*.C", "MAIN.C", true},  {"*.C", "MAIN.CPP", false},
    {"M?IN.*", "MAIN.H", true},    {"M?IN.*", "MOIN", true}, {"M?IN.*", "MAINS.C", false},
    {"????????.???", "A.B", true}, {"A.B", "a.b", true},     {"FILE", "FILE.TXT", false},
};

START_TEST(test_wildcard_match_table)
{
    const struct match_case *c = &k_match[_i];
    uint8_t t[FS_FCB_NAME_BYTES], n[FS_FCB_NAME_BYTES];
    fs_name_to_fcb(c->pattern, t);
    fs_name_to_fcb(c->name, n);
    ck_assert_msg(fs_fcb_match(t, n) == c->match, "%s vs %s", c->pattern, c->name);
}
END_TEST

START_TEST(test_device_names_in_any_case_and_with_extensions)
{
    ck_assert(fs_name_is_device("CON"));
    ck_assert(fs_name_is_device("con.txt"));
    ck_assert(fs_name_is_device("Nul"));
    ck_assert(fs_name_is_device("CLOCK$.DAT"));
    ck_assert(fs_name_is_device("COM4"));
    ck_assert(fs_name_is_device("LPT1.X"));
    ck_assert(!fs_name_is_device("CONFIG.SYS"));
    ck_assert(!fs_name_is_device("COM5"));
    ck_assert(!fs_name_is_device("NULL"));
}
END_TEST

/* ---- listings ---- */

static void list_of(struct fs_dirlist *l, const char *const *names, size_t n)
{
    struct fs_dl_item items[32];
    memset(l, 0, sizeof *l);
    for (size_t i = 0; i < n; i++)
        items[i] = (struct fs_dl_item){.host = names[i]};
    fs_dl_merge(l, items, n);
}

static const char *dos_of(const struct fs_dirlist *l, const char *host)
{
    long k = fs_dl_find_host(l, host);
    return k < 0 ? NULL : l->e[k].dos;
}

START_TEST(test_aliases_are_unique_and_plain_names_win)
{
    static const char *const names[] = {
        "longfilename.txt", "longfile.txt", "LONGFI~1.TXT", "longfilename2.txt", "readme.txt",
        "README.TXT",       "ReadMe.Txt",   "x",
    };
    struct fs_dirlist l;
    list_of(&l, names, ARRAY_LEN(names));
    ck_assert_str_eq(dos_of(&l, "LONGFI~1.TXT"), "LONGFI~1.TXT");       /* a real name wins */
    ck_assert_str_eq(dos_of(&l, "longfilename.txt"), "LONGFI~2.TXT");
    ck_assert_str_eq(dos_of(&l, "longfilename2.txt"), "LONGFI~3.TXT");
    ck_assert_str_eq(dos_of(&l, "longfile.txt"), "LONGFILE.TXT");
    ck_assert_str_eq(dos_of(&l, "README.TXT"), "README.TXT");   /* byte order: upper first */
    ck_assert_str_eq(dos_of(&l, "ReadMe.Txt"), "README~1.TXT");
    ck_assert_str_eq(dos_of(&l, "readme.txt"), "README~2.TXT");
    for (uint32_t i = 0; i < l.n; i++)
        for (uint32_t j = i + 1; j < l.n; j++)
            ck_assert_str_ne(l.e[i].dos, l.e[j].dos);
    ck_assert_int_eq(fs_dl_find(&l, "readme~1.txt"), fs_dl_find_host(&l, "ReadMe.Txt"));
    fs_dl_free(&l);
}
END_TEST

START_TEST(test_aliases_do_not_depend_on_listing_order)
{
    static const char *const a[] = {"b long name.c", "a long name.c", "a long name.h",
                                    "zz", "a long name 2.c"};
    static const char *const b[] = {"a long name 2.c", "zz", "a long name.h", "a long name.c",
                                    "b long name.c"};
    struct fs_dirlist la, lb;
    list_of(&la, a, ARRAY_LEN(a));
    list_of(&lb, b, ARRAY_LEN(b));
    for (size_t i = 0; i < ARRAY_LEN(a); i++)
        ck_assert_str_eq(dos_of(&la, a[i]), dos_of(&lb, a[i]));
    ck_assert_str_eq(dos_of(&la, "a long name 2.c"), "ALONGN~1.C");    /* byte order */
    ck_assert_str_eq(dos_of(&la, "a long name.c"), "ALONGN~2.C");
    ck_assert_str_eq(dos_of(&la, "a long name.h"), "ALONGN~1.H");
    fs_dl_free(&la);
    fs_dl_free(&lb);
}
END_TEST

START_TEST(test_merge_keeps_names_and_slots_of_survivors)
{
    static const char *const first[] = {"one long name", "two long name", "keep.txt"};
    static const char *const second[] = {"two long name", "keep.txt", "new long name",
                                         "one"};
    struct fs_dirlist l;
    struct fs_dl_item items[4];
    list_of(&l, first, ARRAY_LEN(first));
    long two = fs_dl_find_host(&l, "two long name"), one = fs_dl_find_host(&l, "one long name");
    char two_dos[FS_NAME83_MAX];
    strcpy(two_dos, l.e[two].dos);
    for (size_t i = 0; i < ARRAY_LEN(second); i++)
        items[i] = (struct fs_dl_item){.host = second[i]};
    fs_dl_merge(&l, items, ARRAY_LEN(second));
    ck_assert_int_eq(fs_dl_find_host(&l, "two long name"), two);        /* same slot */
    ck_assert_str_eq(l.e[two].dos, two_dos);                             /* same name */
    ck_assert_int_lt(fs_dl_find_host(&l, "one long name"), 0);
    ck_assert_int_eq(fs_dl_find_host(&l, "one"), one); /* the first new name takes the tombstone */
    ck_assert_int_lt(fs_dl_find(&l, "ONELON~1"), 0);
    ck_assert_str_eq(dos_of(&l, "new long name"), "NEWLON~1");
    ck_assert_str_eq(dos_of(&l, "one"), "ONE");
    fs_dl_free(&l);
}
END_TEST

START_TEST(test_many_names_stay_unique)
{
    struct fs_dirlist l;
    memset(&l, 0, sizeof l);
    char host[64];
    for (int i = 0; i < 3000; i++) {
        snprintf(host, sizeof host, "a very long file name %04d.dat", i);
        struct fs_dl_item it = {.host = host};
        fs_dl_add(&l, &it, NULL);
    }
    for (uint32_t i = 0; i < l.n; i++) {
        ck_assert(fs_name_is_83(l.e[i].dos));
        ck_assert_int_eq(fs_dl_find(&l, l.e[i].dos), (long)i);
    }
    fs_dl_free(&l);
}
END_TEST

/* Files created and deleted over and over (a compiler's temporaries, a
 * host program swapping two names) reuse the slots: the listing keeps its
 * size, every name is still found, and a removed-then-added entry never
 * lands after the removed slot, so a find-next loop renaming what it finds
 * does not meet it again. */
START_TEST(test_churn_reuses_slots)
{
    static const char *const names[] = {"keep.txt", "sub", "swaplink", "other long name"};
    struct fs_dirlist l;
    list_of(&l, names, ARRAY_LEN(names));
    char host[32];
    for (int i = 0; i < 100000; i++) {
        long sub = fs_dl_find_host(&l, i % 2 ? "temp.$$$" : "sub");
        ck_assert_int_ge(sub, 0);
        fs_dl_remove(&l, (uint32_t)sub);
        snprintf(host, sizeof host, "%s", i % 2 ? "sub" : "temp.$$$");
        struct fs_dl_item it = {.host = host};
        ck_assert_uint_le(fs_dl_add(&l, &it, NULL), (uint32_t)sub);
    }
    ck_assert_uint_le(l.n, ARRAY_LEN(names));
    ck_assert_uint_le(l.hcap, 64);
    ck_assert_str_eq(dos_of(&l, "keep.txt"), "KEEP.TXT");
    ck_assert_str_eq(dos_of(&l, "other long name"), "OTHERL~1");
    ck_assert_str_eq(dos_of(&l, "sub"), "SUB");
    ck_assert_int_lt(fs_dl_find(&l, "TEMP.$$$"), 0);
    fs_dl_free(&l);
}
END_TEST

Suite *suite_names(void)
{
    Suite *s = suite_create("names");
    TCase *tc = tcase_create("names83");
    tcase_add_loop_test(tc, test_plain_name_table, 0, (int)ARRAY_LEN(k_plain));
    tcase_add_loop_test(tc, test_alias_table, 0, (int)ARRAY_LEN(k_alias));
    tcase_add_loop_test(tc, test_fcb_form_table, 0, (int)ARRAY_LEN(k_fcb));
    tcase_add_loop_test(tc, test_wildcard_match_table, 0, (int)ARRAY_LEN(k_match));
    tcase_add_test(tc, test_name_to_host_converts_code_page);
    tcase_add_test(tc, test_device_names_in_any_case_and_with_extensions);
    suite_add_tcase(s, tc);
    tc = tcase_create("dirlist");
    tcase_add_test(tc, test_aliases_are_unique_and_plain_names_win);
    tcase_add_test(tc, test_aliases_do_not_depend_on_listing_order);
    tcase_add_test(tc, test_merge_keeps_names_and_slots_of_survivors);
    tcase_add_test(tc, test_many_names_stay_unique);
    tcase_add_test(tc, test_churn_reuses_slots);
    suite_add_tcase(s, tc);
    return s;
}
