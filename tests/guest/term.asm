; test: exit=0
; Termination by INT 20h, INT 21h AH=00h and INT 27h: the parent gets code
; 0 with the right kind, and the INT 23h and 24h vectors the child changed
; are both restored from its PSP.
%include "check.inc"
        org 100h
        KEEP_UNTIL stack_top
        mov [pb_tail + 2], cs
        mov ax, 3523h
        int 21h
        mov [old23], bx
        mov [old23 + 2], es
        mov ax, 3524h
        int 21h
        mov [old24], bx
        mov [old24 + 2], es
        mov byte [tail + 2], 'A'
        call run
        cmp ax, 0000h
        FAIL_IF_NOT e, 1
        call vectors_back
        mov byte [tail + 2], 'B'
        call run
        cmp ax, 0000h
        FAIL_IF_NOT e, 2
        call vectors_back
        mov byte [tail + 2], 'C'
        call run
        cmp ax, 0300h                   ; terminate-and-stay-resident
        FAIL_IF_NOT e, 3
        call vectors_back
        EXIT 0
run:    push cs
        pop es
        mov dx, child
        mov bx, pb
        mov ax, 4B00h
        int 21h
        FAIL_IF_NOT nc, 10
        mov ah, 4Dh
        int 21h
        ret
vectors_back:
        mov ax, 3523h
        int 21h
        cmp bx, [old23]
        FAIL_IF_NOT e, 11
        mov ax, es
        cmp ax, [old23 + 2]
        FAIL_IF_NOT e, 12
        mov ax, 3524h
        int 21h
        cmp bx, [old24]
        FAIL_IF_NOT e, 13
        mov ax, es
        cmp ax, [old24 + 2]
        FAIL_IF_NOT e, 14
        ret
old23   dd 0
old24   dd 0
child   db 'TERMKID.COM', 0
tail    db 2, ' A', 13
pb      dw 0
pb_tail dw tail, 0
        dd -1, -1
        times 256 db 0
stack_top:
