; test: exit=0
; test: flags=--ui headless
; INT 10h text services: mode set and BDA, cursor, write/read cells,
; teletype with scrolling, scroll windows, write string, pages, cursor
; shape. Checks video RAM itself; vidtext.screen pins the final screen.
%include "check.inc"
%define BDA(off) byte [es:off]
        org 100h
        mov ax, 0003h
        int 10h
        mov ax, 40h
        mov es, ax
        cmp byte [es:49h], 3            ; mode
        FAIL_IF_NOT e, 1
        cmp word [es:4Ah], 80           ; columns
        FAIL_IF_NOT e, 2
        cmp byte [es:84h], 24           ; rows - 1
        FAIL_IF_NOT e, 3
        cmp word [es:4Ch], 1000h        ; page size
        FAIL_IF_NOT e, 4
        cmp word [es:63h], 3D4h         ; CRTC base
        FAIL_IF_NOT e, 5
        mov ah, 0Fh                     ; get mode
        int 10h
        cmp ax, 5003h
        FAIL_IF_NOT e, 6
        cmp bh, 0
        FAIL_IF_NOT e, 7
; cursor
        mov ah, 02h
        xor bh, bh
        mov dx, 050Ah                   ; row 5, column 10
        int 10h
        mov ah, 03h
        int 10h
        cmp dx, 050Ah
        FAIL_IF_NOT e, 8
        cmp word [es:50h], 050Ah
        FAIL_IF_NOT e, 9
; 09h: 'A' on blue/yellow three times, the cursor stays
        mov ax, 0941h
        mov bx, 001Eh
        mov cx, 3
        int 10h
        mov ax, 0B800h
        mov es, ax
        mov di, (5 * 80 + 10) * 2
        cmp word [es:di], 1E41h
        FAIL_IF_NOT e, 10
        cmp word [es:di + 4], 1E41h
        FAIL_IF_NOT e, 11
        cmp word [es:di + 6], 0720h
        FAIL_IF_NOT e, 12
; 0Ah: characters only, attributes stay
        mov ax, 0A62h
        xor bx, bx
        mov cx, 2
        int 10h
        cmp word [es:di + 2], 1E62h
        FAIL_IF_NOT e, 13
        cmp word [es:di + 4], 1E41h
        FAIL_IF_NOT e, 14
; 08h: read at the cursor
        mov ah, 08h
        xor bh, bh
        int 10h
        cmp ax, 1E62h
        FAIL_IF_NOT e, 15
; 0Eh teletype at the bottom row scrolls the screen up
        mov ah, 02h
        mov dx, 1800h                   ; row 24, column 0
        int 10h
        mov si, msg_tty
.tty:   lodsb
        or al, al
        jz .tty_done
        mov ah, 0Eh
        int 10h
        jmp .tty
.tty_done:
        cmp word [es:(23 * 80) * 2], 0758h     ; 'X' moved up a row
        FAIL_IF_NOT e, 16
        cmp word [es:(4 * 80 + 10) * 2], 1E62h ; row 5 is now row 4
        FAIL_IF_NOT e, 17
        mov ah, 03h
        xor bh, bh
        int 10h
        cmp dx, 1802h                   ; row 24, after "ok"
        FAIL_IF_NOT e, 18
; 06h: scroll rows 10-12, columns 0-9 up by one with attribute 4Fh
        mov di, (10 * 80) * 2
        mov cx, 3 * 80
        mov ax, 0723h                   ; fill with '#'
        push di
        rep stosw
        pop di
        mov word [es:di + 160], 0731h   ; '1' on row 11
        mov ax, 0601h
        mov bh, 4Fh
        mov cx, 0A00h
        mov dx, 0C09h
        int 10h
        cmp word [es:(10 * 80) * 2], 0731h     ; row 11 moved to row 10
        FAIL_IF_NOT e, 19
        cmp word [es:(12 * 80 + 9) * 2], 4F20h ; new blank line
        FAIL_IF_NOT e, 20
        cmp word [es:(12 * 80 + 10) * 2], 0723h ; outside the window
        FAIL_IF_NOT e, 21
; 07h: scroll the same window down by two
        mov ax, 0702h
        mov bh, 2Fh
        int 10h
        cmp word [es:(12 * 80) * 2], 0731h     ; row 10 moved to row 12
        FAIL_IF_NOT e, 22
        cmp word [es:(11 * 80 + 3) * 2], 2F20h
        FAIL_IF_NOT e, 23
; 13h: write string, mode 1 (one attribute, cursor moves)
        push cs
        pop es
        mov ax, 1301h
        mov bx, 0070h
        mov cx, msg_str_len
        mov dx, 0F14h                   ; row 15, column 20
        mov bp, msg_str
        int 10h
        mov ah, 03h
        int 10h
        cmp dx, 0F14h + msg_str_len
        FAIL_IF_NOT e, 24
; mode 2 (characters and attributes alternate, cursor stays)
        mov ax, 1302h
        xor bh, bh
        mov cx, 3
        mov dx, 1014h
        mov bp, msg_attrs
        int 10h
        mov ah, 03h
        int 10h
        cmp dx, 0F14h + msg_str_len
        FAIL_IF_NOT e, 25
        mov ax, 0B800h
        mov es, ax
        cmp word [es:(16 * 80 + 21) * 2], 0CE32h   ; '2' in yellow on red
        FAIL_IF_NOT e, 26
; 05h: page 1, written by teletype, then back to page 0
        mov ax, 0501h
        int 10h
        mov ax, 40h
        mov es, ax
        cmp byte [es:62h], 1
        FAIL_IF_NOT e, 27
        cmp word [es:4Eh], 1000h
        FAIL_IF_NOT e, 28
        mov ax, 0E50h                   ; 'P' on page 1 at its cursor (0,0)
        int 10h
        mov ax, 0B800h
        mov es, ax
        cmp byte [es:1000h], 'P'
        FAIL_IF_NOT e, 29
        mov ax, 0500h
        int 10h
; 01h: cursor shape, emulated for the 16-line font
        mov ah, 01h
        mov cx, 0607h
        int 10h
        mov dx, 3D4h
        mov al, 0Ah
        out dx, al
        inc dx
        in al, dx
        cmp al, 0Dh
        FAIL_IF_NOT e, 30
        dec dx
        mov al, 0Bh
        out dx, al
        inc dx
        in al, dx
        cmp al, 0Eh
        FAIL_IF_NOT e, 31
        mov ax, 40h
        mov es, ax
        cmp word [es:60h], 0607h
        FAIL_IF_NOT e, 32
; park the cursor and finish
        mov ah, 02h
        xor bh, bh
        mov dx, 1400h
        int 10h
        EXIT 0

msg_tty:   db "X", 13, 10, "ok", 0
msg_str:   db "Hello, screen"
msg_str_len equ $ - msg_str
msg_attrs: db "1", 1Fh, "2", 0CEh, "3", 2Fh
