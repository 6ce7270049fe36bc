; test: exit=0
; The system file tables in guest memory (LoL+4, DOS 4+ entries of 3Bh
; bytes), found through the JFT in the PSP as TSRs find them, following
; the native handles: open, write, seek, dup, dup2, close; a child
; started with EXEC inheriting the handles (same SFT index, the count
; up, the position shared); an FCB open (mode bit 15); the NUL device
; (its header in the entry). The child is SFTKID.COM.
%include "check.inc"
        org 100h
        KEEP_UNTIL stack_top
        mov ah, 52h
        int 21h
        mov [lol], bx
        mov [lol + 2], es
        mov dx, fname                   ; create: handle, entry, fields
        xor cx, cx
        mov ah, 3Ch
        int 21h
        FAIL_IF_NOT nc, 1
        mov [h1], ax
        call sfn_of
        mov [sfn], al
        call entry
        cmp word [es:di], 1             ; one reference
        FAIL_IF_NOT e, 2
        mov al, [es:di + 2]
        and al, 7
        cmp al, 2                       ; read/write
        FAIL_IF_NOT e, 3
        mov ax, [es:di + 5]
        and al, 0BFh                    ; a file on C: (bit 6: not written yet)
        cmp al, 2
        FAIL_IF_NOT e, 4
        push di
        add di, 20h
        mov si, fcbname
        mov cx, 11
        repe cmpsb
        pop di
        FAIL_IF_NOT e, 5
        mov ax, cs
        cmp [es:di + 31h], ax           ; owner: us
        FAIL_IF_NOT e, 6
        push es
        push di
        push ds
        mov dl, 3                       ; the entry points at C:'s DPB
        mov ah, 32h
        int 21h
        mov ax, ds
        pop ds
        pop di
        pop es
        cmp [es:di + 7], bx
        FAIL_IF_NOT e, 7
        cmp [es:di + 9], ax
        FAIL_IF_NOT e, 8

        mov bx, [h1]                    ; write 100 bytes: size and position
        mov cx, 100
        mov dx, buf
        mov ah, 40h
        int 21h
        call entry
        cmp word [es:di + 11h], 100
        FAIL_IF_NOT e, 10
        cmp word [es:di + 15h], 100
        FAIL_IF_NOT e, 11
        mov bx, [h1]                    ; seek to 10
        xor cx, cx
        mov dx, 10
        mov ax, 4200h
        int 21h
        call entry
        cmp word [es:di + 15h], 10
        FAIL_IF_NOT e, 12
        cmp word [es:di + 11h], 100
        FAIL_IF_NOT e, 13

        mov bx, [h1]                    ; dup: same entry, two references
        mov ah, 45h
        int 21h
        FAIL_IF_NOT nc, 20
        mov [h2], ax
        call sfn_of
        cmp al, [sfn]
        FAIL_IF_NOT e, 21
        call entry
        cmp word [es:di], 2
        FAIL_IF_NOT e, 22
        mov bx, [h1]                    ; dup2 to 19: three
        mov cx, 19
        mov ah, 46h
        int 21h
        FAIL_IF_NOT nc, 23
        mov ax, 19
        call sfn_of
        cmp al, [sfn]
        FAIL_IF_NOT e, 24
        call entry
        cmp word [es:di], 3
        FAIL_IF_NOT e, 25
        mov bx, [h2]                    ; close the dup: two, its JFT slot free
        mov ah, 3Eh
        int 21h
        mov ax, [h2]
        call sfn_of
        cmp al, 0FFh
        FAIL_IF_NOT e, 26
        call entry
        cmp word [es:di], 2
        FAIL_IF_NOT e, 27

        mov [pb_tail + 2], cs           ; the child inherits handles 5 and 19
        mov dx, child
        mov bx, pb
        mov ax, 4B00h
        int 21h
        FAIL_IF_NOT nc, 30
        mov ah, 4Dh
        int 21h
        cmp al, 0
        je .kid_ok
        mov ah, 4Ch                     ; the child's failure code, plus 100
        add al, 100
        int 21h
.kid_ok:
        call entry                      ; its handles are closed again
        cmp word [es:di], 2
        FAIL_IF_NOT e, 31
        cmp word [es:di + 15h], 60      ; it wrote 50 bytes at 10: shared position
        FAIL_IF_NOT e, 32
        mov bx, [h1]
        xor cx, cx
        xor dx, dx
        mov ax, 4201h
        int 21h
        cmp ax, 60
        FAIL_IF_NOT e, 33

        mov bx, 19                      ; close both: the entry is free
        mov ah, 3Eh
        int 21h
        mov bx, [h1]
        mov ah, 3Eh
        int 21h
        call entry
        cmp word [es:di], 0
        FAIL_IF_NOT e, 34

        mov dx, fcb                     ; an FCB open: mode bit 15
        mov ah, 0Fh
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 40
        call find_fcb_entry
        FAIL_IF_NOT e, 41
        mov dx, fcb
        mov ah, 10h
        int 21h

        mov dx, nul                     ; a device: its header in the entry
        mov ax, 3D02h
        int 21h
        FAIL_IF_NOT nc, 50
        mov [h1], ax
        call sfn_of
        mov [sfn], al
        call entry
        test byte [es:di + 5], 80h
        FAIL_IF_NOT nz, 51
        mov ax, [es:di + 7]
        mov dx, [es:di + 9]
        les bx, [lol]
        add bx, 22h
        cmp ax, bx
        FAIL_IF_NOT e, 52
        mov bx, es
        cmp dx, bx
        FAIL_IF_NOT e, 53
        EXIT 0

; AL = the SFT index of handle AX in our JFT (PSP:34h).
sfn_of: push es
        push bx
        les bx, [34h]
        add bx, ax
        mov al, [es:bx]
        pop bx
        pop es
        ret

; ES:DI = the entry of SFT index [sfn], walking the tables from LoL+4.
entry:  les di, [lol]
        les di, [es:di + 4]
        mov al, [sfn]
        xor ah, ah
.table: cmp ax, [es:di + 4]
        jb .here
        sub ax, [es:di + 4]
        les di, [es:di]
        cmp di, 0FFFFh
        jne .table
        EXIT 90
.here:  mov cx, 3Bh
        mul cx
        add di, ax
        add di, 6
        ret

; ZF set when some entry has FCB mode and our file's name.
find_fcb_entry:
        les di, [lol]
        les di, [es:di + 4]
.table: mov cx, [es:di + 4]
        lea bx, [di + 6]
.entry: cmp word [es:bx], 0
        je .skip
        test word [es:bx + 2], 8000h
        jz .skip
        push cx
        push di
        lea di, [bx + 20h]
        mov si, fcbname
        mov cx, 11
        repe cmpsb
        pop di
        pop cx
        je .found
.skip:  add bx, 3Bh
        loop .entry
        les di, [es:di]
        cmp di, 0FFFFh
        jne .table
        or al, 1                        ; ZF clear: not found
.found: ret

fname   db 'SFTTEST.DAT', 0
fcbname db 'SFTTEST DAT'
nul     db 'NUL', 0
child   db 'SFTKID.COM', 0
tail    db 0, 13
pb      dw 0
pb_tail dw tail, 0
        dd -1, -1
fcb     db 0, 'SFTTEST DAT'
        times 25 db 0
lol     dd 0
h1      dw 0
h2      dw 0
sfn     db 0
buf     times 100 db 'x'
        times 256 db 0
stack_top:
