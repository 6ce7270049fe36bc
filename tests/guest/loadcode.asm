; test: exit=0
; Reads code from a file into memory with 3Fh and runs it, twice with
; different contents at the same address: DOS's writes into guest memory
; must drop translated code of the old contents.
%include "check.inc"
        org 100h
        mov si, code1
        call roundtrip
        cmp ax, 1111h
        FAIL_IF_NOT e, 1
        mov si, code2
        call roundtrip
        cmp ax, 2222h
        FAIL_IF_NOT e, 2
        mov dx, fname
        mov ah, 41h
        int 21h
        FAIL_IF_NOT nc, 3
        EXIT 0
; write 4 bytes at SI to the file, read them into buf, call buf
roundtrip:
        mov dx, fname
        xor cx, cx
        mov ah, 3Ch
        int 21h
        FAIL_IF_NOT nc, 4
        mov bx, ax
        mov dx, si
        mov cx, 4
        mov ah, 40h
        int 21h
        FAIL_IF_NOT nc, 5
        mov ah, 3Eh
        int 21h
        mov dx, fname
        mov ax, 3D00h
        int 21h
        FAIL_IF_NOT nc, 6
        mov bx, ax
        mov dx, buf
        mov cx, 4
        mov ah, 3Fh
        int 21h
        FAIL_IF_NOT nc, 7
        cmp ax, 4
        FAIL_IF_NOT e, 8
        mov ah, 3Eh
        int 21h
        call buf
        ret
fname   db 'CODE.BIN', 0
code1   db 0B8h, 11h, 11h, 0C3h
code2   db 0B8h, 22h, 22h, 0C3h
buf     times 4 db 90h
