; Keys as a national keyboard types them: the fixture presses a table of
; keys itself, through the 8042 (command D2h puts a byte in the output
; buffer as if the keyboard sent it: IRQ 1, INT 09h), with Shift, AltGr
; (right Alt: E0 38), Ctrl, Caps Lock and dead keys, and prints what INT 16h
; AH=10h returns for each: "MOD SC: WORD..." (hex), or "-" when the key
; typed nothing. Run by tests/cli/run.sh with --keyboard for each layout;
; the expected tables are tests/cli/kbdlayout/LAYOUT.txt.
; test: skip
        cpu 386
        org 100h
KBC_DATA   equ 60h
KBC_STATUS equ 64h
KBC_WRITE_OBUF equ 0D2h
ST_OBUF    equ 01h
ST_IBUF    equ 02h
M_NONE     equ 0
M_SHIFT    equ 1
M_ALTGR    equ 2
M_CTRL     equ 3
M_CAPS     equ 4                            ; toggles Caps Lock (no key after it)
END_MARK   equ 0FFh
SC_LSHIFT  equ 2Ah
SC_CTRL    equ 1Dh
SC_ALT     equ 38h
SC_CAPS    equ 3Ah
BREAK      equ 80h
PREFIX_E0  equ 0E0h

        sti
        mov si, keys
next:   lodsb
        cmp al, END_MARK
        je done
        mov dl, al                          ; DL = modifier, DH = scan code
        lodsb
        mov dh, al
        cmp dl, M_CAPS
        je caps
        call show_key
        call mods_down
        mov al, dh
        call send
        mov al, dh
        or al, BREAK
        call send
        call mods_up
        call show_words
        jmp next
caps:   mov al, SC_CAPS
        call send
        mov al, SC_CAPS | BREAK
        call send
        jmp next
done:   mov ax, 4C00h
        int 21h

; Press (mods_down) or release (mods_up) the modifier DL names.
mods_down:
        xor bl, bl
        jmp mods
mods_up:
        mov bl, BREAK
mods:   cmp dl, M_SHIFT
        jne .altgr
        mov al, SC_LSHIFT
        or al, bl
        jmp send
.altgr: cmp dl, M_ALTGR
        jne .ctrl
        mov al, PREFIX_E0
        call send
        mov al, SC_ALT
        or al, bl
        jmp send
.ctrl:  cmp dl, M_CTRL
        jne .none
        mov al, SC_CTRL
        or al, bl
        jmp send
.none:  ret

; One byte from "the keyboard": D2h, the byte, then wait until INT 09h
; has read it.
send:   push ax
.wi:    in al, KBC_STATUS
        test al, ST_IBUF
        jnz .wi
        mov al, KBC_WRITE_OBUF
        out KBC_STATUS, al
.wi2:   in al, KBC_STATUS
        test al, ST_IBUF
        jnz .wi2
        pop ax
        out KBC_DATA, al
.wo:    hlt                                 ; IRQ 1 runs INT 09h
        in al, KBC_STATUS
        test al, ST_OBUF
        jnz .wo
        ret

; "M SC:" for the key being pressed.
show_key:
        mov al, dl
        call hex4
        mov al, ' '
        call putc
        mov al, dh
        call hex8
        mov al, ':'
        jmp putc

; Every key word waiting, or " -" when there is none; then a new line.
show_words:
        mov ah, 11h
        int 16h
        jnz .some
        mov al, ' '
        call putc
        mov al, '-'
        call putc
        jmp .eol
.some:  mov ah, 11h
        int 16h
        jz .eol
        mov ah, 10h
        int 16h
        push ax
        mov al, ' '
        call putc
        pop ax
        push ax
        mov al, ah
        call hex8
        pop ax
        call hex8
        jmp .some
.eol:   mov al, 13
        call putc
        mov al, 10
        jmp putc

hex8:   push ax
        shr al, 4
        call hex4
        pop ax
hex4:   and al, 0Fh
        add al, '0'
        cmp al, '9'
        jbe putc
        add al, 'A' - '0' - 10
putc:   push dx
        mov dl, al
        mov ah, 2
        int 21h
        pop dx
        ret

; modifier, make code
keys:   db M_NONE, 10h, M_NONE, 15h, M_NONE, 1Ah, M_NONE, 1Bh, M_NONE, 27h, M_NONE, 28h
        db M_NONE, 2Bh, M_NONE, 2Ch, M_NONE, 32h, M_NONE, 33h, M_NONE, 34h, M_NONE, 35h
        db M_NONE, 56h, M_NONE, 02h, M_NONE, 03h, M_NONE, 04h, M_NONE, 07h, M_NONE, 0Ch
        db M_NONE, 1Eh, M_NONE, 11h, M_NONE, 39h
        db M_SHIFT, 10h, M_SHIFT, 1Ah, M_SHIFT, 27h, M_SHIFT, 28h, M_SHIFT, 03h
        db M_SHIFT, 04h, M_SHIFT, 0Ch, M_SHIFT, 33h, M_SHIFT, 2Bh, M_SHIFT, 56h
        db M_ALTGR, 10h, M_ALTGR, 03h, M_ALTGR, 04h, M_ALTGR, 08h, M_ALTGR, 0Ch
        db M_ALTGR, 1Bh, M_ALTGR, 56h, M_ALTGR, 32h, M_ALTGR, 29h
        db M_CTRL, 15h, M_CTRL, 2Ch, M_CTRL, 10h
        db M_NONE, 29h, M_NONE, 12h                         ; dead keys, then e
        db M_NONE, 0Dh, M_NONE, 12h
        db M_SHIFT, 0Dh, M_NONE, 12h
        db M_NONE, 1Ah, M_NONE, 12h
        db M_SHIFT, 1Ah, M_NONE, 12h
        db M_NONE, 28h, M_NONE, 12h
        db M_ALTGR, 03h, M_NONE, 31h                        ; AltGr dead ~, then n
        db M_NONE, 0Dh, M_NONE, 39h                         ; ... then space
        db M_NONE, 29h, M_NONE, 2Dh                         ; ... then x (no x with ^)
        db M_CAPS, 0, M_NONE, 27h, M_NONE, 10h, M_NONE, 03h, M_CAPS, 0
        db END_MARK
