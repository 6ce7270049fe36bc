/* Guest-visible DOS kernel data, laid out as MS-DOS 5 has it: IO.SYS's
 * segment at 0070h with the built-in device drivers' headers, then the
 * kernel's data segment (List of Lists at 0026h, first file table at
 * 00CCh, swappable data area at 0320h), then the first memory block, a
 * system data block ("SD") holding the other file tables, the current
 * directory structures, the drive parameter blocks and the disk buffers
 * (RBIL INT 21/AH=52h, AX=5D06h; MS-DOS 4.0 source, INC/CONST2.ASM). */
#ifndef UNIDOS_DOSAPI_DOSDATA_H
#define UNIDOS_DOSAPI_DOSDATA_H

/* ---- IO.SYS's data segment: the built-in drivers (BIOS/MSBDATA.INC) ---- */
#define DOS_BIOS_SEG 0x0070u
#define DOS_BIOS_PARAS 0x0020u
#define BD_DEVICES 0x0030 /* headers in chain order, BD_DEV_SLOT bytes apart */
#define BD_DEV_SLOT 0x16
#define BD_ENTRIES 0x0140 /* per device: JMP FAR to its interrupt routine */
#define BD_ENTRY_BYTES 5
#define BD_STRATEGY 0x01C0 /* JMP FAR to the shared strategy routine */
#define BD_RETF 0x01C8     /* RETF: the case map routine of 38h/6501h */

/* ---- the DOS kernel's data segment ---- */
#define DOS_DATA_SEG (DOS_BIOS_SEG + DOS_BIOS_PARAS)
#define DOS_DATA_PARAS 0x00D0u
#define DOS_FIRST_MCB (DOS_DATA_SEG + DOS_DATA_PARAS)
#define DOS_MEM_END 0xA000u /* 640 KiB */

#define DD_SDA_FORMAT 0x0004 /* 01h: the DOS 4.0-6.0 SDA (RBIL INT 21/AX=5D0Bh) */
#define DD_LOL 0x0026        /* List of Lists (ES:BX of 52h) */
#define DD_BUFINFO 0x0070    /* disk buffer info (RBIL table 01653) */
#define DD_SFT 0x00CC        /* the first system file table: 5 entries */
#define DD_SWAP_LIST 0x0200  /* 5D0Bh: the list of swappable areas */
#define DD_SDA_PREFIX 0x02FE /* SDA-22h: printer echo, switch char, strategy */
#define DD_SDA 0x0320        /* swappable data area (5D06h) */
#define DD_CRIT_ERROR DD_SDA /* critical-error flag, just before InDOS */
#define DD_INDOS (DD_SDA + 1)
#define DD_NLS_UPPER 0x0AC0     /* 65h tables: upper case of 80h-FFh (130 bytes) */
#define DD_NLS_FILECHARS 0x0B50 /* file name characters (24 bytes) */
#define DD_NLS_DBCS 0x0B70      /* double-byte ranges: none (4 bytes) */
#define DD_NLS_COLLATE 0x0B80   /* collating sequence (258 bytes) */

/* List of Lists fields, offsets from DD_LOL (RBIL table 01627). DOS 3.1+
 * and every later version; DOS 2.x and 3.0 move the fields after 10h. */
#define LOL_OEM_HANDLER (-18) /* F8h's handler: FFFF:FFFF, none */
#define LOL_CUR_BUFFER (-8)   /* the disk buffer used last */
#define LOL_CON_UNREAD (-4)   /* offset of unread CON input, 0: none */
#define LOL_FIRST_MCB (-2)
#define LOL_SHARE_RETRIES (-12)
#define LOL_SHARE_DELAY (-10)
#define LOL_DPB 0x00
#define LOL_SFT 0x04
#define LOL_CLOCK 0x08
#define LOL_CON 0x0C
#define LOL_MAX_SECTOR 0x10
#define LOL_BUFFERS 0x12 /* DOS 4+: disk buffer info; 3.x: the first buffer */
#define LOL_CDS 0x16
#define LOL_FCB_SFT 0x1A
#define LOL_FCB_KEEP 0x1E
#define LOL_BLOCK_DEVS 0x20
#define LOL_LASTDRIVE 0x21
#define LOL_NUL 0x22
#define LOL_JOINED 0x34
#define LOL_SETVER 0x37 /* DOS 5+ from here */
#define LOL_BUFFERS_X 0x3F
#define LOL_BUFFERS_Y 0x41
#define LOL_BOOT_DRIVE 0x43
#define LOL_DWORD_MOVES 0x44
#define LOL_EXT_KB 0x45
#define LOL_BYTES 0x47
/* DOS 3.0: a byte of block devices at 10h, then the rest moved by one. */
#define LOL30_BLOCK_DEVS 0x10
#define LOL30_MAX_SECTOR 0x11
#define LOL30_BUFFERS 0x13
#define LOL30_CDS 0x17
#define LOL30_LASTDRIVE 0x1B
#define LOL30_FCB_SFT 0x22
#define LOL30_NUL 0x28
/* DOS 2.x: drives, sector size and buffers, then NUL. */
#define LOL2_DRIVES 0x10
#define LOL2_MAX_SECTOR 0x11
#define LOL2_BUFFERS 0x13
#define LOL2_NUL 0x17

#define DEVHDR_BYTES 18
#define DEVHDR_NEXT 0x00
#define DEVHDR_ATTR 0x04
#define DEVHDR_STRATEGY 0x06
#define DEVHDR_INTERRUPT 0x08
#define DEVHDR_NAME 0x0A  /* character devices: 8 bytes, blank padded */
#define DEVHDR_UNITS 0x0A /* block devices: number of units */
#define DEVHDR_NAME_BYTES 8

#define CDS_BYTES 0x58
#define CDS_PATH 0x00 /* 67 bytes ASCIZ */
#define CDS_FLAGS 0x43
#define CDS_DPB 0x45           /* far pointer to the drive's DPB */
#define CDS_START_CLUSTER 0x49 /* of the current directory: 0 root, FFFFh never */
#define CDS_REDIR 0x4B         /* redirector data: FFFFFFFFh for local drives */
#define CDS_BACKSLASH 0x4F     /* offset of the root backslash */
#define CDS_PHYSICAL 0x4000

#define DOS_LASTDRIVE 26
#define DOS_FCBS 4      /* FCBS=4,0 */
#define DOS_BUFFERS 2   /* BUFFERS= */
#define DOS_SFT_FIRST 5 /* entries in the kernel's own file table */

#endif
