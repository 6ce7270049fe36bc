/* Batch control: IF, GOTO, SHIFT, CALL (FOR is in batch.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/shell_impl.h"

#define IF_ATTR 0x00 /* IF EXIST finds normal files (and devices) */

static const char *skip(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Keyword kw (any case) then a blank: moves *p past both. */
static bool keyword(const char **p, const char *kw)
{
    size_t n = strlen(kw);
    if (strncasecmp(*p, kw, n) || ((*p)[n] != ' ' && (*p)[n] != '\t'))
        return false;
    *p = skip(*p + n);
    return true;
}

/* One word up to a blank: moves *p past it and the blanks after. */
static void word(const char **p, char *out, size_t cap)
{
    size_t n = 0;
    for (; **p && **p != ' ' && **p != '\t'; (*p)++)
        if (n + 1 < cap)
            out[n++] = **p;
    out[n] = 0;
    *p = skip(*p);
}

static bool exists(struct sh_session *s, const char *pattern)
{
    struct fs_find f;
    struct fs_found fd;
    return fs_find_first(s->sh->fs, pattern, IF_ATTR, &f, &fd) == 0;
}

/* string1==string2: the first string runs up to "==", the second up to a
 * blank. -1 on a syntax error. */
static int compare(const char **p)
{
    const char *a = *p, *eq = strstr(a, "==");
    if (!eq || eq == a)
        return -1;
    size_t alen = (size_t)(eq - a);
    while (alen && (a[alen - 1] == ' ' || a[alen - 1] == '\t'))
        alen--;
    const char *b = skip(eq + 2);
    size_t blen = strcspn(b, " \t");
    if (!blen)
        return -1;
    *p = skip(b + blen);
    return alen == blen && !memcmp(a, b, alen);
}

int sh_cmd_if(struct sh_session *s, char *tail)
{
    char arg[FS_PATH_MAX];
    const char *p = skip(tail);
    bool negate = keyword(&p, "NOT");
    int cond;
    if (keyword(&p, "ERRORLEVEL")) {
        word(&p, arg, sizeof arg);
        char *end;
        long n = strtol(arg, &end, 10);
        cond = arg[0] && !*end ? s->errorlevel >= n : -1;
    } else if (keyword(&p, "EXIST")) {
        word(&p, arg, sizeof arg);
        cond = arg[0] ? exists(s, arg) : -1;
    } else {
        cond = compare(&p);
    }
    if (cond < 0 || !*p) {
        sh_error(s, "Syntax error");
        return 0;
    }
    return cond != negate ? sh_dispatch(s, p) : 0;
}

int sh_cmd_goto(struct sh_session *s, char *tail)
{
    char label[SH_NAME_MAX];
    const char *p = skip(tail);
    struct sh_ctx *b = sh_batch_ctx(s);
    if (!b)
        return 0; /* GOTO at the prompt does nothing */
    word(&p, label, sizeof label);
    s->cut = b;
    s->cut_self = sh_batch_goto(s, b, label) < 0;
    if (s->cut_self)
        sh_error(s, "Label not found");
    return 0;
}

int sh_cmd_shift(struct sh_session *s, char *tail)
{
    struct sh_ctx *b = sh_batch_ctx(s);
    UNUSED(tail);
    if (b && b->batch.shift < b->batch.nargs)
        b->batch.shift++;
    return 0;
}

int sh_cmd_call(struct sh_session *s, char *tail)
{
    s->call_next = true;
    return sh_dispatch(s, skip(tail));
}
