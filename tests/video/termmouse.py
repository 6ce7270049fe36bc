#!/usr/bin/env python3
"""The xterm mouse path end to end: unidos --ui term in a pseudo-terminal
of 80x25, a text-mode program that waits for a click; once unidos turns on
mouse reporting (CSI ? 1000 h and SGR 1006), the test sends what xterm
sends for a left click on column 31, row 6 and expects the program to see
it at virtual x = 30 * 8 (its exit status is the column, 30).
usage: termmouse.py UNIDOS MOUSEPAD.COM"""
import fcntl, os, pty, select, struct, sys, termios, time

def main():
    unidos, prog = sys.argv[1], sys.argv[2]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ['TERM'] = 'xterm'
        os.execv(unidos, [unidos, '--ui', 'term', '--timeout', '30', prog])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 25, 80, 0, 0))
    seen, sent, deadline = b'', False, time.time() + 20
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:             # the child closed the terminal: it exited
                break
            if not data:
                break
            seen += data
        if not sent and b'\x1b[?1006h' in seen:
            time.sleep(0.3)
            os.write(fd, b'\x1b[<0;31;6M')
            time.sleep(0.1)
            os.write(fd, b'\x1b[<0;31;6m')
            sent = True
    else:
        os.kill(pid, 9)
        print('timed out; mouse reporting', 'on' if sent else 'off')
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    print('mouse reporting', 'turned on' if sent else 'never turned on', '- exit status', code)
    off = b'\x1b[?1006l' in seen
    if not off:
        print('mouse reporting was not turned off at exit')
    return 0 if sent and code == 30 and off else 1

sys.exit(main())
