; test: exit=0
; Find first/next: wildcards, attributes (hidden, directories, volume
; label), "." and "..", device names, and search state in the DTA: a copied
; DTA continues a search, two searches interleave, deleting while searching
; skips nothing.
%include "check.inc"
        org 100h
        mov dx, work                    ; work in an empty directory
        mov ah, 39h
        int 21h
        mov ah, 3Bh
        int 21h
        FAIL_IF_NOT nc, 29
        mov si, files                   ; create A1.TXT A2.TXT B1.DAT HID.TXT
mk:     lodsw
        or ax, ax
        jz mkdone
        mov dx, ax
        xor cx, cx
        mov ah, 3Ch
        int 21h
        FAIL_IF_NOT nc, 1
        mov bx, ax
        mov ah, 3Eh
        int 21h
        jmp mk
mkdone: mov dx, hid                     ; HID.TXT hidden
        mov ax, 4301h
        mov cx, 2
        int 21h
        FAIL_IF_NOT nc, 2
        mov dx, subdir
        mov ah, 39h
        int 21h
        mov dx, dta1                    ; *.TXT, normal files: A1, A2 only
        mov ah, 1Ah
        int 21h
        mov dx, ptxt
        xor cx, cx
        call count
        cmp bx, 2
        FAIL_IF_NOT e, 3
        mov dx, ptxt                    ; with hidden: 3
        mov cx, 2
        call count
        cmp bx, 3
        FAIL_IF_NOT e, 4
        mov dx, pall                    ; *.* with directories: . .. SUB + 3 files
        mov cx, 10h
        call count
        cmp bx, 6
        FAIL_IF_NOT e, 5
        mov dx, pall                    ; *.* plain: 3 files
        xor cx, cx
        call count
        cmp bx, 3
        FAIL_IF_NOT e, 6
        mov dx, psub                    ; SUB\*.* with directories: . and ..
        mov cx, 10h
        call count
        cmp bx, 2
        FAIL_IF_NOT e, 7
        mov dx, psub
        mov cx, 10h
        mov ah, 4Eh
        int 21h
        cmp byte [dta1 + 1Eh], '.'
        FAIL_IF_NOT e, 8
        cmp byte [dta1 + 15h], 10h
        FAIL_IF_NOT e, 9
        mov dx, plabel                  ; volume label: attribute 08h only
        mov cx, 08h
        mov ah, 4Eh
        int 21h
        FAIL_IF_NOT nc, 10
        cmp byte [dta1 + 15h], 08h
        FAIL_IF_NOT e, 11
        mov ah, 4Fh
        int 21h
        FAIL_IF_NOT c, 12
        cmp ax, 18
        FAIL_IF_NOT e, 13
        mov dx, pnone                   ; no match: 18
        xor cx, cx
        mov ah, 4Eh
        int 21h
        FAIL_IF_NOT c, 14
        cmp ax, 18
        FAIL_IF_NOT e, 15
        mov dx, pbaddir                 ; missing directory: 3
        xor cx, cx
        mov ah, 4Eh
        int 21h
        FAIL_IF_NOT c, 16
        cmp ax, 3
        FAIL_IF_NOT e, 17
        mov dx, pnul                    ; SUB\NUL: the directory exists
        xor cx, cx
        mov ah, 4Eh
        int 21h
        FAIL_IF_NOT nc, 18
        ; interleave: search 1 (*.TXT) in dta1, search 2 (*.DAT) in dta2
        mov dx, ptxt
        xor cx, cx
        mov ah, 4Eh
        int 21h
        mov si, dta1                    ; keep a copy of the first state
        mov di, dta3
        mov cx, 43
        rep movsb
        mov dx, dta2
        mov ah, 1Ah
        int 21h
        mov dx, pdat
        xor cx, cx
        mov ah, 4Eh
        int 21h
        FAIL_IF_NOT nc, 19
        cmp byte [dta2 + 1Eh], 'B'
        FAIL_IF_NOT e, 20
        mov dx, dta3                    ; the copy continues search 1
        mov ah, 1Ah
        int 21h
        mov ah, 4Fh
        int 21h
        FAIL_IF_NOT nc, 21
        mov al, [dta3 + 1Fh]            ; found A1 first, now A2 (or the reverse)
        add al, [dta1 + 1Fh]
        cmp al, '1' + '2'
        FAIL_IF_NOT e, 22
        mov ah, 4Fh
        int 21h
        FAIL_IF_NOT c, 23
        mov dx, dta2                    ; search 2 has ended too
        mov ah, 1Ah
        int 21h
        mov ah, 4Fh
        int 21h
        FAIL_IF_NOT c, 24
        ; deleting each file found skips none
        mov dx, dta1
        mov ah, 1Ah
        int 21h
        xor bp, bp
        mov dx, pall
        xor cx, cx
        mov ah, 4Eh
        int 21h
del:    jc deldone
        inc bp
        mov dx, dta1 + 1Eh
        mov ah, 41h
        int 21h
        FAIL_IF_NOT nc, 25
        mov ah, 4Fh
        int 21h
        jmp del
deldone:
        cmp bp, 3
        FAIL_IF_NOT e, 26
        mov dx, hid
        mov ax, 4301h
        xor cx, cx
        int 21h
        mov dx, hid
        mov ah, 41h
        int 21h
        FAIL_IF_NOT nc, 27
        mov dx, subdir
        mov ah, 3Ah
        int 21h
        FAIL_IF_NOT nc, 28
        mov dx, updir
        mov ah, 3Bh
        int 21h
        mov dx, work
        mov ah, 3Ah
        int 21h
        FAIL_IF_NOT nc, 30
        EXIT 0

; BX = number of entries matching pattern DX with attributes CX
count:  xor bx, bx
        mov ah, 4Eh
        int 21h
.next:  jc .done
        inc bx
        mov ah, 4Fh
        int 21h
        jmp .next
.done:  ret

files   dw fa1, fa2, fb1, hid, 0
fa1     db 'A1.TXT', 0
fa2     db 'A2.TXT', 0
fb1     db 'B1.DAT', 0
hid     db 'HID.TXT', 0
subdir  db 'SUB', 0
work    db 'FINDTEST', 0
updir   db '..', 0
ptxt    db '*.TXT', 0
pdat    db '*.DAT', 0
pall    db '*.*', 0
psub    db 'SUB\*.*', 0
plabel  db '\*.*', 0
pnone   db 'NOPE*.XYZ', 0
pbaddir db 'NODIR\*.*', 0
pnul    db 'SUB\NUL', 0
dta1    times 43 db 0
dta2    times 43 db 0
dta3    times 43 db 0
