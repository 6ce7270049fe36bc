/* fs/path: DOS path normalisation; no path may leave its drive. */
#include <string.h>

#include "base/doserr.h"
#include "fs/path.h"
#include "tests/unit/unit.h"

struct path_case {
    const char *in;
    int rc;
    unsigned drive;
    const char *out;
};

static const char *const k_cwds[26] = {[2] = "SRC\\LIB", [3] = ""};

static const struct path_case k_paths[] = {
    {"FILE.TXT", 0, 2, "SRC\\LIB\\FILE.TXT"},
    {"\\FILE.TXT", 0, 2, "FILE.TXT"},
    {"c:/dir/file.txt", 0, 2, "DIR\\FILE.TXT"},
    {"D:file", 0, 3, "FILE"},
    {"..\\X", 0, 2, "SRC\\X"},
    {"..\\..\\..\\..\\X", 0, 2, "X"},
    {"\\..\\..\\ETC\\PASSWD", 0, 2, "ETC\\PASSWD"},
    {"C:\\A\\.\\B\\..\\C", 0, 2, "A\\C"},
    {"\\\\\\A\\\\B", 0, 2, "A\\B"},
    {"longfilename.text", 0, 2, "SRC\\LIB\\LONGFILE.TEX"},
    {"name.", 0, 2, "SRC\\LIB\\NAME"},
    {"name. . ", 0, 2, "SRC\\LIB\\NAME"},
    {"*.C", 0, 2, "SRC\\LIB\\*.C"},
    {"C:", 0, 2, "SRC\\LIB"},
    {"", -DOSERR_PATH_NOT_FOUND, 0, ""},
    {"a>b", -DOSERR_PATH_NOT_FOUND, 0, ""},
    {"a|b", -DOSERR_PATH_NOT_FOUND, 0, ""},
    {"1:\\x", -DOSERR_INVALID_DRIVE, 0, ""},
    {"a.b.c", -DOSERR_PATH_NOT_FOUND, 0, ""},
    {"\x01name", -DOSERR_PATH_NOT_FOUND, 0, ""},
    /* Blanks ending a field are padding (found by the path fuzz target:
     * "OVE       )" made a host file "OVE     " that listed as such). */
    {"OVE       ) X", 0, 2, "SRC\\LIB\\OVE"},
    {"\\ABC     .T  ", 0, 2, "ABC.T"},
    {"\\A B.TXT", 0, 2, "A B.TXT"},
    {"\\        .TXT", -DOSERR_PATH_NOT_FOUND, 0, ""},
};

START_TEST(test_normalize_table)
{
    const struct path_case *c = &k_paths[_i];
    char out[128];
    unsigned drive = 99;
    int rc = fs_path_normalize(c->in, 2, k_cwds, &drive, out, sizeof out);
    ck_assert_msg(rc == c->rc, "'%s': rc %d, expected %d", c->in, rc, c->rc);
    if (rc == 0) {
        ck_assert_uint_eq(drive, c->drive);
        ck_assert_str_eq(out, c->out);
        ck_assert_msg(!strstr(out, ".."), "'%s' kept '..'", c->in);
    }
}
END_TEST

START_TEST(test_overlong_path_is_refused)
{
    char in[400], out[128];
    unsigned drive;
    strcpy(in, "\\");
    for (int i = 0; i < 40; i++)
        strcat(in, "DIRNAME\\");
    ck_assert_int_eq(fs_path_normalize(in, 2, k_cwds, &drive, out, sizeof out),
                     -DOSERR_PATH_NOT_FOUND);
}
END_TEST

Suite *suite_path(void)
{
    Suite *s = suite_create("path");
    TCase *tc = tcase_create("normalize");
    tcase_add_loop_test(tc, test_normalize_table, 0, (int)(sizeof k_paths / sizeof k_paths[0]));
    tcase_add_test(tc, test_overlong_path_is_refused);
    suite_add_tcase(s, tc);
    return s;
}
