; test: exit=0
; Exceptions of a 32-bit DPMI client reach its 0203h handlers with the
; DPMI frame (error code, CS:EIP of the fault, EFLAGS, SS:ESP) on the
; locked stack and resume where the handler says: #GP from a bad
; selector, divide error, invalid opcode, a page fault from a jump to
; unmapped memory; 1,000 #GPs in a row; a software INT 0Dh is not an
; exception.
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
; a flat code selector for the jump into unmapped memory
        mov cx, 1
        DPMI 0000h
        OK 1
        mov [sel_flatcode], ax
        mov bx, ax
        mov cx, 0FFFFh
        mov dx, 0FFFFh
        DPMI 0008h
        mov bx, [sel_flatcode]
        mov cx, 0C0FBh
        DPMI 0009h
        OK 2
%macro HANDLER 2                        ; exception, handler
        mov bl, %1
        mov cx, [sel_code32]
        mov edx, %2
        DPMI 0203h
        OK 3
%endmacro
        HANDLER 0Dh, on_gp
        HANDLER 00h, on_de
        HANDLER 06h, on_ud
        HANDLER 0Eh, on_pf
        mov bl, 0Dh
        DPMI 0202h
        cmp edx, on_gp
        FAIL_IF_NOT e, 4
; ---- #GP: a selector past the LDT's allocated entries ----
        mov ax, 0FFF4h
gp_at:  mov es, ax
        mov ax, ds                      ; resumed past the MOV
        mov es, ax
        cmp dword [gp_count], 1
        FAIL_IF_NOT e, 5
        cmp dword [last_err], 0FFF4h
        FAIL_IF_NOT e, 6
        cmp dword [last_eip], gp_at
        FAIL_IF_NOT e, 7
        mov ax, cs
        cmp word [last_cs], ax
        FAIL_IF_NOT e, 8
        cmp dword [last_esp], esp       ; the client's stack, not the locked one
        FAIL_IF_NOT e, 9
; ---- divide error ----
        xor ecx, ecx
        mov eax, 5
de_at:  div ecx
        cmp dword [de_count], 1
        FAIL_IF_NOT e, 10
        cmp dword [last_eip], de_at
        FAIL_IF_NOT e, 11
; ---- invalid opcode ----
ud_at:  ud2
        cmp dword [ud_count], 1
        FAIL_IF_NOT e, 12
        cmp dword [last_eip], ud_at
        FAIL_IF_NOT e, 13
; ---- a jump to unmapped memory: a page fault, resumed at pf_back ----
        push dword [sel_flatcode]
        push dword 7FF00000h
        retf
pf_back:
        cmp dword [pf_count], 1
        FAIL_IF_NOT e, 14
        cmp dword [last_eip], 7FF00000h
        FAIL_IF_NOT e, 15
; ---- 1,000 #GPs in a row ----
        mov dword [gp_count], 0
        mov ecx, 1000
.gp:    mov ax, 0FFF4h
        mov es, ax
        loop .gp
        mov ax, ds
        mov es, ax
        cmp dword [gp_count], 1000
        FAIL_IF_NOT e, 16
; ---- INT 0Dh from software: an interrupt (reflected), not an exception ----
        mov dword [gp_count], 0
        int 0Dh
        cmp dword [gp_count], 0
        FAIL_IF_NOT e, 17
        EXIT 0

; The frame (32-bit client): [ESP] return EIP, +4 return CS, +8 error
; code, +0Ch EIP, +10h CS, +14h EFLAGS, +18h ESP, +1Ch SS.
on_gp:
        push ds
        mov ds, [cs:sel_data32_cs]
        inc dword [gp_count]
        call record
        add dword [esp + 4 + 0Ch], 2    ; past MOV ES,AX
        pop ds
        retf
on_de:
        push ds
        mov ds, [cs:sel_data32_cs]
        inc dword [de_count]
        call record
        add dword [esp + 4 + 0Ch], 2    ; past DIV ECX
        pop ds
        retf
on_ud:
        push ds
        mov ds, [cs:sel_data32_cs]
        inc dword [ud_count]
        call record
        add dword [esp + 4 + 0Ch], 2    ; past UD2
        pop ds
        retf
on_pf:
        push ds
        mov ds, [cs:sel_data32_cs]
        inc dword [pf_count]
        call record
        mov dword [esp + 4 + 0Ch], pf_back
        mov eax, [sel_code32]
        mov [esp + 4 + 10h], eax
        pop ds
        retf
; copy the frame (under the pushed DS and this call's return) to last_*
record:
        mov eax, [esp + 8 + 8]
        mov [last_err], eax
        mov eax, [esp + 8 + 0Ch]
        mov [last_eip], eax
        mov eax, [esp + 8 + 10h]
        mov [last_cs], eax
        mov eax, [esp + 8 + 18h]
        mov [last_esp], eax
        ret
        bits 16
sel_data32_cs equ sel_data32
sel_flatcode dd 0
gp_count dd 0
de_count dd 0
ud_count dd 0
pf_count dd 0
last_err dd 0
last_eip dd 0
last_cs dd 0
last_esp dd 0
        DPMI_TAIL
