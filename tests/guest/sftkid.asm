; test: skip
; Child of sftwalk: handles 5 and 19 came with EXEC and name one SFT entry
; (the parent's), now with four references, still owned by the parent;
; 50 bytes written through it move the position both see.
%include "check.inc"
        org 100h
        les bx, [34h]                   ; our JFT
        mov al, [es:bx + 5]
        cmp al, 0FFh
        FAIL_IF_NOT ne, 1
        cmp al, [es:bx + 19]
        FAIL_IF_NOT e, 2
        mov [sfn], al
        mov ah, 52h
        int 21h
        les di, [es:bx + 4]
        mov al, [sfn]
        xor ah, ah
.table: cmp ax, [es:di + 4]
        jb .here
        sub ax, [es:di + 4]
        les di, [es:di]
        cmp di, 0FFFFh
        jne .table
        EXIT 3
.here:  mov cx, 3Bh
        mul cx
        add di, ax
        add di, 6
        cmp word [es:di], 4
        FAIL_IF_NOT e, 4
        mov ax, [16h]                   ; the opener, our parent, owns it
        cmp [es:di + 31h], ax
        FAIL_IF_NOT e, 5
        push di
        add di, 20h
        mov si, fcbname
        mov cx, 11
        repe cmpsb
        pop di
        FAIL_IF_NOT e, 6
        mov bx, 5
        mov cx, 50
        mov dx, buf
        mov ah, 40h
        int 21h
        FAIL_IF_NOT nc, 7
        cmp word [es:di + 15h], 60
        FAIL_IF_NOT e, 8
        EXIT 0
fcbname db 'SFTTEST DAT'
sfn     db 0
buf     times 50 db 'y'
