; test: exit=0
; Upper memory: link the UMBs into the MCB chain (5803h), allocate high
; with strategy 80h (the block lands at C800h or above, its MCB on the
; chain), walk the chain from the List of Lists through the UMBs, unlink;
; XMS 10h/11h hand out and take back UMBs of the same arena.
%include "check.inc"
        org 100h
        mov bx, 1000h
        mov ah, 4Ah
        int 21h
        mov ax, 5802h
        int 21h
        cmp al, 0                       ; unlinked at start
        FAIL_IF_NOT e, 1
        mov ax, 5803h
        mov bx, 1
        int 21h
        FAIL_IF_NOT nc, 2
        mov ax, 5801h                   ; high first, then low
        mov bx, 80h
        int 21h
        FAIL_IF_NOT nc, 3
        mov ah, 48h
        mov bx, 100h
        int 21h
        FAIL_IF_NOT nc, 4
        mov [high], ax
        cmp ax, 0C800h
        FAIL_IF_NOT ae, 5

        mov ah, 52h                     ; walk the chain: it reaches the block
        int 21h
        mov ax, [es:bx - 2]
.walk:  mov es, ax
        mov dx, ax
        inc dx
        cmp dx, [high]
        je .found
        cmp byte [es:0], 'Z'
        FAIL_IF_NOT ne, 6
        add ax, [es:3]
        inc ax
        jmp .walk
.found: mov ax, [es:1]                  ; owned by us
        mov ah, 62h
        push ax
        int 21h
        pop ax
        mov ax, [es:1]
        cmp ax, bx
        FAIL_IF_NOT e, 7

        mov es, [high]
        mov ah, 49h
        int 21h
        FAIL_IF_NOT nc, 8
        mov ax, 5801h
        mov bx, 0
        int 21h
        mov ax, 5803h
        mov bx, 0
        int 21h
        mov ax, 5802h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 9
        mov ah, 48h                     ; unlinked, low strategy: a low block
        mov bx, 100h
        int 21h
        cmp ax, 0A000h
        FAIL_IF_NOT b, 10

        mov ax, 4310h                   ; XMS UMB: 1000h paragraphs
        int 2Fh
        mov [xms], bx
        mov [xms + 2], es
        mov ah, 10h
        mov dx, 1000h
        call far [xms]
        cmp ax, 1
        FAIL_IF_NOT e, 11
        cmp bx, 0C800h
        FAIL_IF_NOT ae, 12
        cmp dx, 1000h
        FAIL_IF_NOT e, 13
        mov [xumb], bx
        mov ah, 10h                     ; too big: B0h with the largest in DX
        mov dx, 0F000h
        call far [xms]
        cmp bl, 0B0h
        FAIL_IF_NOT e, 14
        mov ah, 11h
        mov dx, [xumb]
        call far [xms]
        cmp ax, 1
        FAIL_IF_NOT e, 15
        mov ah, 11h                     ; twice: not a UMB any more
        mov dx, [xumb]
        call far [xms]
        cmp bl, 0B2h
        FAIL_IF_NOT e, 16
        EXIT 0
high    dw 0
xumb    dw 0
xms     dd 0
