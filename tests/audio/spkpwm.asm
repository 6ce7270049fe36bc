; audio: freq=1004.4:0.2 start=0.0:0.1 dur=0.48:0.53 rms=2700:3300 gap=1
; PC speaker driven by hand, as PWM players and sound effects do it: the
; gate (61h bit 0) off, the speaker data bit (bit 1) toggled every 33
; DRAM-refresh edges (61h bit 4, 15.085 us apart), timed by polling 61h:
; a 1004.4 Hz square for 1000 half periods. The 0/1 wave sounds as a
; +-3000 one once the speaker's DC is gone.
        org 100h
        in al, 61h
        and al, 0FCh                    ; gate and data off
        mov bl, al
        mov cx, 1000
.half:  xor bl, 2                       ; flip the speaker bit
        mov al, bl
        out 61h, al
        mov dx, 33
.edges: call refresh_edge
        dec dx
        jnz .edges
        loop .half
        and bl, 0FCh
        mov al, bl
        out 61h, al
        mov ax, 4C00h
        int 21h

; Wait for the next change of the refresh bit.
refresh_edge:
        in al, 61h
        and al, 10h
        mov ah, al
.same:  in al, 61h
        and al, 10h
        cmp al, ah
        je .same
        ret
