; audio: freq=439.96:0.1 start=0.05:0.12 dur=0.50:0.60 rms=5500:6500 gap=1
; A 440 Hz tone on the PC speaker (PIT channel 2, mode 3, reload 2712)
; for 10 timer ticks, started and stopped through port 61h.
        org 100h
        call wait_tick                  ; start on a tick boundary
        mov al, 0B6h                    ; channel 2, lo/hi, mode 3
        out 43h, al
        mov ax, 2712                    ; 1193182 / 2712 = 439.96 Hz
        out 42h, al
        mov al, ah
        out 42h, al
        in al, 61h
        or al, 3                        ; gate and speaker data on
        out 61h, al
        mov cx, 10
.wait:  call wait_tick
        loop .wait
        in al, 61h
        and al, 0FCh
        out 61h, al
        mov cx, 3                       ; some silence after the tone
.tail:  call wait_tick
        loop .tail
        mov ax, 4C00h
        int 21h

; Wait for the BIOS tick count to change, sleeping in HLT.
wait_tick:
        push cx
        xor ah, ah
        int 1Ah
        mov bx, dx
.same:  sti
        hlt
        xor ah, ah
        int 1Ah
        cmp dx, bx
        je .same
        pop cx
        ret
