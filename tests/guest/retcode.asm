; test: args=42
; test: exit=42
; Exits with the decimal number given on its command line (a child of exec).
        org 100h
        mov si, 81h
        xor ax, ax
.skip:  mov bl, [si]
        inc si
        cmp bl, ' '
        je .skip
.digit: sub bl, '0'
        cmp bl, 9
        ja .done
        mov cx, 10
        mul cx
        xor bh, bh
        add ax, bx
        mov bl, [si]
        inc si
        jmp .digit
.done:  mov ah, 4Ch
        int 21h
