; test: keys={ctrl+c}{ctrl+c}
; DOS's break check (Tech Help, INT 23h): a Ctrl-C typed ahead is sensed
; by console output (02h) with BREAK OFF, and by any function (2Ch) only
; with BREAK ON; the key is taken out of the buffer and the program's
; INT 23h handler runs (it IRETs: the interrupted call starts again).
%include "check.inc"
        org 100h
        mov dx, handler
        mov ax, 2523h
        int 21h
        call wait_key
        mov ah, 2Ch                     ; BREAK OFF: not a console function
        int 21h
        cmp byte [seen], 0
        FAIL_IF_NOT e, 1
        mov ah, 2
        mov dl, '.'
        int 21h                         ; senses it: "^C", INT 23h, then '.'
        cmp byte [seen], 1
        FAIL_IF_NOT e, 2
        mov ah, 1
        int 16h
        FAIL_IF_NOT z, 3                ; the Ctrl-C was taken out
        mov ax, 3301h                   ; BREAK ON
        mov dl, 1
        int 21h
        call wait_key
        mov ah, 2Ch
        int 21h
        cmp byte [seen], 2
        FAIL_IF_NOT e, 4
        mov ax, 3301h                   ; BREAK OFF again
        xor dl, dl
        int 21h
        EXIT 0

wait_key:                               ; until a key waits (not taken)
        mov ah, 1
        int 16h
        jz wait_key
        ret

handler:
        inc byte [cs:seen]
        iret

seen:   db 0
