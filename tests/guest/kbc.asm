; test: exit=0
; test: flags=--ui headless
; The 8042 controller: self test, command byte, output port and its A20
; gate (D1h), keyboard echo and identify, all by polling port 64h.
%include "check.inc"
        org 100h
        cli                             ; poll: keep INT 09h away from the replies
        mov al, 0AAh                    ; self test
        call command
        call read
        cmp al, 55h
        FAIL_IF_NOT e, 1
        mov al, 20h                     ; read the command byte
        call command
        call read
        test al, 01h                    ; keyboard interrupt enabled
        FAIL_IF_NOT nz, 2
        mov al, 0EEh                    ; echo, to the keyboard
        call data
        call read
        cmp al, 0EEh
        FAIL_IF_NOT e, 3
        mov al, 0F2h                    ; identify: ACK, ABh, 41h
        call data
        call read
        cmp al, 0FAh
        FAIL_IF_NOT e, 4
        call read
        cmp al, 0ABh
        FAIL_IF_NOT e, 5
        call read
        cmp al, 41h
        FAIL_IF_NOT e, 6
; A20: FFFF:0510h is 0000:0500h while the gate is off
        push ds
        xor ax, ax
        mov ds, ax
        mov ax, 0FFFFh
        mov es, ax
        mov byte [0500h], 11h
        mov byte [es:0510h], 22h
        cmp byte [0500h], 22h           ; wrapped
        pop ds
        FAIL_IF_NOT e, 7
        mov al, 0D1h                    ; write output port: A20 on, no reset
        call command
        mov al, 0DFh
        call data
        mov al, 0D0h                    ; read it back
        call command
        call read
        test al, 02h
        FAIL_IF_NOT nz, 8
        push ds
        xor ax, ax
        mov ds, ax
        mov byte [0500h], 11h
        mov byte [es:0510h], 33h
        cmp byte [0500h], 11h           ; no longer wrapped
        pop ds
        FAIL_IF_NOT e, 9
        mov al, 0D1h                    ; A20 off again
        call command
        mov al, 0DDh
        call data
        push ds
        xor ax, ax
        mov ds, ax
        mov byte [es:0510h], 44h
        cmp byte [0500h], 44h
        pop ds
        FAIL_IF_NOT e, 10
        sti
        EXIT 0

wait_in:                                ; until the input buffer is empty
        in al, 64h
        test al, 02h
        jnz wait_in
        ret
command:
        push ax
        call wait_in
        pop ax
        out 64h, al
        ret
data:
        push ax
        call wait_in
        pop ax
        out 60h, al
        ret
read:                                   ; until the output buffer is full
        mov cx, 0
.poll:  in al, 64h
        test al, 01h
        jnz .got
        loop .poll
        EXIT 40
.got:   in al, 60h
        ret
