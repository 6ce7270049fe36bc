; test: skip (run by tests/cases/guest/kbd.uds, which types the keys)
; Keys typed through the 8042 (IRQ1, INT 09h) as INT 16h returns them:
; plain, grey (E0h) and 101-key-only keys, Shift and Ctrl, Caps Lock,
; AH=00h/01h/02h/05h/10h/11h/12h and the buffer's 15 places.
%include "check.inc"
        org 100h
        xor ah, ah
        int 16h
        cmp ax, 1E61h                   ; 'a'
        FAIL_IF_NOT e, 1
        mov ah, 10h
        int 16h
        cmp ax, 48E0h                   ; grey Up, enhanced form
        FAIL_IF_NOT e, 2
        mov ah, 11h                     ; F11: peek, then read
.peek:  mov ah, 11h
        int 16h
        jz .peek
        cmp ax, 8500h
        FAIL_IF_NOT e, 3
        mov ah, 10h
        int 16h
        cmp ax, 8500h
        FAIL_IF_NOT e, 4
        xor ah, ah
        int 16h
        cmp ax, 3042h                   ; Shift+B
        FAIL_IF_NOT e, 5
        xor ah, ah
        int 16h
        cmp ax, 2E03h                   ; Ctrl+C
        FAIL_IF_NOT e, 7
        xor ah, ah
        int 16h
        cmp ax, 2D58h                   ; x with Caps Lock on: X
        FAIL_IF_NOT e, 8
        mov ah, 02h
        int 16h
        test al, 40h                    ; Caps Lock active
        FAIL_IF_NOT nz, 9
        mov ah, 12h
        int 16h
        test ah, 40h                    ; but not held
        FAIL_IF_NOT z, 10
; AH=05h stores; AH=00h gives the compatible form of grey keys
        mov ah, 05h
        mov cx, 48E0h
        int 16h
        cmp al, 0
        FAIL_IF_NOT e, 11
        mov ah, 05h
        mov cx, 0E00Dh                  ; keypad Enter
        int 16h
        xor ah, ah
        int 16h
        cmp ax, 4800h
        FAIL_IF_NOT e, 12
        mov ah, 01h
        int 16h
        FAIL_IF_NOT nz, 13
        cmp ax, 1C0Dh
        FAIL_IF_NOT e, 14
        mov ah, 10h
        int 16h
        cmp ax, 0E00Dh
        FAIL_IF_NOT e, 15
; the buffer holds 15 keys
        mov cx, 0141h
        mov bx, 15
.fill:  mov ah, 05h
        int 16h
        cmp al, 0
        FAIL_IF_NOT e, 16
        inc cl
        dec bx
        jnz .fill
        mov ah, 05h
        int 16h
        cmp al, 1                       ; the 16th does not fit
        FAIL_IF_NOT e, 17
        mov bx, 15
.drain: xor ah, ah
        int 16h
        dec bx
        jnz .drain
        cmp ax, 014Fh                   ; the 15th key stored
        FAIL_IF_NOT e, 18
        mov ah, 01h
        int 16h
        FAIL_IF_NOT z, 19               ; empty, and no more input
        mov ah, 09h                     ; capabilities: 10h-12h
        int 16h
        test al, 20h
        FAIL_IF_NOT nz, 20
        EXIT 0
