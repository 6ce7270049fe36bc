; Straight into video RAM at B800h, scrolling by moving it up a row with
; REP MOVSW, as Turbo C's conio does; the cursor set through the BIOS
; after each line. 60 lines: every one must reach stdout once, in order.
LINES   equ     60
        org     100h
        mov     ax, 0B800h
        mov     es, ax
        mov     bp, 1
.line:  push    ds
        push    es
        pop     ds
        mov     si, 160                 ; rows 1-24 up to 0-23
        xor     di, di
        mov     cx, 24 * 80
        cld
        rep     movsw
        pop     ds
        mov     ax, 0720h               ; row 24 blank
        mov     cx, 80
        rep     stosw
        mov     ax, bp                  ; "direct line NNN" on row 24
        push    es
        push    ds
        pop     es
        mov     di, msg_num
        call    num3
        pop     es
        mov     si, msg
        mov     di, 24 * 160
        mov     ah, 07h
.ch:    lodsb
        or      al, al
        jz      .cursor
        stosw
        jmp     .ch
.cursor:
        mov     ah, 02h                 ; the cursor after it
        xor     bh, bh
        mov     dx, 1800h + msg_len
        int     10h
        inc     bp
        cmp     bp, LINES
        jbe     .line
        jmp     exit0
msg:    db      "direct line "
msg_num: db     "000", 0
msg_len equ     $ - msg - 1
%include "screen.inc"
