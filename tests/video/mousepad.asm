; A mouse-driven test program for the frontends: mode 13h (or text with
; -DTEXT), a pattern, the INT 33h pointer shown; it waits for a left
; click and exits with the pointer's column (graphics: x / 4; text: x / 8)
; as its status, or 255 on a key.
        org 100h
%ifdef TEXT
        mov ax, 03h
        int 10h
%else
        mov ax, 13h
        int 10h
        mov ax, 0A000h
        mov es, ax
        xor di, di
        mov cx, 64000
        xor al, al
.fill:  stosb
        inc al
        loop .fill
%endif
        xor ax, ax
        int 33h
        mov ax, 1
        int 33h
.wait:  sti
        hlt
        mov ah, 1
        int 16h
        jnz .key
        mov ax, 6                       ; left button released yet?
        xor bx, bx
        int 33h
        test bx, bx
        jz .wait
        mov ax, cx
%ifdef TEXT
        shr ax, 3
%else
        shr ax, 2
%endif
        mov ah, 4Ch
        int 21h
.key:   mov ax, 4CFFh
        int 21h
