; Small program for MASM 5.10 / LINK 3.65: prints a greeting and the sum
; 1+2+...+100 in decimal, exits with code 42.
        .MODEL SMALL
        .STACK 100h
        .DATA
msg     DB      'Hello from MASM 5.10', 13, 10, '$'
summsg  DB      'Sum 1..100 = $'
crlf    DB      13, 10, '$'
        .CODE
start:  mov     ax, @data
        mov     ds, ax
        mov     dx, OFFSET msg
        mov     ah, 9
        int     21h
        mov     dx, OFFSET summsg
        int     21h
        xor     ax, ax
        mov     cx, 100
sumlp:  add     ax, cx
        loop    sumlp
        call    prnum
        mov     dx, OFFSET crlf
        mov     ah, 9
        int     21h
        mov     ax, 4C2Ah
        int     21h
; print AX in decimal
prnum   PROC
        mov     bx, 10
        xor     cx, cx
divlp:  xor     dx, dx
        div     bx
        push    dx
        inc     cx
        or      ax, ax
        jnz     divlp
outlp:  pop     dx
        add     dl, '0'
        mov     ah, 2
        int     21h
        loop    outlp
        ret
prnum   ENDP
        END     start
