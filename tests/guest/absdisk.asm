; test: skip
; Raw sector access on a 1.44 MB floppy image mounted as A: with C: a host
; directory (run by tests/drives/run.sh): INT 25h reads the boot sector,
; INT 26h writes it back, INT 13h reads it by CHS and reports the geometry,
; INT 21h 32h gives the DPB, 440Dh/0860h the BPB and 440Dh/0861h reads a track; INT 25h on the host
; directory answers "unknown unit". Exit code 0, or the failed check.
%include "check.inc"
        org 100h
        mov al, 0                       ; INT 25h: A: sector 0
        mov cx, 1
        xor dx, dx
        mov bx, buf
        int 25h
        pop dx                          ; the flags it left on the stack
        FAIL_IF_NOT nc, 1
        cmp word [buf + 510], 0AA55h
        FAIL_IF_NOT e, 2
        cmp word [buf + 0Bh], 512
        FAIL_IF_NOT e, 3
        mov al, 0                       ; INT 26h: the same bytes back
        mov cx, 1
        xor dx, dx
        mov bx, buf
        int 26h
        pop dx
        FAIL_IF_NOT nc, 4
        mov di, buf2                    ; INT 13h 02h: cylinder 0, head 0, sector 1
        mov ax, 0201h
        mov cx, 0001h
        xor dx, dx
        push ds
        pop es
        mov bx, buf2
        int 13h
        FAIL_IF_NOT nc, 5
        cmp al, 1
        FAIL_IF_NOT e, 6
        mov si, buf
        mov di, buf2
        mov cx, 256
        repe cmpsw
        FAIL_IF_NOT e, 7
        mov ah, 08h                     ; INT 13h 08h: 1.44 MB, 18 sectors, 80 cylinders
        xor dx, dx
        int 13h
        FAIL_IF_NOT nc, 8
        cmp bl, 4
        FAIL_IF_NOT e, 9
        and cl, 3Fh
        cmp cl, 18
        FAIL_IF_NOT e, 10
        cmp ch, 79
        FAIL_IF_NOT e, 11
        mov ah, 15h                     ; a floppy with a change line
        xor dx, dx
        int 13h
        cmp ah, 2
        FAIL_IF_NOT e, 12
        mov al, 2                       ; INT 25h on C:, a host directory: unknown unit
        mov cx, 1
        xor dx, dx
        mov bx, buf
        int 25h
        pop dx
        FAIL_IF_NOT c, 13
        cmp al, 1
        FAIL_IF_NOT e, 14
        push ds
        mov ah, 32h                     ; the DPB of A:
        mov dl, 1
        int 21h
        mov si, bx
        mov bx, ds
        pop ds
        cmp al, 0
        FAIL_IF_NOT e, 15
        push ds
        mov ds, bx
        mov ax, [si + 2]                ; bytes per sector
        mov bl, [si + 17h]              ; media byte (DOS 4+ layout)
        pop ds
        cmp ax, 512
        FAIL_IF_NOT e, 16
        cmp bl, 0F0h
        FAIL_IF_NOT e, 17
        mov ax, 440Dh                   ; generic IOCTL: device parameters of A:
        mov bl, 1
        mov cx, 0860h
        mov dx, params
        int 21h
        FAIL_IF_NOT nc, 18
        cmp byte [params + 1], 7        ; a 1.44 MB drive
        FAIL_IF_NOT e, 19
        cmp word [params + 7 + 0Dh], 18 ; BPB: sectors per track
        FAIL_IF_NOT e, 20
        mov ax, 4411h                   ; 440Dh/0861h is supported on the image
        mov bl, 1
        mov cx, 0861h
        int 21h
        FAIL_IF_NOT nc, 21
        mov word [track + 9], buf2      ; read track: head 0, cylinder 0, sector 0, 1 sector
        mov [track + 11], ds
        mov ax, 440Dh
        mov bl, 1
        mov cx, 0861h
        mov dx, track
        int 21h
        FAIL_IF_NOT nc, 22
        push ds                         ; INT 13h 08h pointed ES at the ROM
        pop es
        mov si, buf
        mov di, buf2
        mov cx, 256
        repe cmpsw
        FAIL_IF_NOT e, 23
        mov ax, 4411h                   ; not on the host directory C:
        mov bl, 3
        mov cx, 0861h
        int 21h
        FAIL_IF_NOT c, 24
        EXIT 0

track:  db 0
        dw 0, 0, 0, 1
        dd 0

params: times 40 db 0
buf:    times 512 db 0
buf2:   times 512 db 0
