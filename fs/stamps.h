/* Deterministic file times: in --deterministic runs the host's file times
 * (which differ between checkouts, machines and time zones) are not shown to
 * the guest. A file keeps the time DOS gave it during the session (written
 * and closed, or set with 5701h); every other file shows one fixed time. */
#ifndef UNIDOS_FS_STAMPS_H
#define UNIDOS_FS_STAMPS_H

#include <stdbool.h>
#include <stdint.h>

struct fs_stamps;

/* The time DOS stamps a written file with (the machine's clock). */
typedef void fs_now_fn(void *ctx, uint16_t *dos_date, uint16_t *dos_time);

/* fixed_*: what files not written in the session show. The table may
 * outlive one machine (a script that runs several programs). */
struct fs_stamps *fs_stamps_new(uint16_t fixed_date, uint16_t fixed_time);
void fs_stamps_free(struct fs_stamps *s);

/* Record the time of file id (an fs_file_id / fs_stat id). */
void fs_stamps_put(struct fs_stamps *s, uint64_t id, uint16_t dos_date, uint16_t dos_time);
/* The time to show for file id: the recorded one, else the fixed one. */
void fs_stamps_get(const struct fs_stamps *s, uint64_t id, uint16_t *dos_date,
                   uint16_t *dos_time);

/* Free space every drive reports in deterministic runs (read-only drives:
 * none), whatever the host disk holds. */
#define FS_FIXED_TOTAL_BYTES (128ull << 20)
#define FS_FIXED_FREE_BYTES (64ull << 20)

#endif
