"""SIGTERM while a program runs in a terminal (tests/cli/run.sh): unidos runs
PROGRAM on a pseudo-terminal (so it puts the terminal in raw mode to read
keys), the test waits until the program has written FILE, sends SIGTERM, and
prints what a user would check: how unidos ended (it must exit 143 itself,
not die by the signal), whether the terminal's modes came back, and what
unidos said on stderr.
usage: sigterm.py UNIDOS PROGRAM DIR FILE   (prints "exit=N modes=same|changed")"""
import fcntl
import os
import pty
import signal
import sys
import termios
import time


def main():
    unidos, prog, work, wanted = sys.argv[1:5]
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        os.chdir(work)
        err = os.open("err.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(slave, 0)
        os.dup2(slave, 1)
        os.dup2(err, 2)
        os.execv(unidos, [unidos, prog])
    os.set_blocking(master, False)
    deadline = time.time() + 10
    path = os.path.join(work, wanted)
    while time.time() < deadline and not (os.path.exists(path) and os.path.getsize(path)):
        try:
            os.read(master, 4096)
        except (BlockingIOError, OSError):
            pass
        time.sleep(0.05)
    time.sleep(0.2)
    os.kill(pid, signal.SIGTERM)
    _, status = os.waitpid(pid, 0)
    after = termios.tcgetattr(slave)
    if os.WIFEXITED(status):
        how = "exit=%d" % os.WEXITSTATUS(status)
    else:
        how = "killed-by=%d" % os.WTERMSIG(status)
    print("%s modes=%s" % (how, "same" if before == after else "changed"))


main()
