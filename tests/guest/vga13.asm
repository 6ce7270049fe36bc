; Mode 13h (320x200, 256 colours, chain 4): the DAC through its ports
; (3C8h/3C9h write, 3C7h/3C9h read back with auto-increment, 3C6h pel
; mask) and through INT 10h 10h (10h, 12h, 15h, 17h, 18h/19h, 1Bh), pixels
; through INT 10h 0Ch/0Dh and straight into A000h, text in a colour
; (INT 10h 0Eh with BL). The picture is pinned by vga13.png.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 13h
        mov ax, 0A000h
        mov es, ax

; 1: the default palette (IBM VGA BIOS): colour 20h is pure blue
        mov dx, 3C7h
        mov al, 20h
        out dx, al
        mov dx, 3C9h
        in al, dx
        EXPECT al, 0, 1
        in al, dx
        EXPECT al, 0, 1
        in al, dx
        EXPECT al, 3Fh, 1

; 2: colours 40h-7Fh: a red ramp through the ports
        mov dx, 3C8h
        mov al, 40h
        out dx, al
        inc dx
        xor bl, bl
.ramp:  mov al, bl
        out dx, al                      ; red
        xor al, al
        out dx, al                      ; green
        out dx, al                      ; blue
        inc bl
        cmp bl, 64
        jb .ramp
        mov dx, 3C7h
        mov al, 45h
        out dx, al
        mov dx, 3C9h
        in al, dx
        EXPECT al, 5, 2

; 3: colours 80h-BFh: a green ramp through INT 10h 1012h
        mov di, table
        xor al, al
.tb:    mov byte [di], 0
        mov [di+1], al
        mov byte [di+2], 20h
        add di, 3
        inc al
        cmp al, 64
        jb .tb
        push es
        push ds
        pop es
        mov ax, 1012h
        mov bx, 80h
        mov cx, 64
        mov dx, table
        int 10h
        mov ax, 1015h                   ; read one back
        mov bx, 90h
        int 10h
        pop es
        EXPECT ch, 10h, 3
        EXPECT cl, 20h, 3

; 4: colour C0h set by 1010h, summed to grey by 101Bh
        mov ax, 1010h
        mov bx, 0C0h
        mov dh, 3Fh
        mov ch, 0
        mov cl, 0
        int 10h
        mov ax, 101Bh
        mov bx, 0C0h
        mov cx, 1
        int 10h
        mov ax, 1015h
        mov bx, 0C0h
        int 10h
        EXPECT dh, 13h, 4               ; 30 % of 3Fh
        EXPECT ch, 13h, 4

; 5: pel mask through INT 10h and the port
        mov ax, 1018h
        mov bl, 0FFh
        int 10h
        mov ax, 1019h
        int 10h
        EXPECT bl, 0FFh, 5

; the picture: red ramp (rows 0-49), green ramp (50-99) by rep stosb
        xor di, di
        mov bx, 50
.r1:    mov al, 40h
        mov cx, 64
.p1:    stosb
        stosb
        stosb
        stosb
        stosb
        inc al
        loop .p1
        dec bx
        jnz .r1
        mov bx, 50
.r2:    mov al, 80h
        mov cx, 64
.p2:    stosb
        stosb
        stosb
        stosb
        stosb
        inc al
        loop .p2
        dec bx
        jnz .r2
; rows 100-149: the default palette 00h-FFh, one colour per 1.25 pixels
        mov bx, 50
.r3:    xor bp, bp
.p3:    mov ax, bp
        shl ax, 2
        xor dx, dx
        mov cx, 5
        div cx
        stosb
        inc bp
        cmp bp, 320
        jb .p3
        dec bx
        jnz .r3

; 6: chain 4 reads back what was written
        mov al, [es:100 * 320 + 160]
        EXPECT al, 80h, 6

; 7: a diagonal by INT 10h 0Ch, read back with 0Dh
        xor si, si
.diag:  mov ax, 0C0Fh
        xor bh, bh
        mov cx, si
        add cx, 100
        mov dx, si
        add dx, 150
        int 10h
        inc si
        cmp si, 50
        jb .diag
        mov ax, 0D00h
        xor bh, bh
        mov cx, 120
        mov dx, 170
        int 10h
        EXPECT al, 0Fh, 7

; text in yellow (0Eh) and light blue (09h) through INT 10h 0Eh
        mov ah, 02h
        xor bh, bh
        mov dx, 1301h                   ; row 19, column 1
        int 10h
        mov si, msg
.tt:    lodsb
        test al, al
        jz .done
        mov ah, 0Eh
        mov bx, 000Eh
        int 10h
        jmp .tt
.done:  mov ah, 09h
        mov al, '*'
        mov bx, 0009h
        mov cx, 5
        int 10h
        EXIT 0

msg:    db "Mode 13h, DAC ", 0
table:  times 64 * 3 db 0
