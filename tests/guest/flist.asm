; test: skip
; Tool for tests/drives: print the names find first/next give for the
; pattern in the command tail (default *.*), with directories and hidden
; files, one per line.
        org 100h
        call get_tailarg
        jnz .have
        mov word [tailarg], '*.'
        mov word [tailarg + 2], '*'
.have:  mov dx, tailarg
        mov cx, 16h
        mov ah, 4Eh
        int 21h
.next:  jc .done
        mov di, 80h + 1Eh               ; the default DTA: PSP:80h
        xor cx, cx
.len:   cmp byte [di], 0
        je .print
        inc di
        inc cx
        jmp .len
.print: mov dx, 80h + 1Eh
        mov bx, 1
        mov ah, 40h
        int 21h
        mov dx, crlf
        mov cx, 2
        mov ah, 40h
        int 21h
        mov ah, 4Fh
        int 21h
        jmp .next
.done:  mov ax, 4C00h
        int 21h
%include "tailarg.inc"
crlf    db 13, 10
tailarg times 128 db 0
