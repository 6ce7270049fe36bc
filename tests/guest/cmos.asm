; test: exit=0
; test: flags=--ui headless --deterministic
; CMOS RTC at ports 70h/71h agrees with INT 1Ah (the fixed date of
; deterministic mode), keeps RAM bytes, and INT 15h AH=86h waits on its
; periodic interrupt.
%include "check.inc"
        org 100h
        mov al, 09h                     ; year
        call rtc
        cmp al, 00h
        FAIL_IF_NOT e, 1
        mov al, 32h                     ; century
        call rtc
        cmp al, 20h
        FAIL_IF_NOT e, 2
        mov al, 08h                     ; month
        call rtc
        cmp al, 01h
        FAIL_IF_NOT e, 3
        mov ah, 04h                     ; INT 1Ah date: the same
        int 1Ah
        cmp cx, 2000h
        FAIL_IF_NOT e, 4
        cmp dx, 0101h
        FAIL_IF_NOT e, 5
        mov al, 0Bh                     ; status B: 24-hour BCD
        call rtc
        test al, 02h
        FAIL_IF_NOT nz, 6
        mov al, 0Dh                     ; status D: valid
        call rtc
        test al, 80h
        FAIL_IF_NOT nz, 7
        mov al, 40h                     ; RAM byte keeps its value
        out 70h, al
        mov al, 5Ah
        out 71h, al
        mov al, 40h
        call rtc
        cmp al, 5Ah
        FAIL_IF_NOT e, 8
; INT 15h AH=86h: 220 ms = at least 3 timer ticks
        xor ah, ah
        int 1Ah
        mov [ticks], dx
        mov ah, 86h
        mov cx, 3
        mov dx, 5B60h                   ; 3:5B60h = 220000 us
        int 15h
        FAIL_IF_NOT nc, 9
        xor ah, ah
        int 1Ah
        sub dx, [ticks]
        cmp dx, 3
        FAIL_IF_NOT ae, 10
        cmp dx, 6
        FAIL_IF_NOT be, 11
        EXIT 0

rtc:    out 70h, al
        in al, 71h
        ret
ticks:  dw 0
