; test: exit=125
; test: args=gp
; A 32-bit DPMI client faults without an exception handler: the run ends
; with exit status 125 and one line naming the exception, CS:EIP and the
; error code (tests/dpmi/run.sh checks the line). The argument picks the
; fault: gp (a bad selector into DS), ud (UD2), pf (a jump to unmapped
; memory), de (divide by zero), cb (a real-mode callback whose code
; selector the client freed).
%include "check.inc"
%include "dpmi.inc"
        org 100h
        call get_tailarg
        DPMI_ENTER 1
        GO32 code32
        bits 32
code32:
        mov ax, [sel_data32]
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov al, [tailarg]
        cmp al, 'u'
        je .ud
        cmp al, 'p'
        je .pf
        cmp al, 'd'
        je .de
        cmp al, 'c'
        je .cb
        mov ax, 1234h
        mov ds, ax
        EXIT 1
.ud:    ud2
        EXIT 2
.de:    xor ecx, ecx
        div ecx
        EXIT 3
.cb:    mov bx, cs                      ; a copy of our code selector...
        mov cx, 1
        DPMI 0000h
        mov [flatcode], ax
        mov bx, [sel_code32]
        mov es, [sel_data32]
        mov edi, desc
        DPMI 000Bh
        mov bx, [flatcode]
        DPMI 000Ch
        mov ds, [flatcode]
        mov esi, .cb                    ; ...is the callback's procedure
        mov edi, regs
        DPMI 0303h
        mov ds, [es:sel_data32]
        mov bx, [flatcode]              ; and is freed
        DPMI 0001h
        mov [cbaddr], dx
        mov [cbaddr + 2], cx
        mov edi, regs
        mov eax, [cbaddr]
        mov [regs + 2Ah], eax           ; 0301h: far call to it
        xor ecx, ecx
        DPMI 0301h
        EXIT 4
.pf:    mov cx, 1
        DPMI 0000h
        mov bx, ax
        mov [flatcode], ax
        mov cx, 0FFFFh
        mov dx, 0FFFFh
        DPMI 0008h
        mov bx, [flatcode]
        mov cx, 0C0FBh
        DPMI 0009h
        push dword [flatcode]
        push dword 7FF00000h
        retf
        bits 16
%include "tailarg.inc"
flatcode dd 0
cbaddr  dd 0
desc    times 8 db 0
regs    times 50 db 0
tailarg times 16 db 0
        DPMI_TAIL
