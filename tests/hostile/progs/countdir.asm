; Counts the *.F entries of the current directory with find first/next
; through the DTA (4Eh/4Fh) and through an FCB (11h/12h), and prints both
; counts in hex. A directory of more than 65,532 entries stopped both
; searches silently at 65,532 (the position was 16 bits). Then exits.
        org 100h
%include "attack.inc"
        xor si, si              ; DI:SI = count
        xor di, di
        mov dx, pattern
        mov cx, 0
        mov ah, 4Eh
        int 21h
.dta:   jc .dtadone
        add si, 1
        adc di, 0
        mov ah, 4Fh
        int 21h
        jmp .dta
.dtadone:
        say msgdta
        call count32
        xor si, si
        xor di, di
        mov dx, fcb
        mov ah, 11h
        int 21h
.fcb:   test al, al
        jnz .fcbdone
        add si, 1
        adc di, 0
        mov dx, fcb
        mov ah, 12h
        int 21h
        jmp .fcb
.fcbdone:
        say msgfcb
        call count32
        mov ax, 4C00h
        int 21h
; DI:SI as eight hex digits and CR LF
count32:
        mov ax, di
        call hex4
        mov ax, si
        jmp hexax
; AX as four hex digits, no line end
hex4:   mov cx, 4
.next:  rol ax, 1
        rol ax, 1
        rol ax, 1
        rol ax, 1
        push ax
        mov bx, ax
        and bx, 0Fh
        mov dl, [hexdig + bx]
        mov ah, 2
        int 21h
        pop ax
        loop .next
        ret
hexdig  db '0123456789ABCDEF'
pattern db '*.F', 0
msgdta  db '4Eh/4Fh: $'
msgfcb  db '11h/12h: $'
fcb     db 0, '????????F  '
        times 37 - ($ - fcb) db 0
        attack_lib
