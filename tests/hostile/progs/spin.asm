; A runaway program for the limit tests: prints a line, then counts
; forever, showing the count in hex at the top left of the screen. Stopped
; by --max-blocks at the same count every run; by --timeout somewhere.
        org 100h
        mov dx, msg
        mov ah, 9
        int 21h
        mov ax, 0B800h
        mov es, ax
spin:   add word [count], 1
        adc word [count + 2], 0
        mov di, 0
        mov ax, [count + 2]
        call hex4
        mov ax, [count]
        call hex4
        jmp spin
hex4:   mov cx, 4               ; AX as four hex digits at ES:DI, white on black
.next:  rol ax, 1
        rol ax, 1
        rol ax, 1
        rol ax, 1
        mov bx, ax
        and bx, 0Fh
        mov bl, [digits + bx]
        mov bh, 07h
        mov [es:di], bx
        add di, 2
        loop .next
        ret
msg     db 'spinning', 13, 10, '$'
digits  db '0123456789ABCDEF'
count   dd 0
