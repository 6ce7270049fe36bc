; test: skip
; Tool for tests/drives: copy the file named in the command tail to
; stdout; exit status = DOS error code on failure.
        org 100h
        call get_tailarg
        mov dx, tailarg
        mov ax, 3D00h
        int 21h
        jc fail
        mov bx, ax
.loop:  mov dx, buf
        mov cx, 512
        mov ah, 3Fh
        int 21h
        jc fail
        or ax, ax
        jz done
        push bx
        mov cx, ax
        mov bx, 1
        mov ah, 40h
        int 21h
        pop bx
        jmp .loop
done:   mov ax, 4C00h
        int 21h
fail:   mov ah, 4Ch
        int 21h
%include "tailarg.inc"
tailarg times 128 db 0
buf     times 512 db 0
