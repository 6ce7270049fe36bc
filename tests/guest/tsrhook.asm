; test: skip
; Resident INT 21h hook: AH=F0h returns AX=BEEFh, everything else goes to
; the previous handler with a PUSHF/CALL FAR chain (flags come back).
        org 100h
        jmp install
old21   dd 0
hook:   cmp ah, 0F0h
        jne .chain
        mov ax, 0BEEFh
        iret
.chain: pushf
        call far [cs:old21]
        retf 2                          ; keep the flags DOS returned
install:
        mov ax, 3521h
        int 21h
        mov [old21], bx
        mov [old21 + 2], es
        mov dx, hook
        mov ax, 2521h
        int 21h
        mov dx, (install - $$ + 100h + 15) / 16
        mov ax, 3100h
        int 21h
