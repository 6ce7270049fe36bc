#!/usr/bin/env python3
"""Compare unidos builds on one DOS program, taking turns run by run.

On a loaded machine hyperfine's wall-time means swing by +-25 %. Here the
builds run alternately (one run each in a row), and each child's CPU time
(user + system, from getrusage) is read, so that load from elsewhere falls
on all builds alike and mostly out of the figures.

    python3 bench/turns.py RUNS BIN_A [BIN_B ...]

Each build gets its own C: drive, /dev/shm/fN (N: its place on the line).
PROG (default /tmp/FILES.COM, from bench/files.asm) is the program. Three
warm-up rounds are not counted. Printed per build: median and fastest
wall and CPU time (ms), and BIN_A's medians over this build's.
"""
import os
import resource
import statistics
import subprocess
import sys
import time

WARMUP = 3


def one_run(binary, drive, prog):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([binary, "-q", "-m", "c=" + drive, prog], stdout=subprocess.DEVNULL,
                   check=False)
    wall = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main():
    runs, bins = int(sys.argv[1]), sys.argv[2:]
    prog = os.environ.get("PROG", "/tmp/FILES.COM")
    seen = {b: ([], []) for b in bins}
    for i in range(runs + WARMUP):
        for k, b in enumerate(bins):
            drive = "/dev/shm/f%d" % k
            os.makedirs(drive, exist_ok=True)
            wall, cpu = one_run(b, drive, prog)
            if i >= WARMUP:
                seen[b][0].append(wall)
                seen[b][1].append(cpu)
    base = None
    for b in bins:
        walls, cpus = seen[b]
        mw, mc = statistics.median(walls), statistics.median(cpus)
        base = base or (mw, mc)
        print("%-28s wall med %6.1f min %6.1f  cpu med %6.1f min %6.1f   "
              "ratio(wall med) %.2f  ratio(cpu med) %.2f"
              % (b, mw, min(walls), mc, min(cpus), base[0] / mw, base[1] / mc))


if __name__ == "__main__":
    main()
