; test: exit=0
; FCB functions of DOS 1: parse (29h), create, sequential write and read
; across a block boundary, close, open, random read/write, set random
; record, file size, block read/write (and truncation with CX=0), a
; partial last record, search with an extended FCB, rename with '?', delete
; with wildcards.
%include "check.inc"
        org 100h
CUR_BLOCK equ 0Ch
REC_SIZE  equ 0Eh
FILE_SIZE equ 10h
CUR_REC   equ 20h
RANDOM    equ 21h
        ; 29h: skip leading blanks, drive, '*' and '?' give AL=1
        mov si, text1
        mov di, pfcb
        mov ax, 2901h
        int 21h
        cmp al, 1
        FAIL_IF_NOT e, 1
        cmp byte [pfcb], 3
        FAIL_IF_NOT e, 2
        push si
        mov si, pfcb + 1
        mov di, want1
        mov cx, 11
        repe cmpsb
        FAIL_IF_NOT e, 3
        pop si
        cmp byte [si], ' '              ; DS:SI stops after the name
        FAIL_IF_NOT e, 4
        mov si, text2                   ; an unknown drive: AL=FFh
        mov di, pfcb
        mov ax, 2900h
        int 21h
        cmp al, 0FFh
        FAIL_IF_NOT e, 5
        ; 16h create, record size 16, three sequential records
        mov dx, fcb
        mov ah, 16h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 6
        cmp byte [fcb], 3               ; the default drive filled in
        FAIL_IF_NOT e, 7
        cmp word [fcb + REC_SIZE], 128
        FAIL_IF_NOT e, 8
        mov word [fcb + REC_SIZE], 16
        mov byte [fcb + CUR_REC], 0
        mov si, recA
        call seqwrite
        mov si, recB
        call seqwrite
        mov si, recC
        call seqwrite
        cmp word [fcb + FILE_SIZE], 48
        FAIL_IF_NOT e, 9
        mov dx, fcb
        mov ah, 10h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 10
        ; 0Fh open, read them back in order, then end of file
        mov byte [fcb], 0
        mov dx, fcb
        mov ah, 0Fh
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 11
        cmp word [fcb + FILE_SIZE], 48
        FAIL_IF_NOT e, 12
        mov word [fcb + REC_SIZE], 16
        mov byte [fcb + CUR_REC], 0
        mov dx, dta
        mov ah, 1Ah
        int 21h
        mov bl, 'A'
        call seqread
        mov bl, 'B'
        call seqread
        mov bl, 'C'
        call seqread
        mov dx, fcb
        mov ah, 14h
        int 21h
        cmp al, 1
        FAIL_IF_NOT e, 13
        ; 21h random read of record 1; the current record follows it
        mov word [fcb + RANDOM], 1
        mov word [fcb + RANDOM + 2], 0
        mov dx, fcb
        mov ah, 21h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 14
        cmp byte [dta], 'B'
        FAIL_IF_NOT e, 15
        cmp byte [fcb + CUR_REC], 1
        FAIL_IF_NOT e, 16
        ; 22h random write of record 3
        mov si, recD
        mov di, dta
        mov cx, 16
        rep movsb
        mov word [fcb + RANDOM], 3
        mov dx, fcb
        mov ah, 22h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 17
        cmp word [fcb + FILE_SIZE], 64
        FAIL_IF_NOT e, 18
        ; 24h: random record from block 2, record 5
        mov word [fcb + CUR_BLOCK], 2
        mov byte [fcb + CUR_REC], 5
        mov dx, fcb
        mov ah, 24h
        int 21h
        cmp word [fcb + RANDOM], 2 * 128 + 5
        FAIL_IF_NOT e, 19
        ; 23h: size in records, rounded up
        mov word [fcb + REC_SIZE], 10
        mov dx, fcb
        mov ah, 23h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 20
        cmp word [fcb + RANDOM], 7      ; 64 bytes / 10
        FAIL_IF_NOT e, 21
        ; 27h block read of 4 records from 0
        mov word [fcb + REC_SIZE], 16
        mov word [fcb + RANDOM], 0
        mov cx, 4
        mov dx, fcb
        mov ah, 27h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 22
        cmp cx, 4
        FAIL_IF_NOT e, 23
        cmp word [fcb + RANDOM], 4
        FAIL_IF_NOT e, 24
        cmp byte [dta + 48], 'D'
        FAIL_IF_NOT e, 25
        ; 28h with CX=0 at record 2: the file ends there
        mov word [fcb + RANDOM], 2
        xor cx, cx
        mov dx, fcb
        mov ah, 28h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 26
        cmp word [fcb + FILE_SIZE], 32
        FAIL_IF_NOT e, 27
        ; a last record read partly is padded with zeros, AL=3
        mov word [fcb + REC_SIZE], 20
        mov word [fcb + RANDOM], 1
        mov byte [dta + 15], 0FFh
        mov dx, fcb
        mov ah, 21h
        int 21h
        cmp al, 3
        FAIL_IF_NOT e, 28
        cmp byte [dta], 'B'             ; bytes 20..31 of the file
        FAIL_IF_NOT e, 29
        cmp byte [dta + 15], 0
        FAIL_IF_NOT e, 30
        ; sequential writes roll over into the next block
        mov word [fcb + REC_SIZE], 1
        mov word [fcb + CUR_BLOCK], 0
        mov byte [fcb + CUR_REC], 127
        mov dx, fcb
        mov ah, 15h
        int 21h
        cmp word [fcb + CUR_BLOCK], 1
        FAIL_IF_NOT e, 31
        cmp byte [fcb + CUR_REC], 0
        FAIL_IF_NOT e, 32
        mov dx, fcb
        mov ah, 10h
        int 21h
        ; 11h with an extended FCB: the DTA gets an extended FCB back
        mov dx, xfind
        mov ah, 11h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 33
        cmp byte [dta], 0FFh
        FAIL_IF_NOT e, 34
        cmp byte [dta + 7], 3           ; drive C:
        FAIL_IF_NOT e, 35
        mov si, dta + 8
        mov di, fname
        mov cx, 11
        repe cmpsb
        FAIL_IF_NOT e, 36
        mov dx, xfind
        mov ah, 12h
        int 21h
        cmp al, 0FFh
        FAIL_IF_NOT e, 37
        ; 17h rename with '?': FCBTEST.DAT -> FCBTESX.DAT
        mov dx, ren
        mov ah, 17h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 38
        mov dx, newname
        mov ax, 3D00h
        int 21h
        FAIL_IF_NOT nc, 39
        mov bx, ax
        mov ah, 3Eh
        int 21h
        ; 13h delete with wildcards, then nothing is found
        mov dx, delf
        mov ah, 13h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 40
        mov dx, xfind
        mov ah, 11h
        int 21h
        cmp al, 0FFh
        FAIL_IF_NOT e, 41
        mov dx, fcb                     ; open of a missing file: AL=FFh
        mov ah, 0Fh
        int 21h
        cmp al, 0FFh
        FAIL_IF_NOT e, 42
        EXIT 0

; write the 16 bytes at SI as the next record
seqwrite:
        mov di, dta
        mov cx, 16
        rep movsb
        mov dx, dta
        mov ah, 1Ah
        int 21h
        mov dx, fcb
        mov ah, 15h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 50
        ret
; read the next record, which must start with BL
seqread:
        mov dx, fcb
        mov ah, 14h
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 51
        cmp [dta], bl
        FAIL_IF_NOT e, 52
        ret

text1   db '  c:test*.d?t rest', 13
want1   db 'TEST????D?T'
text2   db 'Q:X', 13
pfcb    times 37 db 0
fcb     db 0, 'FCBTEST DAT'
        times 37 - 12 db 0
fname   db 'FCBTEST DAT'
xfind   db 0FFh, 0, 0, 0, 0, 0, 0       ; extended FCB, attribute 0
        db 0, 'FCB?????DAT'
        times 37 - 12 db 0
ren     db 0, 'FCBTEST DAT'
        times 4 db 0
        db 0, '??????X????'
        times 37 - 28 db 0
newname db 'FCBTESX.DAT', 0
delf    db 0, 'FCB?????DAT'
        times 37 - 12 db 0
recA    times 16 db 'A'
recB    times 16 db 'B'
recC    times 16 db 'C'
recD    times 16 db 'D'
dta     times 128 db 0
