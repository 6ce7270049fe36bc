/* File control block layout (RBIL INT 21/AH=0Fh, tables 01345/01346),
 * for the DOS 1 file functions. Offsets are from the FCB proper; an
 * extended FCB puts a 7-byte header (FFh, 5 reserved, attribute) first. */
#ifndef UNIDOS_DOSAPI_FCB_H
#define UNIDOS_DOSAPI_FCB_H

#include "dosapi/psp.h" /* FCB_DRIVE, FCB_NAME, FCB_EXT, FCB_NAME_BYTES */

#define FCB_CUR_BLOCK 0x0C /* word: current block (128 records) */
#define FCB_REC_SIZE 0x0E  /* word: logical record size */
#define FCB_FILE_SIZE 0x10 /* dword */
#define FCB_DATE 0x14
#define FCB_TIME 0x16
/* The reserved bytes 18h-1Fh as the DOS version has them (RBIL table
 * 01347; MS-DOS 2.0 DOSSYM.ASM, sys_fcb): programs read a device's header
 * there (MS-DOS 2.0 PRINT calls the driver it finds). DOS 3+: the file
 * table entry's number, then for a character device an attribute byte
 * and the header. DOS 2: a device id byte, then the header. Ours: the
 * entry's number (at 18h from DOS 3 on) and its allocation number. */
#define FCB_SFT 0x18     /* DOS 3+: the file table entry's number */
#define FCB3_ATTR 0x19   /* 01xxxxxxb: a character device, no SHARE */
#define FCB3_DEVICE 0x1A /* dword: its header */
#define FCB3_CHAR_DEVICE 0x40
#define FCB2_DEVID 0x18  /* 80h device, 40h not at end; file: 40h clean, drive */
#define FCB2_DEVICE 0x19 /* dword: the device's header */
#define FCB2_IS_DEVICE 0x80
#define FCB2_CLEAN 0x40
#define FCB2_SFT 0x1D    /* DOS 2: our entry's number, where DOS 2 has nothing */
#define FCB_SFT_GEN 0x1E /* word: low half of the entry's allocation number */
#define FCB_RESERVED_BYTES 8
#define FCB_DEV_ATTR_BITS 0x3F /* the device attribute word's low six bits */
#define FCB2_DEV_ATTR_BITS 0x1F
#define FCB_CUR_REC 0x20 /* byte: record within the block */
#define FCB_RANDOM 0x21  /* dword: random record number */
#define FCB_BYTES 0x25
#define FCB_RENAME_NEW 0x10 /* 17h: drive and new name follow at 10h */

/* Search state of 11h/12h, kept in the fields an unopened FCB does not use. */
#define FCB_FIND_POS 0x0C
#define FCB_FIND_DIR 0x0E
#define FCB_FIND_CHECK 0x10
#define FCB_FIND_DRIVE 0x14
#define FCB_FIND_ATTR 0x15
#define FCB_FIND_POS_HI 0x16 /* bits 16-23 of the entry number */

#define XFCB_FLAG 0xFF
#define XFCB_ATTR 0x06
#define XFCB_HEADER 7

#define FCB_DEFAULT_RECORD 128
#define FCB_BLOCK_RECORDS 128

/* 32-byte directory entry as 11h/12h put it in the DTA after the drive. */
#define DIRENT_NAME 0x00
#define DIRENT_ATTR 0x0B
#define DIRENT_CLUSTER_HI 0x14
#define DIRENT_TIME 0x16
#define DIRENT_DATE 0x18
#define DIRENT_CLUSTER 0x1A
#define DIRENT_SIZE 0x1C
#define DIRENT_BYTES 0x20

/* AL results of the FCB functions. */
#define FCB_OK 0x00
#define FCB_EOF 0x01     /* read: end of file; write: disk full */
#define FCB_WRAP 0x02    /* the DTA would wrap around its segment */
#define FCB_PARTIAL 0x03 /* read: last record partial, zero padded */
#define FCB_FAIL 0xFF

#endif
