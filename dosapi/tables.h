/* The kernel's tables in guest memory, as programs inspect them (List of
 * Lists, device chain, file tables, current directories, drive parameter
 * blocks, swappable data area): internal to dosapi/, like dos_impl.h.
 * The native state in struct dos stays the source of truth; these
 * functions keep the guest copies in step with it. */
#ifndef UNIDOS_DOSAPI_TABLES_H
#define UNIDOS_DOSAPI_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include "dosapi/dos_impl.h"

#define SFT_ENTRY_MAX 0x3B    /* DOS 4.0-6.0 entry; older versions are shorter */
#define SFT_HEADER 6          /* link, count */
#define SDA_EXPORT_BYTES 0x1C /* swap-always area and the caller's AX */
#define SDA_PRE_BYTES 0x22    /* the fields before the SDA (RBIL table 01690) */
#define DEV_BUILTIN 12        /* CON AUX PRN CLOCK$ DSK COM1 LPT1-3 COM2-4 */
#define DEV_BLOCK 4           /* index of the block device in that list */
#define DEV_NUL 12            /* drivers after the built-in ones */
#define DEV_XMS 13
#define DEV_EMS 14
#define DEV_STRATEGY 15 /* the strategy routine all of them share */
#define DEV_ROUTINES 16

struct dos_devctx { /* a built-in driver's interrupt routine */
    struct dos *dos;
    unsigned index;
};

struct dos_tables {
    uint16_t sd_seg;   /* the SD system block (its MCB + 1) */
    uint16_t sft2_seg; /* FILES=: file table 2 at offset 0 */
    uint16_t fcb_seg;  /* FCBS=: the FCB table at offset 0 */
    uint16_t buf_seg;  /* BUFFERS= */
    uint16_t cds_seg;  /* LASTDRIVE=: CDS array, then the DPBs */
    uint16_t dpb_off;  /* DPBs in cds_seg, dpb_slot bytes apart */
    uint16_t dpb_slot;
    uint8_t dpb_index[26];    /* drive -> DPB slot + 1 (0: none) */
    unsigned ndpb, dpb_slots; /* slots in use, slots there are */
    uint32_t drives_shown;    /* mounted drives the tables know (bit per drive) */
    uint32_t xms_dev;         /* XMSXXXX0 header (0: no XMS) */
    unsigned sft_bytes;       /* entry size of the DOS version reported */
    unsigned cds_bytes;       /* CDS size of the version (0: DOS 2 has none) */
    uint8_t sft_shadow[DOS_MAX_SFT][SFT_ENTRY_MAX];
    uint8_t sft_dirty[DOS_MAX_SFT];  /* SFT_SYNC_* bits */
    uint8_t dirty_list[DOS_MAX_SFT]; /* the entries with bits, in order */
    unsigned ndirty;
    uint8_t sda_shadow[SDA_PRE_BYTES + SDA_EXPORT_BYTES]; /* as last shown */
    uint16_t user_ax;                                     /* AX of the last INT 21h */
    struct cpu_regs call_regs; /* its caller's registers (2F/1218h) */
    unsigned cur_sft;          /* the file DOS worked on last (SDA, 2F/1201h) */
    uint32_t cur_cds;          /* the CDS DOS works on (2F/1217h, 1219h) */
    uint32_t shown_sft, shown_cds;
    uint32_t err_ptr;          /* ES:DI of the last error (59h, 5D0Ah) */
    unsigned indos;            /* DOS calls in progress */
    bool call_counted;         /* the call being served counts in InDOS */
    uint16_t call_cs, call_ip; /* its caller */
    bool wait_pending;         /* a call waits for input: its retry is no new call */
    uint16_t wait_cs, wait_ip;
    uint32_t idle_tick; /* the BIOS tick of the last INT 28h DOS issued */
    uint32_t work;      /* DOS calls done and driver requests served */
    uint32_t idle_work; /* work when that INT 28h was issued */
    bool umb_link_shown;
    uint32_t dev_request; /* far pointer the strategy routine was given */
    uint32_t con_req;     /* a CON read in progress: its request, */
    unsigned con_done;    /* and the characters already read */
    struct dos_devctx dev[DEV_ROUTINES];
    uint16_t dev_cb[DEV_ROUTINES]; /* their ROM callbacks */
    uint16_t case_map_off;         /* ROM callback: the country's case map routine */
    struct {                       /* a termination waiting for INT 2Fh 1122h */
        bool pending;
        uint8_t code, type;
        int keep;
        uint16_t return_off; /* ROM callback: the hooks returned */
    } term;
    bool machine_named; /* 5E01h */
    uint8_t netbios;
};

/* lol.c: the List of Lists, the SD block and what it holds */
/* Build them at start-up, before any other memory block: xms_kb is the
 * XMS driver's memory (0: no driver). */
void dos_tables_init(struct dos *d, uint32_t xms_kb);
uint32_t dos_sft_entry_lin(const struct dos *d, unsigned index);
uint32_t dos_sft_entry_far(const struct dos *d, unsigned index);
/* The DPB of drive (0 = A:) as a far pointer, 0 when it has none. */
uint32_t dos_dpb_far(const struct dos *d, unsigned drive);
uint32_t dos_cds_far(const struct dos *d, unsigned drive);
/* int21_disk.c: rebuild the DPBs and their chain from current geometry. */
void dos_build_dpbs(struct dos *d);
/* Guest state that follows native state changed elsewhere (UMB link). */
void dos_lol_sync(struct dos *d);

/* devchain.c: the device chain from NUL, MS-DOS 5 order */
void dos_devchain_init(struct dos *d);
/* Link the installed drivers (CD-ROM, EMS, XMS) after NUL. */
void dos_devchain_link(struct dos *d);
/* The header of the device named name (no colon, any case) in the guest
 * chain, as a far pointer; 0 when there is none. */
uint32_t dos_dev_far(struct dos *d, const char *name);
uint32_t dos_block_dev_far(void);
/* The block device's unit count after drives were added. */
void dos_devchain_units(struct dos *d);

/* devreq.c: the built-in drivers' strategy and interrupt routines */
void dos_devreq_init(struct dos *d);
/* The ROM callback of routine index (DEV_* or a built-in's index). */
uint16_t dos_devreq_callback(const struct dos *d, unsigned index);
/* CLOCK$ written: a 6-byte record sets the date and time. */
int dos_clock_write(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n);

/* sfttab.c: the guest file tables */
/* What changed in a native SFT slot: its position (read, seek), its size
 * too (a write), or anything (open, close, dup, time). Its guest entry is
 * brought up to date at the next flush. */
enum { SFT_SYNC_POS = 1, SFT_SYNC_SIZE = 2, SFT_SYNC_ALL = 4 };
void dos_sft_touch(struct dos *d, unsigned index, unsigned what);
void dos_sft_flush(struct dos *d);

/* cds.c: the current directory structures (dos_sync_cds keeps them) */
void dos_cds_init(struct dos *d);
unsigned dos_cds_bytes(const struct dos *d);

/* sda.c: the swappable data area, InDOS */
void dos_sda_init(struct dos *d);
/* An INT 21h call starts (ah, caller CS:IP) and ends (still_waiting:
 * it returned to wait for input and will be retried). */
void dos_sda_enter(struct dos *d, const struct cpu_regs *r, uint16_t cs, uint16_t ip);
void dos_sda_leave(struct dos *d, bool still_waiting);
/* A character function (01h-0Ch, 3Fh) found no input: true when DOS
 * should issue INT 28h now, as MS-DOS does in its wait loop, so that a
 * TSR hooked there (PRINT) gets its turn. */
bool dos_idle_call_due(struct dos *d, uint8_t ah);
/* Guest changes to the SDA (a TSR restoring a saved copy) are adopted;
 * native changes are shown. Run around every native service. */
void dos_sda_import(struct dos *d);
void dos_sda_export(struct dos *d);

/* termhook.c: end the current process (as dos_terminate), after INT 2Fh
 * 1122h when a program listens there. */
void dos_exit_process(struct dos_ctx *c, uint8_t code, uint8_t type, int keep_paras);
void dos_termhook_init(struct dos *d);

/* int2f_dos.c: INT 2Fh AH=12h, the DOS internal services */
void dos_mux_dos(struct dos *d, struct intr_call *ic);

#endif
