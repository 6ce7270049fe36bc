; test: exit=0
; CPU exceptions as on a real PC: a program's INT 0 handler gets every
; divide error (DIV, IDIV, AAM 0, several in a row) with the 286+ return
; address (the faulting instruction), skips it and resumes; INTO and INT 3
; reach their handlers; single-stepping with TF reaches INT 1.
%include "check.inc"
        org 100h
        mov ax, 2500h                   ; INT 0 -> div_handler
        mov dx, div_handler
        int 21h
        mov ax, 2504h
        mov dx, count_handler
        int 21h
        mov ax, 2503h
        mov dx, count_handler
        int 21h
        mov ax, 2501h
        mov dx, trap_handler
        int 21h

        xor cx, cx
        mov ax, 1234h
        mov dx, 5678h
fault1: div cx                          ; DX:AX / 0
        cmp ax, 1234h                   ; the operands are untouched
        FAIL_IF_NOT e, 1
        cmp dx, 5678h
        FAIL_IF_NOT e, 2
fault2: div cl
fault3: idiv cx
        mov ax, 0FFFFh
        mov bx, 1
        mov dx, 0FFFFh
fault4: div bx                          ; quotient overflow, divisor not 0
        mov ax, 5
fault5: aam 0
        cmp word [divs], 5
        FAIL_IF_NOT e, 3
        mov si, fault1                  ; the handler saw each faulting IP
        cmp [ips], si
        FAIL_IF_NOT e, 4
        mov si, fault5
        cmp [ips + 8], si
        FAIL_IF_NOT e, 5

        mov al, 7Fh                     ; INTO with OF set
        add al, 1
        into
        int3
        cmp word [counts], 2
        FAIL_IF_NOT e, 6

        pushf                           ; single-step three instructions
        pop ax
        or ax, 100h
        push ax
        popf
        nop
        nop
        pushf
        pop ax
        and ax, 0FEFFh
        push ax
        popf
        cmp word [traps], 3
        FAIL_IF_NOT ae, 7
        EXIT 0

div_handler:                            ; skip the 2-byte faulting instruction
        push bp
        mov bp, sp
        push bx
        mov bx, [cs:divs]
        shl bx, 1
        push ax
        mov ax, [bp + 2]
        mov [cs:ips + bx], ax
        pop ax
        add word [bp + 2], 2
        inc word [cs:divs]
        pop bx
        pop bp
        iret
count_handler:
        inc word [cs:counts]
        iret
trap_handler:
        inc word [cs:traps]
        iret

divs    dw 0
counts  dw 0
traps   dw 0
ips     times 8 dw 0
