; test: exit=0
; XMS 3.0: detect (2Fh 4300h/4310h), allocate 8 MiB, move 8 MiB in and out
; in 32 KiB pieces with a checksum, lock (address above the HMA), resize,
; free; errors for a freed handle; INT 15h 88h says 0 under XMS.
%include "check.inc"
        org 100h
CHUNK   equ 8000h
NCHUNKS equ 256                         ; 256 x 32 KiB = 8 MiB
        mov ax, 4300h
        int 2Fh
        cmp al, 80h
        FAIL_IF_NOT e, 1
        mov ax, 4310h
        int 2Fh
        mov [xms], bx
        mov [xms + 2], es
        push cs
        pop es
        mov ah, 00h
        call far [xms]
        cmp ax, 0300h
        FAIL_IF_NOT ae, 2
        mov ah, 08h                     ; at least 8 MiB free
        call far [xms]
        cmp ax, 8192
        FAIL_IF_NOT ae, 3
        mov ah, 09h
        mov dx, 8192
        call far [xms]
        cmp ax, 1
        FAIL_IF_NOT e, 4
        mov [handle], dx
        mov ah, 88h                     ; extended memory belongs to XMS
        int 15h
        cmp ax, 0
        FAIL_IF_NOT e, 5

        xor bp, bp                      ; pass 1: fill and store every chunk
.fill:  call pattern
        add [sum], ax
        mov word [mv_src], 0
        mov word [mv_srcoff], buf
        mov [mv_srcoff + 2], ds
        mov ax, [handle]
        mov [mv_dst], ax
        call chunk_offset
        mov [mv_dstoff], ax
        mov [mv_dstoff + 2], dx
        call move
        inc bp
        cmp bp, NCHUNKS
        jb .fill

        xor bp, bp                      ; pass 2: read back and sum
.check: mov ax, [handle]
        mov [mv_src], ax
        call chunk_offset
        mov [mv_srcoff], ax
        mov [mv_srcoff + 2], dx
        mov word [mv_dst], 0
        mov word [mv_dstoff], buf
        mov [mv_dstoff + 2], ds
        mov di, buf                     ; clear first: the move must refill it
        mov cx, CHUNK / 2
        xor ax, ax
        rep stosw
        call move
        mov si, buf
        mov cx, CHUNK / 2
        xor ax, ax
.sum:   add ax, [si]
        add si, 2
        loop .sum
        add [sum2], ax
        cmp word [buf], bp              ; first word = chunk number
        FAIL_IF_NOT e, 6
        inc bp
        cmp bp, NCHUNKS
        jb .check
        mov ax, [sum]
        cmp ax, [sum2]
        FAIL_IF_NOT e, 7

        mov ah, 0Ch                     ; lock: physical address above the HMA
        mov dx, [handle]
        call far [xms]
        cmp ax, 1
        FAIL_IF_NOT e, 8
        cmp dx, 11h
        FAIL_IF_NOT ae, 9
        mov ah, 0Fh                     ; a locked block cannot be resized
        mov bx, 4096
        mov dx, [handle]
        call far [xms]
        cmp bl, 0ABh
        FAIL_IF_NOT e, 10
        mov ah, 0Dh
        mov dx, [handle]
        call far [xms]
        mov ah, 0Fh
        mov bx, 4096
        mov dx, [handle]
        call far [xms]
        cmp ax, 1
        FAIL_IF_NOT e, 11
        mov ah, 0Eh
        mov dx, [handle]
        call far [xms]
        cmp dx, 4096
        FAIL_IF_NOT e, 12
        mov ah, 0Ah
        mov dx, [handle]
        call far [xms]
        cmp ax, 1
        FAIL_IF_NOT e, 13
        mov ah, 0Ah                     ; twice: invalid handle
        mov dx, [handle]
        call far [xms]
        cmp ax, 0
        FAIL_IF_NOT e, 14
        cmp bl, 0A2h
        FAIL_IF_NOT e, 15
        EXIT 0

; AX = sum of chunk BP's pattern, written to buf: word i = BP + i*7
pattern:
        mov di, buf
        mov cx, CHUNK / 2
        mov ax, bp
        xor dx, dx
.p:     stosw
        add dx, ax
        add ax, 7
        loop .p
        mov ax, dx
        ret
; DX:AX = BP * CHUNK
chunk_offset:
        mov ax, bp
        mov dx, CHUNK
        mul dx
        ret
move:   mov word [mv_len], CHUNK
        mov word [mv_len + 2], 0
        mov si, mv_len
        mov ah, 0Bh
        call far [xms]
        cmp ax, 1
        FAIL_IF_NOT e, 20
        ret

xms     dd 0
handle  dw 0
sum     dw 0
sum2    dw 0
mv_len  dd 0
mv_src  dw 0
mv_srcoff dd 0
mv_dst  dw 0
mv_dstoff dd 0
buf:
