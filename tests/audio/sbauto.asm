; audio: freq=1388.89:0.1 start=0.0:0.05 dur=1.93:2.00 rms=15500:16500 gap=1
; Sound Blaster 8-bit auto-init DMA as games stream sound: a 4096-byte
; buffer in two halves of 2048 (block size 48h), DMA channel 1 in auto-init
; mode, DSP 1Ch. The IRQ handler refills the half that just played; after
; 20 blocks the program asks DAh (exit auto-init) and the 21st block ends
; the sound: 43008 samples of a 16-sample square wave at 22222 Hz, 1.935 s
; of 1388.9 Hz (then the DAC holds its last value for 20 ms and fades out).
        org 100h
        jmp main
%include "sb.inc"
BUF equ 4096
HALF equ BUF / 2
main:   call dsp_reset
        jnc .reset_ok
        mov ax, 4C01h
        int 21h
.reset_ok:
        call hook_irq7
        call dma_buffer
        mov [page], bl
        mov [bufseg], es
        xor di, di
        mov cx, BUF
        call fill
        mov al, 0D1h                    ; speaker on
        call dsp_write
        mov al, 40h
        call dsp_write
        mov al, 211                     ; 22222 Hz
        call dsp_write
        mov al, 5                       ; DMA channel 1: auto-init, whole buffer
        out 0Ah, al
        out 0Ch, al
        mov al, 59h                     ; single, auto-init, read, channel 1
        out 0Bh, al
        xor al, al
        out 02h, al
        out 02h, al
        mov al, [page]
        out 83h, al
        mov ax, BUF - 1
        out 03h, al
        mov al, ah
        out 03h, al
        mov al, 1
        out 0Ah, al
        mov al, 48h                     ; block size: half the buffer
        call dsp_write
        mov ax, HALF - 1
        call dsp_write
        mov al, ah
        call dsp_write
        mov al, 1Ch                     ; 8-bit auto-init playback
        call dsp_write
.blocks:
        mov ax, [done]
        inc ax
        call wait_irqs
        jc .timeout
        inc word [done]
        mov di, [done]                  ; refill the half that just played
        and di, 1
        xor di, 1
        mov cl, 11
        shl di, cl
        mov es, [bufseg]
        mov cx, HALF
        call fill
        cmp word [done], 20
        jne .blocks
        mov al, 0DAh                    ; exit auto-init after this block
        call dsp_write
        mov ax, 21
        call wait_irqs
        jc .timeout
        mov ax, 22                      ; and no block after it
        call wait_irqs
        jnc .extra
        call unhook_irq7
        mov ax, 4C00h
        int 21h
.extra: call unhook_irq7
        mov ax, 4C03h
        int 21h
.timeout:
        call unhook_irq7
        mov ax, 4C02h
        int 21h

; Write CX bytes of the square wave (8 at 0C0h, 8 at 40h) at ES:DI; the
; buffer holds whole periods, so any half continues the wave.
fill:   mov ax, di
        and ax, 15
        cmp al, 8
        mov al, 0C0h
        jb .hi
        mov al, 40h
.hi:    stosb
        loop fill
        ret

page   db 0
bufseg dw 0
done   dw 0
