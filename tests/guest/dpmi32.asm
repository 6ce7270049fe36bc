; test: exit=0
; A 32-bit DPMI client: memory blocks (0501h-0503h, 0504h/0505h/050Ah),
; INT 21h through 0300h with ES:EDI, a protected-mode interrupt handler
; with a 32-bit frame, and a real-mode callback called from a real-mode
; interrupt while the client waits in 0300h.
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
        mov fs, [sel_flat]
; ---- 0501h-0503h, 050Ah ----
        mov bx, 10h                     ; 1 MiB
        xor ecx, ecx
        DPMI 0501h
        OK 1
        shl ebx, 16
        mov bx, cx
        mov [blk_lin], ebx
        mov [blk_si], si
        mov [blk_di], di
        mov dword [fs:ebx], 0CAFEF00Dh
        mov dword [fs:ebx + 0FFFFCh], 12345678h
        mov bx, 30h                     ; 3 MiB: may move, keeps the bytes
        xor ecx, ecx
        DPMI 0503h
        OK 2
        shl ebx, 16
        mov bx, cx
        mov [blk_lin], ebx
        cmp dword [fs:ebx], 0CAFEF00Dh
        FAIL_IF_NOT e, 3
        cmp dword [fs:ebx + 0FFFFCh], 12345678h
        FAIL_IF_NOT e, 4
        mov dword [fs:ebx + 2FFFFCh], 1      ; the new end
        mov si, [blk_si]
        mov di, [blk_di]
        DPMI 050Ah
        OK 5
        cmp si, 30h                     ; SI:DI = size
        FAIL_IF_NOT e, 6
        shl ebx, 16
        mov bx, cx
        cmp ebx, [blk_lin]
        FAIL_IF_NOT e, 7
        mov si, [blk_si]
        mov di, [blk_di]
        DPMI 0502h
        OK 8
; ---- 0504h/0505h (DPMI 1.0), a selector moved with its block ----
        xor ebx, ebx
        mov ecx, 10000h
        mov edx, 1
        DPMI 0504h
        OK 9
        mov [lin_handle], esi
        mov [lin_base], ebx
        mov ebx, 1000h                  ; a particular address: not offered
        DPMI 0504h
        ERR 8012h, 10
        mov esi, [lin_handle]           ; 0506h/0507h: page attributes
        xor ebx, ebx
        mov ecx, 4
        mov edx, pages
        DPMI 0506h
        OK 29
        cmp word [pages + 6], 9         ; committed, read/write
        FAIL_IF_NOT e, 30
        mov word [pages], 1             ; committed but read-only: not offered
        mov ecx, 4
        DPMI 0507h
        ERR 8001h, 31
        mov word [pages], 9
        mov ecx, 4
        DPMI 0507h
        OK 32
        mov ecx, 17                     ; past the block's 16 pages
        DPMI 0506h
        ERR 8021h, 33
        mov cx, 1
        DPMI 0000h
        OK 11
        mov [movsel], ax
        mov bx, ax
        mov ecx, [lin_base]
        mov edx, ecx
        shr ecx, 16
        DPMI 0007h
        mov esi, [lin_handle]
        mov ecx, 400000h                ; 4 MiB: it moves past the 1 MiB block
        mov edx, 3                      ; committed, update the selectors
        mov ebx, movsel
        mov edi, 1
        DPMI 0505h
        OK 12
        mov [lin_base], ebx
        mov bx, [movsel]
        DPMI 0006h
        shl ecx, 16
        mov cx, dx
        cmp ecx, [lin_base]
        FAIL_IF_NOT e, 13
        mov si, [lin_handle + 2]
        mov di, [lin_handle]
        DPMI 0502h
        OK 14
; ---- INT 21h through 0300h (ES:EDI) ----
        call clear_rmcs
        mov byte [rmcs + 1Dh], 30h
        mov edi, rmcs
        mov bx, 21h
        xor ecx, ecx
        DPMI 0300h
        OK 15
        cmp byte [rmcs + 1Ch], 5
        FAIL_IF_NOT e, 16
; ---- a protected-mode handler: 32-bit frame ----
        mov bl, 62h
        mov cx, [sel_code32]
        mov edx, pm_int62
        DPMI 0205h
        OK 17
        mov eax, 11111111h
        int 62h
after62:
        cmp eax, 22222222h
        FAIL_IF_NOT e, 18
        cmp dword [frame_eip], after62
        FAIL_IF_NOT e, 19
; ---- a real-mode callback from a real-mode interrupt ----
        mov esi, cb_proc
        mov edi, cb_regs
        mov ds, [sel_code32]
        DPMI 0303h
        mov ds, [es:sel_data32]
        OK 20
        mov [cb_seg], cx
        mov [cb_off], dx
        mov bl, 61h                     ; INT 61h in real mode calls it
        DPMI 0200h
        mov [old61], dx
        mov [old61 + 2], cx
        mov cx, [cb_seg]
        mov dx, [cb_off]
        mov bl, 61h
        DPMI 0201h
        call clear_rmcs
        mov word [rmcs + 1Ch], 1111h
        mov edi, rmcs
        mov bx, 61h
        xor ecx, ecx
        DPMI 0300h
        OK 21
        cmp word [rmcs + 1Ch], 1112h    ; the procedure added 1 to AX
        FAIL_IF_NOT e, 22
        cmp byte [cb_calls], 1
        FAIL_IF_NOT e, 23
        mov cx, [old61 + 2]
        mov dx, [old61]
        mov bl, 61h
        DPMI 0201h
        mov cx, [cb_seg]
        mov dx, [cb_off]
        DPMI 0304h
        OK 24
; ---- real-mode code on the host's stack far-calls a callback whose
; procedure calls real mode again: what that code pushed survives ----
        mov esi, cb_proc2
        mov edi, cb_regs
        mov ds, [sel_code32]
        DPMI 0303h
        mov ds, [es:sel_data32]
        OK 25
        mov [cb2_addr], dx
        mov [cb2_addr + 2], cx
        mov bl, 63h
        DPMI 0200h
        mov [old61], dx
        mov [old61 + 2], cx
        mov cx, [psp_seg]
        mov dx, rm_caller
        mov bl, 63h
        DPMI 0201h
        call clear_rmcs
        mov edi, rmcs
        mov bx, 63h
        xor ecx, ecx
        DPMI 0300h
        OK 26
        cmp word [rmcs + 1Ch], 0ABCDh   ; AX: the word rm_caller pushed, popped back
        FAIL_IF_NOT e, 27
        cmp byte [rmcs2 + 1Ch], 5       ; the nested INT 21h AH=30h ran
        FAIL_IF_NOT e, 28
        mov cx, [old61 + 2]
        mov dx, [old61]
        mov bl, 63h
        DPMI 0201h
        EXIT 0

; INT 62h: a 32-bit IRET frame at [ESP].
pm_int62:
        mov ebx, [esp]
        mov [frame_eip], ebx
        add eax, 11111111h
        iretd

; The callback: DS:ESI -> the real-mode stack (IP, CS, FLAGS of the INT),
; ES:EDI -> cb_regs. Return as the INT's IRET would.
cb_proc:
        cld
        lodsw
        mov [es:edi + 2Ah], ax          ; IP
        lodsw
        mov [es:edi + 2Ch], ax          ; CS
        lodsw
        mov [es:edi + 20h], ax          ; FLAGS
        add word [es:edi + 2Eh], 6      ; SP
        inc word [es:edi + 1Ch]         ; AX + 1
        inc byte [es:cb_calls]
        iretd

; A callback far-called by rm_caller: return as RETF would, after a
; real-mode INT 21h of its own (on the host's real-mode stack).
cb_proc2:
        cld
        lodsw
        mov [es:edi + 2Ah], ax          ; IP
        lodsw
        mov [es:edi + 2Ch], ax          ; CS
        add word [es:edi + 2Eh], 4      ; SP
        push edi
        mov edi, rmcs2
        mov ecx, 25
        xor eax, eax
        rep stosw
        mov byte [es:rmcs2 + 1Dh], 30h
        mov edi, rmcs2
        mov bx, 21h
        xor ecx, ecx
        DPMI 0300h
        pop edi
        iretd

clear_rmcs:
        push edi
        push ecx
        push eax
        mov edi, rmcs
        mov ecx, 25
        xor eax, eax
        rep stosw
        pop eax
        pop ecx
        pop edi
        ret
        bits 16
; real mode, reached through INT 63h from 0300h: push a word, far-call
; the callback, pop the word into AX
rm_caller:
        push word 0ABCDh
        call far [cs:cb2_addr]
        pop ax
        iret
cb2_addr dd 0
pages   times 4 dw 0
rmcs2   times 50 db 0
blk_lin dd 0
blk_si  dw 0
blk_di  dw 0
lin_handle dd 0
lin_base dd 0
movsel  dw 0
frame_eip dd 0
cb_seg  dw 0
cb_off  dw 0
old61   dd 0
cb_calls db 0
rmcs    times 50 db 0
cb_regs times 50 db 0
        DPMI_TAIL
