/* Guest-visible DOS kernel data at DOS_DATA_SEG: List of Lists, device
 * headers, current directory structures, InDOS flag (RBIL INT 21/AH=52h). */
#ifndef UNIDOS_DOSAPI_DOSDATA_H
#define UNIDOS_DOSAPI_DOSDATA_H

#define DOS_DATA_SEG 0x0070u
#define DOS_DATA_PARAS 0x00D0u
#define DOS_FIRST_MCB (DOS_DATA_SEG + DOS_DATA_PARAS)
#define DOS_MEM_END 0xA000u     /* 640 KiB */

#define DD_CRIT_ERROR 0x0010    /* critical-error flag, just before InDOS */
#define DD_INDOS 0x0011
#define DD_LOL 0x0040           /* List of Lists (ES:BX of 52h) */
#define DD_DEVICES 0x00A0       /* CON, AUX, PRN, CLOCK$ headers after NUL */
#define DD_BLOCK_DEV 0x00E8     /* block device header INT 24h points at */
#define DD_SFT 0x0100           /* system file table header */
#define DD_CDS 0x0110           /* current directory structures */
#define DD_DEV_STUB 0x0A00      /* RETF: strategy/interrupt entry of devices */
#define DD_NLS_UPPER 0x0B00     /* 65h tables: upper case of 80h-FFh (130 bytes) */
#define DD_NLS_FILECHARS 0x0B90 /* file name characters (24 bytes) */
#define DD_NLS_DBCS 0x0BB0      /* double-byte ranges: none (4 bytes) */
#define DD_NLS_COLLATE 0x0BC0   /* collating sequence (258 bytes) */

/* List of Lists fields (DOS 4+ layout), offsets from DD_LOL. */
#define LOL_FIRST_MCB (-2)
#define LOL_DPB 0x00
#define LOL_SFT 0x04
#define LOL_CLOCK 0x08
#define LOL_CON 0x0C
#define LOL_MAX_SECTOR 0x10
#define LOL_CDS 0x16
#define LOL_BLOCK_DEVS 0x20
#define LOL_LASTDRIVE 0x21
#define LOL_NUL 0x22

#define DEVHDR_BYTES 18
#define DEVHDR_NEXT 0x00
#define DEVHDR_ATTR 0x04
#define DEVHDR_STRATEGY 0x06
#define DEVHDR_INTERRUPT 0x08
#define DEVHDR_NAME 0x0A

#define CDS_BYTES 0x58
#define CDS_PATH 0x00           /* 67 bytes ASCIZ */
#define CDS_FLAGS 0x43
#define CDS_BACKSLASH 0x4F      /* offset of the root backslash */
#define CDS_PHYSICAL 0x4000

#define DOS_LASTDRIVE 26

#endif
