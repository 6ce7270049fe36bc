; test: exit=0
; The reserved bytes of an open FCB as MS-DOS fills them, which programs
; read (MS-DOS 2.0 PRINT takes the printer's driver from there and calls
; it): DOS 3+ puts the file table entry's number at 18h and, for a
; character device, 01xxxxxxb at 19h (the low bits of its attribute word)
; and its header at 1Ah; DOS 2 (fcbdev2, the same code) a device id at 18h
; (bit 7: a device) and the header at 19h; a disk file has bit 7 clear.
; Writes through both FCBs still reach their targets.
%include "check.inc"
        org 100h
        mov ah, 30h
        int 21h
        mov [major], al
        mov ah, 52h                     ; CON's header: LoL+0Ch
        int 21h
        mov ax, [es:bx + 0Ch]
        mov [con], ax
        mov ax, [es:bx + 0Eh]
        mov [con + 2], ax
        les di, [con]
        mov al, [es:di + 4]             ; its attribute word's low bits
        mov [attr], al
        push cs
        pop es
        mov dx, confcb
        mov ah, 0Fh
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 1
        mov si, confcb
        cmp byte [major], 3
        jb .dos2
        mov al, [si + 19h]              ; DOS 3+: 01xxxxxxb, header at 1Ah
        and al, 0C0h
        cmp al, 40h
        FAIL_IF_NOT e, 2
        mov al, [si + 19h]
        xor al, [attr]
        test al, 3Fh
        FAIL_IF_NOT z, 3
        lea di, [si + 1Ah]
        jmp .hdr
.dos2:  test byte [si + 18h], 80h       ; DOS 2: a device, header at 19h
        FAIL_IF_NOT nz, 4
        lea di, [si + 19h]
.hdr:   mov ax, [di]
        cmp ax, [con]
        FAIL_IF_NOT e, 5
        mov ax, [di + 2]
        cmp ax, [con + 2]
        FAIL_IF_NOT e, 6
        mov dx, line                    ; a record through the CON FCB
        mov ah, 1Ah
        int 21h
        mov word [confcb + 0Eh], line_len
        mov dx, confcb
        mov ah, 15h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 7
        mov dx, confcb
        mov ah, 10h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 8
        mov dx, filefcb                 ; a disk file: not a device
        mov ah, 16h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 9
        cmp byte [major], 3
        jae .file3
        test byte [filefcb + 18h], 80h
        FAIL_IF_NOT z, 10
        jmp .write
.file3: test byte [filefcb + 19h], 0C0h
        FAIL_IF_NOT z, 11
.write: mov dx, filefcb
        mov ah, 15h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 12
        mov dx, filefcb
        mov ah, 10h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 13
        mov dx, fname                   ; one record of 128 bytes on disk
        mov ax, 3D00h
        int 21h
        FAIL_IF_NOT nc, 14
        mov bx, ax
        mov ax, 4202h
        xor cx, cx
        xor dx, dx
        int 21h
        cmp ax, 128
        FAIL_IF_NOT e, 15
        mov ah, 3Eh
        int 21h
        EXIT 0

major   db 0
attr    db 0
con     dd 0
confcb  db 0, 'CON        '
        times 25 db 0
filefcb db 0, 'FCBDEV  TMP'
        times 25 db 0
fname   db 'FCBDEV.TMP', 0
line    db 'through the FCB', 13, 10
line_len equ $ - line
        times 128 - line_len db 0
