; Sound benchmark load: OPL3 music on all 18 channels (a sequencer on
; IRQ0 at 70 Hz changing notes all the time) plus Sound Blaster 16 16-bit
; stereo auto-init DMA playback at 44.1 kHz refilled from its IRQ, for
; SECONDS seconds of guest time. The guest sleeps in HLT in between, as a
; game's sound driver leaves it. With -DSILENT the same program runs its
; timer and sequencer but touches no sound device: the baseline.
        cpu 386
        org 100h
%ifndef SECONDS
%define SECONDS 5
%endif
TICK_HZ equ 70
SB equ 220h
FRAMES equ 4410                         ; buffer: two blocks of 50 ms

        mov ax, cs
        add ax, 1FFFh                   ; a buffer at the next 64K boundary
        and ax, 0F000h
        mov [bufseg], ax
        ; OPL3 mode, 18 channels with an organ-like patch
        mov bx, 105h
        mov al, 1
        call opl
        xor si, si
.chan:  call setup_channel
        inc si
        cmp si, 18
        jb .chan
%ifndef SILENT
        ; Sound Blaster 16
        mov dx, SB + 6
        mov al, 1
        out dx, al
        in al, dx
        xor al, al
        out dx, al
        mov dx, SB + 0Eh
.rst:   in al, dx
        test al, 80h
        jz .rst
        mov dx, SB + 0Ah
        in al, dx
        mov es, [bufseg]
        xor di, di
        mov cx, FRAMES * 2
        call fill
        mov ax, 250Fh                   ; IRQ 7
        mov dx, sb_irq
        int 21h
%endif
        mov ax, 2508h                   ; IRQ 0
        mov dx, tick
        int 21h
        cli
        mov al, 36h                     ; PIT channel 0 at 70 Hz
        out 43h, al
        mov ax, 1193182 / TICK_HZ
        out 40h, al
        mov al, ah
        out 40h, al
        in al, 21h
        and al, 7Eh                     ; IRQ 0 and 7
        out 21h, al
%ifndef SILENT
        call start_dma
%endif
        sti
.wait:  hlt
        cmp word [ticks], SECONDS * TICK_HZ
        jb .wait
        cli
%ifndef SILENT
        mov al, 0D9h                    ; exit 16-bit auto-init
        call dsp
%endif
        mov al, 36h                     ; PIT back to 18.2 Hz
        out 43h, al
        xor al, al
        out 40h, al
        out 40h, al
        mov ax, 4C00h
        int 21h

; BX = OPL register (bit 8: bank 1), AL = value. OPL3: no waits needed.
opl:
%ifdef SILENT
        ret
%endif
        push dx
        push ax
        mov dx, 388h
        test bh, 1
        jz .b0
        add dx, 2
.b0:    mov al, bl
        out dx, al
        inc dx
        pop ax
        out dx, al
        pop dx
        ret

; Operator offsets of the 9 channels of a bank.
opoff   db 0, 1, 2, 8, 9, 10, 16, 17, 18

; Channel SI (0-17): register base in BX, channel-in-bank in DI.
chan_regs:
        mov di, si
        xor bx, bx
        cmp di, 9
        jb .lo
        sub di, 9
        mov bh, 1
.lo:    ret

setup_channel:
        call chan_regs
        mov cl, [opoff + di]
        mov bl, 20h                     ; AM/VIB/EG/KSR/MULT
        add bl, cl
        mov al, 0A1h
        call opl
        add bl, 3
        mov al, 21h
        call opl
        mov bl, 40h                     ; levels
        add bl, cl
        mov al, 18h
        call opl
        add bl, 3
        mov al, 04h
        call opl
        mov bl, 60h                     ; attack/decay
        add bl, cl
        mov al, 0F3h
        call opl
        add bl, 3
        mov al, 0F4h
        call opl
        mov bl, 80h                     ; sustain/release
        add bl, cl
        mov al, 24h
        call opl
        add bl, 3
        mov al, 25h
        call opl
        mov bl, 0E0h                    ; waveforms
        add bl, cl
        mov al, 1
        call opl
        add bl, 3
        mov al, 0
        call opl
        mov bl, 0C0h                    ; both speakers, feedback 5, FM
        add bx, di
        mov al, 3Ah
        call opl
        ret

; IRQ 0: every channel changes note now and then.
tick:   pusha
        push ds
        push cs
        pop ds
        inc word [ticks]
        xor si, si
.ch:    mov ax, [ticks]
        add ax, si
        mov cl, 5
        div cl
        test ah, ah
        jnz .next
        call chan_regs
        mov bl, 0B0h                    ; key off
        add bx, di
        mov al, 0
        call opl
        mov ax, [ticks]
        add ax, si
        and ax, 15
        mov bp, ax
        add bp, bp
        mov ax, [fnums + bp]
        push bx
        mov bl, 0A0h
        add bx, di
        call opl
        pop bx
        mov al, ah
        mov cx, si
        and cl, 3
        add cl, 3                       ; octave 3-6
        shl cl, 2
        or al, cl
        or al, 20h                      ; key on
        call opl
.next:  inc si
        cmp si, 18
        jb .ch
        mov al, 20h
        out 20h, al
        pop ds
        popa
        iret

fnums   dw 157h, 16Bh, 181h, 198h, 1B0h, 1CAh, 1E5h, 202h
        dw 220h, 241h, 263h, 287h, 2AEh, 2D6h, 302h, 330h

; IRQ 7: refill the half that just played.
sb_irq: pusha
        push ds
        push es
        push cs
        pop ds
        mov dx, SB + 0Fh                ; acknowledge the 16-bit IRQ
        in al, dx
        mov es, [bufseg]
        xor byte [half], 1
        xor di, di
        cmp byte [half], 0
        jne .second
        mov di, FRAMES * 2              ; bytes of one half: FRAMES/2 frames * 4
.second:
        mov cx, FRAMES
        call fill
        mov al, 20h
        out 20h, al
        pop es
        pop ds
        popa
        iret

; CX words at ES:DI of a sawtooth at a quarter of full scale.
fill:   mov ax, [saw]
.w:     mov bx, ax
        sar bx, 2
        xchg ax, bx
        stosw
        xchg ax, bx
        add ax, 311
        loop .w
        mov [saw], ax
        ret

dsp:    push dx
        push ax
        mov dx, SB + 0Ch
.b:     in al, dx
        test al, 80h
        jnz .b
        pop ax
        out dx, al
        pop dx
        ret

start_dma:
        mov al, 5
        out 0D4h, al
        out 0D8h, al
        mov al, 59h                     ; auto-init, read, channel 5
        out 0D6h, al
        xor al, al                      ; word address 0 of the 128K page
        out 0C4h, al
        out 0C4h, al
        mov ax, [bufseg]
        shr ax, 12
        and al, 0FEh
        out 8Bh, al
        mov ax, FRAMES * 2 - 1          ; words
        out 0C6h, al
        mov al, ah
        out 0C6h, al
        mov al, 1
        out 0D4h, al
        mov al, 41h
        call dsp
        mov al, 44100 >> 8
        call dsp
        mov al, 44100 & 0FFh
        call dsp
        mov al, 0B6h
        call dsp
        mov al, 30h                     ; signed stereo
        call dsp
        mov ax, FRAMES - 1              ; samples in a block (both channels)
        call dsp
        mov al, ah
        call dsp
        ret

; Variables on their own 4K page: guest writes next to translated code make
; Unicorn re-translate it (self-modifying code), a cost that is not sound's.
        align 4096
bufseg  dw 0
ticks   dw 0
half    db 0
saw     dw 0
