; EXEC nesting: the program runs itself, each copy keeping 1 KiB, until
; EXEC fails. DOS limits the depth by memory alone: before, the 17th EXEC
; failed with error 8 with 570 KB free and leaked the child's memory (the
; largest free block stayed 0). The first copy prints the depth reached,
; the error that stopped it, and the largest free block before and after;
; then spins. The depth count lives in the user vector F1h (0000:03C4), the marker and the error in F1h-F2h.
        org 100h
%include "attack.inc"
COUNT   equ 3C4h
ERR     equ 3C8h
        mov bx, 40h             ; keep 40h paragraphs: code, data, stack
        mov ah, 4Ah
        int 21h
        jnc .small
        mov ax, 4C08h           ; loaded into less than 1 KiB: give up
        int 21h
.small: mov sp, 3FEh
        xor ax, ax
        mov es, ax
        cmp word [es:COUNT + 2], 'NX' ; first copy: set the counter up
        je .child
        mov word [es:COUNT + 2], 'NX'
        mov word [es:COUNT], 0
        mov word [es:ERR], 0
        mov byte [first], 1
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        mov [before], bx
.child: xor ax, ax
        mov es, ax
        inc word [es:COUNT]
        mov [pblock + 4], cs    ; tail segment
        push cs
        pop es
        mov bx, pblock
        call selfpath           ; DS:DX = our path
        mov ax, 4B00h
        int 21h
        jnc .back
        xor bx, bx
        mov es, bx
        cmp word [es:ERR], 0
        jne .back
        mov [es:ERR], ax        ; the deepest failure
.back:  push cs
        pop ds
        cmp byte [first], 1
        je .report
        mov ax, 4C00h
        int 21h
.report:
        say msgdepth
        xor ax, ax
        mov es, ax
        mov ax, [es:COUNT]
        call hexax
        say msgerr
        xor ax, ax
        mov es, ax
        mov ax, [es:ERR]
        call hexax
        mov word [es:COUNT + 2], 0
        say msgbefore
        mov ax, [before]
        call hexax
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        say msgafter
        mov ax, bx
        call hexax
        jmp forever
; DS:DX = the program's path after the environment's variables
selfpath:
        mov ds, [cs:2Ch]
        xor si, si
.var:   cmp byte [si], 0
        je .end
.skip:  lodsb
        test al, al
        jnz .skip
        jmp .var
.end:   add si, 3               ; the final NUL and the word 0001h
        mov dx, si
        ret
first   db 0
before  dw 0
pblock  dw 0, tail, 0, 0FFFFh, 0FFFFh, 0FFFFh, 0FFFFh
tail    db 0, 13
msgdepth  db 'depth: $'
msgerr    db 'error: $'
msgbefore db 'largest before: $'
msgafter  db 'largest after: $'
        attack_lib
