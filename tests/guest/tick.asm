; test: exit=0
; Hooks INT 08h and counts ticks while waiting in HLT; the BIOS tick count
; (INT 1Ah, BDA 40:6C) advances through the chained original handler.
%include "check.inc"
        org 100h
        mov ax, 3508h
        int 21h
        mov [old08], bx
        mov [old08 + 2], es
        xor ah, ah
        int 1Ah
        mov [start], dx
        mov dx, tick
        mov ax, 2508h
        int 21h
        sti
.wait:  hlt
        cmp word [count], 5
        jb .wait
        lds dx, [old08]                 ; restore the vector
        mov ax, 2508h
        int 21h
        push cs
        pop ds
        xor ah, ah
        int 1Ah
        sub dx, [start]
        cmp dx, 5                       ; every tick reached the BIOS too
        FAIL_IF_NOT ae, 1
        cmp dx, 8
        FAIL_IF_NOT b, 2
        EXIT 0
tick:   inc word [cs:count]
        jmp far [cs:old08]
old08   dd 0
count   dw 0
start   dw 0
