; test: exit=0
; test: flags=--dos-version 2.0
; fcbdev.asm with DOS 2's layout of the reserved bytes.
%include "fcbdev.asm"
