; audio: freq=502.2:0.3 start=0.0:0.1 dur=0.47:0.53 rms=2400:3600 gap=1
; PC speaker sample playback the RealSound way: channel 2 in mode 0 (one
; shot), gate and data on, a new count written for every sample, so each
; 30.2 us sample period (two DRAM-refresh edges) is low for COUNT of its 36
; PIT ticks: the duty cycle is the sample. The samples form a square wave
; at 502.2 Hz (33 samples at count 9, 33 at count 27); the carrier is
; inaudible and the speaker plays the wave at about half amplitude.
        org 100h
        mov al, 90h                     ; channel 2, low byte only, mode 0
        out 43h, al
        in al, 61h
        or al, 3                        ; gate and speaker data on
        out 61h, al
        mov cx, 16566                   ; 251 periods of 66 samples, 0.5 s
        xor bx, bx                      ; sample number in the period
.sample:
        mov al, 9
        cmp bx, 33
        jb .put
        mov al, 27
.put:   out 42h, al
        call refresh_edge
        call refresh_edge
        inc bx
        cmp bx, 66
        jb .next
        xor bx, bx
.next:  loop .sample
        in al, 61h
        and al, 0FCh
        out 61h, al
        mov ax, 4C00h
        int 21h

; Wait for the next change of the refresh bit (61h bit 4, every 15.085 us).
refresh_edge:
        in al, 61h
        and al, 10h
        mov ah, al
.same:  in al, 61h
        and al, 10h
        cmp al, ah
        je .same
        ret
