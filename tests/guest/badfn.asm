; test: exit=0
; test: flags=--quiet
; An unimplemented INT 21h function fails with CF set and error 1 (not a
; crash, not a fake success); 59h then reports error 1 too. The long-name
; functions (71xxh) answer AX=7100h with CF set, as DOS without Windows
; does: FreeDOS FC took error 1 for a failed long-name call.
%include "check.inc"
        org 100h
        mov ax, 0FE00h
        stc
        clc
        int 21h
        FAIL_IF_NOT c, 1
        cmp ax, 1
        FAIL_IF_NOT e, 2
        mov ah, 59h
        xor bx, bx
        int 21h
        cmp ax, 1
        FAIL_IF_NOT e, 3
        mov ax, 7147h                   ; long-name "get current directory"
        clc
        int 21h
        FAIL_IF_NOT c, 6
        cmp ax, 7100h
        FAIL_IF_NOT e, 7
        mov dx, nofile                  ; a real error: path not found
        mov ax, 3D00h
        int 21h
        FAIL_IF_NOT c, 4
        cmp ax, 3
        FAIL_IF_NOT e, 5
        EXIT 0
nofile  db 'NO\SUCH\FILE.TXT', 0
