#!/bin/sh
# make bench: the DPMI host's costs. The same CPU-bound 32-bit loop in real
# mode and in a 32-bit DPMI client (dpmiloop.asm), CPU time best of 3 (the
# machine may be shared: CPU time, not wall time); and the start-up of a
# client (entry into protected mode and its first INT 21h, the exit)
# against a program that exits at once, over 200 runs each. Reports only.
# Usage: bench/dpmi.sh UNIDOS
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nasm -f bin -I "$here/../tests/guest/" -o "$work/DPMILOOP.COM" "$here/dpmiloop.asm"
cd "$work"
cpu() { # command... -> CPU seconds (user + system) of one run
    /usr/bin/time -f "%U %S" -o .t "$@" >/dev/null 2>&1
    awk '{ printf "%.3f\n", $1 + $2 }' .t
}
best() { # n command... -> the least CPU time of n runs
    n=$1; shift
    for _ in $(seq "$n"); do cpu "$@"; done | sort -n | head -1
}
rm_s=$(best 3 "$unidos" DPMILOOP.COM rm)
pm_s=$(best 3 "$unidos" DPMILOOP.COM pm)
printf "32-bit loop (50 M iterations, a store each): real mode %s s, DPMI client %s s CPU (%+.1f %%)\n" \
    "$rm_s" "$pm_s" "$(echo "($pm_s - $rm_s) * 100 / $rm_s" | bc -l)"
runs() { # argument -> CPU seconds of 200 runs
    cpu sh -c "for i in \$(seq 200); do '$unidos' DPMILOOP.COM $1; done"
}
none=$(runs none)
start=$(runs start)
printf "DPMI start-up (entry, first INT 21h): %.2f ms CPU per run over one exiting at once (%.2f ms)\n" \
    "$(echo "($start - $none) * 1000 / 200" | bc -l)" "$(echo "$none * 1000 / 200" | bc -l)"
