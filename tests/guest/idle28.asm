; test: exit=0
; test: keys={wait 3s}z
; DOS issues INT 28h while a character function waits for a key, as
; MS-DOS does in its wait loop (RBIL INT 28), so a TSR hooked there (PRINT)
; gets its turn: InDOS is 1 inside the handler, the handler may call DOS
; functions above 0Ch (2Ah here: InDOS goes to 2 and back), and after the
; third call it puts a key in the BIOS buffer (INT 16h 05h), which the
; waiting 08h then returns. The handler leaves AX, CX, DX, SI, DI and BP
; changed, as a sloppy one may: the retried 08h still gets its own (MS-DOS
; keeps the caller's registers on its stack). Outside, InDOS is 0.
%include "check.inc"
        org 100h
        mov ah, 34h
        int 21h
        mov [indos], bx
        mov [indos + 2], es
        mov ax, 3528h
        int 21h
        mov [old28], bx
        mov [old28 + 2], es
        mov dx, idle
        mov ax, 2528h
        int 21h
        mov ah, 8                       ; waits: INT 28h until the key
        int 21h
        mov [key], al
        push ds
        lds dx, [old28]
        mov ax, 2528h
        int 21h
        pop ds
        cmp byte [key], 'k'
        FAIL_IF_NOT e, 1
        cmp word [calls], 3
        FAIL_IF_NOT ae, 2
        cmp byte [bad], 0
        FAIL_IF_NOT e, 3
        les bx, [indos]
        cmp byte [es:bx], 0
        FAIL_IF_NOT e, 4
        EXIT 0

idle:   push ax
        push bx
        push cx
        push dx
        push ds
        push es
        push cs
        pop ds
        inc word [calls]
        les bx, [indos]
        cmp byte [es:bx], 1             ; inside 08h: InDOS 1
        je .in1
        mov byte [bad], 1
.in1:   mov ah, 2Ah                     ; a DOS call is allowed here
        int 21h
        cmp byte [es:bx], 1             ; and InDOS is back to 1 after it
        je .in2
        mov byte [bad], 2
.in2:   cmp word [calls], 3
        jne .done
        mov ah, 5                       ; the key the program waits for
        mov cx, 256Bh                   ; scan code 25h, 'k'
        int 16h
.done:  pop es
        pop ds
        pop dx
        pop cx
        pop bx
        pop ax
        mov ax, 4C63h                   ; sloppy: registers left changed
        mov cx, 0FFFFh
        mov dx, 0FFFFh
        mov si, 0FFFFh
        mov di, 0FFFFh
        mov bp, 0FFFFh
        iret

indos   dd 0
old28   dd 0
calls   dw 0
bad     db 0
key     db 0
