; test: skip
; Child of exec2: same length and shape as childa, different code.
        org 100h
        mov cx, 100
.l:     loop .l
        mov ax, 4C22h
        int 21h
