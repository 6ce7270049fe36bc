; test: exit=0
; A program polls the keyboard through its own INT 16h hook, which chains
; to the BIOS with a far jump (interrupts still off from the INT), while
; nothing is typed: the polls make it idle, and the timer still ticks (the
; BIOS answers with interrupts on, as its handlers do STI).
%include "check.inc"
        org 100h
        mov ax, 3516h
        int 21h
        mov [old16], bx
        mov [old16 + 2], es
        mov dx, hook
        mov ax, 2516h
        int 21h
        xor ax, ax
        mov es, ax
        mov ebx, [es:046Ch]
        add ebx, 3                      ; three ticks on
        mov ecx, 5000000                ; polls at most
.poll:  mov ah, 1
        int 16h
        cmp [es:046Ch], ebx
        jae .done
        dec ecx
        jnz .poll
        call unhook
        EXIT 1
.done:  call unhook
        EXIT 0
unhook: push ds
        lds dx, [old16]
        mov ax, 2516h
        int 21h
        pop ds
        ret
hook:   jmp far [cs:old16]
old16   dd 0
