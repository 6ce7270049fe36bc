; test: exit=0
; The A20 gate both ways: off (the default) FFFF:0500 is 0000:04F0 again;
; on (port 92h, INT 15h 2401h, XMS 03h) it is the HMA, which keeps its own
; contents across switches. INT 15h 2402h/2403h and XMS 07h report it.
%include "check.inc"
        org 100h
        xor ax, ax
        mov es, ax                      ; ES = 0000, DS = our segment
        mov ax, 0FFFFh
        mov fs, ax                      ; FS = FFFF
        mov byte [es:04F0h], 11h
        cmp byte [fs:0500h], 11h        ; wraps with A20 off
        FAIL_IF_NOT e, 1
        mov ax, 2402h
        int 15h
        FAIL_IF_NOT nc, 2
        cmp al, 0
        FAIL_IF_NOT e, 3
        mov ax, 2403h                   ; port 92h is supported
        int 15h
        test bx, 2
        FAIL_IF_NOT nz, 4

        in al, 92h                      ; fast A20 on
        or al, 2
        out 92h, al
        mov byte [fs:0500h], 22h        ; the HMA, not low memory
        cmp byte [es:04F0h], 11h
        FAIL_IF_NOT e, 5
        cmp byte [fs:0500h], 22h
        FAIL_IF_NOT e, 6
        mov ax, 2402h
        int 15h
        cmp al, 1
        FAIL_IF_NOT e, 7

        mov ax, 2400h                   ; off again: the wrap is back
        int 15h
        cmp byte [fs:0500h], 11h
        FAIL_IF_NOT e, 8
        in al, 92h
        test al, 2
        FAIL_IF_NOT z, 9

        mov ax, 4310h                   ; XMS global enable: the HMA byte is still 22h
        int 2Fh
        mov [xms], bx
        mov [xms + 2], es
        mov ah, 03h
        call far [xms]
        cmp ax, 1
        FAIL_IF_NOT e, 10
        mov ah, 07h
        call far [xms]
        cmp ax, 1
        FAIL_IF_NOT e, 11
        cmp byte [fs:0500h], 22h
        FAIL_IF_NOT e, 12
        mov ah, 04h
        call far [xms]
        cmp byte [fs:0500h], 11h
        FAIL_IF_NOT e, 13

        mov ax, 4A01h                   ; DOS=HIGH: free HMA at FFFF:0010
        int 2Fh
        cmp bx, 0FFE0h
        FAIL_IF_NOT ae, 14
        mov ax, 4A02h
        mov bx, 100h
        int 2Fh
        cmp di, 0FFFFh
        FAIL_IF_NOT ne, 15
        mov byte [es:di], 33h           ; A20 is on for HMA users
        mov ax, 3306h
        int 21h
        test dh, 10h                    ; DOS in HMA
        FAIL_IF_NOT nz, 16
        EXIT 0
xms     dd 0
