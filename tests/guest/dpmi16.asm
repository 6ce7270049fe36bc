; test: exit=0
; A 16-bit DPMI client: every INT 31h function the host offers, with the
; error codes of the DPMI 1.0 spec for bad arguments; software interrupts
; to a protected-mode handler and reflected to real mode; 0300h-0302h; raw
; mode switches both ways; DOS memory; file I/O through 0300h.
%include "check.inc"
%include "dpmi.inc"
        org 100h
        DPMI_ENTER 0
; ---- 0400h version, INT 2Fh 1686h ----
        DPMI 0400h
        OK 1
        cmp ax, 005Ah
        FAIL_IF_NOT e, 2
        test bl, 1                      ; 32-bit host
        FAIL_IF_NOT nz, 3
        cmp dx, 0870h                   ; PIC bases
        FAIL_IF_NOT e, 4
        mov ax, 1686h
        int 2Fh
        test ax, ax                     ; protected mode
        FAIL_IF_NOT z, 5
        smsw ax
        test al, 1
        FAIL_IF_NOT nz, 6
; ---- descriptors ----
        xor cx, cx
        DPMI 0000h
        ERR 8021h, 7                    ; none asked for
        mov cx, 3
        DPMI 0000h
        OK 8
        mov [sel3], ax
        DPMI 0003h
        cmp ax, 8
        FAIL_IF_NOT e, 9
        mov bx, [sel3]                  ; base = B8000h, limit 3FFFh
        mov cx, 000Bh
        mov dx, 8000h
        DPMI 0007h
        OK 10
        mov bx, [sel3]
        DPMI 0006h
        OK 11
        cmp cx, 000Bh
        FAIL_IF_NOT e, 12
        cmp dx, 8000h
        FAIL_IF_NOT e, 13
        mov bx, [sel3]
        xor cx, cx
        mov dx, 3FFFh
        DPMI 0008h
        OK 14
        mov bx, [sel3]
        mov cx, 0010h                   ; 1 MiB + 1 without page granularity
        xor dx, dx
        DPMI 0008h
        ERR 8021h, 15
        mov bx, [sel3]
        mov cx, 0092h                   ; DPL 0: refused
        DPMI 0009h
        ERR 8021h, 16
        mov bx, [sel3]
        mov cx, 00E2h                   ; a system type (LDT): refused
        DPMI 0009h
        ERR 8021h, 17
        mov bx, [sel3]
        mov cx, 00F2h
        DPMI 0009h
        OK 18
        mov es, [sel3]                  ; the text screen through it
        mov word [es:0], 0741h
        push ds
        pop es
        mov bx, [sel3]
        mov di, desc
        DPMI 000Bh
        OK 19
        cmp byte [desc + 5], 0F2h       ; what we set (the accessed bit is ours)
        FAIL_IF_NOT e, 20
        cmp word [desc], 3FFFh
        FAIL_IF_NOT e, 21
        mov byte [desc + 5], 0F2h       ; to the second one
        mov bx, [sel3]
        add bx, 8
        mov di, desc
        DPMI 000Ch
        OK 22
        mov byte [desc + 5], 82h        ; DPL 0 data: refused
        mov di, desc
        DPMI 000Ch
        ERR 8021h, 23
        mov bx, [sel3]
        add bx, 8
        DPMI 0006h
        cmp cx, 000Bh
        FAIL_IF_NOT e, 24
        mov bx, cs
        DPMI 000Ah                      ; a data alias of our code
        OK 25
        mov es, ax
        mov al, [es:marker]
        cmp al, 5Ah
        FAIL_IF_NOT e, 26
        push ds
        pop es
        mov bx, [sel3]
        add bx, 16
        DPMI 0001h
        OK 27
        DPMI 0001h                      ; twice
        ERR 8022h, 28
        mov bx, 0FFF7h                  ; never allocated
        DPMI 0006h
        ERR 8022h, 29
        mov bx, 0B800h
        DPMI 0002h
        OK 30
        mov [segsel], ax
        mov bx, 0B800h
        DPMI 0002h                      ; the same one again
        cmp ax, [segsel]
        FAIL_IF_NOT e, 31
        mov es, ax
        cmp word [es:0], 0741h          ; the same memory as sel3
        FAIL_IF_NOT e, 32
        push ds
        pop es
        mov bx, [segsel]
        DPMI 0001h                      ; 0002h descriptors are not freed
        ERR 8022h, 33
        mov bx, 0Fh                     ; LDT entry 1
        DPMI 000Dh
        OK 34
        mov bx, 0Fh
        DPMI 000Dh
        ERR 8011h, 35
        mov bx, 0Fh
        DPMI 0001h
        OK 36
        mov bx, 87h                     ; entry 16: not a specific one
        DPMI 000Dh
        ERR 8022h, 37
; ---- DOS memory ----
        mov bx, 100h                    ; 4 KiB
        DPMI 0100h
        OK 38
        mov [dosseg], ax
        mov [dossel], dx
        mov es, dx
        mov word [es:0FFEh], 1234h
        mov es, [sel3]
        push ds
        pop es
        mov bx, 200h
        mov dx, [dossel]
        DPMI 0102h
        OK 39
        mov es, [dossel]
        cmp word [es:0FFEh], 1234h
        FAIL_IF_NOT e, 40
        mov word [es:1FFEh], 5678h      ; the new limit
        push ds
        pop es
        mov dx, 0FFF7h
        DPMI 0101h
        ERR 8022h, 41
        mov bx, 0FFFFh                  ; more than there is: DOS's error
        DPMI 0100h
        ERR 0008h, 42
; ---- file I/O through 0300h and the DOS buffer ----
        call fileio
; ---- interrupt vectors ----
        mov bl, 60h
        DPMI 0200h
        OK 43
        mov [old60], dx
        mov [old60 + 2], cx
        mov cx, [psp_seg]
        mov dx, rm_int60
        mov bl, 60h
        DPMI 0201h
        OK 44
        mov bl, 60h
        DPMI 0204h                      ; the default: the host's
        OK 45
        mov [def60], dx
        mov [def60 + 2], cx
        mov byte [hits], 0
        int 60h                         ; reflected to real mode
        cmp byte [hits], 1
        FAIL_IF_NOT e, 46
        cmp ax, 6060h
        FAIL_IF_NOT e, 47
        mov cx, cs
        mov dx, pm_int60
        mov bl, 60h
        DPMI 0205h
        OK 48
        mov bl, 60h
        DPMI 0204h
        cmp dx, pm_int60
        FAIL_IF_NOT e, 49
        int 60h                         ; our protected-mode handler
        cmp byte [hits], 11
        FAIL_IF_NOT e, 50
        mov cx, [sel3]                  ; not code
        mov dx, 0
        mov bl, 60h
        DPMI 0205h
        ERR 8022h, 51
        mov cx, [def60 + 2]             ; back to the default
        mov dx, [def60]
        mov bl, 60h
        DPMI 0205h
        OK 52
        int 60h
        cmp byte [hits], 12
        FAIL_IF_NOT e, 53
        mov cx, [old60 + 2]
        mov dx, [old60]
        mov bl, 60h
        DPMI 0201h
        mov bl, 0Dh
        DPMI 0202h
        OK 54
        mov bl, 20h                     ; exceptions end at 1Fh
        DPMI 0202h
        ERR 8021h, 55
        mov cx, cs
        mov dx, pm_int60
        mov bl, 20h
        DPMI 0203h
        ERR 8021h, 56
; ---- 0300h-0302h ----
        push ds
        pop es
        call clear_rmcs
        mov byte [rmcs + 1Dh], 30h      ; AH = 30h: DOS version
        mov di, rmcs
        mov bx, 21h
        xor cx, cx
        DPMI 0300h
        OK 57
        cmp byte [rmcs + 1Ch], 5        ; AL = 5
        FAIL_IF_NOT e, 58
        call clear_rmcs
        mov ax, [psp_seg]
        mov [rmcs + 2Ch], ax            ; CS:IP of the far procedure
        mov word [rmcs + 2Ah], rm_far
        mov word [rmcs + 1Ch], 1111h
        push word 0BEEFh                ; one word copied to its stack
        mov di, rmcs
        mov cx, 1
        DPMI 0301h
        OK 59
        pop ax
        cmp word [rmcs + 1Ch], 0BEEFh   ; AX = the word it found
        FAIL_IF_NOT e, 60
        call clear_rmcs
        mov ax, [psp_seg]
        mov [rmcs + 2Ch], ax
        mov word [rmcs + 2Ah], rm_iret
        mov di, rmcs
        xor cx, cx
        DPMI 0302h
        OK 61
        cmp word [rmcs + 10h], 5678h    ; BX
        FAIL_IF_NOT e, 62
        test byte [rmcs + 20h], 1       ; CF the IRET procedure set
        FAIL_IF_NOT nz, 63
; ---- callbacks, state save, raw switches ----
        push ds
        pop es
        mov si, pm_int60                ; DS:SI procedure, ES:DI structure
        mov di, rmcs
        push ds
        push cs
        pop ds
        DPMI 0303h
        pop ds
        OK 64
        mov [cbseg], cx
        mov [cboff], dx
        DPMI 0304h
        OK 65
        mov cx, [cbseg]
        mov dx, [cboff]
        DPMI 0304h
        ERR 8024h, 66
        DPMI 0305h
        OK 67
        DPMI 0306h
        OK 68
        mov [raw_to_pm], cx
        mov [raw_to_pm + 2], bx
        mov [raw_to_rm], di
        mov [raw_to_rm + 2], si
        mov [pm_ds], ds
        mov [pm_cs], cs
        mov [pm_ss], ss
        mov [pm_sp], sp
        mov ax, [psp_seg]
        mov cx, ax
        mov dx, ax
        mov si, ax
        mov bx, sp
        mov di, in_real
        jmp far [raw_to_rm]
in_real:
        smsw ax
        test al, 1
        FAIL_IF_NOT z, 69               ; real mode now
        mov byte [cs:was_real], 1
        mov ax, [pm_ds]
        mov cx, ax
        mov dx, [pm_ss]
        mov bx, [pm_sp]
        mov si, [pm_cs]
        mov di, back_pm
        jmp far [raw_to_pm]
back_pm:
        smsw ax
        test al, 1
        FAIL_IF_NOT nz, 70
        cmp byte [was_real], 1
        FAIL_IF_NOT e, 71
        push ds
        pop es
; ---- memory blocks ----
        mov di, meminfo
        DPMI 0500h
        OK 72
        cmp word [meminfo + 2], 10h     ; at least 1 MiB free
        FAIL_IF_NOT ae, 73
        mov bx, 1                       ; 64 KiB
        xor cx, cx
        DPMI 0501h
        OK 74
        mov [blk_si], si
        mov [blk_di], di
        xor bx, bx
        xor cx, cx
        DPMI 0501h
        ERR 8021h, 75
        mov bx, 7FFFh                   ; 2 GiB
        DPMI 0501h
        ERR 8012h, 76
        mov si, [blk_si]
        mov di, [blk_di]
        mov bx, 2
        xor cx, cx
        DPMI 0503h
        OK 77
        mov si, [blk_si]
        mov di, [blk_di]
        DPMI 0502h
        OK 78
        DPMI 0502h
        ERR 8023h, 79
        DPMI 0604h
        OK 80
        cmp cx, 1000h
        FAIL_IF_NOT e, 81
        DPMI 0600h
        OK 82
        DPMI 0702h
        OK 83
        mov bx, 000Bh                   ; the text screen maps to itself
        mov cx, 8000h
        xor si, si
        mov di, 4000h
        DPMI 0800h
        OK 84
        cmp bx, 000Bh
        FAIL_IF_NOT e, 85
        mov bx, 4000h                   ; nothing there
        DPMI 0800h
        ERR 8021h, 86
        mov bx, 0E000h                  ; the VESA frame buffer, before any mode set
        xor cx, cx
        mov si, 10h
        xor di, di
        DPMI 0800h
        OK 107
        cmp bx, 0E000h
        FAIL_IF_NOT e, 108
        mov bx, 0E07Fh                  ; running past its end
        DPMI 0800h
        ERR 8021h, 109
; ---- interrupt flag, vendor, coprocessor, unknown ----
        sti
        DPMI 0900h
        cmp al, 1
        FAIL_IF_NOT e, 87
        pushf
        pop ax
        test ah, 2
        FAIL_IF_NOT z, 88
        DPMI 0902h
        cmp al, 0
        FAIL_IF_NOT e, 89
        DPMI 0901h
        pushf
        pop ax
        test ah, 2
        FAIL_IF_NOT nz, 100
        DPMI 0A00h
        ERR 8001h, 101
        DPMI 0E00h
        OK 102
        test al, 4                      ; an FPU
        FAIL_IF_NOT nz, 103
        mov bx, 2                       ; emulation: not offered
        DPMI 0E01h
        ERR 8026h, 104
        mov bx, 0
        DPMI 0E01h
        OK 105
        DPMI 0FFFFh
        ERR 8001h, 106
        EXIT 0

; Create, write, read back and delete a file through DOS in real mode
; with the DOS buffer (dosseg/dossel) as the transfer area.
fileio:
        mov es, [dossel]
        mov si, fname
        xor di, di
        mov cx, fname_len
        rep movsb
        push ds
        pop es
        call clear_rmcs
        mov word [rmcs + 1Ch], 3C00h    ; create
        xor ax, ax
        mov [rmcs + 18h], ax            ; CX = attributes
        call dos_rm
        FAIL_IF_NOT nc, 110
        mov ax, [rmcs + 1Ch]
        mov [fhandle], ax
        mov es, [dossel]                ; 300 bytes 0..299 mod 256 at 100h
        mov di, 100h
        xor ax, ax
        mov cx, 300
.fill:  stosb
        inc al
        loop .fill
        push ds
        pop es
        call clear_rmcs
        mov word [rmcs + 1Ch], 4000h    ; write
        mov ax, [fhandle]
        mov [rmcs + 10h], ax
        mov word [rmcs + 18h], 300
        mov word [rmcs + 14h], 100h
        call dos_rm
        FAIL_IF_NOT nc, 111
        cmp word [rmcs + 1Ch], 300
        FAIL_IF_NOT e, 112
        call clear_rmcs
        mov word [rmcs + 1Ch], 4200h    ; back to 0
        mov ax, [fhandle]
        mov [rmcs + 10h], ax
        call dos_rm
        mov es, [dossel]
        mov di, 800h
        xor ax, ax
        mov cx, 300
        rep stosb
        push ds
        pop es
        call clear_rmcs
        mov word [rmcs + 1Ch], 3F00h    ; read
        mov ax, [fhandle]
        mov [rmcs + 10h], ax
        mov word [rmcs + 18h], 400
        mov word [rmcs + 14h], 800h
        call dos_rm
        FAIL_IF_NOT nc, 113
        cmp word [rmcs + 1Ch], 300
        FAIL_IF_NOT e, 114
        mov es, [dossel]
        xor ax, ax
        mov di, 800h
        mov cx, 300
.cmp:   scasb
        FAIL_IF_NOT e, 115
        inc al
        loop .cmp
        push ds
        pop es
        call clear_rmcs
        mov word [rmcs + 1Ch], 3E00h    ; close
        mov ax, [fhandle]
        mov [rmcs + 10h], ax
        call dos_rm
        call clear_rmcs
        mov word [rmcs + 1Ch], 4100h    ; delete
        call dos_rm
        FAIL_IF_NOT nc, 116
        ret

; INT 21h in real mode with rmcs, DS = ES = the DOS buffer; CF from it.
dos_rm:
        mov ax, [dosseg]
        mov [rmcs + 24h], ax
        mov [rmcs + 22h], ax
        push ds
        pop es
        mov di, rmcs
        mov bx, 21h
        xor cx, cx
        DPMI 0300h
        FAIL_IF_NOT nc, 117
        mov al, [rmcs + 20h]
        shr al, 1                       ; CF of the real-mode call
        ret

clear_rmcs:
        push di
        push cx
        push ax
        mov di, rmcs
        mov cx, 25
        xor ax, ax
        rep stosw
        pop ax
        pop cx
        pop di
        ret

pm_int60:
        add byte [hits], 10
        iret

; ---- real-mode code (CS = our segment) ----
rm_int60:
        inc byte [cs:hits]
        mov ax, 6060h
        iret
rm_far:
        push bp
        mov bp, sp
        mov ax, [bp + 6]                ; the word 0301h copied
        pop bp
        retf
rm_iret:
        mov bx, 5678h
        push bp
        mov bp, sp
        or byte [bp + 6], 1             ; CF in the FLAGS it will IRET to
        pop bp
        iret

marker  db 5Ah
hits    db 0
was_real db 0
fname   db "DPMI16.TMP", 0
fname_len equ $ - fname
sel3    dw 0
segsel  dw 0
dosseg  dw 0
dossel  dw 0
fhandle dw 0
old60   dd 0
def60   dd 0
cbseg   dw 0
cboff   dw 0
blk_si  dw 0
blk_di  dw 0
raw_to_pm dd 0
raw_to_rm dd 0
pm_ds   dw 0
pm_cs   dw 0
pm_ss   dw 0
pm_sp   dw 0
desc    times 8 db 0
rmcs    times 50 db 0
meminfo times 48 db 0
        DPMI_TAIL
