; VESA 800x600 with 32 bits per pixel through window A (the far window
; function), plus 24 bits per pixel (640x480) pixels through INT 10h 0Ch
; checked for their colour packing. Pinned by vbe32.png.
; test: png
        org 100h
%include "gfx.inc"
%include "vbe.inc"
; 24 bits: INT 10h 0Ch paints the DAC colour of a colour number
        mov bx, 0112h
        VBE 2
        mov ax, 0C04h                   ; colour 4: red (2Ah, 0, 0 in the DAC)
        xor bh, bh
        xor cx, cx
        xor dx, dx
        int 10h
        mov ax, 0A000h
        mov es, ax
        mov al, [es:2]                  ; blue, green, red
        EXPECT al, 0AAh, 1
        mov ax, 0D00h
        xor bh, bh
        xor cx, cx
        xor dx, dx
        int 10h
        EXPECT al, 4, 1
; 32 bits, 800x600: eight bands of colour, each 75 lines
        push ds
        pop es
        mov cx, 0143h
        mov di, minfo
        VBE 1
        cmp byte [minfo + 25], 32
        FAIL_IF_NOT e, 2
        mov bx, 0143h
        VBE 2
        mov ax, 0A000h
        mov es, ax
        xor di, di
        xor dx, dx
        xor bx, bx
        call far [minfo + 12]
        xor bp, bp                      ; line
.line:  mov ax, bp
        mov cl, 75
        div cl
        movzx si, al
        shl si, 2
        mov eax, [bands + si]
        mov cx, 800
.px:    stosd
        test di, di
        jnz .same
        inc dx
        xor bx, bx
        call far [minfo + 12]
.same:  loop .px
        inc bp
        cmp bp, 600
        jb .line
        EXIT 0
bands:  dd 0FF0000h, 00FF00h, 0000FFh, 0FFFF00h, 0FF00FFh, 00FFFFh, 0FFFFFFh, 808080h
minfo:  times 256 db 0
