; test: exit=0
; More file API: 67h (more than 20 handles), IOCTL 01h/07h/0Ah/0Eh, 60h
; on a device name, country information (38h, 65h) used by C runtimes.
%include "check.inc"
        org 100h
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        mov bx, 40                      ; 67h: room for 40 handles
        mov ah, 67h
        int 21h
        FAIL_IF_NOT nc, 1
        mov cx, 30                      ; open NUL 30 times: handles 5..34
        xor di, di
more:   mov dx, nul
        mov ax, 3D02h
        int 21h
        FAIL_IF_NOT nc, 2
        mov di, ax
        loop more
        cmp di, 34
        FAIL_IF_NOT e, 3
        mov bx, di                      ; the last one works
        mov dx, nul
        mov cx, 3
        mov ah, 40h
        int 21h
        FAIL_IF_NOT nc, 4
        mov ax, 4400h                   ; NUL: device with bit 2 (NUL)
        int 21h
        test dl, 84h
        FAIL_IF_NOT nz, 5
        mov ax, 4401h                   ; set raw mode on a device
        xor dh, dh
        or dl, 20h
        int 21h
        FAIL_IF_NOT nc, 6
        mov ax, 4400h
        int 21h
        test dl, 20h
        FAIL_IF_NOT nz, 7
        mov ax, 4407h                   ; output status: ready
        int 21h
        cmp al, 0FFh
        FAIL_IF_NOT e, 8
        mov ax, 440Ah                   ; handle is local
        int 21h
        FAIL_IF_NOT nc, 9
        test dx, 8000h
        FAIL_IF_NOT z, 10
        mov ax, 440Eh                   ; one letter per drive: AL=0
        mov bl, 3
        int 21h
        FAIL_IF_NOT nc, 11
        cmp al, 0
        FAIL_IF_NOT e, 12
        mov ax, 440Eh                   ; no drive Y: (Z: holds the shell)
        mov bl, 25
        int 21h
        FAIL_IF_NOT c, 13
        cmp ax, 15
        FAIL_IF_NOT e, 14
        mov si, con                     ; 60h on a device: "C:/CON"
        mov di, buf
        mov ah, 60h
        int 21h
        FAIL_IF_NOT nc, 15
        mov si, buf
        mov di, condev
        mov cx, 7
        repe cmpsb
        FAIL_IF_NOT e, 16
        mov dx, buf                     ; 38h: United States
        mov ax, 3800h
        int 21h
        FAIL_IF_NOT nc, 17
        cmp bx, 1
        FAIL_IF_NOT e, 18
        cmp byte [buf + 2], '$'
        FAIL_IF_NOT e, 19
        mov di, buf                     ; 6501h: country 1, code page 437
        mov cx, 41
        mov bx, 0FFFFh
        mov dx, 0FFFFh
        mov ax, 6501h
        int 21h
        FAIL_IF_NOT nc, 20
        cmp word [buf + 5], 437
        FAIL_IF_NOT e, 21
        mov ax, 6520h                   ; upper case of one character
        mov dl, 'q'
        int 21h
        cmp dl, 'Q'
        FAIL_IF_NOT e, 22
        EXIT 0
nul     db 'NUL', 0
con     db 'con', 0
condev  db 'C:/CON', 0
buf     times 64 db 0
        times 256 db 0
stack_top:
