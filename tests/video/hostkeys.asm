; The window's own keys stop at the window (tests/video/window.sh): waits
; for keys through INT 16h's enhanced functions, which report Alt+Enter
; (1C00h), Alt-F11/F12 and Shift-F11/F12 too. The first key must be x:
; exit 0, else exit 1 with "got XXXX" (the key word) on stdout.
        org 100h
KEY_X equ 2D78h
        mov ah, 10h                     ; wait for a key
        int 16h
        cmp ax, KEY_X
        jne .other
        mov ax, 4C00h
        int 21h
.other: mov bx, ax
        mov dx, got
        mov ah, 9
        int 21h
        mov cx, 4
.digit: rol bx, 4
        mov dl, bl
        and dl, 0Fh
        add dl, '0'
        cmp dl, '9'
        jbe .put
        add dl, 'A' - '9' - 1
.put:   mov ah, 2
        int 21h
        loop .digit
        mov ax, 4C01h
        int 21h
got:    db "got $"
