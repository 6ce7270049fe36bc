; test: exit=0
; An INT 21h function MS-DOS 5 does not have returns as MS-DOS's
; dispatcher does (DOS/DISP.ASM, BADCALL): AL=0, AH and CF untouched, no
; error recorded for 59h. The long-name functions (71xxh) answer AX=7100h
; with CF set, even after CLC, as DOS without Windows does (FreeDOS FC
; took error 1 for a failed long-name call). A real error is still
; reported with CF and AX.
%include "check.inc"
        org 100h
        mov dx, nofile                  ; a real error: path not found
        mov ax, 3D00h
        int 21h
        FAIL_IF_NOT c, 1
        cmp ax, 3
        FAIL_IF_NOT e, 2
        mov ax, 0FE55h                  ; no such function, CF clear: stays clear
        clc
        int 21h
        FAIL_IF_NOT nc, 3
        cmp ax, 0FE00h
        FAIL_IF_NOT e, 4
        mov ax, 7160h                   ; the LFN probe: CF set, AX=7100h
        stc
        int 21h
        FAIL_IF_NOT c, 5
        cmp ax, 7100h
        FAIL_IF_NOT e, 6
        mov ax, 7147h                   ; long-name "get current directory"
        clc
        int 21h
        FAIL_IF_NOT c, 9
        cmp ax, 7100h
        FAIL_IF_NOT e, 10
        mov ah, 59h                     ; the last error is still the open's
        xor bx, bx
        int 21h
        cmp ax, 3
        FAIL_IF_NOT e, 7
        mov ah, 18h                     ; a CP/M placeholder inside the table: AL=0
        mov al, 77h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 8
        EXIT 0
nofile  db 'NO\SUCH\FILE.TXT', 0
