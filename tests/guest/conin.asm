; test: exit=0
; test: stdin=conin.in
; Console input from a redirected stdin: 01h (echoes), 0Ah (line editor
; with echo), 0Bh status, 3Fh on handle 0, 06h without waiting, and end of
; input (3Fh returns 0).
%include "check.inc"
        org 100h
        mov ah, 0Bh                     ; input is waiting
        int 21h
        cmp al, 0FFh
        FAIL_IF_NOT e, 1
        mov ah, 1                       ; 'A' with echo
        int 21h
        cmp al, 'A'
        FAIL_IF_NOT e, 2
        mov ah, 8                       ; 'B' without echo
        int 21h
        cmp al, 'B'
        FAIL_IF_NOT e, 3
        mov dx, linebuf                 ; "hello" then CR LF
        mov ah, 0Ah
        int 21h
        cmp byte [linebuf + 1], 5
        FAIL_IF_NOT e, 4
        cmp word [linebuf + 2], 'he'
        FAIL_IF_NOT e, 5
        cmp byte [linebuf + 7], 13
        FAIL_IF_NOT e, 6
        mov bx, 0                       ; the rest by handle: the LF that
        mov cx, 100                     ; 0Ah left behind, then "raw\r\n"
        mov dx, rawbuf
        mov ah, 3Fh
        int 21h
        FAIL_IF_NOT nc, 7
        cmp ax, 6
        FAIL_IF_NOT e, 8
        cmp word [rawbuf], 'r' << 8 | 10
        FAIL_IF_NOT e, 9
        mov bx, 0                       ; end of input: 0 bytes
        mov cx, 100
        mov dx, rawbuf
        mov ah, 3Fh
        int 21h
        FAIL_IF_NOT nc, 10
        cmp ax, 0
        FAIL_IF_NOT e, 11
        mov dl, 0FFh                    ; 06h: nothing there, ZF=1
        mov ah, 6
        int 21h
        FAIL_IF_NOT z, 12
        EXIT 0
linebuf db 20, 0
        times 21 db 0
rawbuf  times 100 db 0
