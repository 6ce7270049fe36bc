; Attack: the BIOS keyboard ring at 40:1Eh filled with keys the
; compatible functions skip (ASCII F0h with a scan code) and an odd tail
; pointer: INT 16h 00h skipped keys forever without meeting the tail
; (issue 17). The ring must be taken as broken and emptied; the read then
; waits for a real key (--keys). Prints "key: " and the key word, then spins.
        org 100h
%include "attack.inc"
        mov ax, 40h
        mov es, ax
        cli
        mov di, 1Eh
        mov cx, 16
        mov ax, 35F0h           ; scan 35h, ASCII F0h: AH=00h skips it
        rep stosw
        mov word [es:1Ah], 1Eh  ; head
        mov word [es:1Ch], 1Fh  ; tail between two words
        sti
        xor ah, ah
        int 16h
        push ax
        say msgkey
        pop ax
        call hexax
        jmp forever
msgkey  db 'key: $'
attack_lib
