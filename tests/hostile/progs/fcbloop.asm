; Opens 300 files through FCBs without closing them (DOS reuses the oldest
; FCB file when its table is full), then reads from the first FCB again.
; Exit 0 when every open worked; 1 + n when open n failed.
        org 100h
        mov cx, 300
.next:  push cx
        mov dx, fcb
        mov ah, 16h             ; create FCB file FCBnnn.TMP
        int 21h
        pop cx
        or al, al
        jnz fail
        inc byte [fcb + 6]
        cmp byte [fcb + 6], '9'
        jbe .ok
        mov byte [fcb + 6], '0'
        inc byte [fcb + 5]
        cmp byte [fcb + 5], '9'
        jbe .ok
        mov byte [fcb + 5], '0'
        inc byte [fcb + 4]
.ok:    loop .next
        mov ax, 4C00h
        int 21h
fail:   mov ax, 300
        sub ax, cx
        inc ax
        mov ah, 4Ch
        int 21h
fcb     db 0, 'FCB000  TMP'
        times 25 db 0
