; REP STOS and REP MOVS into VGA memory, which the CPU runs in a host loop
; once device stores come in a row (cpu/strop.c), leave exactly what the
; same instruction without REP, run one at a time by LOOP, leaves: in every
; plane, for write modes 0-3 with set/reset, rotation, logical operations
; and the bit mask, a latch copy, both directions, byte/word/dword
; elements, video or RAM sources, 32-bit addressing, a segment prefix,
; chain 4 and the VESA banked window. Then the edges the host loop leaves
; to the CPU: an offset wrapping at FFFFh and a word across the two 32 KiB
; halves of the window; and the registers REP leaves (upper halves of
; ECX/EDI kept with 16-bit addressing). Exit code = case.
        org 100h
        cpu 386
%include "gfx.inc"
A_OFF   equ 0000h                       ; the REP run writes here
B_OFF   equ 4000h                       ; the one-at-a-time run here
REGION  equ 1000h                       ; bytes compared per plane
SRC_OFF equ 0C000h                      ; video source of the latch copy
LATCH   equ 0F000h                      ; read to load the latches
BUF     equ 8000h                       ; RAM source in our segment

; TWICE case, count, offset, instruction: the instruction with REP at
; A_OFF+offset, then without REP under LOOP at B_OFF+offset, both from the
; same source [src] when it reads one; the two must end with DI as far
; apart as they started and SI alike, and the regions must match in every
; plane.
%macro TWICE 4
        call latch
        call fresh_slice
        mov ecx, %2
        mov edi, A_OFF + %3
        movzx esi, word [cs:src]
        rep %4
        mov [cs:end_di], di
        mov [cs:end_si], si
        call latch
        mov ecx, %2
        mov edi, B_OFF + %3
        movzx esi, word [cs:src]
%%one:  %4
        loop %%one
        sub di, [cs:end_di]
        cmp di, B_OFF - A_OFF
        FAIL_IF_NOT e, %1
        cmp si, [cs:end_si]
        FAIL_IF_NOT e, %1
        mov byte [cs:case], %1
        call compare
%endmacro
%macro SEQ_MASK_BL 0                    ; map mask from BL, AX kept
        push ax
        mov dx, 3C4h
        mov al, 2
        mov ah, bl
        out dx, ax
        pop ax
%endmacro

        mov al, 36h                     ; IRQ 0 at 1 kHz: HLT waits 1 ms
        out 43h, al
        mov ax, 1193
        out 40h, al
        mov al, ah
        out 40h, al
        mov di, BUF                     ; the RAM source: i * 7 + (i >> 8)
        xor bx, bx
.buf:   mov ax, bx
        mov cl, 7
        mul cl
        add al, bh
        mov [di + bx], al
        inc bx
        cmp bx, REGION
        jb .buf

        SETMODE 13h
        SEQ 4, 06h                      ; unchained: chain 4 and odd/even off
        mov ax, 0A000h
        mov es, ax
        call plain
        mov al, 11h                     ; latches 11h 22h 44h 88h
        mov bl, 1
.lat:   SEQ_MASK_BL
        mov [es:LATCH], al
        add al, al
        shl bl, 1
        cmp bl, 10h
        jb .lat
        mov bl, 1                       ; latch copy source: plane p = i + 10h * mask
.src:   SEQ_MASK_BL
        xor di, di
.srcb:  mov ax, di
        mov ah, bl
        shl ah, 4
        add al, ah
        mov [es:SRC_OFF + di], al
        inc di
        cmp di, REGION
        jb .srcb
        shl bl, 1
        cmp bl, 10h
        jb .src

        call background                 ; 1: plane 0, bytes up
        SEQ 2, 01h
        mov al, 5Ah
        TWICE 1, 3000, 3, stosb
        call background                 ; 2: plane 2, words down
        SEQ 2, 04h
        mov ax, 1234h
        std
        TWICE 2, 700, 0E00h, stosw
        cld
        call background                 ; 3: planes 0, 1, 3, dwords
        SEQ 2, 0Bh
        mov eax, 89ABCDEFh
        TWICE 3, 300, 10h, stosd
        call background                 ; 4: mode 0, set/reset, rotate, XOR, bit mask
        GC 1, 0Ah
        GC 0, 05h
        GC 3, 1Ah
        GC 8, 3Ch
        mov al, 0C3h
        TWICE 4, 999, 1, stosb
        call background                 ; 5: mode 2, OR, bit mask, words
        GC 5, 02h
        GC 3, 10h
        GC 8, 0F0h
        mov ax, 0A05h
        TWICE 5, 512, 2, stosw
        call background                 ; 6: mode 3, set/reset 9, rotate 3
        GC 5, 03h
        GC 0, 09h
        GC 3, 03h
        mov al, 0E7h
        TWICE 6, 800, 0, stosb
        call background                 ; 7: mode 1 latch copy, video to video
        GC 5, 01h
        push ds
        push es
        pop ds
        mov word [cs:src], SRC_OFF
        TWICE 7, 1500, 0, movsb
        pop ds
        call background                 ; 14: words video to video, mode 0, plane 2 read
        GC 4, 02h
        push ds
        push es
        pop ds
        mov word [cs:src], SRC_OFF
        TWICE 14, 400, 6, movsw
        pop ds
        call background                 ; 8: words from RAM through CS:, DS elsewhere
        push ds
        push es
        pop ds
        TWICE 8, 600, 20h, cs movsw
        pop ds
        call background                 ; 9: 32-bit addressing, bytes down
        SEQ 2, 06h
        mov al, 99h
        std
        TWICE 9, 900, 0F00h, a32 stosb
        cld

; 10: bytes wrap from offset FFFFh to 0 (16-bit addressing)
        call plain
        SEQ 2, 01h
        mov byte [es:0010h], 0
        mov byte [es:8001h], 0
        mov di, 0FF00h
        mov cx, 110h
        mov al, 77h
        call fresh_slice
        rep stosb
        EXPECT di, 10h, 10
        EXPECT cx, 0, 10
        GC 4, 0
        EXPECT byte [es:0FFFFh], 77h, 10
        EXPECT byte [es:000Fh], 77h, 10
        EXPECT byte [es:0010h], 0, 10
; 11: a word across A7FFFh/A8000h goes to the CPU, which splits it
        mov di, 7F01h
        mov cx, 80h
        mov ax, 1234h
        call fresh_slice
        rep stosw
        EXPECT di, 8001h, 11
        EXPECT byte [es:7FFFh], 34h, 11
        EXPECT byte [es:8000h], 12h, 11
        EXPECT byte [es:8001h], 0, 11
; 12: with 16-bit addressing REP keeps the upper halves of ECX and EDI
        mov ecx, 12340000h + 300h
        mov edi, 56780000h + 100h
        call fresh_slice
        rep stosb
        EXPECT ecx, 12340000h, 12
        EXPECT edi, 56780000h + 400h, 12

; 13: chain 4 (mode 13h), dwords from RAM
        SETMODE 13h
        call background
        TWICE 13, 1000, 4, movsd

; 15: the VESA banked window (640x480, 256 colours, bank 1), words
        mov ax, 4F02h
        mov bx, 0101h
        int 10h
        EXPECT ax, 004Fh, 15
        mov ax, 4F05h
        xor bx, bx
        mov dx, 1
        int 10h
        mov ax, 0A000h
        mov es, ax
        call background
        TWICE 15, 1000, 2, stosw

; 16: once the program loads a GDT (unreal mode and the like hide segment
; bases), REP stays in the CPU: still exact (the log says so at exit)
        lgdt [gdtr]
        call background
        TWICE 16, 1000, 2, stosw
        mov ax, 4C00h
        int 21h

; GC to power-on defaults, every plane writable.
plain:  GC 0, 0
        GC 1, 0
        GC 3, 0
        GC 4, 0
        GC 5, 0
        GC 8, 0FFh
        SEQ 2, 0Fh
        ret

; Regions A and B alike in every plane (stores two apart: no run), the
; sources reset, GC plain.
background:
        call plain
        xor bx, bx
.bg:    mov al, bl
        xor al, bh
        xor al, 5Ah
        mov [es:A_OFF + bx], al
        mov [es:B_OFF + bx], al
        inc bx
        cmp bx, REGION
        jb .bg
        mov word [cs:src], BUF
        ret

latch:  push eax
        mov al, [es:LATCH]
        pop eax
        ret

; A new slice: the run of stores needed before the host loop takes over
; is back at its first value.
fresh_slice:
        sti
        hlt
        ret

; Regions A and B equal in all four planes, else exit [case].
compare:
        push ds
        push es
        call plain
        mov ax, 0A000h
        mov ds, ax
        xor bx, bx
.plane: mov dx, 3CEh
        mov al, 4
        mov ah, bl
        out dx, ax
        mov si, A_OFF
        mov di, B_OFF
        mov cx, REGION
        cld
        repe cmpsb
        jne .bad
        inc bx
        cmp bx, 4
        jb .plane
        pop es
        pop ds
        ret
.bad:   mov al, [cs:case]
        mov ah, 4Ch
        int 21h

gdtr    dw 0FFFh                        ; any table: it is only loaded
        dd 0
case    db 0
src     dw BUF
end_di  dw 0
end_si  dw 0
