; Mode 05h (CGA 320x200, the "black and white" mode; on a VGA the same
; colours as 04h): the third palette (cyan, red, white) through the mode
; control register 3D8h bit 2, bright through 3D9h, a green background
; through INT 10h 0Bh; pixels through INT 10h 0Ch.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 05h
; colour c in the rectangle x 80c..80c+79, y 40..159, by INT 10h 0Ch
        xor bp, bp
.c:     mov dx, 40
.y:     mov cx, bp
        imul cx, cx, 80
        mov si, 80
.x:     mov ax, bp
        mov ah, 0Ch
        xor bh, bh
        int 10h
        inc cx
        dec si
        jnz .x
        inc dx
        cmp dx, 160
        jb .y
        inc bp
        cmp bp, 4
        jb .c
        mov dx, 3D8h                    ; B/W bit: cyan, red, white
        mov al, 2Eh
        out dx, al
        mov dx, 3D9h                    ; bright
        mov al, 30h
        out dx, al
        mov ah, 0Bh                     ; background green (and keep bright)
        mov bx, 0012h
        int 10h
        EXIT 0
