; test: skip (run by tests/cases/guest/kbdhook.uds, which types the keys)
; A program hooking INT 09h sees the 8042's scan codes at port 60h (make,
; break, Alt around F) and chains to the BIOS, which still gets the keys.
%include "check.inc"
        org 100h
        mov ax, 3509h
        int 21h
        mov [old09], bx
        mov [old09 + 2], es
        mov dx, hook
        mov ax, 2509h
        int 21h
        xor ah, ah
        int 16h
        cmp ax, 2D78h                   ; 'x' reached the BIOS buffer
        FAIL_IF_NOT e, 1
        xor ah, ah
        int 16h
        cmp ax, 2100h                   ; Alt+F
        FAIL_IF_NOT e, 2
.drain: cmp word [count], 6             ; the last break codes may still come
        jae .got
        sti
        hlt
        jmp .drain
.got:   lds dx, [cs:old09]
        mov ax, 2509h
        int 21h
        push cs
        pop ds
        push cs
        pop es
        mov si, expected
        mov di, seen
        mov cx, 6
        repe cmpsb
        FAIL_IF_NOT e, 3
        mov ax, 40h                     ; Alt is up again in the BDA
        mov es, ax
        test byte [es:17h], 08h
        FAIL_IF_NOT z, 4
        EXIT 0

hook:   push ax
        push bx
        in al, 60h
        mov bx, [cs:count]
        cmp bx, 16
        jae .full
        mov [cs:seen + bx], al
        inc word [cs:count]
.full:  pop bx
        pop ax
        jmp far [cs:old09]

old09:    dd 0
count:    dw 0
expected: db 2Dh, 0ADh, 38h, 21h, 0A1h, 0B8h
seen:     times 16 db 0
