#!/bin/sh
# make bench, screen text: the CPU cost of --screen-text stream (the
# default with stdout a file) against off, on programs writing 100,000
# characters through INT 10h: teletype output after one cursor move
# (ttyout.asm) and 09h with a cursor move per character, scrolled by 06h
# (cellout.asm). CPU time (user + system) of each run, stdout to a file,
# the two modes alternating; median and range (fastest-slowest) of RUNS
# runs each, the ratio with the range the runs allow. Reports, never fails.
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
    med = {m: statistics.median(v) * 1000 for m, v in times.items()}
    lo = {m: min(v) * 1000 for m, v in times.items()}
    hi = {m: max(v) * 1000 for m, v in times.items()}
    print("%-8s 100,000 characters, CPU, %d runs each: off %.1f ms (%.1f-%.1f), stream %.1f ms"
          " (%.1f-%.1f): stream/off %.3fx (%.3f-%.3f); %d lines on stdout"
          % (prog, runs, med["off"], lo["off"], hi["off"], med["stream"], lo["stream"],
             hi["stream"], med["stream"] / med["off"], lo["stream"] / hi["off"],
             hi["stream"] / lo["off"], lines))
PY
