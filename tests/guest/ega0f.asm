; Mode 0Fh (640x350 monochrome graphics): planes 0 (video) and 2
; (intensity) through the map mask; colours 0-3.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 0Fh
        mov ax, 0A000h
        mov es, ax
; colour = column / 20 % 4: plane 0 = bit 0, plane 2 = bit 1
        mov bx, 350
        xor di, di
.line:  xor si, si
.col:   mov ax, si
        mov cl, 20
        div cl
        and al, 3
        mov ah, al
        push ax
        SEQ 2, 01h
        pop ax
        push ax
        and al, 1
        neg al
        mov [es:di], al
        SEQ 2, 04h
        pop ax
        shr ah, 1
        neg ah
        mov [es:di], ah
        inc di
        inc si
        cmp si, 80
        jb .col
        dec bx
        jnz .line
        SEQ 2, 0Fh
        EXIT 0
