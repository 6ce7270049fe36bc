; test: exit=0
; Handle file functions: create, write, seek from every origin and past the
; end, read, write of 0 bytes truncating, dup/dup2 sharing the position,
; date/time, commit, attributes (read-only protects), rename, delete,
; create-new, extended open, temporary files, truename and devices.
%include "check.inc"
        org 100h
        mov dx, f1                      ; 3Ch create
        xor cx, cx
        mov ah, 3Ch
        int 21h
        FAIL_IF_NOT nc, 1
        mov [h1], ax
        mov bx, ax                      ; write 10 bytes
        mov dx, digits
        mov cx, 10
        mov ah, 40h
        int 21h
        FAIL_IF_NOT nc, 2
        cmp ax, 10
        FAIL_IF_NOT e, 3
        mov ax, 4200h                   ; seek 4 from start
        xor cx, cx
        mov dx, 4
        int 21h
        FAIL_IF_NOT nc, 4
        cmp ax, 4
        FAIL_IF_NOT e, 5
        mov ax, 4201h                   ; -1 from current: 3
        mov cx, 0FFFFh
        mov dx, 0FFFFh
        int 21h
        cmp ax, 3
        FAIL_IF_NOT e, 6
        call read1                      ; reads '3'
        cmp byte [buf], '3'
        FAIL_IF_NOT e, 7
        mov ax, 4202h                   ; end - 2 = 8
        mov cx, 0FFFFh
        mov dx, 0FFFEh
        int 21h
        cmp ax, 8
        FAIL_IF_NOT e, 8
        call read1
        cmp byte [buf], '8'
        FAIL_IF_NOT e, 9
        mov ax, 4200h                   ; past the end: 20, then write 'X'
        xor cx, cx
        mov dx, 20
        int 21h
        FAIL_IF_NOT nc, 10
        mov dx, xchar
        mov cx, 1
        mov ah, 40h
        int 21h
        mov ax, 4202h                   ; size is now 21
        xor cx, cx
        xor dx, dx
        int 21h
        cmp ax, 21
        FAIL_IF_NOT e, 11
        mov ax, 4200h                   ; write 0 bytes at 6 truncates to 6
        xor cx, cx
        mov dx, 6
        int 21h
        xor cx, cx
        mov ah, 40h
        int 21h
        FAIL_IF_NOT nc, 12
        mov ax, 4202h
        xor cx, cx
        xor dx, dx
        int 21h
        cmp ax, 6
        FAIL_IF_NOT e, 13
        mov ax, 4200h                   ; seek before the start is refused
        mov cx, 0FFFFh
        mov dx, 0FFF0h
        int 21h
        mov ax, 4201h
        xor cx, cx
        xor dx, dx
        int 21h
        ; 45h dup shares the file position
        mov ah, 45h
        int 21h
        FAIL_IF_NOT nc, 14
        mov [h2], ax
        mov ax, 4200h
        xor cx, cx
        mov dx, 1
        int 21h
        mov bx, [h2]
        call read1
        cmp byte [buf], '1'
        FAIL_IF_NOT e, 15
        mov ah, 3Eh                     ; closing the dup keeps the original
        int 21h
        mov bx, [h1]
        call read1
        cmp byte [buf], '2'
        FAIL_IF_NOT e, 16
        ; 46h: handle 10 becomes a copy of h1
        mov cx, 10
        mov ah, 46h
        int 21h
        FAIL_IF_NOT nc, 17
        mov bx, 10
        call read1
        cmp byte [buf], '3'
        FAIL_IF_NOT e, 18
        mov ah, 3Eh
        int 21h
        ; 57h: set 1999-12-31 23:58:00 and read it back
        mov bx, [h1]
        mov ax, 5701h
        mov cx, (23 << 11) | (58 << 5)
        mov dx, ((1999 - 1980) << 9) | (12 << 5) | 31
        int 21h
        FAIL_IF_NOT nc, 19
        mov ah, 68h                     ; commit
        int 21h
        FAIL_IF_NOT nc, 20
        mov ah, 3Eh
        int 21h
        mov dx, f1
        mov ax, 3D00h
        int 21h
        mov bx, ax
        mov ax, 5700h
        int 21h
        cmp cx, (23 << 11) | (58 << 5)
        FAIL_IF_NOT e, 21
        cmp dx, ((1999 - 1980) << 9) | (12 << 5) | 31
        FAIL_IF_NOT e, 22
        mov ax, 4400h                   ; a file: bit 7 clear, drive C in bits 0-5
        int 21h
        test dl, 80h
        FAIL_IF_NOT z, 23
        mov ax, 4406h                   ; input status: not at the end
        int 21h
        cmp al, 0FFh
        FAIL_IF_NOT e, 24
        mov ah, 3Eh
        int 21h
        mov ah, 3Eh                     ; closing twice: invalid handle
        int 21h
        FAIL_IF_NOT c, 25
        cmp ax, 6
        FAIL_IF_NOT e, 26
        ; attributes: read-only protects against writing and deleting
        mov dx, f1
        mov ax, 4301h
        mov cx, 21h
        int 21h
        FAIL_IF_NOT nc, 27
        mov ax, 4300h
        int 21h
        cmp cx, 21h
        FAIL_IF_NOT e, 28
        mov ax, 3D01h
        int 21h
        FAIL_IF_NOT c, 29
        cmp ax, 5
        FAIL_IF_NOT e, 30
        mov ah, 41h
        int 21h
        FAIL_IF_NOT c, 31
        mov ax, 4301h
        mov cx, 20h
        int 21h
        ; rename: to an existing name is refused, to a new one works
        mov dx, f2
        xor cx, cx
        mov ah, 3Ch
        int 21h
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov dx, f1
        mov di, f2
        mov ah, 56h
        int 21h
        FAIL_IF_NOT c, 32
        cmp ax, 5
        FAIL_IF_NOT e, 33
        mov dx, f2
        mov ah, 41h
        int 21h
        FAIL_IF_NOT nc, 34
        mov dx, f1
        mov di, f2
        mov ah, 56h
        int 21h
        FAIL_IF_NOT nc, 35
        mov dx, f1                      ; the old name is gone
        mov ax, 3D00h
        int 21h
        FAIL_IF_NOT c, 36
        cmp ax, 2
        FAIL_IF_NOT e, 37
        ; 5Bh on an existing file: error 80
        mov dx, f2
        xor cx, cx
        mov ah, 5Bh
        int 21h
        FAIL_IF_NOT c, 38
        cmp ax, 80
        FAIL_IF_NOT e, 39
        ; 6Ch: open existing (action 1), create missing (action 2)
        mov si, f2
        mov bx, 2
        xor cx, cx
        mov dx, 01h
        mov ax, 6C00h
        int 21h
        FAIL_IF_NOT nc, 40
        cmp cx, 1
        FAIL_IF_NOT e, 41
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov si, f3
        mov bx, 2
        xor cx, cx
        mov dx, 10h
        mov ax, 6C00h
        int 21h
        FAIL_IF_NOT nc, 42
        cmp cx, 2
        FAIL_IF_NOT e, 43
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov dx, f3
        mov ah, 41h
        int 21h
        mov dx, f2
        mov ah, 41h
        int 21h
        FAIL_IF_NOT nc, 44
        ; 5Ah twice: two different new files
        mov dx, tmp1
        xor cx, cx
        mov ah, 5Ah
        int 21h
        FAIL_IF_NOT nc, 45
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov dx, tmp2
        xor cx, cx
        mov ah, 5Ah
        int 21h
        FAIL_IF_NOT nc, 46
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov si, tmp1 + 3
        mov di, tmp2 + 3
        mov cx, 8
        repe cmpsb
        FAIL_IF_NOT ne, 47
        mov dx, tmp1
        mov ah, 41h
        int 21h
        FAIL_IF_NOT nc, 48
        mov dx, tmp2
        mov ah, 41h
        int 21h
        FAIL_IF_NOT nc, 49
        ; devices in any existing directory, with any extension
        mov dx, nowhere
        mov ax, 3D01h
        int 21h
        FAIL_IF_NOT c, 57
        cmp ax, 3
        FAIL_IF_NOT e, 58
        mov dx, nuldir
        mov ah, 39h
        int 21h
        FAIL_IF_NOT nc, 59
        mov dx, nuldev
        mov ax, 3D01h
        int 21h
        FAIL_IF_NOT nc, 50
        mov bx, ax
        mov ax, 4400h
        int 21h
        test dl, 80h                    ; a device
        FAIL_IF_NOT nz, 51
        mov dx, digits
        mov cx, 10
        mov ah, 40h
        int 21h
        cmp ax, 10
        FAIL_IF_NOT e, 52
        mov ah, 3Eh
        int 21h
        mov dx, badmode                 ; access mode 3: error 12
        mov ax, 3D03h
        int 21h
        FAIL_IF_NOT c, 53
        cmp ax, 12
        FAIL_IF_NOT e, 54
        ; 60h truename
        mov si, relname
        mov di, buf
        mov ah, 60h
        int 21h
        FAIL_IF_NOT nc, 55
        mov si, buf
        mov di, truename
        mov cx, truename_len
        repe cmpsb
        FAIL_IF_NOT e, 56
        EXIT 0

read1:  mov dx, buf
        mov cx, 1
        mov ah, 3Fh
        int 21h
        ret

f1      db 'HANDLE1.TXT', 0
f2      db 'handle2.txt', 0
f3      db 'C:\HANDLE3.TXT', 0
digits  db '0123456789'
xchar   db 'X'
tmp1    db 'C:\', 0
        times 13 db 0
tmp2    db 'C:\', 0
        times 13 db 0
nuldev  db 'C:\NULDIR\nul.txt', 0
nowhere db 'C:\NOWHERE\NUL', 0
nuldir  db 'NULDIR', 0
badmode db 'HANDLE1.TXT', 0
relname db 'sub\..\a*.C', 0
truename db 'C:\A???????.C', 0
truename_len equ $ - truename
h1      dw 0
h2      dw 0
buf     times 128 db 0
