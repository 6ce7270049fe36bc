; Mode 12h (640x480, 16 colours, planar): every graphics controller path
; checked byte by byte (map mask, read map, set/reset, rotate, logical
; operations, bit mask with the latches, write modes 1-3, read mode 1
; colour compare with don't care), then a picture pinned by vga12.png:
; colour bars drawn with write mode 2, a block copied with write mode 1,
; XOR lines, and text through INT 10h.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 12h
        mov ax, 0A000h
        mov es, ax

; 1-2: map mask and read map select
        SEQ 2, 01h
        mov byte [es:0], 0AAh
        SEQ 2, 02h
        mov byte [es:0], 55h
        SEQ 2, 0Ch
        mov byte [es:0], 0F0h
        SEQ 2, 0Fh
        READPLANE 0, 0
        EXPECT al, 0AAh, 1
        READPLANE 1, 0
        EXPECT al, 55h, 2
        READPLANE 3, 0
        EXPECT al, 0F0h, 2

; 3: set/reset enabled for all planes, value 0101b
        GC 1, 0Fh
        GC 0, 05h
        mov byte [es:1], 0
        GC 1, 0
        READPLANE 0, 1
        EXPECT al, 0FFh, 3
        READPLANE 1, 1
        EXPECT al, 0, 3
        READPLANE 2, 1
        EXPECT al, 0FFh, 3

; 4: bit mask keeps the latched bits
        mov byte [es:2], 0F0h           ; all planes F0
        mov al, [es:2]                  ; latch
        GC 8, 0Fh
        mov byte [es:2], 0FFh
        GC 8, 0FFh
        READPLANE 2, 2
        EXPECT al, 0FFh, 4

; 5: logical operations with the latches
        mov byte [es:3], 3Ch
        mov al, [es:3]
        GC 3, 18h                       ; XOR
        mov byte [es:3], 0FFh
        READPLANE 1, 3
        EXPECT al, 0C3h, 5
        mov al, [es:3]
        GC 3, 08h                       ; AND
        mov byte [es:3], 0Fh
        READPLANE 1, 3
        EXPECT al, 03h, 5
        mov al, [es:3]
        GC 3, 10h                       ; OR
        mov byte [es:3], 80h
        READPLANE 1, 3
        EXPECT al, 83h, 5

; 6: rotate
        GC 3, 04h                       ; rotate right by 4, no operation
        mov byte [es:4], 12h
        GC 3, 0
        READPLANE 0, 4
        EXPECT al, 21h, 6

; 7: write mode 1 copies the latches
        SEQ 2, 01h
        mov byte [es:5], 11h
        SEQ 2, 02h
        mov byte [es:5], 22h
        SEQ 2, 04h
        mov byte [es:5], 44h
        SEQ 2, 08h
        mov byte [es:5], 88h
        SEQ 2, 0Fh
        mov al, [es:5]
        GC 5, 01h
        mov byte [es:6], 0              ; data ignored
        GC 5, 00h
        READPLANE 2, 6
        EXPECT al, 44h, 7
        READPLANE 3, 6
        EXPECT al, 88h, 7

; 8: write mode 2: colour bits to the planes under the bit mask
        mov byte [es:7], 0              ; all planes 00
        mov al, [es:7]
        GC 5, 02h
        GC 8, 81h
        mov byte [es:7], 0Ah            ; planes 1 and 3
        GC 8, 0FFh
        GC 5, 00h
        READPLANE 1, 7
        EXPECT al, 81h, 8
        READPLANE 0, 7
        EXPECT al, 0, 8

; 9: write mode 3: set/reset colour under (rotated data AND bit mask)
        mov byte [es:8], 0Fh            ; all planes 0F
        mov al, [es:8]
        GC 5, 03h
        GC 0, 06h                       ; planes 1 and 2
        GC 8, 3Ch
        mov byte [es:8], 0F0h           ; mask F0 & 3C = 30
        GC 8, 0FFh
        GC 5, 00h
        READPLANE 1, 8
        EXPECT al, 3Fh, 9
        READPLANE 0, 8
        EXPECT al, 0Fh, 9

; 10: read mode 1: colour compare, don't care
        mov byte [es:9], 0              ; build colours per pixel: bit 7 = 5, bit 0 = 7
        SEQ 2, 01h
        mov byte [es:9], 81h
        SEQ 2, 02h
        mov byte [es:9], 01h
        SEQ 2, 04h
        mov byte [es:9], 81h
        SEQ 2, 0Fh
        GC 5, 08h
        GC 2, 05h
        GC 7, 0Fh
        mov al, [es:9]
        EXPECT al, 80h, 10
        GC 7, 05h                       ; planes 0 and 2 only: 5 and 7 both match
        mov al, [es:9]
        EXPECT al, 81h, 10
        GC 5, 00h
        GC 7, 0Fh

; the picture: 16 bars of 40 pixels over the top 200 lines (write mode 2)
        GC 5, 02h
        xor di, di
        mov bx, 200
.row:   xor cl, cl                      ; colour
        mov si, 16
.bar:   mov al, cl                      ; whole bytes: 5 per bar
        mov [es:di], al
        mov [es:di+1], al
        mov [es:di+2], al
        mov [es:di+3], al
        mov [es:di+4], al
        add di, 5
        inc cl
        dec si
        jnz .bar
        dec bx
        jnz .row
        GC 5, 00h

; a 10-byte x 40-line block copied with write mode 1 (latches) below
        GC 5, 01h
        mov si, 20                      ; source: bars 4 and 5, line 0
        mov di, 220 * 80 + 30
        mov bx, 40
.copy:  push si
        push di
        mov cx, 10
.cb:    mov al, [es:si]
        mov [es:di], al
        inc si
        inc di
        loop .cb
        pop di
        pop si
        add si, 80
        add di, 80
        dec bx
        jnz .copy
        GC 5, 00h

; XOR lines across the bars: colour 15 over bytes, one line every 8
        GC 3, 18h
        GC 0, 0Fh
        GC 1, 0Fh
        mov di, 4 * 80
        mov bx, 25
.xl:    mov cx, 80
.xb:    mov al, [es:di]
        mov byte [es:di], 0FFh
        inc di
        loop .xb
        add di, 7 * 80
        dec bx
        jnz .xl
        GC 1, 00h
        GC 3, 00h

        TEXT 20, 2, 0Eh, msg1
        TEXT 22, 2, 8Ch, msg2           ; XOR-drawn red
        mov ax, 0A000h
        mov es, ax
; INT 10h 0Dh reads a bar colour back
        mov ah, 0Dh
        xor bh, bh
        mov cx, 7 * 40 + 3
        mov dx, 10
        int 10h
        EXPECT al, 7, 11
        EXIT 0

        STR msg1, "Mode 12h: write modes 0-3, latches, read mode 1"
        STR msg2, "XOR text through INT 10h 13h"
