; Attack: 2,900 bytes of console output in 29 completed INT 21h 40h calls
; to handle 1, then no more output: the bytes sat in unidos' 16 KiB buffer
; until exit (0 bytes in a redirected file after 2 s or after kill -9; a
; pipe reader saw nothing). Then, with no argument, spins; with /H halts
; (sti; hlt) forever, the guest idling.
        org 100h
%include "attack.inc"
        mov cx, 29
.line:  push cx
        mov dx, line
        mov cx, linelen
        mov bx, 1
        mov ah, 40h
        int 21h
        pop cx
        loop .line
        cmp byte [80h], 0
        je .spin
        sti
.halt:  hlt
        jmp .halt
.spin:  jmp forever
line    db 'console output that must reach the host within 50 ms of wall time'
        times 98 - ($ - line) db '.'
        db 13, 10
linelen equ $ - line            ; 100 bytes
        attack_lib
