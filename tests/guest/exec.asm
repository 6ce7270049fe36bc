; test: exit=0
; EXEC (4B00h) of a child with a command tail; 4Dh returns its code once.
%include "check.inc"
        org 100h
        KEEP_UNTIL stack_top
        FAIL_IF_NOT nc, 1
        mov [pb_tail + 2], cs
        mov dx, child
        mov bx, pb
        mov ax, 4B00h
        int 21h
        FAIL_IF_NOT nc, 2
        mov ax, cs                      ; segment registers survive EXEC
        mov bx, ds
        cmp ax, bx
        FAIL_IF_NOT e, 3
        cmp sp, stack_top
        FAIL_IF_NOT e, 4
        mov ah, 4Dh
        int 21h
        cmp ax, 0007h                   ; code 7, normal termination
        FAIL_IF_NOT e, 5
        mov ah, 4Dh                     ; DOS clears it after the first read
        int 21h
        cmp ax, 0
        FAIL_IF_NOT e, 6
        mov dx, missing                 ; a missing program: error 2
        mov bx, pb
        mov ax, 4B00h
        int 21h
        FAIL_IF_NOT c, 7
        cmp ax, 2
        FAIL_IF_NOT e, 8
        EXIT 0
child   db 'RETCODE.COM', 0
missing db 'NOPE.COM', 0
tail    db 2, ' 7', 13
pb      dw 0                            ; inherit environment
pb_tail dw tail, 0
        dd -1, -1
        times 256 db 0
stack_top:
