; test: exit=0
; Sharing modes and region locks (SHARE semantics), and handle
; inheritance: a child of EXEC gets the inheritable handles (sharing the
; file position) but not those opened with the no-inherit bit.
%include "check.inc"
        org 100h
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        mov dx, fname                   ; SHARE.DAT = "0123456789"
        xor cx, cx
        mov ah, 3Ch
        int 21h
        FAIL_IF_NOT nc, 1
        mov bx, ax
        mov dx, digits
        mov cx, 10
        mov ah, 40h
        int 21h
        mov ah, 3Eh
        int 21h
        mov al, 22h                     ; read/write, deny write
        call open
        FAIL_IF_NOT nc, 2
        mov [h1], ax
        mov al, 01h                     ; compatibility write: refused
        call open
        FAIL_IF_NOT c, 3
        cmp ax, 32
        FAIL_IF_NOT e, 4
        mov al, 40h                     ; read, deny none: allowed
        call open
        FAIL_IF_NOT nc, 5
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov al, 12h                     ; deny all: refused
        call open
        FAIL_IF_NOT c, 6
        mov bx, [h1]
        mov ah, 3Eh
        int 21h
        ; locks between two deny-none handles
        mov al, 42h
        call open
        mov [h1], ax
        mov al, 40h
        call open
        mov [h2], ax
        mov bx, [h1]                    ; lock bytes 2..5
        xor cx, cx
        mov dx, 2
        xor si, si
        mov di, 4
        mov ax, 5C00h
        int 21h
        FAIL_IF_NOT nc, 7
        mov bx, [h2]
        mov dx, 3
        call readat
        FAIL_IF_NOT c, 8
        cmp ax, 33
        FAIL_IF_NOT e, 9
        mov dx, 6
        call readat
        FAIL_IF_NOT nc, 10
        cmp byte [buf], '6'
        FAIL_IF_NOT e, 11
        mov bx, [h1]                    ; the owner reads its own lock
        mov dx, 2
        call readat
        FAIL_IF_NOT nc, 12
        mov bx, [h2]                    ; an overlapping lock: refused
        xor cx, cx
        mov dx, 4
        xor si, si
        mov di, 2
        mov ax, 5C00h
        int 21h
        FAIL_IF_NOT c, 13
        cmp ax, 33
        FAIL_IF_NOT e, 14
        mov bx, [h1]                    ; unlock, twice
        xor cx, cx
        mov dx, 2
        xor si, si
        mov di, 4
        mov ax, 5C01h
        int 21h
        FAIL_IF_NOT nc, 15
        mov ax, 5C01h
        int 21h
        FAIL_IF_NOT c, 16
        mov bx, [h2]
        mov dx, 3
        call readat
        FAIL_IF_NOT nc, 17
        mov bx, [h1]                    ; closing drops the owner's locks
        xor cx, cx
        xor dx, dx
        xor si, si
        mov di, 1
        mov ax, 5C00h
        int 21h
        mov ah, 3Eh
        int 21h
        mov bx, [h2]
        xor dx, dx
        call readat
        FAIL_IF_NOT nc, 18
        mov ah, 3Eh
        int 21h
        ; inheritance
        mov al, 02h
        call open
        mov [h1], ax
        mov al, 80h                     ; read, not inherited
        call open
        mov [h2], ax
        mov al, [h1]
        add al, '0'
        mov [tail + 2], al
        mov al, [h2]
        add al, '0'
        mov [tail + 4], al
        mov [pb_tail + 2], cs
        mov dx, child
        mov bx, pb
        mov ax, 4B00h
        int 21h
        FAIL_IF_NOT nc, 19
        mov ah, 4Dh
        int 21h
        cmp ax, 0
        FAIL_IF_NOT e, 20
        mov bx, [h1]                    ; the child's write moved our position
        mov ax, 4201h
        xor cx, cx
        xor dx, dx
        int 21h
        cmp ax, 2
        FAIL_IF_NOT e, 21
        mov bx, [h2]
        xor dx, dx
        call readat
        cmp byte [buf], 'X'
        FAIL_IF_NOT e, 22
        EXIT 0

open:   mov dx, fname
        mov ah, 3Dh
        int 21h
        ret
; read one byte at offset DX of handle BX into buf; CF, AX as 3Fh
readat: push dx
        mov ax, 4200h
        xor cx, cx
        int 21h
        pop dx
        mov dx, buf
        mov cx, 1
        mov ah, 3Fh
        int 21h
        ret

fname   db 'SHARE.DAT', 0
digits  db '0123456789'
child   db 'FCHILD.COM', 0
tail    db 4, ' 0 0', 13
pb      dw 0
pb_tail dw tail, 0
        dd -1, -1
h1      dw 0
h2      dw 0
buf     times 16 db 0
        times 256 db 0
stack_top:
