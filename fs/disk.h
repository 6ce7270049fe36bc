/* A disk image file as a device of 512-byte sectors: what the FAT backend,
 * INT 13h and INT 25h/26h read and write. Writes go straight to the file
 * with pwrite (no buffering: a DOS call that returned has its bytes in
 * the host's page cache, safe from a kill); a read-only image is opened
 * O_RDONLY and never written. Shared by reference between a drive and the
 * BIOS disk table. Every call returns >= 0 or -DOSERR_x. */
#ifndef UNIDOS_FS_DISK_H
#define UNIDOS_FS_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FS_SECTOR_BYTES 512u

struct fs_disk;

/* Cylinders, heads, sectors per track as the BIOS reports them. */
struct fs_disk_geom {
    uint32_t cyls;
    uint16_t heads, spt;
};

/* Open image file path (a regular file). */
int fs_disk_open(const char *path, bool readonly, struct fs_disk **out);
/* An image of size bytes held in memory (tests, fuzzing): data (n <=
 * size bytes) copied to its start, zeros after. */
struct fs_disk *fs_disk_mem(const uint8_t *data, size_t n, size_t size, bool readonly);
struct fs_disk *fs_disk_ref(struct fs_disk *d);
void fs_disk_unref(struct fs_disk *d);

const char *fs_disk_path(const struct fs_disk *d);
bool fs_disk_readonly(const struct fs_disk *d);
uint64_t fs_disk_bytes(const struct fs_disk *d);
/* Sectors that start inside the file (a last partial one reads as zeros past the end). */
uint64_t fs_disk_sectors(const struct fs_disk *d);

/* Byte-level access; reads past the end of the file fail with
 * -DOSERR_READ_FAULT (sector not found), writes past it with
 * -DOSERR_WRITE_FAULT: an image never grows. */
int fs_disk_pread(struct fs_disk *d, uint64_t off, void *buf, size_t n);
int fs_disk_pwrite(struct fs_disk *d, uint64_t off, const void *buf, size_t n);
int fs_disk_read(struct fs_disk *d, uint64_t lba, uint32_t count, void *buf);
int fs_disk_write(struct fs_disk *d, uint64_t lba, uint32_t count, const void *buf);

/* Writes that bypass the file system (INT 13h, INT 26h) bump the
 * generation: a volume on the disk re-reads its caches. */
uint32_t fs_disk_generation(const struct fs_disk *d);
void fs_disk_touch(struct fs_disk *d);

/* The BIOS geometry: standard floppy sizes by their size; others from
 * set_geometry (a partition table), else 16 heads and 63 sectors. */
void fs_disk_geometry(const struct fs_disk *d, struct fs_disk_geom *g);
void fs_disk_set_geometry(struct fs_disk *d, const struct fs_disk_geom *g);
/* True when the image has a standard floppy size (160 KiB to 2.88 MiB). */
bool fs_disk_is_floppy(const struct fs_disk *d);
/* The floppy geometry of an image of n bytes; false when n is no floppy size. */
bool fs_disk_floppy_geometry(uint64_t n, struct fs_disk_geom *g);

#endif
