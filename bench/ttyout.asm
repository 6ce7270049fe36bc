; make bench, screen text: 100,000 characters through INT 10h (teletype
; output, a line feed every 79 characters: 1,250 lines scrolled), after
; one cursor move, the first use of the screen that makes the screen the
; source of stdout (--screen-text stream).
CHARS   equ     100000
        org     100h
        mov     ah, 02h                 ; the cursor home: the screen is used
        xor     bh, bh
        xor     dx, dx
        int     10h
        mov     si, CHARS / 80          ; lines of 79 characters and CR LF...
.line:  mov     cx, 78
        mov     al, 'a'
.char:  mov     ah, 0Eh
        mov     bx, 0007h
        int     10h
        inc     al
        cmp     al, 'z' + 1
        jb      .next
        mov     al, 'a'
.next:  loop    .char
        mov     ax, 0E30h               ; ...ending in a digit
        int     10h
        mov     ax, 0E0Dh
        int     10h
        mov     ax, 0E0Ah
        int     10h
        dec     si
        jnz     .line
        mov     ax, 4C00h
        int     21h
