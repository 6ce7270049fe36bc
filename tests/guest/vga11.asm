; Mode 11h (640x480, 2 colours): one plane; INT 10h 0Ch/0Dh, text, and
; the foreground changed through the DAC (INT 10h 1010h on colour 3Fh).
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 11h
        mov ax, 0A000h
        mov es, ax
; concentric squares by writing bytes
        xor bx, bx
.line:  mov di, bx
        imul di, di, 80
        xor si, si
.col:   mov ax, si
        shl ax, 3
        sub ax, 320
        jns .ax
        neg ax
.ax:    mov dx, bx
        sub dx, 240
        jns .dx
        neg dx
.dx:    cmp ax, dx
        jae .m
        mov ax, dx
.m:     shr ax, 4
        and al, 1
        neg al
        mov [es:di], al
        inc di
        inc si
        cmp si, 80
        jb .col
        inc bx
        cmp bx, 480
        jb .line
        mov ax, 0D00h
        xor bh, bh
        mov cx, 320
        mov dx, 240
        int 10h
        EXPECT al, 0, 1                 ; the centre square is colour 0
        mov cx, 340                     ; 20 pixels out: FFh in all four planes
        int 10h
        EXPECT al, 0Fh, 1
        mov ax, 1010h                   ; colour 3Fh: amber
        mov bx, 3Fh
        mov dh, 3Fh
        mov ch, 2Ah
        mov cl, 0
        int 10h
        TEXT 29, 0, 01h, msg
        EXIT 0
        STR msg, "Mode 11h"
