; Unchained 256-colour "mode X" (320x240, four pages' worth of planes):
; mode 13h unchained through the sequencer and CRTC (byte mode, 480
; lines), pixels written plane by plane, a block copied between pages four
; pixels at a time with write mode 1, the vertical retrace seen on 3DAh,
; page flipping through the CRTC start address and a split screen through
; the line compare register. The picture (modex.png): page 1 on top, the
; split at line 160 showing page 0 from its first line.
; test: png
        org 100h
%include "gfx.inc"
PAGE1   equ 80 * 240                    ; plane address of the second page

        SETMODE 13h
        SEQ 4, 06h                      ; chain 4 off, odd/even off
        CRTC 14h, 00h                   ; doubleword mode off
        CRTC 17h, 0E3h                  ; byte mode
        mov dx, 3C2h                    ; 480-line timing (60 Hz)
        mov al, 0E3h
        out dx, al
        CRTC 11h, 2Ch                   ; unprotect CRTC 0-7
        CRTC 06h, 0Dh
        CRTC 07h, 3Eh
        CRTC 09h, 41h
        CRTC 10h, 0EAh
        CRTC 11h, 0ACh
        CRTC 12h, 0DFh
        CRTC 15h, 0E7h
        CRTC 16h, 06h
        mov ax, 0A000h
        mov es, ax
        SEQ 2, 0Fh                      ; clear all planes
        xor di, di
        xor ax, ax
        mov cx, 8000h
        rep stosw

; page 0: horizontal bands, colour = 20h + line / 10 (all planes at once)
        xor di, di
        xor bx, bx
.l0:    mov ax, bx
        mov cl, 10
        div cl
        add al, 20h
        mov ah, al
        mov cx, 40
        rep stosw
        inc bx
        cmp bx, 240
        jb .l0

; page 1: vertical stripes, colour = 40h + x / 5, plane by plane
        xor bp, bp                      ; plane
.plane: mov cx, bp
        mov ah, 1
        shl ah, cl
        mov al, 2
        mov dx, 3C4h
        out dx, ax                      ; map mask: this plane
        mov di, PAGE1
        mov bx, 240
.l1:    xor si, si                      ; byte column 0-79: x = 4 * si + plane
.c1:    mov ax, si
        shl ax, 2
        add ax, bp
        mov cl, 5
        div cl
        add al, 40h
        stosb
        inc si
        cmp si, 80
        jb .c1
        dec bx
        jnz .l1
        inc bp
        cmp bp, 4
        jb .plane
        SEQ 2, 0Fh

; 1: a plane of page 1 reads back (read map 2: x = 4 * 10 + 2 = 42)
        GC 4, 2
        mov al, [es:PAGE1 + 10]
        EXPECT al, 40h + 8, 1
        GC 4, 0

; a 16x40-pixel block of page 0 copied into page 1 with write mode 1
        GC 5, 41h                       ; 256-colour shift, write mode 1
        mov si, 100 * 80 + 20
        mov di, PAGE1 + 20 * 80 + 60
        mov bx, 40
.cp:    mov cx, 4
.cpb:   mov al, [es:si]
        mov [es:di], al
        inc si
        inc di
        loop .cpb
        add si, 76
        add di, 76
        dec bx
        jnz .cp
        GC 5, 40h
; 2: the copy carried all four planes
        GC 4, 3
        mov al, [es:PAGE1 + 20 * 80 + 60]
        EXPECT al, 20h + 10, 2
        GC 4, 0

; 3: the vertical retrace comes and goes (within 10 timer ticks)
        push es
        mov ax, 40h
        mov es, ax
        mov bx, [es:6Ch]
        add bx, 10
        mov dx, 3DAh
.w1:    cmp bx, [es:6Ch]
        je .late
        in al, dx
        test al, 8
        jz .w1
.w2:    cmp bx, [es:6Ch]
        je .late
        in al, dx
        test al, 8
        jnz .w2
        pop es

; show page 1, split at line 160 (scan line 320) to page 0
        CRTC 0Ch, PAGE1 >> 8
        CRTC 0Dh, PAGE1 & 0FFh
        CRTC 18h, 320 & 0FFh            ; line compare bits 0-7
        CRTC 07h, 3Eh | 10h             ; bit 8 (in the overflow register)
        CRTC 09h, 01h                   ; bit 9 clear (2 lines per row)
        EXIT 0
.late:  EXIT 3
