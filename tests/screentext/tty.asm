; BIOS teletype output only (INT 10h 0Eh): console passthrough, the bytes
; unchanged (code page 437 too), whatever stdout is.
        org     100h
        mov     si, line1
        call    ttyputs
        mov     si, line2
        call    ttyputs
        jmp     exit0
line1:  db      "teletype only", 13, 10, 0
line2:  db      "caf", 82h, " au lait", 13, 10, 0
%include "screen.inc"
