; test: exit=0
; Memory: shrink, allocate, resize (grow, shrink, fail with the largest
; size in BX), free, error codes for bad blocks.
%include "check.inc"
        org 100h
        mov bx, 1000h
        mov ah, 4Ah                     ; shrink ourselves to 64 KiB
        int 21h
        FAIL_IF_NOT nc, 1
        mov bx, 0FFFFh                  ; too much: error 8, BX = largest
        mov ah, 48h
        int 21h
        FAIL_IF_NOT c, 2
        cmp ax, 8
        FAIL_IF_NOT e, 3
        mov [largest], bx
        cmp bx, 8000h                   ; over 512 KiB must be free
        FAIL_IF_NOT a, 4
        mov bx, 100h
        mov ah, 48h
        int 21h
        FAIL_IF_NOT nc, 5
        mov [blk1], ax
        mov bx, 100h
        mov ah, 48h
        int 21h
        FAIL_IF_NOT nc, 6
        mov [blk2], ax
        mov es, [blk1]                  ; memory is usable
        mov word [es:0], 1234h
        cmp word [es:0], 1234h
        FAIL_IF_NOT e, 7
        mov bx, 200h                    ; blk1 cannot grow into blk2
        mov ah, 4Ah
        int 21h
        FAIL_IF_NOT c, 8
        cmp bx, 100h
        FAIL_IF_NOT e, 9
        mov es, [blk2]                  ; free blk2, now blk1 can grow
        mov ah, 49h
        int 21h
        FAIL_IF_NOT nc, 10
        mov es, [blk1]
        mov bx, 300h
        mov ah, 4Ah
        int 21h
        FAIL_IF_NOT nc, 11
        mov bx, 10h                     ; shrink
        mov ah, 4Ah
        int 21h
        FAIL_IF_NOT nc, 12
        mov ah, 49h
        int 21h
        FAIL_IF_NOT nc, 13
        mov bx, 0FFFFh                  ; everything is back and merged
        mov ah, 48h
        int 21h
        cmp bx, [largest]
        FAIL_IF_NOT e, 14
        mov ax, cs                      ; freeing a non-block: error 9
        add ax, 5
        mov es, ax
        mov ah, 49h
        int 21h
        FAIL_IF_NOT c, 15
        cmp ax, 9
        FAIL_IF_NOT e, 16
        mov ax, 5800h                   ; strategy: first fit by default
        int 21h
        cmp ax, 0
        FAIL_IF_NOT e, 17
        EXIT 0
largest dw 0
blk1    dw 0
blk2    dw 0
