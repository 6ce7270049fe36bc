; test: exit=0
; test: flags=--fault c:read:2:EIO
; While a program's INT 24h handler runs, the SDA says so as MS-DOS's
; does (DOS/CTRLC.ASM, HardErr): the critical-error flag set and InDOS
; taken back by one, so a TSR knows DOS may be entered only for what
; INT 24h allows. After the handler answers Fail both are clear again.
; The read error comes from the fault injector (the second host read:
; the first loads this program).
%include "check.inc"
        org 100h
        mov ax, 5D06h
        int 21h
        mov [cs:sda], si
        mov [cs:sda + 2], ds
        push cs
        pop ds
        mov dx, crit
        mov ax, 2524h
        int 21h
        mov dx, fname                   ; a file to read
        xor cx, cx
        mov ah, 3Ch
        int 21h
        FAIL_IF_NOT nc, 1
        mov bx, ax
        mov dx, fname
        mov cx, 10
        mov ah, 40h
        int 21h
        mov ah, 3Eh
        int 21h
        mov dx, fname
        mov ax, 3D00h
        int 21h
        FAIL_IF_NOT nc, 2
        mov bx, ax
        mov dx, buf
        mov cx, 10
        mov ah, 3Fh                     ; the host read fails: INT 24h
        int 21h
        FAIL_IF_NOT c, 3
        cmp ax, 53h                     ; failed on INT 24h
        FAIL_IF_NOT e, 4
        cmp byte [called], 1
        FAIL_IF_NOT e, 5
        cmp byte [seen_errmode], 1      ; inside: flag set, InDOS 0
        FAIL_IF_NOT e, 6
        cmp byte [seen_indos], 0
        FAIL_IF_NOT e, 7
        les di, [sda]                   ; after: both clear
        cmp byte [es:di], 0
        FAIL_IF_NOT e, 8
        cmp byte [es:di + 1], 0
        FAIL_IF_NOT e, 9
        EXIT 0

crit:   push es
        push di
        les di, [cs:sda]
        mov al, [es:di]
        mov [cs:seen_errmode], al
        mov al, [es:di + 1]
        mov [cs:seen_indos], al
        mov byte [cs:called], 1
        pop di
        pop es
        mov al, 3                       ; Fail
        iret

fname   db 'CRITSDA.DAT', 0
sda     dd 0
called  db 0
seen_errmode db 0
seen_indos db 0
buf     times 16 db 0
