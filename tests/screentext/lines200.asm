; 200 lines through INT 10h 09h, each row scrolled off the top with
; INT 10h 06h: all of them reach stdout, in order, once.
LINES   equ     200
        org     100h
        mov     bp, 1
.line:  mov     ax, bp
        mov     di, num
        call    num3
        mov     bl, 07h
        mov     si, text
        call    puts
        call    newline
        inc     bp
        cmp     bp, LINES
        jbe     .line
        jmp     exit0
text:   db      "line "
num:    db      "000 of 200", 0
%include "screen.inc"
