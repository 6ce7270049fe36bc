; Mode 04h (CGA 320x200, 4 colours): even scan lines at B800:0000, odd ones
; at B800:2000h, four pixels a byte; INT 10h 0Ch/0Dh; the palette and
; background changed through the CGA colour register 3D9h (palette 0,
; bright, blue background) and INT 10h 0Bh. Pinned by cga4.png.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 04h
        mov ax, 0B800h
        mov es, ax
; four bands of colours 0-3, 40 lines each, straight into both banks
        xor bx, bx                      ; line
.line:  mov ax, bx
        mov cl, 40
        div cl                          ; al = band
        mov ah, al
        mov cl, 55h
        mul cl                          ; colour c in all four pixels: c * 55h
        mov dx, bx
        shr dx, 1
        mov di, dx
        imul di, di, 80
        test bl, 1
        jz .even
        add di, 2000h
.even:  mov cx, 80
        rep stosb
        inc bx
        cmp bx, 160
        jb .line
; 1: the bytes read back
        mov al, [es:2000h + 60 * 80]    ; line 121: band 3
        EXPECT al, 0FFh, 1
; a checker of colours 1 and 2 by INT 10h 0Ch in lines 165-194
        mov dx, 165
.cy:    mov cx, 0
.cx:    mov ax, cx
        xor ax, dx
        and ax, 8
        mov al, 1
        jz .one
        mov al, 2
.one:   mov ah, 0Ch
        xor bh, bh
        int 10h
        inc cx
        cmp cx, 320
        jb .cx
        inc dx
        cmp dx, 195
        jb .cy
; 2: INT 10h 0Dh agrees
        mov ax, 0D00h
        xor bh, bh
        mov cx, 9
        mov dx, 165
        int 10h
        EXPECT al, 2, 2
; 3: XOR through 0Ch (bit 7): 2 ^ 3 = 1
        mov ax, 0C83h
        xor bh, bh
        mov cx, 9
        mov dx, 165
        int 10h
        mov ax, 0D00h
        int 10h
        EXPECT al, 1, 3
; palette 0 bright on a blue background through 3D9h, then the border
; through INT 10h 0Bh (BH=0 keeps the palette)
        mov dx, 3D9h
        mov al, 11h                     ; bright, background 1 (blue)
        out dx, al
        mov ah, 0Bh
        mov bx, 0101h                   ; BH=1: palette 1 (cyan, magenta, white)
        int 10h
        mov ah, 0Bh
        mov bx, 0000h                   ; palette 0 again via BH=1? no: background black
        int 10h
        mov ah, 0Bh
        mov bx, 0100h                   ; BH=1 BL=0: palette 0
        int 10h
        EXIT 0
