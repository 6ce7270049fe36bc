; make bench (bench/graphics.sh): a mode 13h full-screen redraw loop. The PIT ticks at 70 Hz;
; each tick (HLT until then) the whole 320x200 screen is rewritten with
; REP STOSD in a new colour. After 350 ticks (5 seconds) the program
; writes how many frames it drew to FRAMES.TXT and exits.
        org 100h
        cpu 386
TICKS   equ 350
        mov ax, 13h
        int 10h
        cli
        mov al, 36h                     ; PIT channel 0, mode 3: 70 Hz
        out 43h, al
        mov ax, 17045                   ; 1193182 / 70
        out 40h, al
        mov al, ah
        out 40h, al
        push 40h
        pop fs
        mov ebx, [fs:6Ch]
        add ebx, TICKS
        push 0A000h
        pop es
        xor dx, dx                      ; frames drawn
        sti
.frame: hlt
        mov al, dl
        mov ah, al
        mov cx, ax
        shl eax, 16
        mov ax, cx
        xor di, di
        mov cx, 16000
        cld
        rep stosd
        inc dx
        cmp ebx, [fs:6Ch]
        ja .frame
%include "benchend.inc"
