/* BIOS data area at 0040:0000 (IBM PC/AT Technical Reference; RBIL MEMORY.LST). */
#ifndef UNIDOS_BIOS_BDA_H
#define UNIDOS_BIOS_BDA_H

#define BDA_SEG 0x0040u
#define BDA_LIN 0x0400u

#define BDA_COM_PORTS 0x00  /* 4 words: serial port bases */
#define BDA_LPT_PORTS 0x08  /* 3 words: parallel port bases */
#define BDA_EBDA_SEG 0x0E   /* word */
#define BDA_EQUIPMENT 0x10  /* word: INT 11h */
#define BDA_MEMORY_KB 0x13  /* word: INT 12h */
#define BDA_KBD_FLAGS1 0x17 /* shift states */
#define BDA_KBD_FLAGS2 0x18
#define BDA_KBD_HEAD 0x1A   /* word: offset from 0040:0000 */
#define BDA_KBD_TAIL 0x1C   /* word */
#define BDA_KBD_BUFFER 0x1E /* 16 words */
#define BDA_KBD_BUFFER_END 0x3E
#define BDA_VIDEO_MODE 0x49        /* byte */
#define BDA_VIDEO_COLUMNS 0x4A     /* word */
#define BDA_VIDEO_PAGE_SIZE 0x4C   /* word, bytes */
#define BDA_VIDEO_PAGE_OFFSET 0x4E /* word */
#define BDA_CURSOR_POS 0x50        /* 8 words: column, row per page */
#define BDA_CURSOR_SHAPE 0x60      /* word: end, start scan line */
#define BDA_VIDEO_PAGE 0x62        /* byte */
#define BDA_CRTC_BASE 0x63         /* word: 3D4h colour, 3B4h mono */
#define BDA_VIDEO_MODE_CTL 0x65
#define BDA_VIDEO_PALETTE 0x66
#define BDA_TIMER_TICKS 0x6C    /* dword: ticks since midnight */
#define BDA_TIMER_MIDNIGHT 0x70 /* byte: day rolled over */
#define BDA_BREAK_FLAG 0x71
#define BDA_RESET_FLAG 0x72    /* word */
#define BDA_FLOPPY_STATUS 0x41 /* byte: INT 13h status of the last floppy call */
#define BDA_HD_STATUS 0x74     /* byte: INT 13h status of the last hard disk call */
#define BDA_HARD_DISKS 0x75
#define BDA_KBD_START 0x80   /* word: buffer start offset */
#define BDA_KBD_END 0x82     /* word: buffer end offset */
#define BDA_VIDEO_ROWS 0x84  /* byte: rows - 1 */
#define BDA_CHAR_HEIGHT 0x85 /* word: scan lines per character */
#define BDA_VIDEO_CTL 0x87
#define BDA_VIDEO_SWITCHES 0x88
#define BDA_VIDEO_MODESET 0x89
#define BDA_VIDEO_DCC 0x8A
#define BDA_KBD_FLAGS3 0x96
#define BDA_KBD_FLAGS4 0x97

/* Equipment word bits (INT 11h). */
#define BDA_EQ_FLOPPY 0x0001
#define BDA_EQ_FLOPPY_MASK 0x00C1 /* present, and count - 1 in bits 6-7 */
#define BDA_EQ_FLOPPIES_SHIFT 6
#define BDA_EQ_FPU 0x0002
#define BDA_EQ_VIDEO_80x25_COLOR 0x0020

#define BDA_TICKS_PER_DAY 0x1800B0u /* 24h at 1193182/65536 Hz */

#endif
