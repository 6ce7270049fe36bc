; The INT 33h driver with a program event handler, driven by scripted
; mouse input: reset, version, show, the handler (0Ch) called from IRQ 12
; for every move and button change with the event mask, buttons and
; position, then 03h (position), 05h (press statistics) and 0Bh (motion
; counters) agree. Mode 13h, so the pointer is drawn over the picture at
; exit (mouse.png).
; test: keys={mouse:100,50}{click:left}{move:16,8}{press:right}{release:right}
; test: png
        org 100h
%include "gfx.inc"
EVENTS  equ 6
        SETMODE 13h
        mov ax, 0A000h                  ; a grey picture with a darker frame
        mov es, ax
        xor di, di
        mov al, 18h
        mov cx, 64000
        rep stosb
        push ds
        pop es
        xor ax, ax                      ; 1: reset
        int 33h
        EXPECT ax, 0FFFFh, 1
        EXPECT bx, 2, 1
        mov ax, 24h                     ; 2: version 8.x, PS/2
        int 33h
        EXPECT bh, 8, 2
        EXPECT ch, 4, 2
        mov ax, 0Ch                     ; the handler, every event
        mov cx, 7Fh
        mov dx, handler
        int 33h
        mov ax, 1
        int 33h
; wait for the events (at most 5 seconds), reading the keyboard meanwhile
        push es
        mov ax, 40h
        mov es, ax
        mov bx, [es:6Ch]
        add bx, 91
.wait:  sti
        hlt
        mov ah, 1
        int 16h
        cmp word [count], EVENTS
        jae .got
        cmp bx, [es:6Ch]
        jne .wait
        EXIT 3
.got:   pop es
; 4: what the handler saw: mask, buttons, x, y per event
        mov si, log
        mov di, want
        mov cx, EVENTS * 4
.cmp:   mov ax, [si]
        cmp ax, [di]
        FAIL_IF_NOT e, 4
        add si, 2
        add di, 2
        loop .cmp
        mov ax, 3                       ; 5: the position now
        int 33h
        EXPECT cx, 116, 5
        EXPECT dx, 54, 5
        EXPECT bx, 0, 5
        mov ax, 5                       ; 6: one left press, at (100, 50)
        xor bx, bx
        int 33h
        EXPECT bx, 1, 6
        EXPECT cx, 100, 6
        mov ax, 0Bh                     ; 7: mickeys since the reset
        int 33h
        EXPECT cx, -204, 7              ; (100 - 320) * 8/8 + 16
        EXPECT dx, -92, 7               ; (50 - 100) * 16/8 + 8
        EXIT 0

handler:                                ; AX mask, BX buttons, CX x, DX y
        push ds
        push si
        push cs
        pop ds
        mov si, [count]
        cmp si, EVENTS
        jae .full
        shl si, 3
        mov [log + si], ax
        mov [log + si + 2], bx
        mov [log + si + 4], cx
        mov [log + si + 6], dx
        inc word [count]
.full:  pop si
        pop ds
        retf

count:  dw 0
want:   dw 01h, 0, 100, 50
        dw 02h, 1, 100, 50
        dw 04h, 0, 100, 50
        dw 01h, 0, 116, 54
        dw 08h, 2, 116, 54
        dw 10h, 0, 116, 54
log:    times EVENTS * 4 dw 0
