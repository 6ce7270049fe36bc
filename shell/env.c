/* The session's environment block in guest memory: its own copy with room
 * to grow (COMMAND.COM's /E), read and changed by SET, PATH and PROMPT and
 * inherited by every program the shell starts. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dosapi/psp.h"
#include "shell/shell_impl.h"

#define MCB_SIZE 3         /* paragraphs, in the arena header before the block */
#define ENV_SLACK 256      /* room added to what a new session inherits */
#define ENV_MIN_SWITCH 160 /* smallest /E:n DOS accepts */
#define ENV_TRAILER 3      /* final NUL and the word count of strings after it */

static uint32_t psp_lin(struct sh_session *s)
{
    return (uint32_t)s->psp << 4;
}

static uint16_t env_seg(struct sh_session *s)
{
    return mem_rd16(s->sh->mem, psp_lin(s) + PSP_ENV);
}

/* Bytes the block may hold: its memory arena's size. */
static size_t env_room(struct sh_session *s, uint16_t seg)
{
    uint32_t mcb = ((uint32_t)seg - 1) << 4;
    return MIN((size_t)mem_rd16(s->sh->mem, mcb + MCB_SIZE) * 16, (size_t)SH_ENV_MAX_BYTES);
}

/* The variables ("A=1\0B=2\0"), without the final NUL; returns their bytes. */
static size_t env_vars(struct sh_session *s, uint16_t seg, char *buf, size_t cap)
{
    size_t n = 0;
    if (!seg)
        return 0;
    mem_read(s->sh->mem, (uint32_t)seg << 4, buf, cap);
    while (n + 1 < cap && buf[n])
        n += strnlen(buf + n, cap - n - 1) + 1;
    return MIN(n, cap);
}

static int env_write(struct sh_session *s, uint16_t seg, const char *vars, size_t n)
{
    uint8_t tail[ENV_TRAILER] = {0};
    if (n + ENV_TRAILER > env_room(s, seg))
        return -DOSERR_INSUFFICIENT_MEMORY;
    mem_write(s->sh->mem, (uint32_t)seg << 4, vars, n);
    mem_write(s->sh->mem, ((uint32_t)seg << 4) + n, tail, sizeof tail);
    return 0;
}

int sh_env_init(struct sh_session *s, unsigned bytes)
{
    char vars[SH_ENV_MAX_BYTES];
    uint16_t old = env_seg(s);
    size_t n = env_vars(s, old, vars, sizeof vars);
    size_t want = MAX(MAX((size_t)bytes, (size_t)SH_ENV_MIN_BYTES), n + ENV_SLACK);
    if (bytes && bytes < ENV_MIN_SWITCH)
        want = MAX((size_t)ENV_MIN_SWITCH, n + ENV_TRAILER);
    want = MIN(want, (size_t)SH_ENV_MAX_BYTES);
    int seg = sh_dos_alloc(s, (uint16_t)((want + 15) / 16));
    if (seg < 0)
        return seg; /* keep the inherited block */
    mem_fill(s->sh->mem, (uint32_t)seg << 4, 0, want);
    env_write(s, (uint16_t)seg, vars, n);
    mem_wr16(s->sh->mem, psp_lin(s) + PSP_ENV, (uint16_t)seg);
    if (old)
        sh_dos_free(s, old);
    return 0;
}

/* The value of var when it is "name=...". */
static const char *match(const char *var, const char *name)
{
    size_t n = strlen(name);
    return !strncasecmp(var, name, n) && var[n] == '=' ? var + n + 1 : NULL;
}

bool sh_env_get(struct sh_session *s, const char *name, char *out, size_t cap)
{
    char vars[SH_ENV_MAX_BYTES];
    size_t n = env_vars(s, env_seg(s), vars, sizeof vars);
    for (size_t i = 0; i < n; i += strlen(vars + i) + 1) {
        const char *v = match(vars + i, name);
        if (v) {
            snprintf(out, cap, "%s", v);
            return true;
        }
    }
    return false;
}

bool sh_env_getter(void *ctx, const char *name, char *out, size_t cap)
{
    return sh_env_get(ctx, name, out, cap);
}

int sh_env_set(struct sh_session *s, const char *name, const char *value)
{
    char vars[SH_ENV_MAX_BYTES], out[SH_ENV_MAX_BYTES], key[SH_LINE_MAX];
    uint16_t seg = env_seg(s);
    size_t n = env_vars(s, seg, vars, sizeof vars), m = 0, k;
    for (k = 0; name[k] && k + 1 < sizeof key; k++)
        key[k] = (char)toupper((unsigned char)name[k]);
    key[k] = 0;
    for (size_t i = 0; i < n; i += strlen(vars + i) + 1) {
        size_t len = strlen(vars + i) + 1;
        if (match(vars + i, key) || m + len > sizeof out)
            continue;
        memcpy(out + m, vars + i, len);
        m += len;
    }
    if (value && value[0]) {
        size_t len = strlen(key) + strlen(value) + 2;
        if (m + len > sizeof out)
            return -DOSERR_INSUFFICIENT_MEMORY;
        snprintf(out + m, len, "%s=%s", key, value);
        m += len;
    }
    return env_write(s, seg, out, m);
}

void sh_env_each(struct sh_session *s, void (*fn)(struct sh_session *s, const char *var))
{
    char vars[SH_ENV_MAX_BYTES];
    size_t n = env_vars(s, env_seg(s), vars, sizeof vars);
    for (size_t i = 0; i < n; i += strlen(vars + i) + 1)
        fn(s, vars + i);
}
