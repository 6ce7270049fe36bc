/* What kind of image a file is, from its content (its name only breaks
 * ties), and the partition table of hard-disk images. Pure functions over
 * bytes, for the mount code and the fuzz targets. */
#ifndef UNIDOS_FS_IMAGE_H
#define UNIDOS_FS_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/disk.h"

/* Bytes of a file's start that detection looks at: up to the ISO 9660
 * volume descriptor of a raw (2352-byte sector) CD image. */
#define FS_IMAGE_HEAD_BYTES (17u * 2352u)

enum fs_image_kind {
    FS_IMAGE_UNKNOWN,
    FS_IMAGE_ZIP,
    FS_IMAGE_FAT, /* a FAT volume from sector 0: floppy, superfloppy */
    FS_IMAGE_MBR, /* a partitioned hard disk */
    FS_IMAGE_ISO, /* ISO 9660, 2048-byte sectors */
    FS_IMAGE_BIN, /* a raw CD data track (2352-byte sectors) without a CUE */
    FS_IMAGE_CUE, /* a CUE sheet */
};

/* The kind of a file of size bytes starting with head (n bytes, n may be
 * less than FS_IMAGE_HEAD_BYTES for short files); name is its path. */
enum fs_image_kind fs_image_detect(const uint8_t *head, size_t n, uint64_t size,
                                   const char *name);
const char *fs_image_kind_name(enum fs_image_kind k);

/* A partition of an MBR disk. */
struct fs_part {
    uint8_t type;
    uint64_t first, count; /* sectors */
};

#define FS_MBR_MAX_PARTS 24 /* primary and logical partitions looked at */

/* Reads a sector of the disk for the partition walk. */
typedef int fs_sector_read_fn(void *ctx, uint64_t lba, uint8_t sec[FS_SECTOR_BYTES]);

/* The partitions of a disk of disk_sectors whose sector 0 is mbr, in
 * table order, primary then logical (from the extended partition's chain,
 * read with rd). Entries outside the disk are dropped. Returns the count,
 * or -DOSERR_INVALID_DATA when mbr holds no partition table. */
int fs_mbr_parts(const uint8_t mbr[FS_SECTOR_BYTES], uint64_t disk_sectors,
                 fs_sector_read_fn *rd, void *ctx, struct fs_part *out, int max);
/* True for the partition types of FAT12, FAT16 and FAT32 volumes. */
bool fs_part_is_fat(uint8_t type);

#endif
