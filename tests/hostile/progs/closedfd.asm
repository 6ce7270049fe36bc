; Attack: started with stdin and stdout closed (unidos PROG <&- >&-), the
; first host files the program opens became descriptors 0 and 1: its
; console output went into OUT.TXT and handle 0 read IN.TXT. Opens IN.TXT,
; creates OUT.TXT and writes "file data" to it, prints to the console,
; reads handle 0; exits with the number of bytes handle 0 gave (0: the
; null device) or 255 when a file call failed.
        org 100h
        mov dx, inname
        mov ax, 3D00h
        int 21h
        jc fail
        mov [inh], ax
        mov dx, outname
        xor cx, cx
        mov ah, 3Ch
        int 21h
        jc fail
        mov [outh], ax
        mov bx, ax
        mov dx, data
        mov cx, datalen
        mov ah, 40h
        int 21h
        jc fail
        mov dx, console
        mov ah, 9
        int 21h
        xor bx, bx
        mov dx, buf
        mov cx, 16
        mov ah, 3Fh
        int 21h
        jc fail
        push ax
        mov bx, [outh]
        mov ah, 3Eh
        int 21h
        mov bx, [inh]
        mov ah, 3Eh
        int 21h
        pop ax
        mov ah, 4Ch
        int 21h
fail:   mov ax, 4CFFh
        int 21h
inname  db 'IN.TXT', 0
outname db 'OUT.TXT', 0
data    db 'file data'
datalen equ $ - data
console db 'console text that must not land in a file', 13, 10, '$'
inh     dw 0
outh    dw 0
buf     times 16 db 0
