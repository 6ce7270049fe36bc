; test: exit=0
; A parent EXECs two different children in turn; both load at the same
; address, so the second must not run stale translated code of the first.
%include "check.inc"
        org 100h
        KEEP_UNTIL stack_top
        mov [pb_tail + 2], cs
        mov si, 3
.again: mov dx, child_a
        call run
        cmp ax, 0011h
        FAIL_IF_NOT e, 1
        mov dx, child_b
        call run
        cmp ax, 0022h
        FAIL_IF_NOT e, 2
        dec si
        jnz .again
        EXIT 0
run:    mov bx, pb
        mov ax, 4B00h
        int 21h
        FAIL_IF_NOT nc, 3
        mov ah, 4Dh
        int 21h
        ret
child_a db 'CHILDA.COM', 0
child_b db 'CHILDB.COM', 0
tail    db 0, 13
pb      dw 0
pb_tail dw tail, 0
        dd -1, -1
        times 256 db 0
stack_top:
