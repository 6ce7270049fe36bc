; test: exit=0
; test: flags=--ui headless --deterministic
; The DOS code page (INT 21h 66h) and the national tables that follow it
; (65h): 437 at start (--keyboard us, the default without a window), 850
; after 6602h, an unknown code page refused with error 2 and nothing
; changed, 437 again. a-acute (A0h in both) has no capital in 437 and
; becomes B5h in 850, through 6520h and through the upper-case table that
; 6502h points to; 6501h reports the active code page.
%include "check.inc"
        org 100h
CP_US equ 437
CP_LATIN1 equ 850
A_ACUTE equ 0A0h
A_ACUTE_CAPITAL_850 equ 0B5h
HIGH_HALF equ 80h

        mov ax, 6601h                   ; at start: 437, and the system's 437
        int 21h
        FAIL_IF_NOT nc, 1
        cmp bx, CP_US
        FAIL_IF_NOT e, 2
        cmp dx, CP_US
        FAIL_IF_NOT e, 3
        mov dl, A_ACUTE                 ; no capital in 437: unchanged
        call upcase
        FAIL_IF_NOT e, 4
        mov al, A_ACUTE
        call table_upcase
        cmp al, A_ACUTE
        FAIL_IF_NOT e, 5

        mov ax, 6602h                   ; 850
        mov bx, CP_LATIN1
        int 21h
        FAIL_IF_NOT nc, 10
        mov ax, 6601h
        int 21h
        cmp bx, CP_LATIN1
        FAIL_IF_NOT e, 11
        cmp dx, CP_US                   ; the system code page stays
        FAIL_IF_NOT e, 12
        mov dl, A_ACUTE
        call upcase
        cmp dl, A_ACUTE_CAPITAL_850
        FAIL_IF_NOT e, 13
        mov al, A_ACUTE
        call table_upcase
        cmp al, A_ACUTE_CAPITAL_850
        FAIL_IF_NOT e, 14
        mov ax, 6501h                   ; general information: the code page
        mov bx, 0FFFFh
        mov dx, 0FFFFh
        mov cx, 41
        push ds
        pop es
        mov di, buf
        int 21h
        FAIL_IF_NOT nc, 15
        cmp word [buf + 5], CP_LATIN1
        FAIL_IF_NOT e, 16

        mov ax, 6602h                   ; unknown: error 2, 850 stays
        mov bx, 999
        int 21h
        FAIL_IF_NOT c, 20
        cmp ax, 2
        FAIL_IF_NOT e, 21
        mov ax, 6601h
        int 21h
        cmp bx, CP_LATIN1
        FAIL_IF_NOT e, 22

        mov ax, 6602h                   ; back to 437: the tables follow
        mov bx, CP_US
        int 21h
        FAIL_IF_NOT nc, 30
        mov dl, A_ACUTE
        call upcase
        FAIL_IF_NOT e, 31
        mov al, A_ACUTE
        call table_upcase
        cmp al, A_ACUTE
        FAIL_IF_NOT e, 32
        EXIT 0

; DL upper-cased by 6520h; ZF set when it came back unchanged (as A_ACUTE).
upcase:
        mov ax, 6520h
        int 21h
        cmp dl, A_ACUTE
        ret

; AL (80h-FFh) upper-cased through the table 6502h points to.
table_upcase:
        push ax
        mov ax, 6502h
        mov bx, 0FFFFh
        mov dx, 0FFFFh
        mov cx, 5
        push ds
        pop es
        mov di, buf
        int 21h
        pop ax
        push ds
        lds si, [buf + 1]               ; word count, then 80h-FFh
        xor ah, ah
        sub al, HIGH_HALF
        add si, ax
        mov al, [si + 2]
        pop ds
        ret

buf:    times 48 db 0
