/* The protocol between the guest stub (shell/command.asm, Z:\COMMAND.COM)
 * and the native shell. Every number here is also in command.asm. */
#ifndef UNIDOS_SHELL_STUB_H
#define UNIDOS_SHELL_STUB_H

#include <stddef.h>
#include <stdint.h>

/* The stub's image: the callback's far address follows the magic. */
#define STUB_MAGIC "UNIDOS-SHELL"
#define STUB_MAGIC_BYTES 12

/* A call into the shell: AX = STUB_REQ, CX:BX = result of the last action,
 * DS = the stub's PSP (a .COM: CS = DS = PSP), DS:DX = scratch memory of SI
 * bytes. The answer is AX = action with its registers. */
#define STUB_REQ 0x5348
enum stub_result {
    STUB_RES_NONE = 0,        /* first call, or nothing new */
    STUB_RES_EXEC_DONE = 1,   /* BX = return code | kind << 8 (INT 21h 4Dh) */
    STUB_RES_EXEC_FAILED = 2, /* BX = DOS error of 4B00h */
    STUB_RES_START = 3,       /* the stub has just started */
};
/* The answer is the INT 21h call the stub makes next. */
enum stub_action {
    STUB_ACT_AGAIN = 0x0000, /* call again: the shell lets the CPU run in between */
    STUB_ACT_CLS = 0x0001,   /* clear the screen with INT 10h, then call again */
    STUB_ACT_EXEC = 0x4B00,  /* EXEC DS:DX (program) with ES:BX (parameter block) */
    STUB_ACT_EXIT = 0x4C00,  /* terminate, AL = return code */
};

/* Layout of the scratch memory (offsets from DS:DX). */
#define SB_PATH 0x000  /* 128: first path argument of a DOS call */
#define SB_PATH2 0x080 /* 128: second path (rename) */
#define SB_TAIL 0x100  /* 128: command tail of an EXEC */
#define SB_PB 0x180    /* 14: EXEC parameter block */
#define SB_FCB1 0x190  /* 37 each: FCBs of an EXEC */
#define SB_FCB2 0x1B8
#define SB_IO 0x200 /* the rest: data of reads and writes */
#define SB_MIN_BYTES 0x400

/* The stub as built into unidos (generated from command.asm). */
extern const uint8_t shell_command_com[];
extern const size_t shell_command_com_len;

#endif
