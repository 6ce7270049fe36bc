; test: exit=0
; A TSR hooks INT 21h and stays resident; a child then calls through the
; hook (a new function F0h) and through the chain to DOS (30h).
%include "check.inc"
        org 100h
        KEEP_UNTIL stack_top
        mov [pb_tail + 2], cs
        mov dx, tsr_prog                ; install the resident hook
        call run
        cmp ax, 0300h                   ; kept resident, code 0
        FAIL_IF_NOT e, 1
        mov ah, 0F0h                    ; the hook answers here too
        int 21h
        cmp ax, 0BEEFh
        FAIL_IF_NOT e, 2
        mov dx, user_prog               ; a child calls through it
        call run
        cmp ax, 0000h
        FAIL_IF_NOT e, 3
        EXIT 0
run:    mov bx, pb
        mov ax, 4B00h
        int 21h
        FAIL_IF_NOT nc, 4
        mov ah, 4Dh
        int 21h
        ret
tsr_prog db 'TSRHOOK.COM', 0
user_prog db 'TSRUSER.COM', 0
tail    db 0, 13
pb      dw 0
pb_tail dw tail, 0
        dd -1, -1
        times 256 db 0
stack_top:
