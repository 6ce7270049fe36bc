; test: skip
; MSCDEX with a CD image on a drive (tests/drives/run.sh mounts one built in
; the run: an ISO 9660 data track with README.TXT, then audio track 2).
; Finds the drive (1500h, 150Bh, 150Ch), reads the primary volume
; descriptor (1505h) and a file through DOS, reads the disc's track table
; (1510h IOCTL input 0Ah/0Bh), plays track 2 for one second (84h, Red Book
; address), reads the Q-channel half a second in, checks the drive is no
; longer busy after the second, then stop (pause), resume, media changed,
; eject and close the tray. Exit code 0, or the failed check.
%include "check.inc"
        org 100h
        mov ax, 1500h                   ; installed, with a drive
        xor bx, bx
        int 2Fh
        cmp bx, 1
        FAIL_IF_NOT ae, 1
        mov [drive], cx
        mov ax, 150Bh                   ; it is a CD drive
        mov cx, [drive]
        int 2Fh
        cmp bx, 0ADADh
        FAIL_IF_NOT e, 2
        test ax, ax
        FAIL_IF_NOT nz, 3
        mov ax, 150Ch                   ; version 2.x
        int 2Fh
        cmp bh, 2
        FAIL_IF_NOT e, 4
        mov ax, 1505h                   ; the first volume descriptor: primary, CD001
        mov cx, [drive]
        xor dx, dx
        mov bx, sector
        int 2Fh
        FAIL_IF_NOT nc, 5
        cmp ax, 1
        FAIL_IF_NOT e, 6
        mov si, sector + 1
        mov di, cd001
        mov cx, 5
        repe cmpsb
        FAIL_IF_NOT e, 7
        mov al, [drive]                 ; the file through DOS
        add [path], al
        mov dx, path
        mov ax, 3D00h
        int 21h
        FAIL_IF_NOT nc, 8
        mov bx, ax
        mov dx, sector
        mov cx, 7
        mov ah, 3Fh
        int 21h
        FAIL_IF_NOT nc, 9
        mov si, sector
        mov di, content
        mov cx, 7
        repe cmpsb
        FAIL_IF_NOT e, 10
        mov ah, 3Eh
        int 21h
        mov byte [ctl], 0Ah             ; audio disk info: tracks 1 to 2
        call ioctl_in
        cmp word [ctl + 1], 0201h
        FAIL_IF_NOT e, 11
        mov byte [ctl], 0Bh             ; track 2: audio, its start
        mov byte [ctl + 1], 2
        call ioctl_in
        test byte [ctl + 6], 40h
        FAIL_IF_NOT z, 12
        mov ax, [ctl + 2]
        mov [play_start], ax
        mov ax, [ctl + 4]
        mov [play_start + 2], ax
        call play                       ; one second, Red Book address
        test word [req + 3], 8000h
        FAIL_IF_NOT z, 13
        test word [req + 3], 0200h      ; busy: playing
        FAIL_IF_NOT nz, 14
        mov cx, 7                       ; half a second
        mov dx, 0A120h
        mov ah, 86h
        int 15h
        mov byte [ctl], 0Ch             ; Q-channel: track 2, 00:00 and some frames in
        call ioctl_in
        test word [req + 3], 0200h
        FAIL_IF_NOT nz, 15
        cmp byte [ctl + 2], 2
        FAIL_IF_NOT e, 16
        cmp word [ctl + 4], 0
        FAIL_IF_NOT e, 17
        cmp byte [ctl + 6], 20
        FAIL_IF_NOT ae, 18
        cmp byte [ctl + 6], 60
        FAIL_IF_NOT be, 19
        mov cx, 0Fh                     ; one more second: the play has ended
        mov dx, 4240h
        mov ah, 86h
        int 15h
        mov byte [ctl], 06h
        call ioctl_in
        test word [req + 3], 0200h
        FAIL_IF_NOT z, 20
        test byte [ctl + 1], 01h        ; the door is closed
        FAIL_IF_NOT z, 21
        mov byte [ctl], 09h             ; media changed: no
        call ioctl_in
        cmp byte [ctl + 1], 1
        FAIL_IF_NOT e, 22
        call play                       ; play, stop: paused; resume: busy again
        mov byte [req + 2], 85h
        call request
        mov byte [ctl], 0Fh
        call ioctl_in
        test byte [ctl + 1], 1
        FAIL_IF_NOT nz, 23
        test word [req + 3], 0200h
        FAIL_IF_NOT z, 24
        mov byte [req + 2], 88h
        call request
        test word [req + 3], 0200h
        FAIL_IF_NOT nz, 25
        mov byte [req + 2], 85h         ; stop twice: not paused any more
        call request
        mov byte [req + 2], 85h
        call request
        mov byte [ctl], 0Fh
        call ioctl_in
        test byte [ctl + 1], 1
        FAIL_IF_NOT z, 26
        mov byte [ctl], 00h             ; eject: the door is open, reads fail
        call ioctl_out
        mov byte [ctl], 06h
        call ioctl_in
        test byte [ctl + 1], 01h
        FAIL_IF_NOT nz, 27
        mov ax, 1505h
        mov cx, [drive]
        xor dx, dx
        mov bx, sector
        int 2Fh
        FAIL_IF_NOT c, 28
        mov byte [ctl], 05h             ; close the tray: readable again
        call ioctl_out
        mov ax, 1505h
        mov cx, [drive]
        xor dx, dx
        mov bx, sector
        int 2Fh
        FAIL_IF_NOT nc, 29
        EXIT 0

play:                                   ; play one second of track 2
        mov byte [req + 2], 84h
        mov byte [req + 0Dh], 1
        mov ax, [play_start]
        mov [req + 0Eh], ax
        mov ax, [play_start + 2]
        mov [req + 10h], ax
        mov word [req + 12h], 75
        mov word [req + 14h], 0
        jmp request

ioctl_out:                              ; IOCTL output of the control block at ctl
        mov byte [req + 2], 0Ch
        jmp ioctl_common

ioctl_in:                               ; IOCTL input of the control block at ctl
        mov byte [req + 2], 3
ioctl_common:
        mov word [req + 0Eh], ctl
        mov [req + 10h], ds
        mov word [req + 12h], 16
request:                                ; send req to the drive (1510h)
        mov byte [req], 1Ah
        mov word [req + 3], 0
        push ds
        pop es
        mov bx, req
        mov cx, [drive]
        mov ax, 1510h
        int 2Fh
        FAIL_IF_NOT nc, 30
        test word [req + 3], 8000h
        FAIL_IF_NOT z, 31
        ret

drive:      dw 0
play_start: dd 0
path:       db "A:\README.TXT", 0
cd001:      db "CD001"
content:    db "cd file"
req:        times 32 db 0
ctl:        times 16 db 0
sector:     times 2048 db 0
