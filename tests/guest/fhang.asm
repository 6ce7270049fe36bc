; test: skip
; Tool for tests/drives: write a line to KILL.TXT without closing it, then
; spin until killed. What a completed write wrote must be on the host.
        org 100h
        mov dx, fname
        xor cx, cx
        mov ah, 3Ch
        int 21h
        mov bx, ax
        mov dx, text
        mov cx, textlen
        mov ah, 40h
        int 21h
spin:   jmp spin
fname   db 'KILL.TXT', 0
text    db 'written before the kill', 13, 10
textlen equ $ - text
