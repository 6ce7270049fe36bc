/* Drives: the drive table, DOS path resolution, and file access through
 * drive backends. Every call returns >= 0 or -DOSERR_x. */
#ifndef UNIDOS_FS_FS_H
#define UNIDOS_FS_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/names83.h"
#include "fs/stamps.h"

struct fs;
struct fs_file;

#define FS_MAX_DRIVES 26
#define FS_PATH_MAX 128 /* a full DOS path: "C:\" + 64-byte directory + name */
#define FS_DIR_MAX 64   /* current directory without "C:\" (INT 21h 47h) */

enum fs_open_flags {
    FS_O_READ = 1,
    FS_O_WRITE = 2,
    FS_O_CREATE = 4, /* create when missing */
    FS_O_TRUNC = 8,  /* empty an existing file */
    FS_O_EXCL = 16,  /* fail when it exists */
};

/* DOS file attributes (RBIL INT 21/AX=4300h). */
enum fs_attr {
    FS_ATTR_READONLY = 0x01,
    FS_ATTR_HIDDEN = 0x02,
    FS_ATTR_SYSTEM = 0x04,
    FS_ATTR_VOLUME = 0x08,
    FS_ATTR_DIRECTORY = 0x10,
    FS_ATTR_ARCHIVE = 0x20,
    FS_ATTR_DEVICE = 0x40, /* only in search results for device names */
};

struct fs_stat {
    uint8_t attr;
    uint32_t size;
    uint16_t dos_date, dos_time;
    uint64_t id;      /* host file identity (as fs_file_id), 0 if none */
    uint32_t cluster; /* first cluster on a disk image, else 0 */
    bool host_time;   /* dos_date/time come from the host's clock */
};

/* One directory entry a search found. */
struct fs_found {
    char name[FS_NAME83_MAX];
    struct fs_stat st;
};

/* Directory search state. It lives in guest memory (the DTA of 4Eh/4Fh,
 * the FCB of 11h/12h), so programs may copy it and interleave searches:
 * dir_id and check name the directory in a table of fs, pos is the slot. */
/* A search's state, kept by the guest (DTA, FCB) between calls: pos and
 * check fit 24 bits each, so a directory may hold 16 million entries
 * (FAT's 65,536 would stop a DEL *.* over a host directory of 100,000). */
#define FS_FIND_POS_MAX 0xFFFFFFu
#define FS_FIND_CHECK_MASK 0xFFFFFFu
struct fs_find {
    uint8_t drive; /* 0 = A: */
    uint8_t tmpl[FS_FCB_NAME_BYTES];
    uint8_t attr;
    uint32_t pos; /* up to FS_FIND_POS_MAX */
    uint16_t dir_id;
    uint32_t check; /* up to FS_FIND_CHECK_MASK */
};

struct fs_space {
    uint64_t total_bytes, free_bytes;
};

/* Fault injection (test backend): the nth call (1-based) of the selected
 * operations fails as if the host had set host_errno; persistent: every
 * later call too. */
enum fs_fault_op {
    FS_FAULT_ANY = 0,
    FS_FAULT_OPEN = 1 << 0,
    FS_FAULT_READ = 1 << 1,
    FS_FAULT_WRITE = 1 << 2,
    FS_FAULT_SEEK = 1 << 3,
    FS_FAULT_STAT = 1 << 4,
    FS_FAULT_UNLINK = 1 << 5,
    FS_FAULT_RENAME = 1 << 6,
    FS_FAULT_MKDIR = 1 << 7,
    FS_FAULT_RMDIR = 1 << 8,
    FS_FAULT_ATTR = 1 << 9,
    FS_FAULT_FIND = 1 << 10,
    FS_FAULT_TRUNCATE = 1 << 11,
    FS_FAULT_FTIME = 1 << 12,
    FS_FAULT_COMMIT = 1 << 13,
};
struct fs_fault_config {
    unsigned ops; /* enum fs_fault_op bits, FS_FAULT_ANY = all */
    unsigned nth;
    int host_errno;
    bool persistent;
};

enum fs_whence { FS_SEEK_SET, FS_SEEK_CUR, FS_SEEK_END };

/* DOS file positions are 32 bits: the largest file is 4 GiB - 1 bytes
 * (FAT32's limit; MS-DOS 6's FAT16 stops at 2 GiB - 1). */
#define FS_FILE_SIZE_MAX 0xFFFFFFFFu

struct fs *fs_new(void);
void fs_free(struct fs *f);
/* --max-file-size: writes never take a host file past bytes (default
 * FS_FILE_SIZE_MAX): a write that would gets a short count, one at or
 * past it (or a size set past it) error 5. Seeks past 4 GiB - 1 give
 * error 5 and leave the position alone. */
void fs_set_max_file_size(struct fs *f, uint32_t bytes);
/* Deterministic runs: host file times and free space are replaced (see
 * fs/stamps.h); files written and closed get now()'s time in stamps. The
 * caller keeps stamps alive while f lives. */
void fs_set_deterministic(struct fs *f, struct fs_stamps *stamps, fs_now_fn *now, void *ctx);

/* Mount host directory host_dir as drive (0 = A:). */
int fs_mount_host(struct fs *f, unsigned drive, const char *host_dir, bool readonly);
/* Mount a host directory, or a .zip file (always read-only), as drive. */
enum fs_mount_flags {
    FS_MOUNT_RO = 1,    /* refuse every change */
    FS_MOUNT_LOWER = 2, /* create new names in lower case on the host */
    /* Host directories: check cached listings by the directory's mtime
     * only, never by inotify (tests of that fall-back). */
    FS_MOUNT_NO_WATCH = 4,
};
int fs_mount_path(struct fs *f, unsigned drive, const char *host_path, unsigned flags);
/* fs_mount_path, with the reason of a failure in why. A regular file is
 * an image, its kind told by its content: a FAT floppy or hard-disk
 * image, an ISO 9660 or CUE/BIN CD image, a zip file. */
int fs_mount(struct fs *f, unsigned drive, const char *host_path, unsigned flags, char *why,
             size_t cap);
int fs_mount_image(struct fs *f, unsigned drive, const char *path, unsigned flags, char *why,
                   size_t cap);
/* Image drives: add path to drive's images (swapped in by fs_swap_next,
 * which opens it then and returns the index of the image inserted). */
int fs_swap_add(struct fs *f, unsigned drive, const char *path, unsigned flags);
int fs_swap_next(struct fs *f, unsigned drive, char *why, size_t cap);
/* The image file drive holds now, or NULL when it is no image drive. */
const char *fs_image_path(const struct fs *f, unsigned drive);
/* True once after another image was inserted in drive (change line). */
bool fs_media_changed(struct fs *f, unsigned drive);
struct fs_volume;
/* The volume of an image drive; -DOSERR_NOT_SUPPORTED for other drives. */
int fs_volume(struct fs *f, unsigned drive, struct fs_volume *vi);
int fs_mount_zip(struct fs *f, unsigned drive, const char *zip_path);
/* Wrap drive's backend in a fault injector (tests only). */
int fs_mount_fault(struct fs *f, unsigned drive, const struct fs_fault_config *cfg);
/* Parse a fault spec "X:OPS:N:ERRNO[:persist]" (--fault): drive letter;
 * operations (open read write seek stat unlink rename mkdir rmdir attr find
 * truncate ftime commit, or any) joined with '+'; which call fails (1 =
 * the first); a host errno name (ENOSPC EDQUOT EIO EACCES EPERM EROFS
 * ENOENT EMFILE EBUSY EFBIG); persist: every later call fails too.
 * Returns 0, or -1 when spec is malformed. */
int fs_fault_parse(const char *spec, unsigned *drive, struct fs_fault_config *cfg);
bool fs_drive_valid(const struct fs *f, unsigned drive);
/* The mounted drives, bit n for drive n (0 = A:). */
uint32_t fs_drive_mask(const struct fs *f);
/* Take drive away (its backend freed): -DOSERR_INVALID_DRIVE when it is
 * not mounted, -DOSERR_SHARING_VIOLATION while files are open on it. */
int fs_unmount(struct fs *f, unsigned drive);
/* Files open on drive now. */
unsigned fs_open_files(const struct fs *f, unsigned drive);
/* What drive shows: its host directory, image file (the one inserted) or
 * zip file; NULL for other drives (the built-in Z:) and free letters. */
const char *fs_host_path(const struct fs *f, unsigned drive);
bool fs_readonly(const struct fs *f, unsigned drive);
/* Set drive's volume label (upper case, characters DOS allows, at most 11). */
int fs_set_label(struct fs *f, unsigned drive, const char *label);
/* First unmounted drive letter from C:, or -1. */
int fs_free_drive(const struct fs *f);

unsigned fs_current_drive(const struct fs *f);
int fs_set_current_drive(struct fs *f, unsigned drive);
/* Current directory of drive (0 = default) without drive and leading '\'. */
int fs_get_cwd(const struct fs *f, unsigned drive, char *out, size_t cap);
int fs_chdir(struct fs *f, const char *dos_path);

/* Fully qualified, upper-case DOS path ("C:\DIR\FILE.EXT"). */
int fs_truename(struct fs *f, const char *dos_path, char *out, size_t cap);

/* DOS path of a host file that lies inside a mount, or -DOSERR_PATH_NOT_FOUND. */
int fs_host_to_dos(struct fs *f, const char *host_path, char *out, size_t cap);

int fs_open(struct fs *f, const char *dos_path, unsigned flags, struct fs_file **out);
/* fs_open of a name fs_truename gave: the same, without normalising it
 * again (any other string: -DOSERR_PATH_NOT_FOUND). */
int fs_open_truename(struct fs *f, const char *truename, unsigned flags, struct fs_file **out);
int fs_stat(struct fs *f, const char *dos_path, struct fs_stat *st);
int fs_unlink(struct fs *f, const char *dos_path);
int fs_rename(struct fs *f, const char *from, const char *to);
int fs_mkdir(struct fs *f, const char *dos_path);
int fs_rmdir(struct fs *f, const char *dos_path);
/* Set DOS attributes (read-only reaches the host; hidden, system and
 * archive are kept for the run). */
int fs_set_attr(struct fs *f, const char *dos_path, uint8_t attr);
/* The DOS date and time now: the machine's clock in deterministic runs,
 * else the host's local time. */
void fs_now(const struct fs *f, uint16_t *dos_date, uint16_t *dos_time);
/* Free and total space of drive (0 = A:). */
int fs_space(struct fs *f, unsigned drive, struct fs_space *sp);
/* Volume label of drive, "" when none. */
const char *fs_label(const struct fs *f, unsigned drive);
/* Drive of the last DOS path resolved (0 = A:), for critical errors. */
unsigned fs_last_drive(const struct fs *f);
/* True when the last part of path names a DOS device (CON, NUL.TXT, ...). */
bool fs_is_device_name(const char *path);

/* Directory searches: pattern may hold wildcards in its last part. */
int fs_find_first(struct fs *f, const char *pattern, uint8_t attr, struct fs_find *s,
                  struct fs_found *out);
int fs_find_next(struct fs *f, struct fs_find *s, struct fs_found *out);

/* Open files. */
int fs_read(struct fs_file *fl, void *buf, uint32_t n);
int fs_write(struct fs_file *fl, const void *buf, uint32_t n);
int fs_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos);
int fs_truncate(struct fs_file *fl); /* cut at the current position */
int fs_fstat(struct fs_file *fl, struct fs_stat *st);
int fs_set_ftime(struct fs_file *fl, uint16_t dos_date, uint16_t dos_time);
int fs_commit(struct fs_file *fl);
void fs_close(struct fs_file *fl);
unsigned fs_file_drive(const struct fs_file *fl);
uint64_t fs_file_id(const struct fs_file *fl);

#endif
