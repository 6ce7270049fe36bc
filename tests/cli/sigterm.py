"""SIGTERM while a program runs in a terminal (tests/cli/run.sh): unidos runs
PROGRAM on a pseudo-terminal (so it puts the terminal in raw mode to read
keys), the test waits until the program has written FILE, sends SIGTERM, and
prints what a user would check: how unidos ended (it must exit 143 itself,
not die by the signal), whether the terminal's modes came back, and what
unidos said on stderr.

unidos runs in a session of its own (the terminal's), so a kill of the test's
process group does not reach it: this script kills it itself on every way out
(unidos not ending after SIGTERM, this script stopped by a signal, an error),
and unidos has a --timeout of its own besides.
usage: sigterm.py UNIDOS PROGRAM DIR FILE
prints "exit=N modes=same|changed", or "hung ..." when unidos did not end"""
import fcntl
import os
import pty
import signal
import sys
import termios
import time

WRITE_WAIT_S = 20  # for PROGRAM to write FILE (slow sanitizer builds)
END_WAIT_S = 20  # for unidos to end after SIGTERM
OWN_TIMEOUT_S = 120  # unidos's --timeout: it never outlives a lost test


class Stopped(Exception):
    pass


def on_signal(signum, _frame):
    raise Stopped("stopped by signal %d" % signum)


def start(unidos, prog, work, slave):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        os.chdir(work)
        err = os.open("err.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(slave, 0)
        os.dup2(slave, 1)
        os.dup2(err, 2)
        os.execv(unidos, [unidos, "--timeout", str(OWN_TIMEOUT_S), prog])
    return pid


def wait_for_file(master, path):
    deadline = time.time() + WRITE_WAIT_S
    while time.time() < deadline and not (os.path.exists(path) and os.path.getsize(path)):
        try:
            os.read(master, 4096)
        except OSError:
            pass
        time.sleep(0.05)


def wait_for_end(pid):
    deadline = time.time() + END_WAIT_S
    while time.time() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    return None


def main():
    unidos, prog, work, wanted = sys.argv[1:5]
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, on_signal)
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    pid = start(unidos, prog, work, slave)
    ended = False
    try:
        os.set_blocking(master, False)
        wait_for_file(master, os.path.join(work, wanted))
        time.sleep(0.2)
        os.kill(pid, signal.SIGTERM)
        status = wait_for_end(pid)
        if status is None:
            print("hung: unidos still running %d s after SIGTERM (killed)" % END_WAIT_S)
            return 1
        ended = True
        after = termios.tcgetattr(slave)
        if os.WIFEXITED(status):
            how = "exit=%d" % os.WEXITSTATUS(status)
        else:
            how = "killed-by=%d" % os.WTERMSIG(status)
        print("%s modes=%s" % (how, "same" if before == after else "changed"))
        return 0
    finally:
        if not ended:
            try:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass


try:
    sys.exit(main())
except Stopped as e:
    print(str(e))
    sys.exit(1)
