; audio: needs=fluidsynth freq=440:1.5 start=0.04:0.15 dur=0.5:1.2 rms=800:12000 gap=3
; General MIDI through the MPU-401 in UART mode: reset, 3Fh, then A4
; (note 69, 440 Hz) on a square-wave lead (program 80) for 10 ticks.
        org 100h
        mov al, 0FFh                    ; reset: acknowledged with FEh
        call command
        mov al, 3Fh                     ; UART mode
        call command
        call wait_tick
        mov si, note_on
        mov cx, note_on_len
        call send
        mov cx, 10
.hold:  call wait_tick
        loop .hold
        mov si, note_off
        mov cx, note_off_len
        call send
        mov cx, 8
.tail:  call wait_tick
        loop .tail
        mov ax, 4C00h
        int 21h

command:
        mov dx, 331h
        out dx, al
.wait:  in al, dx
        test al, 80h
        jnz .wait
        dec dx
        in al, dx
        cmp al, 0FEh
        je .ok
        mov ax, 4C01h
        int 21h
.ok:    ret

send:                                   ; CX bytes at SI to the MIDI port
        mov dx, 331h
.busy:  in al, dx
        test al, 40h
        jnz .busy
        dec dx
        lodsb
        out dx, al
        loop send
        ret

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

note_on  db 0C0h, 80, 0B0h, 7, 127, 90h, 69, 100
note_on_len equ $ - note_on
note_off db 80h, 69, 0
note_off_len equ $ - note_off
