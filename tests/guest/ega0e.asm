; Mode 0Eh (640x200, 16 colours) and 0Fh's sibling text: INT 10h scroll
; (06h) in a graphics mode, teletype with colours. Checks the graphics
; controller's memory map (GC 6), the cursor after 30 lines, the scrolled
; window's fill colour through INT 10h 0Dh and in each plane (read mode 0,
; GC 4 selecting the plane); pinned by ega0e.png.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 0Eh
; 1: GC 6 maps A000h (64 KB), graphics
        mov dx, 3CEh
        mov al, 6
        out dx, al
        inc dx
        in al, dx
        EXPECT al, 05h, 1
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
; 2: 30 lines of teletype leave the cursor at the start of the last row
        mov ah, 03h
        xor bh, bh
        int 10h
        EXPECT dx, 1800h, 2
; 3: the three rows the scroll cleared (8-10 of the window) are colour 4
        mov ax, 0D00h
        xor bh, bh
        mov cx, 10 * 8 + 1
        mov dx, 10 * 8 + 1
        int 10h
        EXPECT al, 4, 3
; 4-5: colour 4 is plane 2 alone: FFh there, 00h in plane 0
        mov ax, 0A000h
        mov es, ax
        READPLANE 2, 81 * 80 + 10
        EXPECT al, 0FFh, 4
        READPLANE 0, 81 * 80 + 10
        EXPECT al, 0, 5
        GC 4, 0
        EXIT 0
msg:    db "Mode 0Eh teletype, scrolled", 13, 10, 0
