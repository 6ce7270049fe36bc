; VESA 2.0 linear frame buffer, 640x480 with 16 bits per pixel (5:6:5):
; the mode information's field layout and PhysBasePtr, 4F02h with bit 14,
; pixels written through flat real mode (FS with a 4 GiB limit), the
; display start moved with 4F07h. Pinned by vbelfb.png.
; test: png
        org 100h
%include "gfx.inc"
%include "vbe.inc"
        mov cx, 0111h
        mov di, minfo
        VBE 1
        cmp byte [minfo + 25], 16
        FAIL_IF_NOT e, 1
        cmp word [minfo + 31], 0B05h    ; red: 5 bits at 11
        FAIL_IF_NOT e, 1
        cmp word [minfo + 33], 0506h    ; green: 6 bits at 5
        FAIL_IF_NOT e, 1
        mov bx, 4111h
        VBE 2
        VBE 3
        cmp bx, 4111h
        FAIL_IF_NOT e, 2
        UNREAL_FS
        mov edi, [minfo + 40]
        xor bx, bx                      ; y
.line:  xor si, si                      ; x
.px:    mov ax, si                      ; red = x / 20 (0-31)
        xor dx, dx
        mov cx, 20
        div cx
        shl ax, 11
        mov cx, ax
        mov ax, bx                      ; green = y * 63 / 479... y / 8 (0-59)
        shr ax, 3
        shl ax, 5
        or cx, ax
        mov ax, 31                      ; blue = 31 - red
        mov dx, si
        shr dx, 5
        sub ax, dx
        and ax, 31
        or ax, cx
        mov [fs:edi], ax
        add edi, 2
        inc si
        cmp si, 640
        jb .px
        inc bx
        cmp bx, 480
        jb .line
; 3: the window still shows the same memory (bank 0, offset 2: pixel 1, line 0)
        mov ax, 0A000h
        mov es, ax
        mov ax, [es:2]
        EXPECT ax, 001Fh, 3
; display start at line 16, read back
        xor bx, bx
        xor cx, cx
        mov dx, 16
        VBE 7
        mov bx, 1
        VBE 7
        EXPECT dx, 16, 4
        EXIT 0
minfo:  times 256 db 0
        UNREAL_DATA
