; test: exit=0
; test: flags=--ui headless
; Programs that drive the VGA directly: vertical retrace in port 3DAh comes
; and goes; the CRTC start address and cursor location registers move what
; the screen shows (vidports.screen pins the result).
%include "check.inc"
        org 100h
        mov ax, 0003h
        int 10h
; wait for retrace to start and to end, with a bound
        mov dx, 3DAh
        mov bx, 100                     ; 100 x 65536 polls: seconds, not a frame
.in0:   mov cx, 0
.in:    in al, dx
        test al, 08h
        jnz .seen
        loop .in
        dec bx
        jnz .in0
        EXIT 1
.seen:  mov cx, 0
.out:   in al, dx
        test al, 08h
        jz .ended
        loop .out
        EXIT 2
.ended:
; text written straight to video RAM, 2 rows down from row 0
        mov ax, 0B800h
        mov es, ax
        mov si, msg
        mov di, 2 * 160
        mov ah, 1Fh
.copy:  lodsb
        or al, al
        jz .copied
        stosw
        jmp .copy
.copied:
; start address = 80 cells: the screen shows from row 1 on
        mov dx, 3D4h
        mov ax, 000Ch
        out dx, ax
        mov ax, 500Dh                   ; 80 = 50h
        out dx, ax
        mov ax, 0000Eh                  ; cursor at cell 80 + 5 (row 0, column 5 on screen)
        out dx, ax
        mov ax, 550Fh
        out dx, ax
        EXIT 0

msg:    db "Direct video RAM", 0
