; test: exit=0
; test: flags=--audio none
; Sound hardware detection the way games and their drivers do it: BLASTER
; from the environment; DSP reset, version, identify, test register; the
; AdLib timer test and the OPL3 status check; the IRQ found by hooking every
; candidate line and triggering a 2-byte DMA transfer; the 8237 status and
; count after it; the DSP's forced IRQ; the mixer chip; the MPU-401 reset
; and UART handshake. The exit code names the check that failed.
%include "check.inc"
        org 100h
        jmp main

SB equ 220h

; ---- BLASTER=A220 I7 D1 H5 P330 T6 ----
find_blaster:                           ; DS:SI -> the value, or CF
        mov es, [2Ch]
        xor di, di
.var:   cmp byte [es:di], 0
        je .none
        mov si, blaster
        mov cx, 8
        push di
        repe cmpsb
        pop bx
        je .found
        mov di, bx
        xor al, al
        mov cx, 0FFFFh
        repne scasb
        jmp .var
.found: clc
        ret
.none:  stc
        ret

; The number after letter AL in the BLASTER value at ES:DI, base in BX.
blaster_field:
        push di
.scan:  mov ah, [es:di]
        test ah, ah
        jz .miss
        inc di
        cmp ah, al
        jne .scan
        cmp byte [es:di - 2], '='       ; at the start or after a space
        je .num
        cmp byte [es:di - 2], ' '
        jne .scan
.num:   xor dx, dx
.digit: mov al, [es:di]
        sub al, '0'
        jb .done
        cmp al, 9
        jbe .add
        sub al, 'A' - '0' - 10
        cmp al, 15
        ja .done
.add:   xchg ax, dx
        push dx
        mul bx
        pop dx
        xor dh, dh
        add dx, ax
        inc di
        jmp .digit
.done:  pop di
        clc
        ret
.miss:  pop di
        stc
        ret

check_field:                            ; AL letter, BX base, CX expected, exit code in BP
        call blaster_field
        jc .bad
        cmp dx, cx
        je .ok
.bad:   mov ax, bp
        mov ah, 4Ch
        int 21h
.ok:    ret

; ---- DSP ----
dsp_write:
        push dx
        push ax
        mov dx, SB + 0Ch
.busy:  in al, dx
        test al, 80h
        jnz .busy
        pop ax
        out dx, al
        pop dx
        ret

dsp_read:                               ; AL, or CF after a while
        push cx
        push dx
        mov dx, SB + 0Eh
        mov cx, 1000
.wait:  in al, dx
        test al, 80h
        jnz .got
        loop .wait
        pop dx
        pop cx
        stc
        ret
.got:   mov dx, SB + 0Ah
        in al, dx
        pop dx
        pop cx
        clc
        ret

dsp_reset:
        mov dx, SB + 6
        mov al, 1
        out dx, al
        in al, dx
        in al, dx
        in al, dx
        xor al, al
        out dx, al
        call dsp_read
        ret

; ---- OPL ----
opl_out:                                ; AL register, AH value
        mov dx, 388h
        out dx, al
        mov cx, 6
.d1:    in al, dx
        loop .d1
        inc dx
        mov al, ah
        out dx, al
        dec dx
        mov cx, 35
.d2:    in al, dx
        loop .d2
        ret

; ---- IRQ detection ----
%macro IRQ_STUB 1
irq%1:  push ax
        mov al, %1
        jmp irq_common
%endmacro
IRQ_STUB 3
IRQ_STUB 5
IRQ_STUB 7
IRQ_STUB 10
irq_common:
        push dx
        mov [cs:fired], al
        inc byte [cs:nfired]
        mov dx, SB + 0Eh                ; acknowledge the SB
        in al, dx
        cmp byte [cs:fired], 8
        jb .master
        mov al, 20h
        out 0A0h, al
.master:
        mov al, 20h
        out 20h, al
        pop dx
        pop ax
        iret

vectors db 0Bh, 0Dh, 0Fh, 72h
handlers dw irq3, irq5, irq7, irq10

hook_all:
        xor si, si
.next:  mov al, [vectors + si]          ; save the old vector
        mov ah, 35h
        int 21h
        mov di, si
        shl di, 2
        mov [saved + di], bx
        mov [saved + di + 2], es
        mov di, si                      ; install ours
        shl di, 1
        mov dx, [handlers + di]
        mov al, [vectors + si]
        mov ah, 25h
        int 21h
        inc si
        cmp si, 4
        jb .next
        in al, 21h                      ; unmask IRQ 2 (cascade), 3, 5, 7
        mov [mask1], al
        and al, ~(04h | 08h | 20h | 80h)
        out 21h, al
        in al, 0A1h                     ; and IRQ 10
        mov [mask2], al
        and al, ~04h
        out 0A1h, al
        ret

unhook_all:
        mov al, [mask1]
        out 21h, al
        mov al, [mask2]
        out 0A1h, al
        xor si, si
.next:  mov di, si
        shl di, 2
        push ds
        mov al, [vectors + si]
        lds dx, [saved + di]
        mov ah, 25h
        int 21h
        pop ds
        inc si
        cmp si, 4
        jb .next
        ret

wait_irq:                               ; CF if none within ~0.3 s
        mov byte [fired], 0
        xor ah, ah
        int 1Ah
        mov bx, dx
.loop:  sti
        cmp byte [fired], 0
        jne .got
        hlt
        xor ah, ah
        int 1Ah
        sub dx, bx
        cmp dx, 6
        jb .loop
        stc
        ret
.got:   clc
        ret

main:
        ; BLASTER
        call find_blaster
        FAIL_IF_NOT nc, 1
        mov al, 'A'
        mov bx, 16
        mov cx, 220h
        mov bp, 2
        call check_field
        mov al, 'I'
        mov bx, 10
        mov cx, 7
        mov bp, 3
        call check_field
        mov al, 'D'
        mov cx, 1
        mov bp, 4
        call check_field
        mov al, 'H'
        mov cx, 5
        mov bp, 5
        call check_field
        mov al, 'T'
        mov cx, 6
        mov bp, 6
        call check_field
        mov al, 'P'
        mov bx, 16
        mov cx, 330h
        mov bp, 7
        call check_field
        push cs
        pop es

        ; DSP
        call dsp_reset
        FAIL_IF_NOT nc, 10
        cmp al, 0AAh
        FAIL_IF_NOT e, 10
        mov al, 0E1h
        call dsp_write
        call dsp_read
        cmp al, 4
        FAIL_IF_NOT e, 11
        call dsp_read
        cmp al, 5
        FAIL_IF_NOT e, 11
        mov al, 0E0h
        call dsp_write
        mov al, 5Ah
        call dsp_write
        call dsp_read
        cmp al, 0A5h
        FAIL_IF_NOT e, 12
        mov al, 0E4h
        call dsp_write
        mov al, 3Ch
        call dsp_write
        mov al, 0E8h
        call dsp_write
        call dsp_read
        cmp al, 3Ch
        FAIL_IF_NOT e, 13

        ; OPL: the AdLib timer test, then OPL3 by its status bits
        mov ax, 6004h
        call opl_out
        mov ax, 8004h
        call opl_out
        in al, dx
        mov bl, al
        mov ax, 0FF02h
        call opl_out
        mov ax, 2104h
        call opl_out
        mov cx, 200
.t1:    in al, dx
        loop .t1
        mov bh, al
        mov ax, 6004h
        call opl_out
        mov ax, 8004h
        call opl_out
        and bx, 0E0E0h
        cmp bx, 0C000h
        FAIL_IF_NOT e, 14
        in al, dx
        test al, 06h                    ; an OPL2 reads bits 1-2 set
        FAIL_IF_NOT z, 15

        ; IRQ by DMA: 2 bytes on channel 1 at 22 kHz
        call hook_all
        mov al, 40h
        call dsp_write
        mov al, 211
        call dsp_write
        mov ax, cs                      ; linear address of sample
        mov dx, ax
        mov cl, 4
        shl ax, cl
        mov cl, 12
        shr dx, cl
        add ax, sample
        adc dl, 0
        push ax
        mov al, 5
        out 0Ah, al
        out 0Ch, al
        mov al, 49h
        out 0Bh, al
        pop ax
        out 02h, al
        mov al, ah
        out 02h, al
        mov al, dl
        out 83h, al
        mov al, 1                       ; count 1 = 2 bytes
        out 03h, al
        xor al, al
        out 03h, al
        in al, 08h                      ; read the status once: clears TC
        mov al, 1
        out 0Ah, al
        mov al, 14h
        call dsp_write
        mov al, 1
        call dsp_write
        xor al, al
        call dsp_write
        call wait_irq
        FAIL_IF_NOT nc, 16
        cmp byte [fired], 7
        FAIL_IF_NOT e, 16
        in al, 08h                      ; TC reached on channel 1
        test al, 02h
        FAIL_IF_NOT nz, 17
        out 0Ch, al
        in al, 03h                      ; count wrapped to FFFFh
        mov ah, al
        in al, 03h
        cmp ax, 0FFFFh
        FAIL_IF_NOT e, 18
        in al, 0Fh                      ; and the channel masked itself
        test al, 02h
        FAIL_IF_NOT nz, 18

        ; IRQ by the DSP's F2h
        mov al, 0F2h
        call dsp_write
        call wait_irq
        FAIL_IF_NOT nc, 19
        cmp byte [fired], 7
        FAIL_IF_NOT e, 19
        call unhook_all

        ; mixer
        mov dx, SB + 4
        mov al, 22h
        out dx, al
        inc dx
        mov al, 0DDh
        out dx, al
        in al, dx
        cmp al, 0DDh
        FAIL_IF_NOT e, 20
        mov al, 0FFh                    ; back to full volume
        out dx, al
        dec dx
        mov al, 80h
        out dx, al
        inc dx
        in al, dx
        cmp al, 04h                     ; IRQ 7
        FAIL_IF_NOT e, 21
        dec dx
        mov al, 81h
        out dx, al
        inc dx
        in al, dx
        cmp al, 22h                     ; DMA 1 and 5
        FAIL_IF_NOT e, 22

        ; MPU-401: reset, then UART mode, each acknowledged with FEh
        mov al, 0FFh
        call mpu_command
        FAIL_IF_NOT e, 23
        mov al, 3Fh
        call mpu_command
        FAIL_IF_NOT e, 24
        EXIT 0

mpu_command:                            ; ZF when acknowledged
        mov dx, 331h
        out dx, al
        mov cx, 1000
.wait:  in al, dx
        test al, 80h
        jz .data
        loop .wait
        or al, 1                        ; clear ZF
        ret
.data:  dec dx
        in al, dx
        cmp al, 0FEh
        ret

blaster db "BLASTER="
sample  db 80h, 80h
fired   db 0
nfired  db 0
mask1   db 0
mask2   db 0
saved   times 4 dd 0
