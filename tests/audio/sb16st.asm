; audio: channel=left freq=441:0.1 start=0.0:0.05 dur=0.54:0.60 rms=7800:8200 gap=1
; audio: channel=right freq=882:0.1 start=0.0:0.05 dur=0.54:0.60 rms=7800:8200 gap=1
; Sound Blaster 16: 16-bit signed stereo auto-init DMA on channel 5 at
; 44100 Hz (DSP 41h, B6h with mode 30h), a different square wave on each
; side (441 Hz left, 882 Hz right), acknowledged at 22Fh; D9h after 10
; blocks of 2200 frames, so 11 blocks = 0.549 s play.
        org 100h
        jmp main
%include "sb.inc"
FRAMES equ 4400                         ; the buffer: two blocks
BLOCK equ FRAMES / 2
main:   call dsp_reset
        jnc .reset_ok
        mov ax, 4C01h
        int 21h
.reset_ok:
        mov al, 0E1h                    ; needs DSP 4.xx
        call dsp_write
        call dsp_read
        cmp al, 4
        je .sb16
        mov ax, 4C04h
        int 21h
.sb16:  call dsp_read
        call hook_irq7
        call dma_buffer
        mov [lin_hi], bl
        xor di, di                      ; frames: left, right (signed 16-bit)
        xor bx, bx                      ; frame number mod 100
        mov cx, FRAMES
.fill:  mov ax, 8000
        cmp bx, 50
        jb .l
        neg ax
.l:     stosw
        mov dx, bx                      ; right: period 50
        cmp dx, 50
        jb .m
        sub dx, 50
.m:     mov ax, 8000
        cmp dx, 25
        jb .r
        neg ax
.r:     stosw
        inc bx
        cmp bx, 100
        jb .next
        xor bx, bx
.next:  loop .fill
        mov al, 5                       ; DMA 5: mask (D4h), flip-flop (D8h)
        out 0D4h, al
        out 0D8h, al
        mov al, 59h                     ; single, auto-init, read, channel 1 of DMA 2
        out 0D6h, al
        mov al, [lin_hi]                ; word address = linear / 2
        and al, 1
        ror al, 1                       ; bit 16 of the byte address -> bit 15
        xor ah, ah
        xchg al, ah
        out 0C4h, al
        mov al, ah
        out 0C4h, al
        mov al, [lin_hi]
        and al, 0FEh
        out 8Bh, al                     ; page register of channel 5
        mov ax, FRAMES * 2 - 1          ; words
        out 0C6h, al
        mov al, ah
        out 0C6h, al
        mov al, 1
        out 0D4h, al
        mov al, 41h                     ; output rate 44100 Hz, high byte first
        call dsp_write
        mov al, 44100 >> 8
        call dsp_write
        mov al, 44100 & 0FFh
        call dsp_write
        mov al, 0B6h                    ; 16-bit, auto-init, FIFO on
        call dsp_write
        mov al, 30h                     ; signed stereo
        call dsp_write
        mov ax, BLOCK * 2 - 1           ; samples of both channels
        call dsp_write
        mov al, ah
        call dsp_write
        mov ax, 10
        call wait_irqs
        jc .timeout
        mov al, 0D9h                    ; exit 16-bit auto-init
        call dsp_write
        mov ax, 11
        call wait_irqs
        jc .timeout
        call unhook_irq7
        mov ax, 4C00h
        int 21h
.timeout:
        call unhook_irq7
        mov ax, 4C02h
        int 21h

lin_hi db 0
