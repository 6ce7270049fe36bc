/* Internal state of the DOS kernel, shared by the dosapi/ files only. */
#ifndef UNIDOS_DOSAPI_DOS_IMPL_H
#define UNIDOS_DOSAPI_DOS_IMPL_H

#include "base/common.h"
#include "base/doserr.h"
#include "dosapi/dos.h"

#define DOS_MAX_SFT 100  /* FILES= */
#define DOS_LINE_MAX 128 /* console line buffer (0Ah, cooked CON reads) */
#define DOS_IOBUF_BYTES 0x10000
/* A handler result: the call must wait for input; the INT is retried. */
#define DOS_WAIT (-0x10000)
/* Input readiness (dos_stdin_ready, dos_device input_ready). */
enum { DOS_ENDED = -1, DOS_NOT_YET = 0, DOS_READY = 1 };
/* A handler result: console input read Ctrl-C; INT 23h is called. */
#define DOS_BREAK (-0x10001)
/* A handler result: the registers are final (a nested call set them). */
#define DOS_DONE (-0x10002)

enum sft_kind { SFT_FREE, SFT_FILE, SFT_DEVICE };

struct dos_ctx;
struct sft;
struct xms;
struct ems;
struct mscdex;
struct dos_tables;
struct aud_cdplay;

/* A character device (CON, NUL, ...) or a host standard stream. */
struct dos_device {
    const char *name;
    uint16_t info; /* IOCTL 4400h device information word */
    int (*read)(struct dos_ctx *c, struct sft *s, uint8_t *buf, uint32_t n);
    int (*write)(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n);
    /* DOS_READY, DOS_NOT_YET or DOS_ENDED; never waits. */
    int (*input_ready)(struct dos_ctx *c, struct sft *s);
};

/* Devices that read nothing, swallow what is written and are always
 * ready (NUL, and the input side of AUX and PRN). */
int dos_nul_read(struct dos_ctx *c, struct sft *s, uint8_t *buf, uint32_t n);
int dos_nul_write(struct dos_ctx *c, struct sft *s, const uint8_t *buf, uint32_t n);
int dos_always_ready(struct dos_ctx *c, struct sft *s);

struct sft {
    int refs; /* JFT entries pointing here; 0 = free */
    enum sft_kind kind;
    struct fs_file *file;
    const struct dos_device *dev;
    uint8_t mode;   /* open mode: access, sharing, no-inherit */
    uint16_t info;  /* IOCTL 4400h word */
    bool eof;       /* device: end of input reached */
    bool fcb;       /* opened through an FCB (no JFT entry) */
    uint16_t owner; /* PSP that opened it (FCB files close with it) */
    uint32_t gen;   /* allocation number: FCBs check they still own it */
    uint64_t id;    /* fs_file_id: same file, same id (sharing, locks) */
    char name[FS_PATH_MAX];
};

/* Open modes (RBIL INT 21/AH=3Dh): access in bits 0-2, sharing in 4-6. */
#define DOS_ACCESS_MASK 0x07
#define DOS_ACCESS_READ 0
#define DOS_ACCESS_WRITE 1
#define DOS_ACCESS_RW 2
#define DOS_SHARE_MASK 0x70
#define DOS_SHARE_COMPAT 0x00
#define DOS_SHARE_DENY_ALL 0x10
#define DOS_SHARE_DENY_WRITE 0x20
#define DOS_SHARE_DENY_READ 0x30
#define DOS_SHARE_DENY_NONE 0x40
#define DOS_OPEN_NO_INHERIT 0x80

/* A region locked with 5Ch. */
struct dos_lock {
    uint64_t id;
    uint8_t sft;
    uint32_t off, len;
};

struct exec_frame {
    uint16_t child_psp, parent_psp;
    struct cpu_regs resume; /* parent registers after its INT 21h */
    uint16_t dta_seg, dta_off;
    bool root; /* the parent is the root: the run ends */
};

struct dos_line { /* console line being edited */
    uint8_t buf[DOS_LINE_MAX + 2];
    unsigned len;
    bool after_cr; /* swallow the LF of a CR LF pair */
};

struct dos {
    unsigned codepage, system_codepage; /* 6601h: active and as started */
    struct mem *mem;
    struct intr *intr;
    struct bios *bios;
    struct fs *fs;
    struct dos_host host;
    uint8_t ver_major, ver_minor;
    uint16_t root_psp, cur_psp;
    uint16_t dta_seg, dta_off;
    uint16_t ret_code; /* AL code, AH type, for 4Dh */
    uint8_t strategy;
    bool umb_link, break_check, verify;
    uint8_t switch_char;
    struct {
        uint16_t code;
        uint8_t cls, action, locus;
    } err;
    struct sft sft[DOS_MAX_SFT];
    unsigned sft_top; /* one past the highest slot dos_sft_alloc gave: the rest are free */
    struct exec_frame *frames; /* EXEC nesting: as deep as memory allows, as on DOS */
    unsigned nframes, frame_cap;
    uint16_t exec_return_off;              /* ROM callback: a child returned */
    struct dos_line line;                  /* 0Ah / cooked CON line in progress */
    uint8_t con_pending[DOS_LINE_MAX + 2]; /* cooked CON bytes not yet read */
    unsigned con_pending_len, con_pending_pos;
    uint8_t *iobuf; /* DOS_IOBUF_BYTES, allocated on first use */
    uint32_t sft_gen;
    struct dos_lock *locks;
    unsigned nlocks;
    size_t lockcap;
    uint16_t crit_return_off; /* ROM callback: a guest INT 24h handler returned */
    bool in_crit;             /* a guest INT 24h handler is running */
    struct {
        uint16_t return_off; /* ROM callback: a guest INT 23h handler returned */
        uint16_t cs, ip, sp; /* the INT 21h to run again, the caller's SP */
    } brk;
    uint16_t temp_seq; /* 5Ah names */
    bool exited;
    bool flushed;                /* 0Ch: type-ahead already discarded */
    bool ctrl_c_ending;          /* the termination under way is Ctrl-C's (INT 23h) */
    bool ended_by_ctrl_c;        /* the last termination was */
    unsigned eof_reads;          /* standard input reads in a row after it ended */
    bool input_starved;          /* ... DOS_EOF_READS_MAX of them */
    uint16_t umb_start, umb_end; /* UMB arena [start, end) in paragraphs; 0: none */
    bool dos_high;               /* DOS owns the HMA (DOS=HIGH): 3306h, 4A01h/4A02h */
    uint16_t hma_next;           /* first free HMA offset in segment FFFFh */
    struct xms *xms;
    struct ems *ems;
    dos_process_end_fn *process_end; /* the DPMI host's hooks */
    void *process_end_ctx;
    dos_mux_fn *mux;
    void *mux_ctx;
    struct mscdex *mscdex;  /* INT 2Fh AH=15h (dosapi/mscdex.c) */
    struct dos_tables *tab; /* the tables in guest memory (dosapi/tables.h) */
};

/* One INT 21h (or 20h/27h/2Fh) call. */
struct dos_ctx {
    struct dos *dos;
    struct intr_call *ic;
    struct cpu_regs *r;
    struct mem *mem;
    char detail[FS_PATH_MAX + 16]; /* argument text for the trace line */
};

typedef int dos_fn(struct dos_ctx *c);

/* Handler table entry (docs/style.md, "Numbers and tables"). */
struct dos_entry {
    dos_fn *fn;
    const char *name;
    unsigned flags;
};
enum {
    DOS_F_NO_CF = 1, /* DOS 1 style: CF untouched, AL carries results */
    DOS_F_RAW = 2,   /* the handler sets every register (process switch) */
};

/* Record the call's argument for the strace-like log line. */
void dos_detail(struct dos_ctx *c, const char *fmt, ...) PRINTF_FMT(2, 3);
/* Read an ASCIZ path at seg:off into buf (FS_PATH_MAX): -DOSERR_PATH_NOT_FOUND
 * when it is not terminated in time. */
int dos_get_path(struct dos_ctx *c, uint16_t seg, uint16_t off, char *buf);

/* dos.c */
uint8_t *dos_iobuf(struct dos *d);
void dos_sync_cds(struct dos *d);
void dos_set_error(struct dos *d, int doserr);

int dos_jft_alloc(struct dos *d, uint16_t psp, uint8_t sft_index);
int dos_handle_sft(struct dos *d, unsigned handle, struct sft **out);
/* The same, for a call that changes only the position (42h). */
int dos_handle_sft_pos(struct dos *d, unsigned handle, struct sft **out);
/* The slot of handle, looked at only: nothing is shown to the guest again. */
int dos_handle_sft_peek(struct dos *d, unsigned handle, struct sft **out);
int dos_handle_close(struct dos *d, uint16_t psp, unsigned handle);
void dos_sft_unref(struct dos *d, uint8_t index);
void dos_close_psp_files(struct dos *d, uint16_t psp);
void dos_inherit_handles(struct dos *d, uint16_t parent, uint16_t child);
int dos_handle_read(struct dos_ctx *c, unsigned handle, uint8_t *buf, uint32_t n);
int dos_handle_write(struct dos_ctx *c, unsigned handle, const uint8_t *buf, uint32_t n);
int dos_open_path(struct dos *d, const char *path, unsigned fs_flags, uint8_t mode);
void dos_std_handles_init(struct dos *d, uint16_t psp);
const struct dos_device *dos_device_by_name(const char *path);
uint32_t dos_jft_lin(struct dos *d, uint16_t psp, unsigned *size);
/* Open path for an FCB: an SFT entry owned by the current PSP, no handle. */
int dos_sft_open_fcb(struct dos *d, const char *path, unsigned fs_flags);

/* share.c: sharing modes and region locks (SHARE.EXE semantics) */
int dos_share_check(struct dos *d, unsigned sft_index);
int dos_lock(struct dos *d, unsigned sft_index, uint32_t off, uint32_t len, bool unlock);
int dos_lock_check(struct dos *d, unsigned sft_index, uint32_t off, uint32_t len);
void dos_locks_drop(struct dos *d, unsigned sft_index);

/* ctrlc.c: Ctrl-C through INT 23h. The INT 21h dispatcher calls
 * dos_ctrl_c when a handler returns DOS_BREAK; entry is the caller's
 * registers at the call. */
void dos_ctrl_c(struct dos_ctx *c, const struct cpu_regs *entry);
/* DOS's break check before function ah: true (the key taken) when a
 * Ctrl-C is the next key typed; the dispatcher then calls dos_ctrl_c. */
bool dos_ctrl_c_check(struct dos_ctx *c, uint8_t ah);
void dos_ctrl_c_echo(struct dos_ctx *c);
void dos_ctrl_c_init(struct dos *d);

/* crit.c: critical errors through INT 24h. Called by the INT 21h
 * dispatcher when function ah failed with *rc: returns true when a guest
 * INT 24h handler now runs (the call completes when it returns); else the
 * call fails with *rc (possibly changed to "fail on INT 24"). */
bool dos_crit_error(struct dos_ctx *c, const struct cpu_regs *entry, uint8_t ah, int *rc);
bool dos_crit_is_critical(int doserr);
void dos_crit_init(struct dos *d);
/* int21_nls.c: country tables in the DOS data segment */
void dos_nls_init(struct dos *d);
/* Run INT 21h natively on ic->r (a retried call). */
void dos_int21_direct(struct dos *d, struct intr_call *ic);

/* int21_fcb.c helpers shared with int21_fcbio.c */
struct dos_fcb {
    uint32_t lin; /* the FCB proper (after an extended header) */
    bool ext;
    uint8_t attr; /* search/create attribute of an extended FCB */
};
void dos_fcb_at(struct dos_ctx *c, uint16_t seg, uint16_t off, struct dos_fcb *f);
struct sft *dos_fcb_sft(struct dos_ctx *c, const struct dos_fcb *f);

/* con.c: console line editing and character I/O on the standard handles */
bool dos_handle_is_con(struct dos *d, unsigned handle);
/* One key from the console keyboard (what reading CON gives, whatever
 * the standard handles are redirected to): 1 and *ch, 0 when input has
 * ended, DOS_WAIT. */
int dos_con_key(struct dos_ctx *c, uint8_t *ch);
/* A read of the keyboard or of standard input found its end. A program
 * that reads again and again (a prompt looping on an empty answer) waits
 * for input that cannot come: DOS_EOF_READS_MAX such reads in a row, with
 * no byte read in between, stop it (dos_input_starved). */
#define DOS_EOF_READS_MAX 100
void dos_note_input_end(struct dos_ctx *c);
void dos_note_input_read(struct dos *d);
int dos_con_read_line(struct dos_ctx *c, unsigned handle, struct dos_line *l, unsigned max,
                      bool echo);
int dos_stdin_char(struct dos_ctx *c, uint8_t *ch);
/* The same for 01h and 08h, which check Ctrl-C: DOS_BREAK for ^C typed
 * on the console. */
int dos_stdin_char_checked(struct dos_ctx *c, uint8_t *ch);
void dos_stdout_bytes(struct dos_ctx *c, const uint8_t *buf, uint32_t n);
/* Whether standard input has a byte now: DOS_READY, DOS_NOT_YET or
 * DOS_ENDED. A program asking this (06h, 0Bh, 4406h) and finding nothing
 * polls: dos_stdin_empty tells the idle detector (bios/idle.c). */
int dos_stdin_ready(struct dos_ctx *c);
void dos_stdin_empty(struct dos_ctx *c, int ready);

/* exec.c: processes */
int dos_exec(struct dos_ctx *c, const char *path, uint8_t mode, uint16_t param_seg,
             uint16_t param_off);
void dos_terminate(struct dos_ctx *c, uint8_t code, uint8_t type, int keep_paras);
void dos_exec_init(struct dos *d);
void dos_proc_init(struct dos *d);
/* Termination kinds (AH of 4Dh). */
enum { DOS_TERM_NORMAL = 0, DOS_TERM_CTRL_C = 1, DOS_TERM_CRITICAL = 2, DOS_TERM_TSR = 3 };

/* umb.c: upper memory blocks and allocation policy */
uint16_t dos_conv_end(const struct dos *d);
void dos_umb_init(struct dos *d, uint16_t start, uint16_t end);
int dos_umb_link(struct dos *d, bool link);
/* 48h: high memory first when the strategy says so and UMBs are linked. */
int dos_mem_alloc(struct dos *d, uint16_t paras, uint16_t owner, uint16_t *seg,
                  uint16_t *largest);
/* EXEC: the arena (first MCB) to load a program needing need_paras into. */
uint16_t dos_exec_arena(struct dos *d, uint32_t need_paras);
void dos_umb_free_owner(struct dos *d, uint16_t owner);
int dos_umb_xms_alloc(struct dos *d, uint16_t paras, uint16_t *seg, uint16_t *largest);
int dos_umb_xms_free(struct dos *d, uint16_t seg);
int dos_umb_xms_resize(struct dos *d, uint16_t seg, uint16_t paras, uint16_t *largest);

/* ems.c: the EMMXXXX0 device when EMS is installed and path names it */
const struct dos_device *dos_ems_device(struct dos *d, const char *path);

/* int21_disk.c: what DOS reports of a drive's disk */
struct dos_geom {
    bool image; /* a disk image: the real boot sector values */
    bool removable;
    uint8_t fat_bits, media;
    uint32_t sector_bytes, spc, reserved, nfats, root_entries, fat_sectors;
    uint32_t root_sector, data_sector, total_sectors, total_clusters, free_clusters;
    uint16_t spt, heads;
    uint32_t hidden, serial;
    char label[12];
};
int dos_drive_geom(struct dos *d, unsigned drive, struct dos_geom *g);
void dos_geom_16(const struct dos_geom *g, uint16_t *spc, uint16_t *total, uint16_t *free);
/* 440Dh 41h/42h/61h/62h: track reads, writes, formats and verifies on an image drive. */
int dos_track_io(struct dos_ctx *c, unsigned drive, uint8_t fn);

/* absdisk.c: INT 25h/26h absolute disk reads and writes */
void dos_absdisk_init(struct dos *d);

/* mscdex.c: the CD-ROM extensions (INT 2Fh AH=15h) */
void dos_mscdex_init(struct dos *d, struct aud_cdplay *player);
void dos_mscdex_free(struct dos *d);
void dos_mux_mscdex(struct dos *d, struct cpu_regs *r);

/* int2f.c: the multiplex interrupt and the HMA (4A01h/4A02h) */
void dos_int2f_init(struct dos *d);

/* int21.c and the handler groups */
void dos_int21_init(struct dos *d);
#include "dosapi/int21_list.h"
#define DOS_DECLARE_FN_(ah, name, fn, flags) int fn(struct dos_ctx *c);
DOS_INT21_FUNCS(DOS_DECLARE_FN_)
#undef DOS_DECLARE_FN_

#endif
