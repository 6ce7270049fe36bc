; test: exit=0
; test: args=1000
; A DPMI client EXECs another (dpmikid.com, through 0300h INT 21h 4B00h)
; N times (the argument, default 1); each child enters protected mode with
; its own client state and exits without freeing anything. Afterwards the
; parent's state is intact and the host has as much memory and as many
; descriptors free as before.
%include "check.inc"
%include "dpmi.inc"
        org 100h
        call get_tailarg
        mov word [count], 1
        jz .parsed
        xor ax, ax
        mov si, tailarg
.digit: mov cl, [si]
        inc si
        test cl, cl
        jz .got
        imul ax, ax, 10
        sub cl, '0'
        xor ch, ch
        add ax, cx
        jmp .digit
.got:   mov [count], ax
.parsed:
        DPMI_ENTER 0
        mov bx, 10h                     ; DOS memory: name, tail, parameter block
        DPMI 0100h
        OK 3
        mov [dosseg], ax
        mov [dossel], dx
        push ds
        pop es
        mov di, info_before
        DPMI 0500h
        OK 1
        mov cx, 1
        DPMI 0000h
        OK 2
        mov [first_free], ax
        mov bx, ax
        DPMI 0001h
        mov dx, [dossel]
        mov es, dx
        mov si, kidname
        xor di, di
        mov cx, kidname_len
        rep movsb
        mov byte [es:40h], 0            ; an empty command tail
        mov byte [es:41h], 13
        mov word [es:80h], 0            ; parameter block: the parent's environment
        mov word [es:82h], 40h          ; tail
        mov ax, [dosseg]
        mov [es:84h], ax
        mov word [es:86h], 5Ch          ; FCBs: ours (in the PSP)
        mov ax, [psp_seg]
        mov [es:88h], ax
        mov word [es:8Ah], 6Ch
        mov [es:8Ch], ax
        push ds
        pop es
.run:   call clear_rmcs
        mov word [rmcs + 1Ch], 4B00h
        mov ax, [dosseg]
        mov [rmcs + 24h], ax            ; DS:DX = name
        mov [rmcs + 22h], ax            ; ES:BX = parameter block
        mov word [rmcs + 10h], 80h
        mov di, rmcs
        mov bx, 21h
        xor cx, cx
        DPMI 0300h
        OK 4
        test byte [rmcs + 20h], 1
        FAIL_IF_NOT z, 5
        call clear_rmcs
        mov word [rmcs + 1Ch], 4D00h    ; the child's return code
        mov di, rmcs
        mov bx, 21h
        xor cx, cx
        DPMI 0300h
        cmp byte [rmcs + 1Ch], 42
        FAIL_IF_NOT e, 6
        dec word [count]
        jnz .run
        cmp byte [marker], 5Ah          ; our own memory and selectors
        FAIL_IF_NOT e, 7
        smsw ax
        test al, 1
        FAIL_IF_NOT nz, 8
        mov di, info_after
        DPMI 0500h
        OK 9
        mov eax, [info_before]
        cmp eax, [info_after]           ; the same largest free block
        FAIL_IF_NOT e, 10
        mov cx, 1
        DPMI 0000h
        cmp ax, [first_free]            ; the same first free descriptor
        FAIL_IF_NOT e, 11
        EXIT 0

clear_rmcs:
        mov di, rmcs
        mov cx, 25
        xor ax, ax
        rep stosw
        ret

%include "tailarg.inc"
marker  db 5Ah
kidname db "DPMIKID.COM", 0
kidname_len equ $ - kidname
count   dw 0
dosseg  dw 0
dossel  dw 0
first_free dw 0
tailarg times 16 db 0
info_before times 48 db 0
info_after times 48 db 0
rmcs    times 50 db 0
        DPMI_TAIL
