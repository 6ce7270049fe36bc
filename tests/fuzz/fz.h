/* Shared fuzz harness pieces: a private temporary tree with a sentinel
 * directory outside every mount, host file descriptor checks (nothing
 * open outside the mounts, nothing left open), and the DOS machine
 * without a CPU (services are called the way the CPU hook calls them). */
#ifndef UNIDOS_TESTS_FUZZ_FZ_H
#define UNIDOS_TESTS_FUZZ_FZ_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/regs.h"

/* libFuzzer's entry points, defined by each target (fuzz_*.c). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort (a finding for the fuzzer) with a message when cond is false. */
#define FZ_CHECK(cond, ...)                                                                    \
    do {                                                                                       \
        if (!(cond))                                                                           \
            fz_fail(__FILE__, __LINE__, __VA_ARGS__);                                          \
    } while (0)
_Noreturn void fz_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- the temporary tree ---- */

/* Create the tree once per process: BASE/outside/SECRET.TXT (the
 * sentinel) and BASE/d (a read-only drive's files). Removed at exit. */
void fz_tree_init(void);
/* BASE/rel into out (PATH_MAX). */
void fz_path(const char *rel, char out[PATH_MAX]);
/* Empty directory rel (created, or emptied when it exists). */
void fz_reset_dir(const char *rel);
void fz_mkdir(const char *rel);
void fz_write(const char *rel, const void *data, size_t n);
void fz_symlink(const char *target, const char *rel);
/* Abort when anything below BASE/outside or BASE/d changed. */
void fz_check_outside(void);

/* ---- host file descriptors ---- */

/* Remember the descriptors open now (call once, after start-up). */
void fz_fd_baseline(void);
/* Abort when a descriptor opened since the baseline points outside BASE
 * (other than the sentinel's absence, nothing outside may be open). */
void fz_fd_check_inside(void);
/* Abort when descriptors opened since the baseline are still open. */
void fz_fd_check_none(void);

/* Abort when a large block (fz_alloc.c) is still allocated. */
void fz_alloc_check_none(void);

/* ---- the DOS machine without a CPU ---- */

struct fz_dos;

struct fz_dos_config {
    const uint8_t *stdin_bytes; /* what standard input reads (then end of input) */
    size_t stdin_len;
    unsigned xms_mb, ems_mb;    /* XMS and EMS drivers with this much (0: none) */
};

/* Mounts: C: = BASE/c (read-write), D: = BASE/d read-only, F: =
 * BASE/f behind the fault injector configured by fault (NULL: plain). */
struct fs_fault_config;
struct fz_dos *fz_dos_new(const struct fz_dos_config *cfg, const struct fs_fault_config *fault);
void fz_dos_free(struct fz_dos *m);

struct mem *fz_dos_mem(struct fz_dos *m);
struct dos *fz_dos_kernel(struct fz_dos *m);
/* The program ended (4Ch, 00h, 31h of the first process) or rebooted. */
bool fz_dos_ended(const struct fz_dos *m);

/* Deliver INT vec with registers r, as the CPU's interrupt hook does. */
void fz_dos_int(struct fz_dos *m, unsigned vec, struct cpu_regs *r);

#endif
