; Loop iterations per PIT tick (INT 08h, 18.2 Hz), for --speed: a loop of
; exactly four instructions counts until the BIOS tick count (0040:006Ch)
; has moved TICKS times, and the count per tick is printed in decimal.
; At N instructions per millisecond the answer is N * 54.925 / 4.
; Run by tests/cli/run.sh (--deterministic) and bench/speed.sh (real time).
; test: skip
        cpu 386
        org 100h
TICKS   equ 8
BDA     equ 40h
TICK_LO equ 6Ch

        mov ax, BDA
        mov es, ax
        mov bx, [es:TICK_LO]
edge:   cmp bx, [es:TICK_LO]            ; start on a tick's edge
        je edge
        mov bp, [es:TICK_LO]
        add bp, TICKS
        xor si, si
        xor di, di
count:  add si, 1                       ; the four instructions of an iteration
        adc di, 0
        cmp bp, [es:TICK_LO]
        jne count
        mov ax, di                      ; EAX = DI:SI / TICKS
        shl eax, 16
        mov ax, si
        mov ecx, TICKS
        xor edx, edx
        div ecx
        call print_dec
        mov dx, crlf
        mov ah, 9
        int 21h
        mov ax, 4C00h
        int 21h

; Print EAX in decimal.
print_dec:
        mov ebx, 10
        xor cx, cx
.digit: xor edx, edx
        div ebx
        push dx
        inc cx
        test eax, eax
        jnz .digit
.out:   pop dx
        add dl, '0'
        mov ah, 2
        int 21h
        loop .out
        ret

crlf    db 13, 10, '$'
