; Mode 10h (EGA 640x350, 16 of 64 colours): palette registers set with
; INT 10h 1000h/1002h and through the attribute controller port 3C0h,
; write mode 2 bars, the second page shown through the CRTC start address.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 10h
        mov ax, 0A000h
        mov es, ax
; bars on page 1 (A000:8000h), 40 pixels per colour, write mode 2
        GC 5, 02h
        mov di, 8000h
        mov bx, 350
.line:  xor al, al
.bar:   mov cx, 5
        rep stosb
        inc al
        cmp al, 16
        jb .bar
        dec bx
        jnz .line
        GC 5, 00h
; palette register 1 -> 3Ch (bright red) by INT 10h 1000h
        mov ax, 1000h
        mov bx, 3C01h
        int 10h
; palette register 2 -> 07h through the port (index, value, then 20h)
        mov dx, 3DAh
        in al, dx
        mov dx, 3C0h
        mov al, 02h
        out dx, al
        mov al, 07h
        out dx, al
        mov al, 20h
        out dx, al
; 1: INT 10h 1007h reads register 2 back
        mov ax, 1007h
        mov bl, 2
        int 10h
        EXPECT bh, 07h, 1
; show page 1
        CRTC 0Ch, 80h
        CRTC 0Dh, 00h
        TEXT 20, 3, 0Fh, msg            ; drawn on page 0: not visible
        EXIT 0
        STR msg, "page 0"
