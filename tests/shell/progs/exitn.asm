; EXITN N: ends with return code N (decimal, from the command tail), so
; batch tests can set ERRORLEVEL to whatever they need.
        cpu     8086
        org     100h
        mov     si, 81h
        xor     bx, bx
skip:   lodsb
        cmp     al, ' '
        je      skip
digit:  cmp     al, '0'
        jb      done
        cmp     al, '9'
        ja      done
        sub     al, '0'
        mov     cl, al
        mov     ax, 10
        mul     bx
        xor     ch, ch
        add     ax, cx
        mov     bx, ax
        lodsb
        jmp     digit
done:   mov     al, bl
        mov     ah, 4Ch
        int     21h
