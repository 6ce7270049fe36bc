; test: skip
; Tool for tests/drives: create the file named in the command tail with
; the text "hello"; exit status = DOS error code on failure.
        org 100h
        call get_tailarg
        mov dx, tailarg
        xor cx, cx
        mov ah, 3Ch
        int 21h
        jc fail
        mov bx, ax
        mov dx, hello
        mov cx, 5
        mov ah, 40h
        int 21h
        jc fail
        mov ah, 3Eh
        int 21h
        mov ax, 4C00h
        int 21h
fail:   mov ah, 4Ch
        int 21h
%include "tailarg.inc"
hello   db 'hello'
tailarg times 128 db 0
