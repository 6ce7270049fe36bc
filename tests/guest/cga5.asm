; Mode 05h (CGA 320x200, the "black and white" mode; on a VGA the same
; colours as 04h): the third palette (cyan, red, white) through the mode
; control register 3D8h bit 2, bright through 3D9h, a green background
; through INT 10h 0Bh; pixels through INT 10h 0Ch. Checks the graphics
; controller's memory map (GC 6), the bytes INT 10h 0Ch left in both
; banks, and INT 10h 0Dh; pinned by cga5.png.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 05h
; 1: GC 6 maps B800h, odd/even (CGA) addressing, graphics
        mov dx, 3CEh
        mov al, 6
        out dx, al
        inc dx
        in al, dx
        EXPECT al, 0Fh, 1
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
; 2-5: four pixels a byte, even lines at B800:0000, odd ones at B800:2000h
        mov ax, 0B800h
        mov es, ax
        mov al, [es:20 * 80 + 45]       ; line 40, x 180: colour 2
        EXPECT al, 0AAh, 2
        mov al, [es:2000h + 20 * 80 + 65] ; line 41, x 260: colour 3
        EXPECT al, 0FFh, 3
        mov al, [es:2000h + 79 * 80 + 25] ; line 159, x 100: colour 1
        EXPECT al, 55h, 4
        mov al, [es:2000h + 19 * 80 + 25] ; line 39: above the rectangles
        EXPECT al, 0, 5
; 6: INT 10h 0Dh reads colour 3 back
        mov ax, 0D00h
        xor bh, bh
        mov cx, 250
        mov dx, 100
        int 10h
        EXPECT al, 3, 6
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
