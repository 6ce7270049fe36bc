#!/bin/sh
# make bench, screen text: the CPU cost of --screen-text stream (the
# default with stdout a file) against off, on programs writing 100,000
# characters through INT 10h: teletype output after one cursor move
# (ttyout.asm) and 09h with a cursor move per character, scrolled by 06h
# (cellout.asm). CPU time (user + system) of each run, stdout to a file,
# the two modes alternating; best and median of RUNS. Reports, never fails.
# Usage: bench/screentext.sh UNIDOS
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
RUNS=${RUNS:-30}
for p in ttyout cellout; do
    nasm -f bin -o "$work/$p.com" "$here/$p.asm" || exit 0
done
python3 - "$unidos" "$work" "$RUNS" <<'PY'
import resource, statistics, subprocess, sys

unidos, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def cpu(args, out):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "wb") as f:
        subprocess.run([unidos] + args, stdout=f, stderr=subprocess.DEVNULL, cwd=work)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

for prog in ("ttyout", "cellout"):
    times = {"off": [], "stream": []}
    for _ in range(runs):
        for mode in times:
            times[mode].append(cpu(["--screen-text", mode, prog + ".com"],
                                   "%s/%s.%s" % (work, prog, mode)))
    lines = sum(1 for _ in open("%s/%s.stream" % (work, prog), "rb"))
    best = {m: min(v) * 1000 for m, v in times.items()}
    median = {m: statistics.median(v) * 1000 for m, v in times.items()}
    print("%-8s 100,000 characters: off %.1f ms, stream %.1f ms (%+.1f %%) best of %d;"
          " medians %.1f / %.1f ms (%+.1f %%); %d lines on stdout"
          % (prog, best["off"], best["stream"], (best["stream"] / best["off"] - 1) * 100, runs,
             median["off"], median["stream"], (median["stream"] / median["off"] - 1) * 100,
             lines))
PY
