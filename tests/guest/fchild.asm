; test: skip
; Child of fshare: the command tail names an inherited handle and one that
; must not have been inherited. Writes "XY" through the first.
%include "check.inc"
        org 100h
        mov bl, [82h]
        sub bl, '0'
        xor bh, bh
        mov ax, 4400h                   ; inherited: valid
        int 21h
        FAIL_IF_NOT nc, 1
        mov dx, xy
        mov cx, 2
        mov ah, 40h
        int 21h
        FAIL_IF_NOT nc, 2
        mov bl, [84h]
        sub bl, '0'
        mov ax, 4400h                   ; not inherited: invalid handle
        int 21h
        FAIL_IF_NOT c, 3
        cmp ax, 6
        FAIL_IF_NOT e, 4
        EXIT 0
xy      db 'XY'
