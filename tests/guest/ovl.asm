; test: skip
; A hand-made MZ image used as an overlay by execload (4B03h): the name
; says .COM, the contents decide. One relocation at module offset 4.
        db 'MZ'
        dw file_len % 512               ; bytes in the last page
        dw (file_len + 511) / 512       ; pages
        dw 1                            ; relocations
        dw 2                            ; header paragraphs
        dw 0, 0FFFFh                    ; min, max extra paragraphs
        dw 0, 100h                      ; SS:SP
        dw 0                            ; checksum
        dw 0, 0                         ; IP, CS
        dw reloc - $$                   ; relocation table offset
        dw 0                            ; overlay number
reloc   dw 4, 0                         ; fix the word at 0000:0004
        times 32 - ($ - $$) db 0
module: db 0B8h, 34h, 12h               ; mov ax, 1234h
        db 0CBh                         ; retf
        dw 0                            ; becomes the relocation factor
file_len equ $ - $$
