; ARGS: prints its command tail between brackets and the two FCB names
; COMMAND.COM parsed from it, to check what the shell passes to programs.
        cpu     8086
        org     100h
        mov     dl, '['
        call    putc
        mov     cl, [80h]
        xor     ch, ch
        mov     si, 81h
        jcxz    tail_done
tail:   lodsb
        mov     dl, al
        call    putc
        loop    tail
tail_done:
        mov     dl, ']'
        call    putc
        mov     si, 5Dh         ; FCB 1 name
        call    fcb
        mov     si, 6Dh         ; FCB 2 name
        call    fcb
        mov     dl, 13
        call    putc
        mov     dl, 10
        call    putc
        mov     ax, 4C00h
        int     21h

fcb:    mov     dl, ' '
        call    putc
        mov     cx, 11
.next:  lodsb
        mov     dl, al
        call    putc
        loop    .next
        ret

putc:   mov     ah, 2
        int     21h
        ret
