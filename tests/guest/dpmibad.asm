; test: exit=0
; A 32-bit DPMI client that misbehaves gets DPMI error codes, never a host
; crash: garbage selectors to the descriptor functions, a descriptor freed
; twice, wild pointers (ES:EDI past the end of memory, or past the limit
; of ES) to functions that take structures, every descriptor and all of
; its memory taken (then given back: the host has as much as before), a
; garbage selector loaded into DS caught by its own #GP handler.
%include "check.inc"
%include "dpmi.inc"
        org 100h
        DPMI_ENTER 1
        GO32 code32
        bits 32
code32:
        mov ax, [sel_data32]
        mov ds, ax
        mov [sel_psp], es               ; the PSP: limit FFh
        mov es, ax
        mov ss, ax
; ---- garbage selectors ----
        mov bx, 0FFFFh
        DPMI 0006h
        ERR 8022h, 1
        mov bx, 0
        mov cx, 0
        mov dx, 0
        DPMI 0007h
        ERR 8022h, 2
        mov bx, 13h                     ; the host's own code selector (GDT)
        DPMI 0008h
        ERR 8022h, 3
        mov bx, 40h                     ; the BIOS data selector: not the client's
        DPMI 0001h
        ERR 8022h, 4
        mov bx, 5555h
        DPMI 000Ah
        ERR 8022h, 5
        mov bl, 21h                     ; a handler in a data segment
        mov cx, [sel_data32]
        xor edx, edx
        DPMI 0205h
        ERR 8022h, 6
        mov cx, 0ABCDh                  ; a callback that never was
        mov dx, 1234h
        DPMI 0304h
        ERR 8024h, 7
        mov si, 0DEADh                  ; a memory handle that never was
        mov di, 0BEEFh
        DPMI 0502h
        ERR 8023h, 8
        DPMI 0503h
        ERR 8023h, 9
; ---- double free ----
        mov cx, 1
        DPMI 0000h
        OK 10
        mov bx, ax
        DPMI 0001h
        OK 11
        DPMI 0001h
        ERR 8022h, 12
; ---- wild pointers: ES = a flat selector, EDI past memory ----
        mov es, [sel_flat]
        mov edi, 0F0000000h
        DPMI 0500h
        ERR 8025h, 13
        mov bx, [sel_code32]
        DPMI 000Bh
        ERR 8025h, 14
        DPMI 000Ch
        ERR 8025h, 15
        mov bx, 21h
        xor ecx, ecx
        DPMI 0300h
        ERR 8025h, 16
        mov edi, 0FFFFFFF0h             ; wrapping past 4 GiB
        DPMI 0300h
        ERR 8025h, 17
; ---- pointers past their segment's limit ----
        mov es, [sel_psp]
        mov bx, [sel_code32]
        mov edi, 0F8h                   ; the last 8 bytes of the PSP
        DPMI 000Bh
        OK 30
        mov edi, 0F9h                   ; one byte past
        DPMI 000Bh
        ERR 8025h, 31
        mov edi, 0D1h                   ; 48 bytes from D1h end past it
        DPMI 0500h
        ERR 8025h, 32
        mov ax, [sel_data32]
        mov es, ax
; ---- every descriptor: take them all, then free them ----
        xor ebp, ebp
.take:  mov cx, 1
        DPMI 0000h
        jc .took
        mov [first + ebp * 2], ax
        inc ebp
        cmp ebp, 9000
        jb .take
        EXIT 18                         ; more than an LDT holds
.took:  cmp ax, 8011h
        FAIL_IF_NOT e, 19
        cmp ebp, 8000                   ; nearly all 8192 were there
        FAIL_IF_NOT a, 20
.give:  dec ebp
        mov bx, [first + ebp * 2]
        DPMI 0001h
        FAIL_IF_NOT nc, 21
        test ebp, ebp
        jnz .give
; ---- all the memory: 1 MiB blocks until none is left ----
        mov edi, info_before
        DPMI 0500h
        OK 22
        xor ebp, ebp
.grab:  mov bx, 10h
        xor cx, cx
        DPMI 0501h
        jc .full
        mov [handles + ebp * 4], di
        mov [handles + ebp * 4 + 2], si
        inc ebp
        cmp ebp, 2100
        jb .grab
        EXIT 23
.full:  cmp ax, 8012h
        FAIL_IF_NOT e, 24
        cmp ebp, 40                     ; the default 64 MiB: most of it
        FAIL_IF_NOT a, 25
.drop:  dec ebp
        mov di, [handles + ebp * 4]
        mov si, [handles + ebp * 4 + 2]
        DPMI 0502h
        FAIL_IF_NOT nc, 26
        test ebp, ebp
        jnz .drop
        mov edi, info_after
        DPMI 0500h
        mov eax, [info_before]
        cmp eax, [info_after]
        FAIL_IF_NOT e, 27
; ---- a garbage selector into DS: the client's own #GP handler ----
        mov bl, 0Dh
        mov cx, [sel_code32]
        mov edx, on_gp
        DPMI 0203h
        OK 28
        mov ax, 7777h
        mov ds, ax
        mov ax, [cs:sel_data32_cs]
        mov ds, ax
        cmp dword [gps], 1
        FAIL_IF_NOT e, 29
        EXIT 0

on_gp:
        push ds
        mov ds, [cs:sel_data32_cs]
        inc dword [gps]
        add dword [esp + 4 + 0Ch], 2    ; past MOV DS,AX
        pop ds
        retf
        bits 16
sel_data32_cs equ sel_data32
gps     dd 0
sel_psp dw 0
info_before times 48 db 0
info_after times 48 db 0
first   times 9000 dw 0
handles times 2100 dd 0
        DPMI_TAIL
