; unidos demo: a small DOS program built from source by `make run`.
; Shows the DOS version, the date, free conventional memory and the first
; primes, then exits with return code 0.
        org 100h
        cpu 8086

start:  mov dx, banner
        call puts
        mov ah, 30h             ; DOS version -> AL.AH
        int 21h
        push ax
        mov dx, msg_ver
        call puts
        pop ax
        push ax
        xor ah, ah
        call putdec
        mov dl, '.'
        call putc
        pop ax
        mov al, ah
        xor ah, ah
        call putdec2
        call crlf

        mov dx, msg_date        ; date -> CX year, DH month, DL day
        call puts
        mov ah, 2Ah
        int 21h
        push dx
        mov ax, cx
        call putdec
        mov dl, '-'
        call putc
        pop dx
        push dx
        mov al, dh
        xor ah, ah
        call putdec2
        mov dl, '-'
        call putc
        pop dx
        mov al, dl
        xor ah, ah
        call putdec2
        call crlf

        mov bx, 1000h           ; shrink to 64 KiB, then ask for the maximum
        mov ah, 4Ah
        int 21h
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h                 ; fails; BX = largest block in paragraphs
        mov dx, msg_mem
        call puts
        mov ax, bx
        mov cl, 6
        shr ax, cl              ; paragraphs -> KiB
        call putdec
        mov dx, msg_kb
        call puts

        mov dx, msg_primes
        call puts
        mov bx, 2               ; candidate
        mov bp, 15              ; how many to print
.next:  mov si, 2
.try:   mov ax, si
        mul si
        cmp ax, bx
        ja .prime
        mov ax, bx
        xor dx, dx
        div si
        or dx, dx
        jz .not
        inc si
        jmp .try
.prime: mov ax, bx
        call putdec
        mov dl, ' '
        call putc
        dec bp
        jz .done
.not:   inc bx
        jmp .next
.done:  call crlf
        mov ax, 4C00h
        int 21h

; print $-terminated string at DX
puts:   mov ah, 9
        int 21h
        ret
putc:   mov ah, 2
        int 21h
        ret
crlf:   mov dx, msg_crlf
        jmp puts
; print AX in decimal
putdec: push ax
        push bx
        push cx
        push dx
        mov bx, 10
        xor cx, cx
.div:   xor dx, dx
        div bx
        push dx
        inc cx
        or ax, ax
        jnz .div
.out:   pop dx
        add dl, '0'
        call putc
        loop .out
        pop dx
        pop cx
        pop bx
        pop ax
        ret
; print AX (< 100) with two digits
putdec2: cmp ax, 10
        jae putdec
        push ax
        mov dl, '0'
        call putc
        pop ax
        jmp putdec

banner  db 'unidos demo: a DOS program assembled from demo/demo.asm', 13, 10, '$'
msg_ver db 'DOS version: $'
msg_date db 'Date:        $'
msg_mem db 'Free memory: $'
msg_kb  db ' KiB', 13, 10, '$'
msg_primes db 'Primes:      $'
msg_crlf db 13, 10, '$'
