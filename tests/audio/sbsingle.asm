; audio: freq=1111.11:0.1 start=0.0:0.1 dur=0.97:1.03 rms=15500:16500 gap=1
; Sound Blaster 8-bit single-cycle DMA: two blocks of 11120 bytes of a
; square wave (10 samples at C0h, 10 at 40h) at time constant 211
; (22222 Hz): 1111.1 Hz for one second, the second block started from the
; IRQ of the first, as games chain single-cycle transfers.
        org 100h
        jmp main
%include "sb.inc"
LEN equ 11120                       ; 556 whole periods
main:   call dsp_reset
        jnc .reset_ok
        mov ax, 4C01h
        int 21h
.reset_ok:
        call hook_irq7
        call dma_buffer
        mov [page], bl
        xor di, di                      ; fill ES:0 with the square wave
        mov cx, LEN
        xor bx, bx                      ; BL = position in the period
.fill:  mov al, 0C0h
        cmp bl, 10
        jb .hi
        mov al, 40h
.hi:    stosb
        inc bl
        cmp bl, 20
        jb .next
        xor bl, bl
.next:  loop .fill
        mov al, 0D1h                    ; speaker on
        call dsp_write
        mov al, 40h                     ; time constant
        call dsp_write
        mov al, 211
        call dsp_write
        call play_block
        mov ax, 1
        call wait_irqs
        jc .timeout
        call play_block
        mov ax, 2
        call wait_irqs
        jc .timeout
        mov al, 0D3h                    ; speaker off
        call dsp_write
        call unhook_irq7
        mov ax, 4C00h
        int 21h
.timeout:
        call unhook_irq7
        mov ax, 4C02h
        int 21h

; DMA channel 1, single mode, memory to device, then DSP 14h.
play_block:
        mov al, 5                       ; mask channel 1
        out 0Ah, al
        out 0Ch, al                     ; clear the flip-flop
        mov al, 49h                     ; single, read from memory, channel 1
        out 0Bh, al
        xor al, al                      ; address 0 in the page
        out 02h, al
        out 02h, al
        mov al, [page]
        out 83h, al
        mov ax, LEN - 1
        out 03h, al
        mov al, ah
        out 03h, al
        mov al, 1                       ; unmask channel 1
        out 0Ah, al
        mov al, 14h
        call dsp_write
        mov ax, LEN - 1
        call dsp_write
        mov al, ah
        call dsp_write
        ret

page db 0
