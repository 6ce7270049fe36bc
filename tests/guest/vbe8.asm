; VESA 2.0, 640x480 in 256 colours through window A: 4F00h (with "VBE2"),
; 4F01h, 4F02h, 4F03h, 4F06h, bank switching through INT 10h 4F05h and
; through the window function's far pointer, text and pixels through
; INT 10h in a VESA mode. Pinned by vbe8.png.
; test: png
        org 100h
%include "gfx.inc"
%include "vbe.inc"
        mov di, info
        mov dword [di], 'VBE2'
        VBE 0
        cmp dword [info], 'VESA'
        FAIL_IF_NOT e, 1
        cmp word [info + 4], 0200h
        FAIL_IF_NOT e, 1
        cmp word [info + 18], 64        ; at least 4 MiB
        FAIL_IF_NOT ae, 1
        les si, [info + 14]             ; the mode list has 101h
.find:  mov ax, [es:si]
        add si, 2
        cmp ax, 0FFFFh
        FAIL_IF_NOT ne, 2
        cmp ax, 0101h
        jne .find
        push ds
        pop es
        mov cx, 0101h
        mov di, minfo
        VBE 1
        test byte [minfo], 81h          ; supported, linear frame buffer
        FAIL_IF_NOT nz, 3
        cmp word [minfo + 8], 0A000h
        FAIL_IF_NOT e, 3
        cmp word [minfo + 16], 640
        FAIL_IF_NOT e, 3
        cmp byte [minfo + 25], 8
        FAIL_IF_NOT e, 3
        mov bx, 0101h
        VBE 2
        VBE 3
        cmp bx, 0101h
        FAIL_IF_NOT e, 4
        mov bl, 1                       ; get the scan line length
        VBE 6
        cmp bx, 640
        FAIL_IF_NOT e, 5
; fill: colour = (x / 2 + y) & 0FFh; banks through INT 10h for the first
; half of the screen, through the window function after that
        mov ax, 0A000h
        mov es, ax
        xor di, di
        xor dx, dx                      ; bank
        call setbank
        xor bx, bx                      ; y
.line:  mov al, bl
        mov cx, 320
.px:    stosb
        call wrap
        stosb
        call wrap
        inc al
        loop .px
        inc bx
        cmp bx, 480
        jb .line
; 6: a pixel read back through INT 10h 0Dh (x 100, y 300: 50 + 300 = 5Eh)
        mov ax, 0D00h
        xor bh, bh
        mov cx, 100
        mov dx, 300
        int 10h
        EXPECT al, 5Eh, 6
; a white frame through INT 10h 0Ch
        xor si, si
.fr:    mov ax, 0C0Fh
        xor bh, bh
        mov cx, si
        mov dx, 100
        int 10h
        mov dx, 379
        int 10h
        inc si
        cmp si, 640
        jb .fr
        TEXT 7, 4, 0Fh, msg
        EXIT 0

wrap:   test di, di                     ; di wrapped: next bank
        jnz .ok
        inc dx
        call setbank
.ok:    ret
setbank:
        push ax
        push bx
        xor bx, bx
        cmp dx, 3
        jae .far
        mov ax, 4F05h
        int 10h
        pop bx
        pop ax
        ret
.far:   call far [minfo + 12]           ; the window function
        pop bx
        pop ax
        ret

        STR msg, "VESA 640x480x8, window A, banks by 4F05h and the far call"
info:   times 512 db 0
minfo:  times 256 db 0
