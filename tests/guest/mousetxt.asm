; The mouse in text mode: the pointer is the inverted cell under it (the
; driver's default software text cursor), drawn in the picture and in the
; text snapshot; a click seen through 05h/06h without a handler.
; test: keys={mouse:80,16}{click:left}{mouse:400,96}
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 03h
        mov ax, 0B800h
        mov es, ax
        xor di, di
        mov ax, 1F2Eh                   ; white on blue dots
        mov cx, 2000
        rep stosw
        xor ax, ax
        int 33h
        EXPECT ax, 0FFFFh, 1
        mov ax, 1
        int 33h
        push es
        mov ax, 40h
        mov es, ax
        mov bx, [es:6Ch]
        add bx, 91
.wait:  sti
        hlt
        mov ah, 1
        int 16h
        mov ax, 3
        int 33h
        cmp cx, 400
        je .got
        cmp bx, [es:6Ch]
        jne .wait
        EXIT 2
.got:   pop es
        EXPECT dx, 96, 3
        mov ax, 6                       ; 4: one left release, at (80, 16)
        xor bx, bx
        int 33h
        EXPECT bx, 1, 4
        EXPECT cx, 80, 4
        EXPECT dx, 16, 4
        EXIT 0
