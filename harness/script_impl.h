/* Internals of the script runner shared by harness/script_run.c (the flow:
 * runs, waits, the machine driver) and harness/script_exec.c (statements that
 * act at once: typing, checks, snapshots). */
#ifndef UNIDOS_HARNESS_SCRIPT_IMPL_H
#define UNIDOS_HARNESS_SCRIPT_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/machine.h"
#include "machine/options.h"
#include "harness/report.h"
#include "harness/script.h"
#include "harness/script_run.h"

#define SCRIPT_DEFAULT_TIMEOUT_NS (60ull * 1000000000ull) /* machine time */
#define SCRIPT_DEFAULT_WALL_NS (300ull * 1000000000ull)   /* host time */

struct srun {
    const struct script *sc;
    const struct options *cli;
    const struct script_options *so; /* the command line's script options */
    struct options opt;              /* for the next run: the command line + the script */
    struct report *rep;
    struct fs_stamps *stamps; /* file times across runs */
    size_t pc;                /* next statement */
    /* the program */
    struct machine_parts p;
    bool alive;            /* a machine exists (running or ended) */
    bool running;          /* its program has not ended */
    bool cli_program_done; /* the command line's PROGRAM was run */
    bool started;          /* the current run got its program loaded */
    bool stop_requested;   /* `stop`, or a --wait-* condition met */
    bool status_accepted;  /* a wait-exit took the last exit status */
    int status;            /* the last program's exit status */
    bool aborted;          /* a wait failed: nothing more runs */
    int result;            /* 0, or the failure status of the script */
    int stdin_fd;          /* `stdin FILE` for the next run, or -1 */
    /* the wait in progress */
    const struct stmt *wait;
    uint64_t wait_virt0, wait_host0, last_check_ns;
    uint64_t idle_taken, idle_misses, idle_since, last_misses;
    bool idle_armed;
    uint64_t timeout_ns, wall_ns; /* defaults (`timeout`) */
    struct stmt implicit_exit;    /* the wait-exit at the end of a run */
    const struct stmt **later;    /* expect-file after a run: once the machine is gone */
    size_t nlater;
    char **owned; /* strings the options point to */
    size_t nowned;
};


/* Keep s alive as long as the runner (freed with it); returns it. */
char *script_own(struct srun *s, char *str);

/* Statements that act at once (harness/script_exec.c). Returns false when
 * the statement failed in a way that ends the script (a reported error). */
bool script_exec(struct srun *s, const struct stmt *st);

/* The text of the screen (or of st->rect) for matching: rows joined by
 * "\n", CP437 as UTF-8. NULL (why set) in graphics modes. Caller frees. */
char *script_screen_text(struct srun *s, const struct st_rect *r, char *why, size_t cap);

/* Print the screen as detail of the last failure, and save it (and a
 * PNG) into the --out directory as failure-LINE.*. */
void script_show_screen(struct srun *s, unsigned line);

/* "file:line: keyword" for messages. */
void script_where(const struct srun *s, const struct stmt *st, char *out, size_t cap);

#endif
