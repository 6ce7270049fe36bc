; test: exit=0
; test: flags=--dos-version 3.30
; --dos-version sets what 30h reports (AL.AH) and 3306h's true version.
%include "check.inc"
        org 100h
        mov ah, 30h
        int 21h
        cmp ax, 1E03h                   ; 3.30
        FAIL_IF_NOT e, 1
        mov ax, 3306h
        int 21h
        cmp bx, 1E03h
        FAIL_IF_NOT e, 2
        EXIT 0
