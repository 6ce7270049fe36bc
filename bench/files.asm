; make bench: 2,000 rounds of create, write 64 bytes, close, open, read
; back, compare, close, delete, on numbered files (F0000.TMP ...). Prints
; "FILES OK" or "FILES FAIL" and exits 0 or 1.
        org 100h
        xor bp, bp                      ; round counter
round:  mov ax, bp                      ; name digits from the counter
        mov di, fname + 5
        mov cx, 4
        mov bx, 10
digit:  xor dx, dx
        div bx
        add dl, '0'
        dec di
        mov [di], dl
        loop digit
        mov [data], bp
        mov dx, fname
        xor cx, cx
        mov ah, 3Ch
        int 21h
        jc fail
        mov bx, ax
        mov dx, data
        mov cx, 64
        mov ah, 40h
        int 21h
        jc fail
        mov ah, 3Eh
        int 21h
        mov dx, fname
        mov ax, 3D00h
        int 21h
        jc fail
        mov bx, ax
        mov dx, back
        mov cx, 64
        mov ah, 3Fh
        int 21h
        jc fail
        cmp ax, 64
        jne fail
        mov ah, 3Eh
        int 21h
        mov si, data
        mov di, back
        mov cx, 32
        repe cmpsw
        jne fail
        mov dx, fname
        mov ah, 41h
        int 21h
        jc fail
        inc bp
        cmp bp, 2000
        jb round
        mov dx, ok
        mov ah, 9
        int 21h
        mov ax, 4C00h
        int 21h
fail:   mov dx, bad
        mov ah, 9
        int 21h
        mov ax, 4C01h
        int 21h
fname   db 'F0000.TMP', 0
ok      db 'FILES OK', 13, 10, '$'
bad     db 'FILES FAIL', 13, 10, '$'
data    times 64 db 'x'
back    times 64 db 0
