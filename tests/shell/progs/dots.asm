; DOTS: prints dots through INT 21h 02h until Ctrl-C ends it (DOS senses
; a Ctrl-C typed ahead on console output).
        cpu     8086
        org     100h
again:  mov     dl, '.'
        mov     ah, 2
        int     21h
        jmp     again
