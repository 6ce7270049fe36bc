; test: skip
; Child of exec2: exits with 11h after some work at the load address.
        org 100h
        mov cx, 100
.l:     loop .l
        mov ax, 4C11h
        int 21h
