; test: exit=0
; INT 31h with random registers, 20,000 times: a 32-bit client calls the
; functions that do not hand control anywhere (descriptors, DOS and
; extended memory, locking, callbacks allocated but never called, the
; interrupt flag, vendor and coprocessor calls, unsupported numbers) with
; random selectors, sizes, handles and pointers. Pointers go through a
; 4 KiB buffer selector, so most are past its limit. The host answers each
; with a result or an error code and never crashes; the client keeps its
; own selectors (those below the buffer's are never handed to a call that
; changes a descriptor), runs on, and exits 0 with everything still held.
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
        mov esp, stack_top
; a selector for the buffer: base = ours + buf, limit 4095
        mov cx, 1
        DPMI 0000h
        OK 1
        mov [sel_buf], ax
        mov bx, ax
        mov edx, [base32]
        add edx, buf
        mov ecx, edx
        shr ecx, 16
        DPMI 0007h
        OK 2
        xor cx, cx
        mov dx, 0FFFh
        DPMI 0008h
        OK 3
        mov cx, 40F3h                   ; data, 32-bit, byte granular
        DPMI 0009h
        OK 4
        mov dword [left], 20000
.next:  call rand
        xor edx, edx
        mov ecx, nfns
        div ecx
        mov ax, [fns + edx * 2]
        mov [fn], ax
; registers: half the time those of an earlier successful call (its
; handles, selectors and sizes), else random; then each one may become a
; small number or the earlier AX (a selector or segment it returned)
        call rand
        test al, 1
        jz .fresh
        shr eax, 1
        and eax, NSNAPS - 1
        imul esi, eax, 24
        add esi, snaps
        mov edi, r_regs
        mov ecx, 6
        rep movsd
        jmp .mutate
.fresh: xor ebp, ebp
.fill:  call rand
        mov [r_regs + ebp * 4], eax
        inc ebp
        cmp ebp, 6
        jb .fill
.mutate:
        xor ebp, ebp
.mut:   call rand
        and eax, 7
        cmp al, 0
        je .small
        cmp al, 1
        je .word
        cmp al, 2
        jne .keep
        mov eax, [r_regs]
        and eax, 0FFFFh
        jmp .put
.small: call rand
        and eax, 0FFFh
        jmp .put
.word:  call rand
        and eax, 0FFFFh
.put:   mov [r_regs + ebp * 4], eax
.keep:  inc ebp
        cmp ebp, 6
        jb .mut
        call rand                       ; half the pointers inside the buffer
        test al, 1
        jz .wild
        and eax, 0FF0h
        mov [r_edi], eax
.wild:
; selectors at or below the buffer's that are in the LDT are ours: move
; them out of the way (GDT ones stay: the host must refuse them)
        mov ebx, [r_ebx]
        test bl, 4
        jz .safe
        mov ax, bx
        and ax, 0FFF8h
        mov dx, [sel_buf]
        and dx, 0FFF8h
        cmp ax, dx
        ja .safe
        or bx, 4000h
        mov [r_ebx], ebx
.safe:  call rand                       ; DS:ESI a data or a code segment
        mov bp, [sel_buf]
        test al, 1
        jz .ds
        mov bp, [sel_code32]
.ds:    mov ebx, [r_ebx]
        mov ecx, [r_ecx]
        mov edx, [r_edx]
        mov esi, [r_esi]
        mov edi, [r_edi]
        mov ax, [fn]
        mov es, [sel_buf]
        push ds
        mov ds, bp
        int 31h
        pop ds
        mov bp, ss                      ; our selectors are all still there
        cmp bp, [sel_data32]
        FAIL_IF_NOT e, 5
        mov bp, ds
        cmp bp, [sel_data32]
        FAIL_IF_NOT e, 6
        mov es, bp
        jc .done
        mov [o_regs], eax               ; remember what it returned
        mov [o_regs + 4], ebx
        mov [o_regs + 8], ecx
        mov [o_regs + 12], edx
        mov [o_regs + 16], esi
        mov [o_regs + 20], edi
        mov eax, [snap_i]
        inc dword [snap_i]
        and eax, NSNAPS - 1
        imul edi, eax, 24
        add edi, snaps
        mov esi, o_regs
        mov ecx, 6
        rep movsd
        inc dword [oks]
.done:  inc dword [calls]
        dec dword [left]
        jnz .next
; the host still answers
        mov edi, info
        DPMI 0500h
        OK 7
        DPMI 0400h
        OK 8
        cmp ax, 005Ah
        FAIL_IF_NOT e, 9
        EXIT 0

; xorshift32 in EAX
rand:   mov eax, [seed]
        mov edx, eax
        shl edx, 13
        xor eax, edx
        mov edx, eax
        shr edx, 17
        xor eax, edx
        mov edx, eax
        shl edx, 5
        xor eax, edx
        mov [seed], eax
        ret

fns:    dw 0000h, 0001h, 0002h, 0003h, 0006h, 0007h, 0008h, 0009h, 000Ah
        dw 000Bh, 000Ch, 000Dh
        dw 0100h, 0101h, 0102h
        dw 0200h, 0202h, 0204h
        dw 0303h, 0304h, 0305h, 0306h
        dw 0400h
        dw 0500h, 0501h, 0502h, 0503h, 0504h, 0505h, 0506h, 0507h, 050Ah
        dw 0600h, 0601h, 0602h, 0603h, 0604h
        dw 0702h, 0703h, 0800h, 0801h
        dw 0900h, 0901h, 0902h, 0A00h, 0E00h, 0E01h
        dw 0004h, 0005h, 000Eh, 0401h, 0B00h, 0C00h, 0D00h, 0F00h, 31FFh
nfns    equ ($ - fns) / 2
        bits 16
seed    dd 2463534242
left    dd 0
calls   dd 0
fn      dw 0
sel_buf dw 0
NSNAPS  equ 8
r_regs:                                 ; EAX EBX ECX EDX ESI EDI
r_eax   dd 0
r_ebx   dd 0
r_ecx   dd 0
r_edx   dd 0
r_esi   dd 0
r_edi   dd 0
o_regs  times 6 dd 0
snaps   times NSNAPS * 6 dd 0
snap_i  dd 0
oks     dd 0
info    times 48 db 0
        align 16
buf     times 4096 db 0
        times 1024 db 0
stack_top:
        DPMI_TAIL
