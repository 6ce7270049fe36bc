/* Logging categories and the log sink (stderr). */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DEFERRED_MAX 16
#define NOTE_BYTES 200

static unsigned g_mask;
static bool g_quiet, g_verbose;
static unsigned g_printed;
static char g_first_note[NOTE_BYTES];
/* Notes held back for a crash report: a ring of the most recent ones. */
static struct {
    char text[DEFERRED_MAX][NOTE_BYTES];
    unsigned n, next;
} g_deferred;

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

static void print_note(const char *text)
{
    if (g_quiet)
        return;
    if (!g_printed++)
        snprintf(g_first_note, sizeof g_first_note, "%s", text);
    fflush(stdout);
    fprintf(stderr, "unidos: note: %s\n", text);
}

void log_note(const char *fmt, ...)
{
    char text[NOTE_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    print_note(text);
}

void log_set_verbose(bool verbose)
{
    g_verbose = verbose;
}

static void defer(const char *text)
{
    unsigned cap = DEFERRED_MAX;
    for (unsigned i = 0; i < g_deferred.n; i++)
        if (!strcmp(g_deferred.text[i], text))
            return;
    snprintf(g_deferred.text[g_deferred.next], NOTE_BYTES, "%s", text);
    g_deferred.next = (g_deferred.next + 1) % cap;
    if (g_deferred.n < cap)
        g_deferred.n++;
}

void log_quiet(enum log_cat cat, const char *fmt, ...)
{
    char text[NOTE_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (g_verbose || log_enabled(cat))
        print_note(text);
    else
        defer(text);
}

unsigned log_dump_deferred(void)
{
    unsigned n = g_deferred.n, start = (g_deferred.next + DEFERRED_MAX - n) % DEFERRED_MAX;
    for (unsigned i = 0; i < n; i++)
        print_note(g_deferred.text[(start + i) % DEFERRED_MAX]);
    g_deferred.n = 0;
    g_deferred.next = 0;
    return n;
}

bool log_notes_wanted(void)
{
    return g_verbose || g_mask;
}

unsigned log_notes_printed(const char **first)
{
    if (first)
        *first = g_first_note;
    return g_printed;
}

void log_info(const char *fmt, ...)
{
    char text[NOTE_BYTES];
    va_list ap;
    if (!g_verbose)
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    print_note(text);
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
