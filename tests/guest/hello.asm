; test: exit=0
; Console output through 09h, 02h and 40h keeps CR LF bytes as written.
        org 100h
        mov dx, msg
        mov ah, 9
        int 21h
        mov dl, 'x'
        mov ah, 2
        int 21h
        mov bx, 1
        mov cx, msg2_len
        mov dx, msg2
        mov ah, 40h
        int 21h
        mov ax, 4C00h
        int 21h
msg     db 'Hello, world!', 13, 10, '$'
msg2    db 13, 10, 'via handle 1', 13, 10
msg2_len equ $ - msg2
