; test: skip
; A child DPMI client for dpmiexec: takes descriptors, memory, DOS memory,
; a callback and a protected-mode vector, and exits with code 42 without
; giving any of it back (the host must).
%include "check.inc"
%include "dpmi.inc"
        org 100h
        DPMI_ENTER 0
        mov cx, 5
        DPMI 0000h
        OK 1
        mov bx, 1                       ; 64 KiB
        xor cx, cx
        DPMI 0501h
        OK 2
        mov bx, 40h
        DPMI 0100h
        OK 3
        push ds
        pop es
        mov di, regs
        mov si, handler
        push ds
        push cs
        pop ds
        DPMI 0303h
        pop ds
        OK 4
        mov bl, 1Ch
        mov cx, cs
        mov dx, handler
        DPMI 0205h
        OK 5
        EXIT 42
handler:
        iret
regs    times 50 db 0
        DPMI_TAIL
