; test: exit=0
; test: keys=x
; Hardware interrupts go to a 32-bit client's protected-mode handlers on
; the locked stack: the timer (IRQ 0, chained to the host's default, which
; runs the real-mode BIOS handler) while a protected-mode loop runs, and
; the keyboard (IRQ 1, read and acknowledged by the handler) while the
; client polls INT 16h through real mode.
%include "check.inc"
%include "dpmi.inc"
        org 100h
        DPMI_ENTER 1
        GO32 code32
        bits 32
code32:
        mov ax, [sel_data32]
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov bl, 08h
        DPMI 0204h
        mov [old08], edx
        mov [old08 + 4], cx
        mov bl, 08h
        mov cx, [sel_code32]
        mov edx, on_timer
        DPMI 0205h
        OK 1
        mov bl, 09h
        mov cx, [sel_code32]
        mov edx, on_key
        DPMI 0205h
        OK 2
        sti
; ticks while a protected-mode loop runs (it never leaves protected mode)
.spin:  cmp dword [ticks], 3
        jb .spin
; a key while polling the keyboard through real mode (INT 16h AH=01h)
        mov ebp, 2000000
.poll:  cmp byte [scancode], 2Dh        ; X pressed
        je .got
        mov ah, 1
        int 16h
        dec ebp
        jnz .poll
        EXIT 3
.got:   mov edi, [ticks]
.wait:  cmp [ticks], edi                ; the timer goes on
        je .wait
        cli
        mov ax, ss                      ; handlers ran on the locked stack
        cmp [handler_ss], ax
        FAIL_IF_NOT ne, 4
        EXIT 0

; IRQ 0: count it, then chain to the default handler with the frame as
; it is (the BIOS handler in real mode acknowledges it).
on_timer:
        push ds
        mov ds, [cs:sel_data32_cs]
        inc dword [ticks]
        mov [handler_ss], ss
        pop ds
        jmp far [cs:old08_cs]
; IRQ 1: take the scan code, acknowledge, return.
on_key:
        push ds
        push eax
        mov ds, [cs:sel_data32_cs]
        in al, 60h
        test al, 80h
        jnz .done                       ; a release
        mov [scancode], al
.done:  mov al, 20h
        out 20h, al
        pop eax
        pop ds
        iretd
        bits 16
sel_data32_cs equ sel_data32
old08_cs equ old08
old08   dd 0
        dw 0
ticks   dd 0
scancode db 0
handler_ss dw 0
        DPMI_TAIL
