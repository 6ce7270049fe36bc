; Attack: two forged free MCBs, 10h paragraphs and then FFFFh, after the
; program's own block; merging them wraps the size to 10h and the merge
; loop never ends (issue 17). DOS must answer 48h with error 7 (memory
; control blocks destroyed). Prints "48h: error 0007", then spins.
        org 100h
%include "attack.inc"
        mov sp, 1FFEh           ; the stack inside the block kept below
        mov bx, 200h
        mov ah, 4Ah             ; ES = PSP: keep 8 KiB
        int 21h
        jc fail
        mov ax, cs
        add ax, 200h            ; the MCB after the block
        mov es, ax
        mov byte [es:0], 'M'
        mov word [es:1], 0      ; free
        mov word [es:3], 10h
        add ax, 11h
        mov es, ax
        mov byte [es:0], 'M'
        mov word [es:1], 0
        mov word [es:3], 0FFFFh
        say msg48
        mov bx, 1
        mov ah, 48h
        int 21h
        call result
        jmp forever
fail:   say msgfail
        jmp forever
msg48   db '48h: $'
msgfail db 'resize failed', 13, 10, '$'
attack_lib
