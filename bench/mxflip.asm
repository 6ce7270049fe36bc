; make bench: a mode X page-flipping loop. 320x240 unchained, two pages;
; each 70 Hz tick the back page is redrawn plane by plane (REP STOSW,
; 4 x 9600 words), then shown by writing the CRTC start address. After
; 350 ticks the program writes the frames drawn to FRAMES.TXT and exits.
        org 100h
        cpu 386
TICKS   equ 350
PAGE    equ 80 * 240
        mov ax, 13h
        int 10h
        mov dx, 3C4h
        mov ax, 0604h                   ; unchained
        out dx, ax
        mov dx, 3D4h
        mov ax, 0014h
        out dx, ax
        mov ax, 0E317h
        out dx, ax
        mov ax, 2C11h
        out dx, ax
        mov ax, 0D06h
        out dx, ax
        mov ax, 3E07h
        out dx, ax
        mov ax, 0EA10h
        out dx, ax
        mov ax, 0AC11h
        out dx, ax
        mov ax, 0DF12h
        out dx, ax
        mov ax, 0E715h
        out dx, ax
        mov ax, 0616h
        out dx, ax
        cli
        mov al, 36h
        out 43h, al
        mov ax, 17045
        out 40h, al
        mov al, ah
        out 40h, al
        push 40h
        pop fs
        mov ebx, [fs:6Ch]
        add ebx, TICKS
        push 0A000h
        pop es
        xor bp, bp                      ; frames drawn
        xor si, si                      ; back page offset
        cld
        sti
.frame: hlt
        mov cx, 4                       ; planes
        mov ah, 1
.plane: push cx
        push ax
        mov al, 2
        mov dx, 3C4h
        out dx, ax                      ; map mask
        mov di, si
        mov ax, bp
        add al, cl
        mov ah, al
        mov cx, PAGE / 2
        rep stosw
        pop ax
        shl ah, 1
        pop cx
        loop .plane
        mov dx, 3D4h                    ; flip: start address = back page
        mov ax, si
        mov al, 0Ch
        out dx, ax
        mov ax, si
        mov ah, al
        mov al, 0Dh
        out dx, ax
        xor si, PAGE                    ; the other page is the back page now
        inc bp
        cmp ebx, [fs:6Ch]
        ja .frame
        mov dx, bp
%include "benchend.inc"
