/* Logging categories and the log sink (stderr). */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static unsigned g_mask;
static bool g_quiet;
static bool g_verbose;

static const char *const k_cat_names[LOG_NCATS] = {
#define LOG_NAME_(id, name) [id] = name,
    LOG_CATEGORIES(LOG_NAME_)
#undef LOG_NAME_
};

static int cat_by_name(const char *s, size_t n)
{
    for (int i = 0; i < LOG_NCATS; i++)
        if (strlen(k_cat_names[i]) == n && !strncmp(k_cat_names[i], s, n))
            return i;
    return -1;
}

bool log_enable(const char *list)
{
    unsigned mask = g_mask;
    while (*list) {
        size_t n = strcspn(list, ",");
        if (n == 3 && !strncmp(list, "all", 3)) {
            mask = ~0u;
        } else if (n) {
            int c = cat_by_name(list, n);
            if (c < 0)
                return false;
            mask |= 1u << c;
        }
        list += n + (list[n] == ',');
    }
    g_mask = mask;
    return true;
}

bool log_enabled(enum log_cat cat)
{
    return (g_mask >> cat) & 1;
}

void log_printf(enum log_cat cat, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "[%s] ", k_cat_names[cat]);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void log_set_quiet(bool quiet)
{
    g_quiet = quiet;
}

static void note(const char *fmt, va_list ap)
{
    fflush(stdout);
    fputs("unidos: note: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void log_note(const char *fmt, ...)
{
    va_list ap;
    if (g_quiet)
        return;
    va_start(ap, fmt);
    note(fmt, ap);
    va_end(ap);
}

void log_set_verbose(bool verbose)
{
    g_verbose = verbose;
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    if (g_quiet || !g_verbose)
        return;
    va_start(ap, fmt);
    note(fmt, ap);
    va_end(ap);
}

bool log_once_first(struct log_once *o, unsigned key)
{
    if (key >= LOG_ONCE_KEYS)
        return false;
    uint8_t bit = (uint8_t)(1u << (key % 8));
    if (o->seen[key / 8] & bit)
        return false;
    o->seen[key / 8] |= bit;
    return true;
}
