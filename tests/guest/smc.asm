; test: exit=0
; Self-modifying code: patch an immediate inside a hot loop, and write a
; routine into a buffer then call it.
%include "check.inc"
        org 100h
        xor bx, bx
        mov cx, 10
lp:     add bx, [patch + 1]             ; read the immediate as data too
patch:  mov ax, 1                       ; B8 imm16, rewritten below
        add bx, ax
        inc word [patch + 1]
        loop lp
        cmp bx, 2 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10)
        FAIL_IF_NOT e, 1
        mov si, code1                   ; generated code: mov ax, 1111h; ret
        mov di, buf
        mov cx, 4
        rep movsb
        call buf
        cmp ax, 1111h
        FAIL_IF_NOT e, 2
        mov si, code2                   ; overwrite it: mov ax, 2222h; ret
        mov di, buf
        mov cx, 4
        rep movsb
        call buf
        cmp ax, 2222h
        FAIL_IF_NOT e, 3
        EXIT 0
code1   db 0B8h, 11h, 11h, 0C3h
code2   db 0B8h, 22h, 22h, 0C3h
buf     times 4 db 90h
