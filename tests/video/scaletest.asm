; A picture with no black anywhere, for the window's scaling tests: the
; text screen (mode 03h) blue with a yellow double frame and a line of
; white text, no cursor, or
; (nasm -DGFX) mode 13h with an 8x8 checkerboard, a yellow grid every 16
; pixels and a red border. Waits for a key, then exits.
        org 100h
%ifdef GFX
        mov ax, 0013h
        int 10h
        push word 0A000h
        pop es
        xor di, di
        xor dx, dx                      ; y
.row:   xor cx, cx                      ; x
.col:   mov al, cl
        xor al, dl
        and al, 8                       ; checkerboard of 8x8
        shr al, 3
        add al, 1                       ; blue (1) or green (2)
        test cl, 15
        jz .grid
        test dl, 15
        jnz .edge
.grid:  mov al, 14                      ; yellow every 16 pixels
.edge:  cmp cx, 0
        je .red
        cmp cx, 319
        je .red
        cmp dx, 0
        je .red
        cmp dx, 199
        jne .put
.red:   mov al, 4
.put:   stosb
        inc cx
        cmp cx, 320
        jb .col
        inc dx
        cmp dx, 200
        jb .row
%else
        mov ax, 0003h
        int 10h
        mov ah, 01h                     ; no cursor: the same picture at any moment
        mov cx, 2000h
        int 10h
        push word 0B800h
        pop es
        xor di, di
        mov cx, 80 * 25
        mov ax, 1F20h                   ; blanks, white on blue
        rep stosw
        mov ax, 1ECDh                   ; the frame: double lines, yellow on blue
        mov di, 2
        mov cx, 78
        rep stosw
        mov di, (24 * 80 + 1) * 2
        mov cx, 78
        rep stosw
        mov al, 0BAh
        mov di, 80 * 2
        mov cx, 23
.side:  mov [es:di], ax
        mov [es:di + 79 * 2], ax
        add di, 160
        loop .side
        mov byte [es:0], 0C9h
        mov byte [es:79 * 2], 0BBh
        mov byte [es:24 * 160], 0C8h
        mov byte [es:24 * 160 + 79 * 2], 0BCh
        mov si, msg
        mov di, (12 * 80 + 30) * 2
        mov ah, 1Fh
.text:  lodsb
        test al, al
        jz .wait
        stosw
        jmp .text
%endif
.wait:  xor ah, ah
        int 16h
        mov ax, 0003h
        int 10h
        mov ax, 4C00h
        int 21h
msg:    db "unidos: 80x25 text", 0
