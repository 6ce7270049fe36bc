; test: skip
; Child run after the TSR: checks the hook and the chain, exits 0 on success.
%include "check.inc"
        org 100h
        mov ah, 0F0h
        int 21h
        cmp ax, 0BEEFh
        FAIL_IF_NOT e, 11
        mov ah, 30h                     ; through the chain to DOS
        int 21h
        cmp al, 5
        FAIL_IF_NOT e, 12
        mov dx, nofile                  ; an error must come back with CF set
        mov ax, 3D00h
        int 21h
        FAIL_IF_NOT c, 13
        cmp ax, 2
        FAIL_IF_NOT e, 14
        EXIT 0
nofile  db 'NOSUCH.FIL', 0
