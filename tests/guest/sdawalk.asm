; test: exit=0
; test: keys={wait 400ms}x
; The swappable data area (INT 21h 5D06h) at DOS:0320h, as TSRs use it:
; 34h points at its InDOS byte; the current DTA and PSP follow 1Ah and
; 50h; what a program writes there (a TSR putting back a saved SDA)
; becomes DOS's state (51h, 2Fh); the last error (59h) is there. A timer
; handler (INT 1Ch) sees InDOS set while DOS waits for a key inside a
; read of the console (handle 2), and clear while the program computes.
%include "check.inc"
        org 100h
        mov ax, 5D06h
        int 21h
        FAIL_IF_NOT nc, 1
        mov [cs:sda], si
        mov [cs:sda + 2], ds
        push cs
        pop ds
        cmp word [sda], 0320h           ; where MS-DOS 4-6 have it
        FAIL_IF_NOT e, 2
        mov ax, 1203h                   ; in DOS's data segment
        int 2Fh
        mov ax, ds
        push cs
        pop ds
        cmp ax, [sda + 2]
        FAIL_IF_NOT e, 3
        mov ah, 34h                     ; InDOS is the SDA's second byte
        int 21h
        mov ax, [sda]
        inc ax
        cmp bx, ax
        FAIL_IF_NOT e, 4
        mov ax, es
        cmp ax, [sda + 2]
        FAIL_IF_NOT e, 5
        les di, [sda]
        cmp byte [es:di + 1], 0         ; not inside DOS now
        FAIL_IF_NOT e, 6
        cmp byte [es:di], 0             ; no critical error
        FAIL_IF_NOT e, 7

        mov ah, 1Ah                     ; DTA
        mov dx, dta
        int 21h
        les di, [sda]
        cmp word [es:di + 0Ch], dta
        FAIL_IF_NOT e, 10
        mov ax, cs
        cmp [es:di + 0Eh], ax
        FAIL_IF_NOT e, 11
        cmp [es:di + 10h], ax           ; PSP: ours
        FAIL_IF_NOT e, 12
        mov bx, 1234h                   ; 50h shows there
        mov ah, 50h
        int 21h
        cmp word [es:di + 10h], 1234h
        FAIL_IF_NOT e, 13
        mov word [es:di + 10h], 2345h   ; a write there is DOS's state
        mov ah, 51h
        int 21h
        cmp bx, 2345h
        FAIL_IF_NOT e, 14
        mov [es:di + 10h], cs           ; put our PSP back the same way
        mov ah, 62h
        int 21h
        mov ax, cs
        cmp bx, ax
        FAIL_IF_NOT e, 15
        mov word [es:di + 0Ch], dta2    ; and the DTA
        mov ah, 2Fh
        int 21h
        cmp bx, dta2
        FAIL_IF_NOT e, 16
        mov dx, nofile                  ; the last error
        mov ax, 3D00h
        int 21h
        les di, [sda]
        cmp word [es:di + 4], 2
        FAIL_IF_NOT e, 17
        mov word [es:di + 4], 5         ; put back by a TSR: 59h reports it
        mov ah, 59h
        xor bx, bx
        int 21h
        cmp ax, 5
        FAIL_IF_NOT e, 18

        mov ax, 351Ch                   ; a timer handler looks at InDOS
        int 21h
        mov [old1c], bx
        mov [old1c + 2], es
        mov dx, tick
        mov ax, 251Ch
        int 21h
        mov word [busy], 0
        mov word [idle], 0
        mov bx, 2                       ; wait in DOS for the key typed later
        mov cx, 1
        mov dx, key
        mov ah, 3Fh
        int 21h
        FAIL_IF_NOT nc, 20
        cmp byte [key], 'x'
        FAIL_IF_NOT e, 21
        cmp word [busy], 2              ; ticks while DOS waited: InDOS set
        FAIL_IF_NOT ae, 22
        mov word [busy], 0
        mov word [idle], 0
        mov ax, 40h                     ; now four ticks outside DOS
        mov es, ax
        mov bx, [es:6Ch]
        add bx, 4
.spin:  cmp [es:6Ch], bx
        jb .spin
        cmp word [idle], 3
        FAIL_IF_NOT ae, 23
        cmp word [busy], 0
        FAIL_IF_NOT e, 24
        push ds
        lds dx, [old1c]
        mov ax, 251Ch
        int 21h
        pop ds
        EXIT 0

tick:   push es
        push di
        les di, [cs:sda]
        cmp byte [es:di + 1], 0
        je .out
        inc word [cs:busy]
        jmp .done
.out:   inc word [cs:idle]
.done:  pop di
        pop es
        jmp far [cs:old1c]

nofile  db 'NO_SUCH.FIL', 0
sda     dd 0
old1c   dd 0
busy    dw 0
idle    dw 0
key     db 0
dta     times 128 db 0
dta2    times 128 db 0
