; test: exit=0
; A program that writes over the BIOS area where the host keeps its mode
; switch code (F000:1F00): the BIOS is RAM here, as under any DOS emulator
; without ROM protection. Divide errors (the first one makes the host look
; for the CPU engine's exception fields), DPMI entry and a real-mode
; interrupt through 0300h (two mode switches) must still work: the host
; writes its code again before each use.
%include "check.inc"
%include "dpmi.inc"
        org 100h
        mov ax, 2500h                   ; INT 0 -> de_handler
        mov dx, de_handler
        int 21h
        call scribble_real
        mov cx, 3                       ; three divide errors in a row
.divide:
        xor bl, bl
        mov ax, 1234h
        div bl                          ; de_handler skips the 2-byte DIV
        loop .divide
        cmp byte [de_hits], 3
        FAIL_IF_NOT e, 1
        call scribble_real
        DPMI_ENTER 0
        mov bx, ROM_SEG                 ; a selector for F000h
        DPMI 0002h
        OK 2
        mov es, ax
        mov di, SWITCH_CODE_OFF
        mov cx, SCRIBBLE_BYTES
        mov al, SCRIBBLE_BYTE
        rep stosb
        push ds
        pop es
        mov di, rmcs                    ; INT 12h in real mode
        mov cx, RMCS_BYTES / 2
        xor ax, ax
        rep stosw
        mov bl, 12h
        xor bh, bh
        xor cx, cx
        mov di, rmcs
        DPMI 0300h
        OK 3
        cmp word [rmcs + 1Ch], 640      ; AX: KiB of conventional memory
        FAIL_IF_NOT e, 4
        EXIT 0

ROM_SEG equ 0F000h
SWITCH_CODE_OFF equ 1F00h               ; the host's stub and probe
SCRIBBLE_BYTES equ 40h
SCRIBBLE_BYTE equ 0CCh                  ; INT3: a fault if ever run
RMCS_BYTES equ 32h

scribble_real:
        push es
        mov ax, ROM_SEG
        mov es, ax
        mov di, SWITCH_CODE_OFF
        mov cx, SCRIBBLE_BYTES
        mov al, SCRIBBLE_BYTE
        rep stosb
        pop es
        ret

de_handler:
        push bp
        mov bp, sp
        add word [bp + 2], 2            ; past DIV BL (F6 F3)
        inc byte [cs:de_hits]
        pop bp
        iret

de_hits db 0
rmcs    times RMCS_BYTES db 0
        DPMI_TAIL
