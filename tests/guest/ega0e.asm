; Mode 0Eh (640x200, 16 colours) and 0Fh's sibling text: INT 10h scroll
; (06h) in a graphics mode, teletype with colours. Pinned by ega0e.png.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 0Eh
        mov cx, 30
        mov bl, 1
.lines: push cx
        mov si, msg
.tt:    lodsb
        test al, al
        jz .eol
        mov ah, 0Eh
        xor bh, bh
        int 10h
        jmp .tt
.eol:   inc bl
        and bl, 0Fh
        jnz .c
        inc bl
.c:     pop cx
        loop .lines
; scroll a window (rows 2-10, columns 10-40) up by 3 lines, fill colour 4
        mov ax, 0603h
        mov bh, 04h
        mov cx, 020Ah
        mov dx, 0A28h
        int 10h
        EXIT 0
msg:    db "Mode 0Eh teletype, scrolled", 13, 10, 0
