; test: exit=0
; Directories and drives: mkdir, chdir, get curdir, rmdir (refusing non-empty
; and current directories), drive selection, free space.
%include "check.inc"
        org 100h
        mov dx, d1                      ; mkdir TOP, TOP\LOW
        mov ah, 39h
        int 21h
        FAIL_IF_NOT nc, 1
        mov ah, 39h                     ; again: access denied
        int 21h
        FAIL_IF_NOT c, 2
        cmp ax, 5
        FAIL_IF_NOT e, 3
        mov dx, d2
        mov ah, 39h
        int 21h
        FAIL_IF_NOT nc, 4
        mov dx, d2                      ; chdir, 47h shows it
        mov ah, 3Bh
        int 21h
        FAIL_IF_NOT nc, 5
        mov si, buf
        xor dl, dl
        mov ah, 47h
        int 21h
        FAIL_IF_NOT nc, 6
        mov si, buf
        mov di, curdir
        mov cx, curdir_len
        repe cmpsb
        FAIL_IF_NOT e, 7
        mov dx, d2                      ; rmdir of the current directory: 16
        mov ah, 3Ah
        int 21h
        FAIL_IF_NOT c, 8
        cmp ax, 16
        FAIL_IF_NOT e, 9
        mov dx, up                      ; ".." goes up one
        mov ah, 3Bh
        int 21h
        FAIL_IF_NOT nc, 10
        mov si, buf
        xor dl, dl
        mov ah, 47h
        int 21h
        cmp word [buf], 'TO'
        FAIL_IF_NOT e, 26
        cmp word [buf + 2], 'P'
        FAIL_IF_NOT e, 27
        mov dx, root
        mov ah, 3Bh
        int 21h
        mov dx, d1                      ; TOP is not empty: 5
        mov ah, 3Ah
        int 21h
        FAIL_IF_NOT c, 11
        cmp ax, 5
        FAIL_IF_NOT e, 12
        mov dx, missing                 ; chdir to a missing directory: 3
        mov ah, 3Bh
        int 21h
        FAIL_IF_NOT c, 13
        cmp ax, 3
        FAIL_IF_NOT e, 14
        mov dx, d2
        mov ah, 3Ah
        int 21h
        FAIL_IF_NOT nc, 15
        mov dx, d1
        mov ah, 3Ah
        int 21h
        FAIL_IF_NOT nc, 16
        mov ah, 19h                     ; current drive is C:
        int 21h
        cmp al, 2
        FAIL_IF_NOT e, 17
        mov dl, 24                      ; selecting a missing drive (Y:) keeps C:
        mov ah, 0Eh
        int 21h
        mov ah, 19h
        int 21h
        cmp al, 2
        FAIL_IF_NOT e, 18
        mov dl, 3                       ; 36h on C: (DL=3)
        mov ah, 36h
        int 21h
        cmp ax, 0FFFFh
        FAIL_IF_NOT ne, 19
        cmp cx, 512
        FAIL_IF_NOT e, 20
        cmp bx, dx                      ; free <= total
        FAIL_IF_NOT be, 21
        mov dl, 25                      ; Y: does not exist (Z: holds the shell)
        mov ah, 36h
        int 21h
        cmp ax, 0FFFFh
        FAIL_IF_NOT e, 22
        mov ax, 4408h                   ; C: is not removable
        mov bl, 3
        int 21h
        FAIL_IF_NOT nc, 23
        cmp ax, 1
        FAIL_IF_NOT e, 24
        mov ax, 4409h                   ; and local
        mov bl, 3
        int 21h
        test dx, 1000h
        FAIL_IF_NOT z, 25
        EXIT 0
d1      db '\TOP', 0
d2      db '\TOP\LOW', 0
curdir     db 'TOP\LOW', 0
curdir_len equ $ - curdir
up      db '..', 0
root    db '\', 0
missing db 'NOSUCH', 0
buf     times 70 db 0
