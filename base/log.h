/* Runtime logging by category: UNIDOS_DEBUG=dos,int,port,... or --trace. */
#ifndef UNIDOS_BASE_LOG_H
#define UNIDOS_BASE_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/common.h"

#define LOG_CATEGORIES(X)                                                                      \
    X(LOG_DOS, "dos")     /* one strace-like line per INT 21h call */                          \
    X(LOG_INT, "int")     /* every interrupt: native, reflected, IRQ */                        \
    X(LOG_PORT, "port")   /* port I/O to unknown ports and device traffic */                   \
    X(LOG_EXEC, "exec")   /* program loading, EXEC, termination */                             \
    X(LOG_MEM, "mem")     /* MCB allocation */                                                 \
    X(LOG_FS, "fs")       /* drives and host file access */                                    \
    X(LOG_CPU, "cpu")     /* run slices, faults */                                             \
    X(LOG_BIOS, "bios")   /* BIOS services */                                                  \
    X(LOG_VIDEO, "video") /* video modes and registers */                                      \
    X(LOG_AUDIO, "audio") /* sound devices: speaker, OPL, Sound Blaster, MPU-401 */            \
    X(LOG_DPMI, "dpmi")   /* DPMI host: INT 31h calls, mode switches, exceptions */

enum log_cat {
#define LOG_ENUM_(id, name) id,
    LOG_CATEGORIES(LOG_ENUM_)
#undef LOG_ENUM_
        LOG_NCATS
};

/* Enable categories from a comma-separated list ("dos,int", or "all").
 * Returns false and leaves the mask alone when a name is unknown. */
bool log_enable(const char *list);
bool log_enabled(enum log_cat cat);
void log_printf(enum log_cat cat, const char *fmt, ...) PRINTF_FMT(2, 3);

#define LOG(cat, ...)                                                                          \
    do {                                                                                       \
        if (log_enabled(cat))                                                                  \
            log_printf(cat, __VA_ARGS__);                                                      \
    } while (0)

/* Once per call site, a quiet note (log_quiet): something the guest asked
 * that unidos does not implement, answered as MS-DOS would. */
#define QUIET_ONCE(cat, ...)                                                                   \
    do {                                                                                       \
        static bool noted_;                                                                    \
        if (!noted_) {                                                                         \
            noted_ = true;                                                                     \
            log_quiet(cat, __VA_ARGS__);                                                       \
        }                                                                                      \
    } while (0)

/* Function numbers (below 256) already noted: a note per number, once,
 * for services that refuse many numbers through one path. */
#define LOG_ONCE_KEYS 256
struct log_once {
    uint8_t seen[LOG_ONCE_KEYS / 8];
};

/* True the first time key is asked about (keys >= 256: never). */
bool log_once_first(struct log_once *o, unsigned key);

/* A note on stderr unless notes are silenced (--quiet): for what changes
 * the outcome or concerns the host (a program stopped, no sound device). */
void log_note(const char *fmt, ...) PRINTF_FMT(1, 2);
void log_set_quiet(bool quiet);
/* A note only with -v: what unidos fell back to (no sound device...). */
void log_info(const char *fmt, ...) PRINTF_FMT(1, 2);

/* A note MS-DOS would not show: a guest asked for something unidos does
 * not implement and got MS-DOS's answer (an error, or the call ignored),
 * or DOS did what DOS does visibly on its own. Printed at once with
 * --verbose or when cat is traced; otherwise kept (the most recent ones)
 * for the message of a run that ends in a crash (log_dump_deferred),
 * where it may explain the crash. */
void log_quiet(enum log_cat cat, const char *fmt, ...) PRINTF_FMT(2, 3);
void log_set_verbose(bool verbose);
/* Print the notes log_quiet kept back (most recent last); returns how many. */
unsigned log_dump_deferred(void);
/* True when notes were asked for: -v, or a --trace category. */
bool log_notes_wanted(void);
/* How many notes went to stderr, and the first one ("" if none). */
unsigned log_notes_printed(const char **first);

#endif
