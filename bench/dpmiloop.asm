; make bench (bench/dpmi.sh): the same CPU-bound 32-bit loop in real mode
; (rm) and in a 32-bit DPMI client (pm), and the cost of becoming a DPMI
; client (start: enter protected mode, then exit; none: exit at once).
; The argument picks the run; the loop's data sits a page away from code.
%include "check.inc"
%include "dpmi.inc"
        org 100h
LOOPS   equ 50000000
        mov al, [81h + 1]               ; first letter of the argument
        cmp al, 'n'
        je done
        cmp al, 'r'
        je real
        DPMI_ENTER 1
        cmp byte [81h + 1], 's'         ; DS = our segment: the PSP is there too
        je done
        GO32 code32
real:   mov ecx, LOOPS
        call loop16
        EXIT 0
done:   EXIT 0
loop16:
        mov eax, 12345678h
        mov ebx, 9ABCDEFh
.l:     add eax, ebx
        xor ebx, eax
        rol eax, 3
        add [counter], eax
        dec ecx
        jnz .l
        ret
        bits 32
code32:
        mov ax, [sel_data32]
        mov ds, ax
        mov ss, ax
        mov ecx, LOOPS
        mov eax, 12345678h
        mov ebx, 9ABCDEFh
.l:     add eax, ebx
        xor ebx, eax
        rol eax, 3
        add [counter], eax
        dec ecx
        jnz .l
        EXIT 0
        bits 16
        times 4096 db 0
counter dd 0
        DPMI_TAIL
