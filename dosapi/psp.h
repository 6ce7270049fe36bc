/* Program segment prefix layout (RBIL INT 21/AH=26h, table 01378) and the
 * command-line parsing DOS does into it. */
#ifndef UNIDOS_DOSAPI_PSP_H
#define UNIDOS_DOSAPI_PSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus/mem.h"

#define PSP_PARAS 0x10
#define PSP_INT20 0x00       /* CD 20 */
#define PSP_MEM_TOP 0x02     /* segment after the program's memory */
#define PSP_CPM_CALL 0x05    /* far call to the CP/M-style entry */
#define PSP_CPM_SEGSIZE 0x06 /* bytes available in the segment (CP/M) */
#define PSP_TERMINATE 0x0A   /* INT 22h vector at start */
#define PSP_CTRL_BREAK 0x0E  /* INT 23h vector at start */
#define PSP_CRIT_ERROR 0x12  /* INT 24h vector at start */
#define PSP_PARENT 0x16
#define PSP_JFT 0x18 /* 20 handle slots */
#define PSP_ENV 0x2C
#define PSP_SAVED_SSSP 0x2E /* caller stack at the last INT 21h (EXEC) */
#define PSP_JFT_SIZE 0x32
#define PSP_JFT_PTR 0x34
#define PSP_PREV 0x38
#define PSP_VERSION 0x40  /* version to report (SETVER) */
#define PSP_DOS_CALL 0x50 /* INT 21h; RETF */
#define PSP_FCB1 0x5C
#define PSP_FCB2 0x6C
#define PSP_TAIL 0x80 /* length byte, text, CR */
#define PSP_JFT_DEFAULT 20
#define PSP_TAIL_MAX 126 /* characters, without the CR */
#define PSP_JFT_UNUSED 0xFF

#define FCB_DRIVE 0x00
#define FCB_NAME 0x01 /* 8 bytes, space padded */
#define FCB_EXT 0x09  /* 3 bytes */
#define FCB_NAME_BYTES 11

/* Write a new PSP at seg. Vectors 22h-24h and the JFT are the caller's
 * business; everything else gets DOS's defaults. */
struct psp_init {
    uint16_t mem_top, parent, env;
    uint16_t cpm_seg, cpm_off; /* target of the CALL 5 entry */
    uint8_t ver_major, ver_minor;
};
void psp_create(struct mem *m, uint16_t seg, const struct psp_init *pi);

/* Store a command tail (at most PSP_TAIL_MAX characters) with its length
 * byte and CR terminator. */
void psp_set_tail(struct mem *m, uint16_t seg, const char *tail, size_t len);

/* INT 21h 29h: parse one file name from s into an unopened FCB image
 * fcb[12] (drive + 8.3 blank padded). flags is AL of 29h. Returns the
 * number of bytes consumed; *result is AL's answer (0 no wildcards,
 * 1 wildcards, 0xFF invalid drive). drive_valid says if a drive letter
 * (1 = A:) exists. */
size_t psp_parse_fcb_name(const char *s, uint8_t flags, uint8_t fcb[12],
                          bool (*drive_valid)(void *ctx, unsigned drive), void *ctx,
                          uint8_t *result);

#endif
