; Opens files until DOS says no; exit code = files opened. The handle
; table is grown to 255 entries first (INT 21h 67h) when the tail says /B,
; so the limit met is DOS's file table (FILES=), or the host's when it is
; lower. Exits 255 when the refusal is not error 4 (too many open files).
        org 100h
        mov bx, 1000h           ; give back memory: 67h needs room for the table
        mov ah, 4Ah
        int 21h
        cmp byte [80h], 0
        je open
        mov bx, 255
        mov ah, 67h
        int 21h
open:   mov dx, fname
        xor cx, cx
        mov ah, 3Ch             ; create OPENnnn.TMP and keep it open
        int 21h
        jc refused
        inc byte [opened]
        inc byte [fname + 6]    ; next name: OPEN000 .. OPEN009, OPEN010 ...
        cmp byte [fname + 6], '9'
        jbe open
        mov byte [fname + 6], '0'
        inc byte [fname + 5]
        cmp byte [fname + 5], '9'
        jbe open
        mov byte [fname + 5], '0'
        inc byte [fname + 4]
        jmp open
refused:
        cmp ax, 4
        jne bad
        mov al, [opened]
        mov ah, 4Ch
        int 21h
bad:    mov ax, 4CFFh
        int 21h
fname   db 'OPEN000.TMP', 0
opened  db 0
