; Text through INT 10h 09h and 0Ah with the cursor moved by 02h, as C and
; Pascal console libraries write it; a foreground colour; text placed by
; column on one row.
        org     100h
        mov     bl, 07h
        mov     si, first
        call    puts
        call    newline
        mov     si, second
        call    puts0a
        call    newline
        mov     bl, 0Ah                 ; light green
        mov     si, colour
        call    puts
        call    newline
        mov     ah, 03h
        xor     bh, bh
        int     10h
        mov     dl, 40
        mov     ah, 02h
        int     10h
        mov     bl, 07h
        mov     si, right
        call    puts
        mov     ah, 03h
        int     10h
        xor     dl, dl
        mov     ah, 02h
        int     10h
        mov     si, left
        call    puts
        call    newline
        jmp     exit0

; puts0a: as puts, with INT 10h 0Ah (the cell keeps its attribute)
puts0a: lodsb
        or      al, al
        jz      .done
        push    ax
        mov     ah, 03h
        xor     bh, bh
        int     10h
        pop     ax
        mov     ah, 0Ah
        mov     cx, 1
        int     10h
        inc     dl
        mov     ah, 02h
        int     10h
        jmp     puts0a
.done:  ret

first:  db      "written with 09h", 0
second: db      "written with 0Ah", 0
colour: db      "in colour", 0
right:  db      "right", 0
left:   db      "left", 0
%include "screen.inc"
