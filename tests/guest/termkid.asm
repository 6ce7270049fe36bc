; test: skip
; Child of term: takes over INT 23h and 24h, then ends with INT 20h
; (tail "A"), INT 21h AH=00h (tail "B") or INT 27h staying resident (tail "C").
        org 100h
        mov dx, handler
        mov ax, 2523h
        int 21h
        mov ax, 2524h
        int 21h
        mov al, [82h]
        cmp al, 'B'
        je .fn00
        cmp al, 'C'
        je .tsr
        int 20h
.fn00:  mov ah, 0
        int 21h
.tsr:   mov dx, end_of_prog
        int 27h
handler: iret
end_of_prog:
