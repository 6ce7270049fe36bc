/* shell/: command-line syntax (pipes, redirections, command words,
 * switches, batch parameters, FOR), the line editor, the Z: drive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/doserr.h"
#include "fs/drive.h"
#include "shell/lineedit.h"
#include "shell/parse.h"
#include "tests/unit/unit.h"

/* ---- pipelines and redirections ---- */

struct pipe_case {
    const char *line;
    int rc;
    unsigned n;
    const char *cmd[3], *in[3], *out[3];
    bool append[3];
};

/* The command text keeps the blank before a redirection: DOS's quirk,
 * "ECHO hi > X" writes "hi " (pinned on purpose). */
static const struct pipe_case k_pipes[] = {
    {"", 0, 0, {NULL}, {NULL}, {NULL}, {false}},
    {"   ", 0, 0, {NULL}, {NULL}, {NULL}, {false}},
    {"ECHO hi", 0, 1, {"ECHO hi"}, {NULL}, {NULL}, {false}},
    {"ECHO hi > X.TXT", 0, 1, {"ECHO hi "}, {NULL}, {"X.TXT"}, {false}},
    {"ECHO hi>>X.TXT", 0, 1, {"ECHO hi"}, {NULL}, {"X.TXT"}, {true}},
    {"SORT<IN.TXT>OUT.TXT", 0, 1, {"SORT"}, {"IN.TXT"}, {"OUT.TXT"}, {false}},
    {"SORT > A > B", 0, 1, {"SORT  "}, {NULL}, {"B"}, {false}},
    {"A | B | C", 0, 3, {"A ", " B ", " C"}, {NULL}, {NULL}, {false}},
    {"TYPE F|FIND \"a|b\">O", 0, 2, {"TYPE F", "FIND \"a|b\""}, {NULL}, {NULL, "O"}, {false}},
    {"FIND \"x>y\" F", 0, 1, {"FIND \"x>y\" F"}, {NULL}, {NULL}, {false}},
    {"ECHO > \"NAME\"", 0, 1, {"ECHO "}, {NULL}, {"NAME"}, {false}},
    {"> NEW.TXT", 0, 1, {""}, {NULL}, {"NEW.TXT"}, {false}},
    {"ECHO >", -1, 0, {NULL}, {NULL}, {NULL}, {false}},
    {"SORT <", -1, 0, {NULL}, {NULL}, {NULL}, {false}},
    {"A || B", -1, 0, {NULL}, {NULL}, {NULL}, {false}},
    {"| B", -1, 0, {NULL}, {NULL}, {NULL}, {false}},
    {"A |", -1, 0, {NULL}, {NULL}, {NULL}, {false}},
};

static void str_or_null_eq(const char *got, const char *want, const char *what, const char *line)
{
    if (!want)
        ck_assert_msg(got == NULL, "'%s': %s '%s', expected none", line, what, got);
    else
        ck_assert_msg(got && !strcmp(got, want), "'%s': %s '%s', expected '%s'", line, what,
                      got ? got : "(none)", want);
}

START_TEST(test_pipeline_table)
{
    const struct pipe_case *c = &k_pipes[_i];
    struct sh_pipeline pl;
    int rc = sh_parse_pipeline(c->line, &pl);
    ck_assert_msg(rc == c->rc, "'%s': rc %d, expected %d", c->line, rc, c->rc);
    ck_assert_uint_eq(pl.n, c->n);
    for (unsigned i = 0; i < pl.n; i++) {
        str_or_null_eq(pl.st[i].cmd, c->cmd[i], "command", c->line);
        str_or_null_eq(pl.st[i].in, c->in[i], "input", c->line);
        str_or_null_eq(pl.st[i].out, c->out[i], "output", c->line);
        ck_assert_int_eq(pl.st[i].append, c->append[i]);
    }
    sh_pipeline_free(&pl);
}
END_TEST

START_TEST(test_pipeline_too_many_stages_is_an_error)
{
    char line[SH_PIPE_MAX * 4 + 8] = "A";
    struct sh_pipeline pl;
    for (int i = 0; i < SH_PIPE_MAX; i++)
        strcat(line, " | A");
    ck_assert_int_eq(sh_parse_pipeline(line, &pl), -1);
    ck_assert_uint_eq(pl.n, 0);
}
END_TEST

/* ---- command words ---- */

struct word_case {
    const char *cmd, *word;
    size_t tail;
};

static const struct word_case k_words[] = {
    {"DIR /W", "DIR", 3},
    {"DIR/W", "DIR", 3},
    {"  ,;=ECHO hi", "ECHO", 9},
    {"ECHO.", "ECHO.", 5},
    {"CD\\DOS", "CD\\DOS", 6},
    {"C:\\BIN\\TOOL.EXE/x y", "C:\\BIN\\TOOL.EXE", 15},
    {"PATH=C:\\", "PATH", 4},
    {"A:", "A:", 2},
    {"", "", 0},
};

START_TEST(test_command_word_table)
{
    const struct word_case *c = &k_words[_i];
    char w[SH_NAME_MAX];
    size_t t = sh_command_word(c->cmd, w, sizeof w);
    ck_assert_str_eq(w, c->word);
    ck_assert_uint_eq(t, c->tail);
}
END_TEST

struct prefix_case {
    const char *word, *name;
    size_t n;
};

static const struct prefix_case k_prefixes[] = {
    {"ECHO", "ECHO", 4},   {"echo", "ECHO", 4},     {"ECHO.", "ECHO", 4},
    {"CD\\DOS", "CD", 2},  {"CD..", "CD", 2},       {"CDROM", "CD", 0},
    {"RENAME", "REN", 0},  {"ECHOES", "ECHO", 0},   {"EC", "ECHO", 0},
    {"DIR:", "DIR", 3},    {"TYPE[X]", "TYPE", 4},
};

START_TEST(test_internal_prefix_table)
{
    const struct prefix_case *c = &k_prefixes[_i];
    ck_assert_uint_eq(sh_internal_prefix(c->word, c->name), c->n);
}
END_TEST

START_TEST(test_next_arg_splits_on_dos_separators_and_keeps_quotes)
{
    const char *p = " a,b;;c=d  \"e f\" g";
    const char *want[] = {"a", "b", "c", "d", "\"e f\"", "g"};
    char arg[32];
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ck_assert(sh_next_arg(&p, arg, sizeof arg));
        ck_assert_str_eq(arg, want[i]);
    }
    ck_assert(!sh_next_arg(&p, arg, sizeof arg));
}
END_TEST

START_TEST(test_switches_come_out_of_the_arguments)
{
    char args[] = " *.TXT/W /O:-N /a:hs x/p \"y/z\"";
    struct sh_switch sw[SH_SWITCH_MAX];
    size_t n = sh_take_switches(args, sw, SH_SWITCH_MAX);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(sw[0].letter, 'W');
    ck_assert_int_eq(sw[1].letter, 'O');
    ck_assert_str_eq(sw[1].value, "-N");
    ck_assert_int_eq(sw[2].letter, 'A');
    ck_assert_str_eq(sw[2].value, "HS");
    ck_assert_int_eq(sw[3].letter, 'P');
    const char *p = args;
    char arg[32];
    ck_assert(sh_next_arg(&p, arg, sizeof arg));
    ck_assert_str_eq(arg, "*.TXT");
    ck_assert(sh_next_arg(&p, arg, sizeof arg));
    ck_assert_str_eq(arg, "x");
    ck_assert(sh_next_arg(&p, arg, sizeof arg));
    ck_assert_str_eq(arg, "\"y/z\"");
}
END_TEST

/* ---- batch parameters ---- */

static bool test_env(void *ctx, const char *name, char *out, size_t cap)
{
    static const char *const k_vars[][2] = {{"PATH", "C:\\;Z:\\"}, {"EMPTY", ""}};
    (void)ctx;
    for (size_t i = 0; i < sizeof k_vars / sizeof k_vars[0]; i++)
        if (!strcmp(name, k_vars[i][0])) {
            snprintf(out, cap, "%s", k_vars[i][1]);
            return true;
        }
    return false;
}

struct expand_case {
    const char *line;
    int shift;
    const char *out;
};

static const struct expand_case k_expands[] = {
    {"ECHO %1 %2 %3", 0, "ECHO one two "},
    {"ECHO %0", 0, "ECHO TEST.BAT"},
    {"ECHO %1", 2, "ECHO "},
    {"ECHO %0", 1, "ECHO one"},
    {"ECHO %path%!", 0, "ECHO C:\\;Z:\\!"},
    {"ECHO [%EMPTY%][%NOPE%]", 0, "ECHO [][]"},
    {"ECHO 100%%", 0, "ECHO 100%"},
    {"FOR %%F IN (*.C) DO ECHO %%F", 0, "FOR %F IN (*.C) DO ECHO %F"},
    {"ECHO 50% off", 0, "ECHO 50 off"},
    {"%1%2", 0, "onetwo"},
};

START_TEST(test_expand_batch_table)
{
    char a0[] = "TEST.BAT", a1[] = "one", a2[] = "two";
    char *const args[] = {a0, a1, a2};
    const struct expand_case *c = &k_expands[_i];
    char out[SH_LINE_MAX];
    sh_expand_batch(c->line, args, 3, c->shift, test_env, NULL, out, sizeof out);
    ck_assert_str_eq(out, c->out);
}
END_TEST

START_TEST(test_expand_batch_never_overflows)
{
    char a0[] = "X", a1[] = "0123456789";
    char *const args[] = {a0, a1};
    char out[8];
    sh_expand_batch("%1%1%1%1", args, 2, 0, test_env, NULL, out, sizeof out);
    ck_assert_str_eq(out, "0123456");
}
END_TEST

/* ---- FOR ---- */

START_TEST(test_for_syntax)
{
    struct sh_for_syntax f;
    ck_assert_int_eq(sh_parse_for(" %%F IN (*.TXT A.B) DO ECHO %F", &f), 0);
    ck_assert_int_eq(f.var, 'F');
    ck_assert_int_eq((int)f.set_len, 9);
    ck_assert(!strncmp(f.set, "*.TXT A.B", f.set_len));
    ck_assert_str_eq(f.cmd, "ECHO %F");
    ck_assert_int_eq(sh_parse_for(" %x in(a) do x", &f), 0);
    ck_assert_int_eq(f.var, 'x');
    ck_assert_int_eq(sh_parse_for(" %x (a) DO x", &f), -1);
    ck_assert_int_eq(sh_parse_for(" %x IN (a DO x", &f), -1);
    ck_assert_int_eq(sh_parse_for(" %x IN (a) DO", &f), -1);
    ck_assert_int_eq(sh_parse_for(" x IN (a) DO y", &f), -1);
}
END_TEST

START_TEST(test_for_substitution_is_case_sensitive)
{
    char out[64];
    sh_for_subst("ECHO %F %f %%F", 'F', "A.TXT", out, sizeof out);
    ck_assert_str_eq(out, "ECHO A.TXT %f %A.TXT");
}
END_TEST

/* ---- the line editor ---- */

struct screen {
    char text[512];
    size_t n;
};

static void screen_write(void *ctx, const char *text, size_t n)
{
    struct screen *s = ctx;
    for (size_t i = 0; i < n && s->n + 1 < sizeof s->text; i++)
        s->text[s->n++] = text[i];
    s->text[s->n] = 0;
}

#define K(c) ((uint16_t)(c))
#define EXT(sc) ((uint16_t)((sc) << 8))
enum {
    KEY_F1 = EXT(0x3B), KEY_F3 = EXT(0x3D), KEY_HOME = EXT(0x47), KEY_UP = EXT(0x48),
    KEY_LEFT = EXT(0x4B), KEY_RIGHT = EXT(0x4D), KEY_END = EXT(0x4F), KEY_DOWN = EXT(0x50),
    KEY_INS = EXT(0x52), KEY_DEL = EXT(0x53), KEY_ENTER = 0x1C0D, KEY_BS = 0x0E08,
    KEY_ESC = 0x011B, KEY_CTRL_C = 0x2E03,
};

/* Type keys (0-terminated) into a fresh line; returns whether it ended. */
static bool type_keys(struct sh_input *in, struct sh_history *h, struct screen *scr,
                      const uint16_t *keys)
{
    struct sh_edit_env env = {h, screen_write, scr};
    bool done = false;
    sh_edit_start(in, h);
    for (; *keys && !done; keys++)
        done = sh_edit_key(in, *keys, &env);
    in->buf[in->len] = 0;
    return done;
}

struct edit_case {
    const char *what;
    uint16_t keys[24];
    const char *line;
};

static const struct edit_case k_edits[] = {
    {"plain typing", {K('d'), K('i'), K('r'), KEY_ENTER}, "dir"},
    {"backspace", {K('a'), K('b'), KEY_BS, K('c'), KEY_ENTER}, "ac"},
    {"insert in the middle", {K('a'), K('c'), KEY_LEFT, K('b'), KEY_ENTER}, "abc"},
    {"delete under the cursor", {K('a'), K('b'), K('c'), KEY_HOME, KEY_DEL, KEY_ENTER}, "bc"},
    {"home and end", {K('b'), KEY_HOME, K('a'), KEY_END, K('c'), KEY_ENTER}, "abc"},
    {"overwrite with Ins", {K('a'), K('b'), KEY_HOME, KEY_INS, K('x'), KEY_ENTER}, "xb"},
    {"escape clears", {K('a'), K('b'), KEY_ESC, K('c'), KEY_ENTER}, "c"},
    {"F3 copies the rest of the previous line", {K('T'), KEY_F3, KEY_ENTER}, "TYPE X.TXT"},
    {"F1 copies one character", {KEY_F1, KEY_F1, KEY_ENTER}, "TY"},
    {"right at the end copies from the template", {K('T'), KEY_RIGHT, KEY_ENTER}, "TY"},
    {"up recalls, twice goes further back", {KEY_UP, KEY_UP, KEY_ENTER}, "DIR"},
    {"up then down", {KEY_UP, KEY_UP, KEY_DOWN, KEY_ENTER}, "TYPE X.TXT"},
    {"down past the newest is empty", {KEY_UP, KEY_DOWN, KEY_ENTER}, ""},
    {"up at the oldest stays", {KEY_UP, KEY_UP, KEY_UP, KEY_ENTER}, "DIR"},
    {"Ctrl-C abandons the line", {K('a'), KEY_CTRL_C}, ""},
};

START_TEST(test_editor_table)
{
    const struct edit_case *c = &k_edits[_i];
    struct sh_history h = {0};
    struct sh_input in = {0};
    struct screen scr = {0};
    sh_history_add(&h, "DIR");
    sh_history_add(&h, "TYPE X.TXT");
    ck_assert_msg(type_keys(&in, &h, &scr, c->keys), "%s: the line did not end", c->what);
    ck_assert_msg(!strcmp(in.buf, c->line), "%s: '%s', expected '%s'", c->what, in.buf,
                  c->line);
    sh_history_free(&h);
}
END_TEST

/* What the screen shows: a teletype that moves left on backspace. */
static void render(const char *out, char *line, size_t cap)
{
    size_t col = 0, len = 0;
    memset(line, 0, cap);
    for (; *out; out++) {
        if (*out == '\b')
            col = col ? col - 1 : 0;
        else if (*out == '\r' || *out == '\n')
            continue;
        else if (col + 1 < cap) {
            line[col++] = *out;
            len = col > len ? col : len;
        }
    }
    while (len && line[len - 1] == ' ')
        line[--len] = 0;
}

START_TEST(test_editor_screen_matches_the_line)
{
    static const uint16_t keys[] = {K('a'), K('b'), K('c'), K('d'), KEY_LEFT, KEY_LEFT,
                                    KEY_BS, K('X'), K('Y'), KEY_HOME, KEY_DEL, KEY_UP,
                                    KEY_DOWN, K('q'), K('r'), KEY_LEFT, KEY_BS, KEY_ENTER, 0};
    struct sh_history h = {0};
    struct sh_input in = {0};
    struct screen scr = {0};
    char shown[128];
    sh_history_add(&h, "a much longer line from before");
    ck_assert(type_keys(&in, &h, &scr, keys));
    render(scr.text, shown, sizeof shown);
    ck_assert_str_eq(in.buf, "r");
    ck_assert_str_eq(shown, "r");
    sh_history_free(&h);
}
END_TEST

START_TEST(test_editor_shows_nothing_when_the_terminal_echoes)
{
    static const uint16_t keys[] = {K('a'), KEY_BS, K('b'), KEY_ENTER, 0};
    struct sh_history h = {0};
    struct sh_input in = {0};
    struct sh_edit_env env = {&h, NULL, NULL};
    sh_edit_start(&in, &h);
    for (const uint16_t *k = keys; *k; k++)
        sh_edit_key(&in, *k, &env);
    in.buf[in.len] = 0;
    ck_assert_str_eq(in.buf, "b");
}
END_TEST

START_TEST(test_editor_line_is_capped)
{
    struct sh_history h = {0};
    struct sh_input in = {0};
    struct screen scr = {0};
    struct sh_edit_env env = {&h, screen_write, &scr};
    sh_edit_start(&in, &h);
    for (int i = 0; i < SH_EDIT_MAX + 10; i++)
        sh_edit_key(&in, K('x'), &env);
    ck_assert_uint_eq(in.len, SH_EDIT_MAX);
    ck_assert(strchr(scr.text, '\a') != NULL);
}
END_TEST

START_TEST(test_history_skips_blank_and_repeated_lines_and_drops_the_oldest)
{
    struct sh_history h = {0};
    char line[16];
    sh_history_add(&h, "A");
    sh_history_add(&h, "A");
    sh_history_add(&h, "   ");
    ck_assert_uint_eq(h.n, 1);
    for (int i = 0; i < SH_HISTORY_MAX + 5; i++) {
        snprintf(line, sizeof line, "L%d", i);
        sh_history_add(&h, line);
    }
    ck_assert_uint_eq(h.n, SH_HISTORY_MAX);
    ck_assert_str_eq(h.lines[h.n - 1], "L36");
    ck_assert_str_eq(h.lines[0], "L5");
    sh_history_free(&h);
}
END_TEST

/* ---- the in-memory drive (Z:) ---- */

START_TEST(test_mem_drive_serves_its_files_read_only)
{
    static const uint8_t data[] = {0xEB, 0xFE, 0x90, 0xC3};
    void *z = fs_mem_drive_new(0x1234, 0x5678);
    struct fs_file *f;
    struct fs_stat st;
    uint8_t buf[8];
    uint32_t pos;
    ck_assert_int_eq(fs_mem_drive_add(z, "COMMAND.COM", data, sizeof data), 0);
    ck_assert_int_eq(fs_mem_drive_add(z, "not valid.name", data, 1), -DOSERR_CANNOT_MAKE);
    ck_assert_int_eq(fs_mem_drive_ops.stat(z, "COMMAND.COM", &st), 0);
    ck_assert_uint_eq(st.size, sizeof data);
    ck_assert_uint_eq(st.dos_date, 0x1234);
    ck_assert_int_eq(fs_mem_drive_ops.stat(z, "OTHER.COM", &st), -DOSERR_FILE_NOT_FOUND);
    ck_assert_int_eq(fs_mem_drive_ops.stat(z, "DIR\\X", &st), -DOSERR_PATH_NOT_FOUND);
    ck_assert_int_eq(fs_mem_drive_ops.open(z, "COMMAND.COM", FS_O_WRITE, &f),
                     -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_mem_drive_ops.unlink(z, "COMMAND.COM"), -DOSERR_ACCESS_DENIED);
    ck_assert_int_eq(fs_mem_drive_ops.open(z, "COMMAND.COM", FS_O_READ, &f), 0);
    ck_assert_int_eq(f->ops->seek(f, 2, FS_SEEK_SET, &pos), 0);
    ck_assert_int_eq(f->ops->read(f, buf, sizeof buf), 2);
    ck_assert_int_eq(buf[0], 0x90);
    ck_assert_int_eq(f->ops->read(f, buf, sizeof buf), 0);
    ck_assert_int_eq(f->ops->write(f, buf, 1), -DOSERR_ACCESS_DENIED);
    f->ops->close(f);
    fs_mem_drive_ops.free(z);
}
END_TEST

START_TEST(test_mem_drive_find_matches_templates)
{
    static const uint8_t data[] = {1};
    void *z = fs_mem_drive_new(0, 0);
    struct fs_find_spec spec = {.attr = 0};
    struct fs_found out;
    uint32_t index = 0;
    fs_mem_drive_add(z, "COMMAND.COM", data, 1);
    fs_mem_drive_add(z, "README.TXT", data, 1);
    fs_name_to_fcb("*.TXT", spec.tmpl);
    ck_assert_int_eq(fs_mem_drive_ops.find(z, "", &spec, &index, &out), 0);
    ck_assert_str_eq(out.name, "README.TXT");
    ck_assert_int_eq(fs_mem_drive_ops.find(z, "", &spec, &index, &out), -DOSERR_NO_MORE_FILES);
    index = 0;
    ck_assert_int_eq(fs_mem_drive_ops.find(z, "SUB", &spec, &index, &out),
                     -DOSERR_PATH_NOT_FOUND);
    fs_mem_drive_ops.free(z);
}
END_TEST

Suite *suite_shell(void)
{
    Suite *s = suite_create("shell");
    TCase *tc = tcase_create("parse");
    tcase_add_loop_test(tc, test_pipeline_table, 0, (int)(sizeof k_pipes / sizeof k_pipes[0]));
    tcase_add_test(tc, test_pipeline_too_many_stages_is_an_error);
    tcase_add_loop_test(tc, test_command_word_table, 0, (int)(sizeof k_words / sizeof k_words[0]));
    tcase_add_loop_test(tc, test_internal_prefix_table, 0,
                        (int)(sizeof k_prefixes / sizeof k_prefixes[0]));
    tcase_add_test(tc, test_next_arg_splits_on_dos_separators_and_keeps_quotes);
    tcase_add_test(tc, test_switches_come_out_of_the_arguments);
    tcase_add_loop_test(tc, test_expand_batch_table, 0,
                        (int)(sizeof k_expands / sizeof k_expands[0]));
    tcase_add_test(tc, test_expand_batch_never_overflows);
    tcase_add_test(tc, test_for_syntax);
    tcase_add_test(tc, test_for_substitution_is_case_sensitive);
    suite_add_tcase(s, tc);
    tc = tcase_create("editor");
    tcase_add_loop_test(tc, test_editor_table, 0, (int)(sizeof k_edits / sizeof k_edits[0]));
    tcase_add_test(tc, test_editor_screen_matches_the_line);
    tcase_add_test(tc, test_editor_shows_nothing_when_the_terminal_echoes);
    tcase_add_test(tc, test_editor_line_is_capped);
    tcase_add_test(tc, test_history_skips_blank_and_repeated_lines_and_drops_the_oldest);
    suite_add_tcase(s, tc);
    tc = tcase_create("zdrive");
    tcase_add_test(tc, test_mem_drive_serves_its_files_read_only);
    tcase_add_test(tc, test_mem_drive_find_matches_templates);
    suite_add_tcase(s, tc);
    return s;
}
