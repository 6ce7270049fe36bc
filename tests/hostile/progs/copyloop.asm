; An XCOPY-style copy loop: SRC.DAT to DST.DAT in 4 KiB pieces with
; handle calls, checking every result, as careful DOS programs do.
; Tail /F: an INT 24h handler that answers Fail; /R: one that answers
; Retry (either prints the AX and DI it was called with: "int24 AHAL di DI").
; Exit codes: 0 copied; 1 disk full (short write: DST.DAT deleted);
; 2 a read failed; 3 a write failed; 4 open/create failed. The DOS error
; of a failed call is printed as "error NN".
        org 100h
        mov al, [83h]           ; the letter after " /"
        and al, 0DFh
        cmp al, 'F'
        je .hook
        cmp al, 'R'
        jne .go
.hook:  mov [answer], al
        mov dx, crit
        mov ax, 2524h
        int 21h
.go:    mov dx, src
        mov ax, 3D00h
        int 21h
        jc openfail
        mov [hin], ax
        mov dx, dst
        xor cx, cx
        mov ah, 3Ch
        int 21h
        jc openfail
        mov [hout], ax
loop:   mov bx, [hin]
        mov dx, buf
        mov cx, 4096
        mov ah, 3Fh
        int 21h
        jc readfail
        or ax, ax
        jz copied
        mov cx, ax
        mov [want], ax
        mov bx, [hout]
        mov dx, buf
        mov ah, 40h
        int 21h
        jc writefail
        cmp ax, [want]
        jne diskfull
        jmp loop
copied: call closeall
        mov ax, 4C00h
        int 21h
diskfull:
        call closeall
        mov dx, dst
        mov ah, 41h
        int 21h
        mov dx, msgfull
        mov ah, 9
        int 21h
        mov ax, 4C01h
        int 21h
readfail:
        call error
        mov ax, 4C02h
        int 21h
writefail:
        call error
        mov ax, 4C03h
        int 21h
openfail:
        call error
        mov ax, 4C04h
        int 21h
error:  mov bl, 10              ; "error NN" with the DOS error code in AX
        div bl
        add ax, '00'
        mov [msgerr + 6], ax
        mov dx, msgerr
        mov ah, 9
        int 21h
        ret
closeall:
        mov bx, [hin]
        mov ah, 3Eh
        int 21h
        mov bx, [hout]
        mov ah, 3Eh
        int 21h
        ret
; INT 24h: print AX and DI (console calls 01h-0Ch are allowed here), then
; answer Fail or Retry.
crit:   push ds
        push cs
        pop ds
        push ax
        mov [critax], ax
        mov [critdi], di
        mov al, ah
        call hexb
        mov [msgcrit + 6], ax
        mov al, byte [critax]
        call hexb
        mov [msgcrit + 8], ax
        mov ax, [critdi]
        call hexb
        mov [msgcrit + 14], ax
        mov dx, msgcrit
        mov ah, 9
        int 21h
        pop ax
        mov al, 3               ; Fail
        cmp byte [answer], 'R'
        jne .ret
        mov al, 1               ; Retry
.ret:   pop ds
        iret
hexb:   mov ah, al              ; AL as two hex digits in AX (low byte first)
        shr al, 1
        shr al, 1
        shr al, 1
        shr al, 1
        and ah, 0Fh
        add al, '0'
        cmp al, '9'
        jbe .a
        add al, 7
.a:     add ah, '0'
        cmp ah, '9'
        jbe .b
        add ah, 7
.b:     ret
src     db 'SRC.DAT', 0
dst     db 'DST.DAT', 0
msgfull db 'disk full', 13, 10, '$'
msgerr  db 'error NN', 13, 10, '$'
msgcrit db 'int24 AHAL di DI', 13, 10, '$'
answer  db 0
hin     dw 0
hout    dw 0
want    dw 0
critax  dw 0
critdi  dw 0
buf:
