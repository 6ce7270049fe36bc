; Clears the screen first (INT 10h 06h over the whole screen, the cursor
; home, as CLS does), then writes.
        org     100h
        mov     ax, 0600h
        mov     bh, 07h
        xor     cx, cx
        mov     dx, 184Fh
        int     10h
        mov     ah, 02h
        xor     bh, bh
        xor     dx, dx
        int     10h
        mov     bl, 07h
        mov     si, one
        call    puts
        call    newline
        mov     si, two
        call    puts
        call    newline
        jmp     exit0
one:    db      "cleared first", 0
two:    db      "then two lines", 0
%include "screen.inc"
