; Attack: seeks far past 4 GiB and a write there: 16 seeks of +2 GiB from
; the current position, then a one-byte write, made the host file 32 GiB
; (sparse); DOS positions are 32 bits. Then a write straddling 1 MiB and
; one past it, for --max-file-size 1M. Prints how many seeks failed and
; each write's answer, then spins.
        org 100h
%include "attack.inc"
        mov dx, fname
        xor cx, cx
        mov ah, 3Ch
        int 21h
        jc .fail
        mov [handle], ax
        mov si, 16
.seek:  mov bx, [handle]
        mov cx, 7FFFh
        mov dx, 0FFFFh
        mov ax, 4201h
        int 21h
        adc word [failed], 0
        dec si
        jnz .seek
        say msgseek
        mov ax, [failed]
        call hexax
        say msgfar
        call write1
        mov cx, 000Fh           ; 1 MiB - 10
        mov dx, 0FFF6h
        call seekset
        say msgstraddle
        mov cx, 100
        call writen
        mov cx, 0010h           ; 1 MiB + 16
        mov dx, 0010h
        call seekset
        say msgpast
        call write1
        mov bx, [handle]
        mov ah, 3Eh
        int 21h
        jmp forever
.fail:  call result
        jmp forever
seekset:
        mov bx, [handle]
        mov ax, 4200h
        int 21h
        ret
write1: mov cx, 1
writen: mov bx, [handle]
        mov dx, data
        mov ah, 40h
        int 21h
        jmp result
fname   db 'FAR.DAT', 0
handle  dw 0
failed  dw 0
msgseek db 'seeks failed: $'
msgfar  db 'write far out: $'
msgstraddle db 'write across 1 MiB: $'
msgpast db 'write past 1 MiB: $'
data    times 100 db 'x'
        attack_lib
