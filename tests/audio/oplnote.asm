; audio: freq=439.99:0.1 start=0.05:0.20 dur=0.50:0.65 rms=2000:4000 gap=2
; An AdLib note: detects the OPL by its timer, then plays A4 (F-number
; 244h, block 4: 439.99 Hz) as a pure sine (modulator silent) for 10 ticks.
        org 100h
        jmp main
%include "opl.inc"
main:   call opl_detect
        jnc .ok
        mov ax, 4C01h
        int 21h
.ok:    OPL_OUT 20h, 21h                ; modulator: sustain, multiple 1
        OPL_OUT 23h, 21h                ; carrier: sustain, multiple 1
        OPL_OUT 40h, 3Fh                ; modulator fully attenuated
        OPL_OUT 43h, 00h                ; carrier at full level
        OPL_OUT 60h, 0F0h               ; fastest attack, no decay
        OPL_OUT 63h, 0F0h
        OPL_OUT 80h, 0Fh                ; sustain at top, fastest release
        OPL_OUT 83h, 0Fh
        OPL_OUT 0C0h, 00h               ; FM connection
        OPL_OUT 0E0h, 00h               ; sine waves
        OPL_OUT 0E3h, 00h
        call wait_tick
        OPL_OUT 0A0h, 44h               ; F-number low byte
        OPL_OUT 0B0h, 32h               ; key on, block 4, F-number high 2
        mov cx, 10
        call wait_ticks
        OPL_OUT 0B0h, 12h               ; key off
        mov cx, 3
        call wait_ticks
        mov ax, 4C00h
        int 21h
