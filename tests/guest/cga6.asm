; Mode 06h (CGA 640x200, 2 colours): interleaved banks, eight pixels a
; byte, the foreground colour from 3D9h, text through INT 10h.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 06h
        mov ax, 0B800h
        mov es, ax
; a pattern: line y, byte x holds (x ^ y) * 11h
        xor bx, bx
.line:  mov di, bx
        shr di, 1
        imul di, di, 80
        test bl, 1
        jz .even
        add di, 2000h
.even:  xor cx, cx
.b:     mov al, cl
        xor al, bl
        and al, 0Fh
        mov ah, 11h
        mul ah
        stosb
        inc cx
        cmp cx, 80
        jb .b
        inc bx
        cmp bx, 150
        jb .line
; 1: a pixel read back by INT 10h 0Dh: x = 8 * 3 + 3, y = 1: (3 ^ 1) * 11h = 22h
        mov ax, 0D00h
        xor bh, bh
        mov cx, 27
        mov dx, 1
        int 10h
        EXPECT al, 0, 1
        mov cx, 26
        int 10h
        EXPECT al, 1, 1
        TEXT 20, 4, 01h, msg
        mov dx, 3D9h
        mov al, 0Eh                     ; foreground yellow
        out dx, al
        EXIT 0
        STR msg, "Mode 06h: 640x200, foreground from 3D9h"
