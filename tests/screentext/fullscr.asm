; A full-screen program: a mode set, a blue background, a double-line box
; drawn by cursor addressing, a status bar; then a second's wait. On a
; terminal it takes the whole screen, and its last screen stays printed
; after it ends.
        org     100h
        mov     ax, 0003h
        int     10h
        mov     ax, 0600h               ; blue screen
        mov     bh, 1Fh
        xor     cx, cx
        mov     dx, 184Fh
        int     10h
        mov     dx, 050Ah               ; the box: rows 5-15, columns 10-69
        mov     al, 0C9h
        call    cell
        mov     dl, 69
        mov     al, 0BBh
        call    cell
        mov     dh, 15
        mov     al, 0BCh
        call    cell
        mov     dl, 10
        mov     al, 0C8h
        call    cell
        mov     dx, 050Bh               ; top and bottom edges
        mov     al, 0CDh
        mov     cx, 58
        call    cells
        mov     dh, 15
        call    cells
        mov     dh, 6                   ; the sides
.side:  mov     dl, 10
        mov     al, 0BAh
        call    cell
        mov     dl, 69
        call    cell
        inc     dh
        cmp     dh, 15
        jb      .side
        mov     dx, 051Ch               ; title
        mov     bl, 1Eh
        mov     si, title
        call    putsat
        mov     dx, 0A14h
        mov     bl, 1Fh
        mov     si, body
        call    putsat
        mov     ax, 0600h               ; status bar
        mov     bh, 70h
        mov     cx, 1800h
        mov     dx, 184Fh
        int     10h
        mov     dx, 1801h
        mov     bl, 70h
        mov     si, status
        call    putsat
        mov     ah, 86h                 ; a second
        mov     cx, 000Fh
        mov     dx, 4240h
        int     15h
        mov     ah, 02h
        xor     bh, bh
        mov     dx, 1800h
        int     10h
        jmp     exit0

; cell: AL at row DH, column DL, attribute 1Fh
cell:   push    cx
        mov     cx, 1
        call    cells
        pop     cx
        ret
; cells: CX copies of AL from row DH, column DL, attribute 1Fh
cells:  push    ax
        push    bx
        mov     ah, 02h
        xor     bh, bh
        int     10h
        mov     ah, 09h
        mov     bl, 1Fh
        int     10h
        pop     bx
        pop     ax
        ret
; putsat: the string at DS:SI from row DH, column DL in attribute BL
putsat: mov     ah, 02h
        xor     bh, bh
        int     10h
        jmp     puts
title:  db      " unidos full screen ", 0
body:   db      "Its last screen stays in the terminal.", 0
status: db      "F1 Help  F10 Quit", 0
%include "screen.inc"
