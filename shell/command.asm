; Z:\COMMAND.COM: the guest half of the built-in shell (shell/). The native
; shell decides everything; this stub asks it what to do next through a ROM
; callback and performs the EXECs it is told to, so every program runs
; through the real DOS EXEC path (INT 21h 4B00h) with the shell's PSP as
; its parent. Assembled with nasm during the build and embedded in unidos;
; the built-in Z: drive fills in the callback address (shell/stub.h).
        cpu     8086
        org     100h

SH_REQ          equ 5348h       ; AX of every call into the shell ('SH')
RES_NONE        equ 0           ; CX: nothing new since the last call
RES_EXEC_DONE   equ 1           ;     the EXEC ran: BX = AX of INT 21h 4Dh
RES_EXEC_FAILED equ 2           ;     the EXEC failed: BX = DOS error
RES_START       equ 3           ;     the stub has just started
ACT_EXIT        equ 4Ch         ; AH from the shell: 4Bh EXEC DS:DX with ES:BX
                                ; (AX = 4B00h), 4Ch end with return code AL,
ACT_AGAIN       equ 0           ; AX = 0: call again (the shell lets the CPU run)
ACT_CLS         equ 1           ; AX = 1: clear the screen through the BIOS (CLS)
BDA_ROWS        equ 484h        ; 0040:0084 rows on screen - 1 (EGA and later)
BUF_BYTES       equ 4096        ; scratch memory the shell works in
STACK_BYTES     equ 512

start:  jmp     short main
        nop
magic:  db      "UNIDOS-SHELL"  ; shell/stub.h: the callback follows
callback:
        dd      0

main:   mov     sp, stack_top
        mov     bx, image_end + 15
        mov     cl, 4
        shr     bx, cl
        mov     ah, 4Ah         ; keep only what the stub needs (ES = PSP)
        int     21h
        mov     dx, on_break
        mov     ax, 2523h       ; Ctrl-C in a child ends the child
        int     21h
        mov     cx, RES_START   ; the first call creates the session
        xor     bx, bx

ask:    mov     ax, cs
        mov     ds, ax
        mov     es, ax
        cli
        mov     ss, ax
        mov     sp, stack_top
        sti
        mov     ax, SH_REQ
        mov     dx, buffer
        mov     si, BUF_BYTES
        call    far [callback]
        cmp     ax, ACT_AGAIN
        je      again
        cmp     ax, ACT_CLS
        je      cls
        cmp     ah, ACT_EXIT
        je      finish
        int     21h             ; EXEC
        mov     cx, RES_EXEC_FAILED
        jc      report
        mov     ah, 4Dh
        int     21h
        mov     cx, RES_EXEC_DONE
report: mov     bx, ax
        jmp     short ask

again:  mov     cx, RES_NONE
        jmp     short ask

; CLS on the console, as COMMAND.COM does it without ANSI.SYS: scroll the
; whole screen blank (INT 10h 06h) and put the cursor at the top left.
cls:    mov     ah, 0Fh         ; AH = columns, BH = active page
        int     10h
        mov     dl, ah
        dec     dl
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     dh, [BDA_ROWS]
        pop     ds
        or      dh, dh
        jnz     .rows
        mov     dh, 24
.rows:  push    bx
        mov     ax, 0600h
        mov     bh, 07h         ; light grey on black
        xor     cx, cx
        int     10h
        pop     bx
        mov     ah, 02h
        xor     dx, dx
        int     10h
        jmp     short again

finish: int     21h             ; terminate with return code AL

; INT 23h while a child runs: a far return with CF set tells DOS to abort
; the child (RBIL INT 23h), and the shell sees return kind 1 (Ctrl-C).
on_break:
        stc
        retf

        section .bss
        alignb  16
buffer: resb    BUF_BYTES
        resb    STACK_BYTES
stack_top:
image_end:
