/* The prompt: PROMPT's $ codes (MS-DOS 5 PROMPT command). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "shell/shell_impl.h"

#define PROMPT_DEFAULT "$N$G" /* what DOS shows when PROMPT is not set */
#define CH_ESC 0x1B
#define CH_BS 0x08

static const char *const k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

static void put_path(struct sh_session *s)
{
    char cwd[FS_PATH_MAX];
    unsigned d = sh_dos_drive(s);
    if (sh_dos_getcwd(s, d + 1, cwd, sizeof cwd) < 0)
        cwd[0] = 0;
    sh_printf(s, "%c:\\%s", 'A' + d, cwd);
}

/* One $x code. */
static void put_code(struct sh_session *s, char code)
{
    static const struct {
        char code;
        const char *text;
    } k_plain[] = {{'G', ">"}, {'L', "<"},    {'B', "|"},    {'Q', "="},
                   {'$', "$"}, {'_', "\r\n"}, {'E', "\x1B"}, {'H', "\b \b"}};
    struct sh_date t;
    int major, minor;
    code = (char)toupper((unsigned char)code);
    for (size_t i = 0; i < ARRAY_LEN(k_plain); i++)
        if (k_plain[i].code == code) {
            sh_puts(s, k_plain[i].text);
            return;
        }
    switch (code) {
    case 'P':
        put_path(s);
        break;
    case 'N':
        sh_printf(s, "%c", 'A' + sh_dos_drive(s));
        break;
    case 'T':
        sh_dos_now(s, &t);
        sh_printf(s, "%2d:%02d:%02d.%02d", t.hour, t.min, t.sec, t.centi);
        break;
    case 'D':
        sh_dos_now(s, &t);
        sh_printf(s, "%s %02d-%02d-%04d", k_days[t.wday % 7], t.month, t.day, t.year);
        break;
    case 'V':
        sh_dos_version(s, &major, &minor);
        sh_printf(s, "unidos DOS version %d.%02d", major, minor);
        break;
    default:
        break; /* unknown codes show nothing */
    }
}

void sh_show_prompt(struct sh_session *s)
{
    char p[SH_LINE_MAX];
    if (!sh_env_get(s, "PROMPT", p, sizeof p))
        snprintf(p, sizeof p, "%s", PROMPT_DEFAULT);
    sh_puts(s, "\r\n");
    for (const char *c = p; *c; c++) {
        if (*c != '$') {
            sh_write(s, c, 1);
            continue;
        }
        if (!c[1])
            break;
        put_code(s, *++c);
    }
}
