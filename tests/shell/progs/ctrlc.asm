; CTRLC: reads a key from the console with INT 21h 08h after putting
; Ctrl-C in the keyboard buffer, as a user pressing Ctrl-C would: DOS must
; call INT 23h, and the shell's handler ends the program (return kind 1).
        cpu     8086
        org     100h
        mov     dx, con
        mov     ax, 3D02h
        int     21h
        jc      fail
        mov     bx, ax
        xor     cx, cx
        mov     ah, 46h         ; standard input is the console now
        int     21h
        mov     ah, 3Eh
        int     21h
        mov     cx, 2E03h       ; Ctrl-C
        mov     ah, 05h
        int     16h
        mov     ah, 08h
        int     21h
fail:   mov     dx, still
        mov     ah, 9
        int     21h
        mov     ax, 4C63h
        int     21h
con:    db      "CON", 0
still:  db      "not stopped by Ctrl-C", 13, 10, "$"
