; SNAP KEYS PROGRAM [ARGS]: run PROGRAM (EXEC) with INT 16h hooked so the
; same keys reach it under unidos and under DOSBox, and photograph its
; screen from inside the machine at a chosen point. Both sides run this
; same program, so the difftest compares what each machine's video memory
; held, not two emulators' renderers.
;
; KEYS is one word, typed through INT 16h AH=00h/01h/10h/11h one key per
; read: "_" is a space, "~" Enter, "!" Esc, "@" a snapshot (taken when the
; program next asks for a key, before it gets the following one). Once the
; keys are used up, INT 16h goes to the machine's own keyboard.
; A snapshot in a text mode writes _SCREEN.TXT: each row's characters and
; CR LF, then a line "cursor ROW,COL mode M"; in mode 13h it writes
; _FRAME.BIN: the 64000 bytes of A000:0000 and the 768 bytes of the DAC
; palette (read through ports 3C7h/3C9h). SNAP exits with the program's
; return code, or 255 when the program cannot be started.
        cpu 386
        org 100h

VIDEO_MODE      equ 49h         ; BIOS data area (segment 40h)
VIDEO_COLS      equ 4Ah
VIDEO_START     equ 4Eh
CURSOR_POS      equ 50h
VIDEO_ROWS      equ 84h
MODE_MONO       equ 7
MODE_VGA256     equ 13h
FRAME_BYTES     equ 64000
CHUNK           equ 4000
DAC_READ_INDEX  equ 3C7h
DAC_DATA        equ 3C9h
KEY_SNAP        equ 0FFh
KEY_HOLD        equ 0FEh
FLAG_ZF         equ 40h

start:
        mov sp, stack_top
        mov bx, (image_end - $$ + 100h + 15) / 16
        mov ah, 4Ah                     ; keep only this program
        int 21h
        mov si, 81h
        call skip_blanks
        mov di, keys
        call take_keys
        call skip_blanks
        mov di, progname
        call take_word
        call take_tail
        cmp word [progname], '-'        ; "-" and its NUL: no program
        jne .program
        call snapshot
        mov ax, 4C00h
        int 21h
.program:
        call parse_fcbs
        mov [pb_tail + 2], cs
        mov [pb_fcb1 + 2], cs
        mov [pb_fcb2 + 2], cs
        mov ax, 3516h
        int 21h
        mov [old16], bx
        mov [old16 + 2], es
        mov dx, int16
        mov ax, 2516h
        int 21h
        push cs
        pop es
        mov dx, progname
        mov bx, pb
        mov ax, 4B00h
        int 21h
        pushf
        push ds
        lds dx, [cs:old16]
        mov ax, 2516h
        int 21h
        pop ds
        popf
        jc .failed
        mov ah, 4Dh
        int 21h
        mov ah, 4Ch
        int 21h
.failed:
        mov dx, msg_exec
        mov ah, 9
        int 21h
        mov ax, 4CFFh
        int 21h

; --- command line ---
skip_blanks:                            ; SI past spaces and tabs
        lodsb
        cmp al, ' '
        je skip_blanks
        cmp al, 9
        je skip_blanks
        dec si
        ret

take_keys:                              ; the KEYS word, decoded, into DI
        lodsb
        cmp al, ' '
        jbe .done
        cmp al, '^'
        jne .not_ctrl
        lodsb                           ; ^A-^Z: Ctrl plus that letter
        and al, 1Fh
        jmp .store
.not_ctrl:
        cmp al, '_'
        jne .not_space
        mov al, ' '
.not_space:
        cmp al, '~'
        jne .not_enter
        mov al, 13
.not_enter:
        cmp al, '!'
        jne .not_esc
        mov al, 27
.not_esc:
        cmp al, '@'
        jne .not_snap
        mov al, KEY_SNAP
.not_snap:
        cmp al, '#'
        jne .store
        mov al, KEY_HOLD
.store:
        stosb
        jmp take_keys
.done:
        dec si
        mov byte [di], 0
        ret

take_word:                              ; a blank-ended word into DI, ASCIIZ
        lodsb
        cmp al, ' '
        jbe .done
        stosb
        jmp take_word
.done:
        dec si
        mov byte [di], 0
        ret

take_tail:                              ; the rest of the line: the child's tail
        mov di, tail + 1
        xor cx, cx
.next:
        lodsb
        cmp al, 13
        je .done
        stosb
        inc cx
        jmp .next
.done:
        mov al, 13
        stosb
        mov [tail], cl
        ret

; The child's two FCBs from the first two words of its tail, as COMMAND.COM
; fills them (programs of DOS 1 such as EDLIN 1.25 open their file by them).
parse_fcbs:
        push cs
        pop es
        mov si, tail + 1
        mov di, fcb1
        mov ax, 2901h                   ; skip leading separators
        int 21h
        mov di, fcb2
        mov ax, 2901h
        int 21h
        ret

; --- the INT 16h hook ---
int16:
        cmp ah, 00h
        je .read
        cmp ah, 10h
        je .read
        cmp ah, 01h
        je .peek
        cmp ah, 11h
        je .peek
.chain:
        jmp far [cs:old16]
.read:
        call next_key
        jz .chain
        inc word [cs:keypos]
        iret
.peek:
        call next_key
        jz .chain
        push bp
        mov bp, sp
        and word [bp + 6], ~FLAG_ZF     ; a key is waiting
        pop bp
        iret

; AX = the next scripted key (scan code, character) after taking any
; snapshot due first; ZF set when the keys are used up (AX kept then).
next_key:
        push si
.again:
        mov si, [cs:keypos]
        cmp byte [cs:si], 0
        je .none
        cmp byte [cs:si], KEY_HOLD
        je .hold
        cmp byte [cs:si], KEY_SNAP
        jne .key
        call snapshot
        inc word [cs:keypos]
        jmp .again
.hold:
        push ax
        xor ah, ah
        pushf
        call far [cs:old16]
        pop ax
        inc word [cs:keypos]
        jmp .again
.key:
        push bx
        mov al, [cs:si]
        mov bx, scan_codes
        cmp al, 80h
        jae .no_scan
        cs xlatb
        mov ah, al
        mov al, [cs:si]
        jmp .have
.no_scan:
        xor ah, ah
.have:
        pop bx
        or si, si                       ; clears ZF (SI is never 0 here)
        pop si
        ret
.none:
        cmp al, al                      ; sets ZF
        pop si
        ret

; --- snapshots ---
; The BIOS data area's view of the screen is copied first; then DS = ES = CS.
snapshot:
        pusha
        push ds
        push es
        push cs
        pop ds
        mov ax, 40h
        mov es, ax
        mov al, [es:VIDEO_MODE]
        mov [mode], al
        mov ax, [es:VIDEO_COLS]
        mov [cols], ax
        mov al, [es:VIDEO_ROWS]
        mov [rows], al
        mov ax, [es:VIDEO_START]
        mov [vstart], ax
        mov ax, [es:CURSOR_POS]
        mov [cursor], ax
        push cs
        pop es
        cmp byte [mode], MODE_VGA256
        je .frame
        call text_dump
        jmp .done
.frame:
        call frame_dump
.done:
        pop es
        pop ds
        popa
        ret

create:                                 ; DX = name; BX = handle (0 on failure)
        mov ah, 3Ch
        xor cx, cx
        int 21h
        jnc .ok
        xor ax, ax
.ok:
        mov bx, ax
        ret

write:                                  ; BX = handle, DX = data, CX = bytes
        or bx, bx
        jz .skip
        mov ah, 40h
        int 21h
.skip:
        ret

close:
        or bx, bx
        jz .skip
        mov ah, 3Eh
        int 21h
.skip:
        ret

; The text screen, row by row, from video memory.
text_dump:
        mov dx, name_screen
        call create
        mov ax, 0B800h
        cmp byte [mode], MODE_MONO
        jne .colour
        mov ax, 0B000h
.colour:
        mov [vseg], ax
        mov al, [rows]
        or al, al
        jnz .rows
        mov al, 24
.rows:
        inc al
        mov [rows], al
        mov si, [vstart]
.row:
        mov di, line
        mov cx, [cols]
        push ds
        mov ds, [cs:vseg]
.cell:
        lodsw
        stosb
        loop .cell
        pop ds
        mov ax, 0A0Dh
        stosw
        mov cx, di
        mov dx, line
        sub cx, dx
        call write
        dec byte [rows]
        jnz .row
        mov di, line
        mov si, text_cursor
        call append
        mov al, [cursor + 1]
        call append_decimal
        mov al, ','
        stosb
        mov al, [cursor]
        call append_decimal
        mov si, text_mode
        call append
        mov al, [mode]
        call append_decimal
        mov ax, 0A0Dh
        stosw
        mov cx, di
        mov dx, line
        sub cx, dx
        call write
        jmp close

append:                                 ; the ASCIIZ string at SI to DI
        lodsb
        or al, al
        jz .done
        stosb
        jmp append
.done:
        ret

append_decimal:                         ; AL in decimal to DI
        xor ah, ah
        mov cl, 100
        div cl
        or al, al
        jz .tens
        add al, '0'
        stosb
        mov al, ah
        xor ah, ah
        mov cl, 10
        div cl
        add al, '0'
        stosb
        jmp .units
.tens:
        mov al, ah
        xor ah, ah
        mov cl, 10
        div cl
        or al, al
        jz .units
        add al, '0'
        stosb
.units:
        mov al, ah
        add al, '0'
        stosb
        ret

; Mode 13h: the frame in chunks copied by the CPU, then the palette.
frame_dump:
        mov dx, name_frame
        call create
        xor si, si
        mov bp, FRAME_BYTES / CHUNK
.chunk:
        push ds
        mov di, line
        mov cx, CHUNK
        mov ax, 0A000h
        mov ds, ax
        rep movsb
        pop ds
        mov dx, line
        mov cx, CHUNK
        call write
        dec bp
        jnz .chunk
        mov dx, DAC_READ_INDEX
        xor al, al
        out dx, al
        mov dx, DAC_DATA
        mov di, line
        mov cx, 768
.dac:
        in al, dx
        stosb
        loop .dac
        mov dx, line
        mov cx, 768
        call write
        jmp close

; --- data ---
; US keyboard scan codes for the characters 00h-7Fh (0: none).
scan_codes:
        db 0, 1Eh, 30h, 2Eh, 20h, 12h, 21h, 22h, 0Eh, 0Fh, 24h, 25h, 26h, 1Ch, 31h, 18h
        db 19h, 10h, 13h, 1Fh, 14h, 16h, 2Fh, 11h, 2Dh, 15h, 2Ch, 01h, 2Bh, 1Bh, 07h, 0Ch
        db 39h, 02h, 28h, 04h, 05h, 06h, 08h, 28h, 0Ah, 0Bh, 09h, 0Dh, 33h, 0Ch, 34h, 35h
        db 0Bh, 02h, 03h, 04h, 05h, 06h, 07h, 08h, 09h, 0Ah, 27h, 27h, 33h, 0Dh, 34h, 35h
        db 03h, 1Eh, 30h, 2Eh, 20h, 12h, 21h, 22h, 23h, 17h, 24h, 25h, 26h, 32h, 31h, 18h
        db 19h, 10h, 13h, 1Fh, 14h, 16h, 2Fh, 11h, 2Dh, 15h, 2Ch, 1Ah, 2Bh, 1Bh, 07h, 0Ch
        db 29h, 1Eh, 30h, 2Eh, 20h, 12h, 21h, 22h, 23h, 17h, 24h, 25h, 26h, 32h, 31h, 18h
        db 19h, 10h, 13h, 1Fh, 14h, 16h, 2Fh, 11h, 2Dh, 15h, 2Ch, 1Ah, 2Bh, 1Bh, 29h, 0Eh
name_screen     db '_SCREEN.TXT', 0
name_frame      db '_FRAME.BIN', 0
text_cursor     db 'cursor ', 0
text_mode       db ' mode ', 0
msg_exec        db 'SNAP: cannot run the program', 13, 10, '$'
keypos          dw keys
old16           dd 0
vseg            dw 0
mode            db 0
rows            db 0
cols            dw 0
vstart          dw 0
cursor          dw 0
pb              dw 0                    ; inherit the environment
pb_tail         dw tail, 0
pb_fcb1         dw fcb1, 0
pb_fcb2         dw fcb2, 0
fcb1            times 37 db 0
fcb2            times 37 db 0
tail            times 130 db 0
progname        times 130 db 0
keys            times 130 db 0
line            times CHUNK db 0
                times 512 db 0
stack_top:
image_end:
