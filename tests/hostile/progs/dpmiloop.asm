; Attack: a 32-bit DPMI client that never ends, each way a protected-mode
; program can keep the host busy (issue 17, for the DPMI host): the
; argument picks it. --timeout must stop every one with 124.
;   s  spins in protected mode, interrupts on
;   c  spins in protected mode with interrupts off (CLI)
;   g  a #GP handler (0203h) that returns to the faulting instruction:
;      a fault loop through the host's exception delivery
;   r  0300h runs a real-mode interrupt handler that spins: a nested
;      real-mode run inside an INT 31h call
; Each prints one letter (INT 21h 02h, reflected to DOS) once it is in
; the loop: S, C, G (after 1,000 faults) or R.
%include "check.inc"
%include "dpmi.inc"
        org 100h
        call get_tailarg
        mov dx, rm_spin                 ; INT 60h: the real-mode spin of 'r'
        mov ax, 2560h
        int 21h
        DPMI_ENTER 1
        GO32 code32
        bits 32
code32:
        mov ax, [sel_data32]
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov al, [tailarg]
        cmp al, 'c'
        je .cli
        cmp al, 'g'
        je .gp
        cmp al, 'r'
        je .rm
        mov dl, 'S'
        call putc
        sti
.spin:  jmp .spin
.cli:   mov dl, 'C'
        call putc
        cli
.spin_cli:
        jmp .spin_cli
.gp:    mov bl, 0Dh
        mov cx, [sel_code32]
        mov edx, on_gp
        DPMI 0203h
        FAIL_IF_NOT nc, 1
        mov ax, 0FFF4h                  ; past the LDT's allocated entries
        mov es, ax                      ; #GP, again and again
        EXIT 2
.rm:    mov edi, rmcs                   ; ES:EDI, all zeros: the host's stack
        mov bx, 60h
        xor ecx, ecx
        DPMI 0300h
        EXIT 3

; the DPMI frame's return to the fault is left as it is
on_gp:  push ds
        mov ds, [cs:sel_data32_cs]
        inc dword [gp_count]
        cmp dword [gp_count], 1000
        jne .back
        mov dl, 'G'
        call putc
.back:  pop ds
        retf

putc:   mov ah, 2
        int 21h
        ret
        bits 16

rm_spin:
        mov ah, 2
        mov dl, 'R'
        int 21h
        sti
.spin:  jmp .spin

%include "tailarg.inc"
sel_data32_cs equ sel_data32
gp_count dd 0
tailarg times 16 db 0
rmcs    times 32h db 0
        DPMI_TAIL
