; make bench, screen text: 100,000 characters through INT 10h 09h, each
; followed by a cursor move (02h), a line every 80 characters scrolled
; off with INT 10h 06h: 1,250 lines, as console libraries write.
CHARS   equ     100000
        org     100h
        mov     si, CHARS / 80
.line:  xor     dl, dl                  ; column
        mov     al, 'A'
.char:  mov     ah, 02h
        xor     bh, bh
        mov     dh, 24
        int     10h
        mov     ah, 09h
        mov     bl, 07h
        mov     cx, 1
        int     10h
        inc     al
        cmp     al, 'Z' + 1
        jb      .next
        mov     al, 'A'
.next:  inc     dl
        cmp     dl, 80
        jb      .char
        mov     ax, 0601h               ; the row scrolls off
        mov     bh, 07h
        xor     cx, cx
        mov     dx, 184Fh
        int     10h
        dec     si
        jnz     .line
        mov     ax, 4C00h
        int     21h
