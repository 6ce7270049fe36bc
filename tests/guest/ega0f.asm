; Mode 0Fh (640x350 monochrome graphics): planes 0 (video) and 2
; (intensity) through the map mask; colours 0-3. Checks the graphics
; controller's memory map (GC 6) and reads each plane back (read mode 0,
; GC 4 selecting the plane): what the map mask let through, and nothing in
; the planes it kept out; pinned by ega0f.png.
; test: png
        org 100h
%include "gfx.inc"
        SETMODE 0Fh
; 1: GC 6 maps A000h (64 KB), graphics
        mov dx, 3CEh
        mov al, 6
        out dx, al
        inc dx
        in al, dx
        EXPECT al, 05h, 1
        mov ax, 0A000h
        mov es, ax
; colour = column / 20 % 4: plane 0 = bit 0, plane 2 = bit 1
        mov bx, 350
        xor di, di
.line:  xor si, si
.col:   mov ax, si
        mov cl, 20
        div cl
        and al, 3
        mov ah, al
        push ax
        SEQ 2, 01h
        pop ax
        push ax
        and al, 1
        neg al
        mov [es:di], al
        SEQ 2, 04h
        pop ax
        shr ah, 1
        neg ah
        mov [es:di], ah
        inc di
        inc si
        cmp si, 80
        jb .col
        dec bx
        jnz .line
        SEQ 2, 0Fh
; 2-7: line 100, byte columns 25 (colour 1), 45 (colour 2), 65 (colour 3)
        READPLANE 0, 100 * 80 + 25
        EXPECT al, 0FFh, 2
        READPLANE 2, 100 * 80 + 25
        EXPECT al, 0, 3
        READPLANE 0, 100 * 80 + 45
        EXPECT al, 0, 4
        READPLANE 2, 100 * 80 + 45
        EXPECT al, 0FFh, 5
        READPLANE 2, 100 * 80 + 65
        EXPECT al, 0FFh, 6
        READPLANE 1, 100 * 80 + 65      ; kept out by the map mask
        EXPECT al, 0, 7
        GC 4, 0
        EXIT 0
