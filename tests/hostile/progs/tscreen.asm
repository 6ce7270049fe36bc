; A full-screen program for the terminal tests: text mode 3, a title on
; the screen, then (tail /F) an invalid opcode after about half a second,
; or (no tail) a wait for a key that never comes. The terminal must come
; back either way: after the fault, and after SIGINT/SIGHUP/SIGTERM.
        org 100h
        mov ax, 0003h
        int 10h
        mov ax, 0B800h
        mov es, ax
        mov si, title
        xor di, di
        mov ah, 1Eh             ; yellow on blue
.put:   lodsb
        or al, al
        jz .shown
        stosw
        jmp .put
.shown: cmp byte [80h], 0
        je forever
        mov cx, 9               ; about half a second of timer ticks
.tick:  sti
        hlt
        loop .tick
        db 0Fh, 0Bh             ; UD2: the program crashes here
forever: xor ax, ax
        int 16h
        jmp forever
title   db 'HOSTILE SCREEN TEST', 0
