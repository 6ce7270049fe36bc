; test: exit=0
; INT 2Fh AH=12h, the DOS internal services, against what INT 21h and the
; List of Lists say: 1200h installed, 1203h DOS's data segment, 1204h and
; 1211h path separators, 1212h/1225h string lengths, 1213h upper case,
; 1216h SFT entries, 1217h CDS, 121Ah a name's drive, 121Bh February,
; 121Eh name comparison, 1220h JFT entries, 1221h canonical names,
; 1226h/1227h open and close, 122Ch the device after NUL, 122Dh the last
; error; AE00h (installable commands) says "not ours". A program that
; hooks INT 2Fh hears 1122h when a child ends: SS is DOS's data segment,
; DS the child's PSP. The child is RETCODE.COM.
%include "check.inc"
        org 100h
        KEEP_UNTIL stack_top
        mov ah, 52h
        int 21h
        mov [lol], bx
        mov [lol + 2], es
        mov ax, 1200h
        int 2Fh
        cmp al, 0FFh
        FAIL_IF_NOT e, 1
        mov ax, 1203h
        int 2Fh
        mov ax, ds
        push cs
        pop ds
        cmp ax, [lol + 2]
        FAIL_IF_NOT e, 2
        mov ax, '/'                     ; 1204h: '/' is a separator, '\' it
        push ax
        mov ax, 1204h
        int 2Fh
        pop bx
        FAIL_IF_NOT z, 3
        cmp al, '\'
        FAIL_IF_NOT e, 4
        mov ax, 'a'                     ; 1213h: upper case
        push ax
        mov ax, 1213h
        int 2Fh
        pop bx
        cmp al, 'A'
        FAIL_IF_NOT e, 5
        push cs                         ; 1211h: normalized copy
        pop es
        mov si, mixed
        mov di, buf
        mov ax, 1211h
        int 2Fh
        mov si, normal
        mov di, buf
        mov cx, normal_len
        repe cmpsb
        FAIL_IF_NOT e, 6
        mov di, normal                  ; 1212h/1225h: lengths with the NUL
        mov ax, 1212h
        int 2Fh
        cmp cx, normal_len
        FAIL_IF_NOT e, 7
        mov si, normal
        mov ax, 1225h
        int 2Fh
        cmp cx, normal_len
        FAIL_IF_NOT e, 8
        mov si, mixed                   ; 121Eh: same file whatever the case
        mov di, normal
        mov ax, 121Eh
        int 2Fh
        FAIL_IF_NOT z, 9
        mov si, normal                  ; 121Ah: the drive of "C:..."
        mov ax, 121Ah
        int 2Fh
        cmp al, 3
        FAIL_IF_NOT e, 10
        mov cl, 2000 - 1980             ; 121Bh: 2000 was a leap year
        mov ax, 121Bh
        int 2Fh
        cmp al, 29
        FAIL_IF_NOT e, 11
        mov cl, 2001 - 1980
        mov ax, 121Bh
        int 2Fh
        cmp al, 28
        FAIL_IF_NOT e, 12

        mov si, fname                   ; 1226h opens (CL access), 1220h/1216h find it
        mov dx, fname
        mov cl, 0
        mov ax, 1226h
        int 2Fh
        FAIL_IF_NOT nc, 20
        mov [handle], ax
        mov bx, ax
        mov ax, 1220h                   ; ES:DI -> our JFT entry
        int 2Fh
        FAIL_IF_NOT nc, 21
        mov bl, [es:di]
        les si, [34h]                   ; the same as PSP:34h says
        add si, [handle]
        cmp bl, [es:si]
        FAIL_IF_NOT e, 22
        xor bh, bh
        mov ax, 1216h                   ; ES:DI -> the entry
        int 2Fh
        FAIL_IF_NOT nc, 23
        cmp word [es:di], 1
        FAIL_IF_NOT e, 24
        add di, 20h
        mov si, fcbname
        mov cx, 11
        repe cmpsb
        FAIL_IF_NOT e, 25
        mov bx, [handle]                ; 1227h closes
        mov ax, 1227h
        int 2Fh
        FAIL_IF_NOT nc, 26
        mov bx, [handle]
        mov ah, 3Eh
        int 21h
        FAIL_IF_NOT c, 27

        mov ax, 2                       ; 1217h: C:'s CDS is LoL's
        push ax
        mov ax, 1217h
        int 2Fh
        pop ax
        FAIL_IF_NOT nc, 30
        mov ax, ds
        push cs
        pop ds
        les di, [lol]
        les di, [es:di + 16h]
        add di, 2 * 58h
        cmp si, di
        FAIL_IF_NOT e, 31
        mov bx, es
        cmp ax, bx
        FAIL_IF_NOT e, 32
        mov si, relname                 ; 1221h: the canonical name
        push cs
        pop es
        mov di, buf
        mov ax, 1221h
        int 2Fh
        FAIL_IF_NOT nc, 33
        cmp word [buf], 'C:'
        FAIL_IF_NOT e, 34
        mov ax, 122Ch                   ; 122Ch: BX:AX after NUL
        int 2Fh
        les di, [lol]
        cmp ax, [es:di + 22h]
        FAIL_IF_NOT e, 35
        cmp bx, [es:di + 24h]
        FAIL_IF_NOT e, 36
        mov dx, nofile                  ; 122Dh: the last error
        mov ax, 3D00h
        int 21h
        mov ax, 122Dh
        int 2Fh
        cmp ax, 2
        FAIL_IF_NOT e, 37
        mov ax, 0AE00h                  ; no TSR takes "DIR"
        mov dx, 0FFFFh
        mov cx, 00FFh
        mov bx, cmdline
        mov si, cmdname
        int 2Fh
        cmp al, 0
        FAIL_IF_NOT e, 38

        mov ax, 352Fh                   ; listen for the end of a child
        int 21h
        mov [old2f], bx
        mov [old2f + 2], es
        mov dx, hook
        mov ax, 252Fh
        int 21h
        mov [pb_tail + 2], cs
        push cs
        pop es
        mov dx, child
        mov bx, pb
        mov ax, 4B00h
        int 21h
        FAIL_IF_NOT nc, 40
        push ds
        lds dx, [old2f]
        mov ax, 252Fh
        int 21h
        pop ds
        cmp byte [heard], 1
        FAIL_IF_NOT e, 41
        mov ax, [lol + 2]               ; SS was DOS's data segment
        cmp [heard_ss], ax
        FAIL_IF_NOT e, 42
        mov ax, cs                      ; DS a PSP, not ours
        cmp [heard_ds], ax
        FAIL_IF_NOT ne, 43
        mov ah, 4Dh                     ; and the child ended as usual
        int 21h
        cmp ax, 0007h
        FAIL_IF_NOT e, 44
        EXIT 0

hook:   cmp ax, 1122h
        jne .chain
        mov byte [cs:heard], 1
        mov [cs:heard_ss], ss
        mov [cs:heard_ds], ds
.chain: jmp far [cs:old2f]

mixed   db 'c:/Dir/file.TXT', 0
normal  db 'C:\DIR\FILE.TXT', 0
normal_len equ $ - normal
fname   db 'INT2FDOS.COM', 0
fcbname db 'INT2FDOSCOM'
relname db 'INT2FDOS.COM', 0
nofile  db 'NO_SUCH.FIL', 0
cmdline db 3, 'DIR', 13
cmdname db 3, 'DIR', 0, 0, 0, 0, 0, 0, 0, 0
child   db 'RETCODE.COM', 0
tail    db 2, ' 7', 13
pb      dw 0
pb_tail dw tail, 0
        dd -1, -1
lol     dd 0
old2f   dd 0
handle  dw 0
heard   db 0
heard_ss dw 0
heard_ds dw 0
buf     times 128 db 0
        times 256 db 0
stack_top:
