; test: exit=0
; A divide error without a handler of the program's own: DOS's INT 0
; prints "Divide overflow" and ends the program (as MS-DOS does; the
; return code is 0 with termination type 1, like Ctrl-C). Nothing after
; the DIV runs.
%include "check.inc"
        org 100h
        PRINT before
        xor cx, cx
        div cx
        PRINT after
        EXIT 7
before  db 'before$'
after   db 'after$'
