; DOS output (INT 21h 09h), teletype output and INT 10h 09h text mixed:
; on a terminal all of it is the screen; with stdout redirected DOS output
; goes there at once (as under DOS with > FILE) and the screen's rows
; follow.
        org     100h
        mov     dx, dos1
        call    dosputs
        mov     si, tty1
        call    ttyputs
        mov     bl, 07h
        mov     si, bios1
        call    puts
        mov     si, crlf
        call    ttyputs
        mov     dx, dos2
        call    dosputs
        mov     si, bios2
        call    puts
        call    newline
        jmp     exit0
dos1:   db      "DOS before", 13, 10, "$"
tty1:   db      "teletype: ", 0
bios1:  db      "BIOS", 0
crlf:   db      13, 10, 0
dos2:   db      "DOS after", 13, 10, "$"
bios2:  db      "BIOS last", 0
%include "screen.inc"
