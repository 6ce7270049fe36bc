/* Drives: the drive table, DOS path resolution, and file access through
 * drive backends. Every call returns >= 0 or -DOSERR_x. */
#ifndef UNIDOS_FS_FS_H
#define UNIDOS_FS_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fs;
struct fs_file;

#define FS_MAX_DRIVES 26
#define FS_PATH_MAX 128         /* a full DOS path: "C:\" + 64-byte directory + name */
#define FS_DIR_MAX 64           /* current directory without "C:\" (INT 21h 47h) */


enum fs_open_flags {
    FS_O_READ = 1,
    FS_O_WRITE = 2,
    FS_O_CREATE = 4,            /* create when missing */
    FS_O_TRUNC = 8,             /* empty an existing file */
    FS_O_EXCL = 16,             /* fail when it exists */
};

/* DOS file attributes (RBIL INT 21/AX=4300h). */
enum fs_attr {
    FS_ATTR_READONLY = 0x01,
    FS_ATTR_HIDDEN = 0x02,
    FS_ATTR_SYSTEM = 0x04,
    FS_ATTR_VOLUME = 0x08,
    FS_ATTR_DIRECTORY = 0x10,
    FS_ATTR_ARCHIVE = 0x20,
};

struct fs_stat {
    uint8_t attr;
    uint32_t size;
    uint16_t dos_date, dos_time;
};

enum fs_whence { FS_SEEK_SET, FS_SEEK_CUR, FS_SEEK_END };

struct fs *fs_new(void);
void fs_free(struct fs *f);

/* Mount host directory host_dir as drive (0 = A:). */
int fs_mount_host(struct fs *f, unsigned drive, const char *host_dir, bool readonly);
bool fs_drive_valid(const struct fs *f, unsigned drive);
bool fs_drive_readonly(const struct fs *f, unsigned drive);
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
int fs_stat(struct fs *f, const char *dos_path, struct fs_stat *st);
int fs_unlink(struct fs *f, const char *dos_path);
int fs_rename(struct fs *f, const char *from, const char *to);
int fs_mkdir(struct fs *f, const char *dos_path);
int fs_rmdir(struct fs *f, const char *dos_path);

/* Open files. */
int fs_read(struct fs_file *fl, void *buf, uint32_t n);
int fs_write(struct fs_file *fl, const void *buf, uint32_t n);
int fs_seek(struct fs_file *fl, int64_t off, enum fs_whence whence, uint32_t *pos);
int fs_truncate(struct fs_file *fl);    /* cut at the current position */
int fs_fstat(struct fs_file *fl, struct fs_stat *st);
int fs_set_ftime(struct fs_file *fl, uint16_t dos_date, uint16_t dos_time);
int fs_commit(struct fs_file *fl);
void fs_close(struct fs_file *fl);
unsigned fs_file_drive(const struct fs_file *fl);

#endif
