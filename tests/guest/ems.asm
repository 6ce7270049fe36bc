; test: exit=0
; EMS 4.0: detection both classic ways (open EMMXXXX0 + IOCTL; the name at
; INT 67h's segment:000Ah), allocate 8 pages, map four pages, write marks,
; map four others over them, map the first four back and find the marks;
; save/restore the map (47h/48h), names (53h/54h), deallocate.
%include "check.inc"
        org 100h
        mov ax, 3D00h                   ; open "EMMXXXX0"
        mov dx, emmname
        int 21h
        FAIL_IF_NOT nc, 1
        mov bx, ax
        mov ax, 4400h                   ; a device
        int 21h
        test dl, 80h
        FAIL_IF_NOT nz, 2
        mov ax, 4407h                   ; output status: ready
        int 21h
        cmp al, 0FFh
        FAIL_IF_NOT e, 3
        mov ah, 3Eh
        int 21h
        mov ax, 3567h                   ; the name at ES:000Ah
        int 21h
        mov di, 0Ah
        mov si, emmname
        mov cx, 8
        repe cmpsb
        FAIL_IF_NOT e, 4
        push cs
        pop es

        mov ah, 40h
        int 67h
        cmp ah, 0
        FAIL_IF_NOT e, 5
        mov ah, 46h
        int 67h
        cmp al, 40h
        FAIL_IF_NOT e, 6
        mov ah, 41h
        int 67h
        mov [frame], bx
        cmp bx, 0E000h
        FAIL_IF_NOT e, 7
        mov ah, 42h
        int 67h
        cmp bx, 8
        FAIL_IF_NOT ae, 8
        mov ah, 43h                     ; 8 pages
        mov bx, 8
        int 67h
        cmp ah, 0
        FAIL_IF_NOT e, 9
        mov [handle], dx

        mov fs, [frame]
        mov bp, 0                       ; logical 0-3, then 4-7, into phys 0-3
.round: mov cx, 0
.map:   mov ax, 4400h
        add al, cl                      ; AL = physical page
        mov bx, bp
        add bx, cx                      ; BX = logical page
        mov dx, [handle]
        int 67h
        cmp ah, 0
        FAIL_IF_NOT e, 10
        mov di, cx
        shl di, 14                      ; page base in the frame
        mov [fs:di], bx                 ; mark: the logical number
        mov [fs:di + 3FFEh], bx
        inc cx
        cmp cx, 4
        jb .map
        add bp, 4
        cmp bp, 8
        jb .round

        mov ah, 47h                     ; save the map (pages 4-7 mapped)
        mov dx, [handle]
        int 67h
        cmp ah, 0
        FAIL_IF_NOT e, 11
        mov cx, 0                       ; back to 0-3: the marks survived
.back:  mov ax, 4400h
        add al, cl
        mov bx, cx
        mov dx, [handle]
        int 67h
        mov di, cx
        shl di, 14
        cmp [fs:di], cx
        FAIL_IF_NOT e, 12
        cmp [fs:di + 3FFEh], cx
        FAIL_IF_NOT e, 13
        inc cx
        cmp cx, 4
        jb .back
        mov ah, 48h                     ; restore: 4-7 are visible again
        mov dx, [handle]
        int 67h
        cmp word [fs:0], 4
        FAIL_IF_NOT e, 14
        cmp word [fs:0C000h], 7
        FAIL_IF_NOT e, 15

        mov ax, 5301h                   ; name the handle, find it by name
        mov dx, [handle]
        mov si, myname
        int 67h
        mov ax, 5401h
        mov si, myname
        int 67h
        cmp ah, 0
        FAIL_IF_NOT e, 16
        cmp dx, [handle]
        FAIL_IF_NOT e, 17
        mov ah, 45h
        mov dx, [handle]
        int 67h
        cmp ah, 0
        FAIL_IF_NOT e, 18
        mov ah, 45h                     ; gone: invalid handle
        mov dx, [handle]
        int 67h
        cmp ah, 83h
        FAIL_IF_NOT e, 19
        EXIT 0
emmname db 'EMMXXXX0', 0
myname  db 'UNIDOS', 0, 0
frame   dw 0
handle  dw 0
