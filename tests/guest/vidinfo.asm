; test: exit=0
; test: flags=--ui headless
; INT 10h modes 01h and 07h, fonts (11h: 8x8 gives 50 rows; 1130h),
; palette and DAC (10h), alternate select (12h), display combination (1Ah)
; and state information (1Bh), checked against the BDA and the VGA ports.
%include "check.inc"
        org 100h
; mode 01h: 40 columns, 2 KB pages
        mov ax, 0001h
        int 10h
        mov ax, 40h
        mov es, ax
        cmp word [es:4Ah], 40
        FAIL_IF_NOT e, 1
        cmp word [es:4Ch], 0800h
        FAIL_IF_NOT e, 2
        mov dx, 3D4h                    ; CRTC: 40 characters per row
        mov al, 01h
        out dx, al
        inc dx
        in al, dx
        cmp al, 39
        FAIL_IF_NOT e, 3
; mode 07h: monochrome at B000h, CRTC at 3B4h, equipment says mono
        mov ax, 0007h
        int 10h
        cmp word [es:63h], 3B4h
        FAIL_IF_NOT e, 4
        mov ax, [es:10h]
        and ax, 30h
        cmp ax, 30h
        FAIL_IF_NOT e, 5
        mov ax, 0B000h
        mov es, ax
        cmp word [es:0], 0720h          ; cleared
        FAIL_IF_NOT e, 6
        mov ax, 1A00h                   ; display combination: VGA mono
        int 10h
        cmp al, 1Ah
        FAIL_IF_NOT e, 7
        cmp bl, 07h
        FAIL_IF_NOT e, 8
; back to mode 03h; 8x8 font: 50 rows
        mov ax, 0003h
        int 10h
        mov ax, 1A00h
        int 10h
        cmp bl, 08h
        FAIL_IF_NOT e, 9
        mov ax, 1112h
        xor bl, bl
        int 10h
        mov ax, 40h
        mov es, ax
        cmp byte [es:84h], 49
        FAIL_IF_NOT e, 10
        cmp word [es:85h], 8
        FAIL_IF_NOT e, 11
        mov ax, 1130h                   ; font information: ROM 8x16
        mov bh, 06h
        int 10h
        cmp cx, 8                       ; current character height
        FAIL_IF_NOT e, 12
        cmp dl, 49
        FAIL_IF_NOT e, 13
        cmp byte [es:bp + 'A' * 16 + 2], 10h   ; 'A' glyph, third line (VGA font)
        FAIL_IF_NOT e, 14
        mov ax, 1114h                   ; back to 8x16: 25 rows
        xor bl, bl
        int 10h
        mov ax, 40h
        mov es, ax
        cmp byte [es:84h], 24
        FAIL_IF_NOT e, 15
; user font: glyph 'Z' replaced, read back through 1130h is not possible
; (plane 2); check the load call leaves the geometry alone
        push cs
        pop es
        mov ax, 1100h
        mov bx, 1000h                   ; 16 bytes per glyph, block 0
        mov cx, 1
        mov dx, 'Z'
        mov bp, glyph
        int 10h
        mov ax, 40h
        mov es, ax
        cmp byte [es:84h], 24
        FAIL_IF_NOT e, 16
; palette register 1 and overscan, through INT 10h and port 3C1h
        mov ax, 1000h
        mov bx, 2A01h                   ; register 1 = 2Ah
        int 10h
        mov ax, 1007h
        mov bl, 01h
        int 10h
        cmp bh, 2Ah
        FAIL_IF_NOT e, 17
        mov dx, 3DAh
        in al, dx                       ; reset the flip-flop
        mov dx, 3C0h
        mov al, 01h                     ; index 1, palette access
        out dx, al
        inc dx
        in al, dx
        cmp al, 2Ah
        FAIL_IF_NOT e, 18
        mov dx, 3DAh
        in al, dx
        mov dx, 3C0h
        mov al, 20h                     ; display back on
        out dx, al
; DAC register 5: set through INT 10h, read through the ports
        mov ax, 1010h
        mov bx, 5
        mov dh, 11h
        mov cx, 2233h
        int 10h
        mov dx, 3C7h
        mov al, 5
        out dx, al
        add dx, 2
        in al, dx
        cmp al, 11h
        FAIL_IF_NOT e, 19
        in al, dx
        cmp al, 22h
        FAIL_IF_NOT e, 20
        in al, dx
        cmp al, 33h
        FAIL_IF_NOT e, 21
; DAC register 6 through the ports, read through INT 10h
        mov dx, 3C8h
        mov al, 6
        out dx, al
        inc dx
        mov al, 1
        out dx, al
        mov al, 2
        out dx, al
        mov al, 3
        out dx, al
        mov ax, 1015h
        mov bx, 6
        int 10h
        cmp dh, 1
        FAIL_IF_NOT e, 22
        cmp cx, 0203h
        FAIL_IF_NOT e, 23
; blink off: attribute mode control bit 3 clears
        mov ax, 1003h
        xor bl, bl
        int 10h
        mov dx, 3DAh
        in al, dx
        mov dx, 3C0h
        mov al, 30h                     ; index 10h, display on
        out dx, al
        inc dx
        in al, dx
        test al, 08h
        FAIL_IF_NOT z, 24
; 12h BL=10h: colour, 256 KB
        mov ah, 12h
        mov bl, 10h
        int 10h
        cmp bh, 0
        FAIL_IF_NOT e, 25
        cmp bl, 3
        FAIL_IF_NOT e, 26
; 1Bh: state information
        push cs
        pop es
        mov ah, 1Bh
        xor bx, bx
        mov di, state
        int 10h
        cmp al, 1Bh
        FAIL_IF_NOT e, 27
        cmp byte [state + 4], 3         ; mode
        FAIL_IF_NOT e, 28
        cmp word [state + 5], 80        ; columns
        FAIL_IF_NOT e, 29
        cmp byte [state + 22h], 25      ; rows
        FAIL_IF_NOT e, 30
        les bx, [state]                 ; static functionality table
        test byte [es:bx], 08h          ; mode 3 supported
        FAIL_IF_NOT nz, 31
        EXIT 0

glyph:  times 16 db 0FFh
state:  times 64 db 0
