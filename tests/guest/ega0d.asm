; Mode 0Dh (EGA 320x200, 16 colours): planes written one at a time through
; the map mask, set/reset fills, INT 10h 0Ch/0Dh, page 1 drawn and shown
; with INT 10h 05h, text with INT 10h 09h. Pinned by ega0d.png (page 1).
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 0Dh
        mov ax, 0A000h
        mov es, ax
; page 0 (not shown at the end): something to tell it from page 1
        GC 1, 0Fh
        GC 0, 04h
        xor di, di
        mov cx, 4000
        rep stosb
; page 1 at A000:2000h: colour c in byte columns 2c and 2c+1 of every line,
; each plane written alone
        GC 1, 00h
        xor bp, bp
.plane: mov cx, bp
        mov ah, 1
        shl ah, cl
        mov al, 2
        mov dx, 3C4h
        out dx, ax
        mov di, 2000h
        mov bx, 200
.line:  xor si, si
.col:   mov ax, si
        shr ax, 1                       ; colour of this byte
        mov cx, bp
        shr ax, cl
        and al, 1
        neg al                          ; 00h or FFh
        stosb
        inc si
        cmp si, 32
        jb .col
        add di, 8
        dec bx
        jnz .line
        inc bp
        cmp bp, 4
        jb .plane
        SEQ 2, 0Fh
; 1: INT 10h 0Dh on page 1 sees colour 9 at x = 9 * 16 + 4
        mov ax, 0D00h
        mov bh, 1
        mov cx, 148
        mov dx, 50
        int 10h
        EXPECT al, 9, 1
; a white frame by INT 10h 0Ch on page 1
        xor si, si
.fr:    mov ax, 0C0Fh
        mov bh, 1
        mov cx, si
        mov dx, 120
        int 10h
        mov dx, 199
        int 10h
        inc si
        cmp si, 320
        jb .fr
        mov ax, 0501h                   ; show page 1
        int 10h
        mov ah, 02h                     ; cursor on page 1
        mov bh, 1
        mov dx, 1002h
        int 10h
        mov ax, 0941h                   ; 'A' x 8 in light green
        mov bx, 010Ah
        mov cx, 8
        int 10h
        EXIT 0
