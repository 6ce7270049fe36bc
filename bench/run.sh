#!/bin/sh
# make bench: unidos side by side with DOSBox 0.74 (when installed) on the
# shared reference workloads. Reports times and ratios; never fails on time.
# Usage: bench/run.sh UNIDOS [BARE]  (BARE: bench/bare.c, the no-DOS baseline)
set -u
unidos=$(realpath "$1")
bare=${2:+$(realpath "$2")}
here=$(cd "$(dirname "$0")" && pwd)
shared=${UNIDOS_SHARED:-$here/../../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -f "$shared/bench/hello.asm" ]; then
    echo "skip: $shared/bench not found (set UNIDOS_SHARED)"; exit 0
fi
nasm -f bin -o "$work/HELLO.COM" "$shared/bench/hello.asm"
nasm -f bin -o "$work/LOOP.COM" "$shared/bench/loop.asm"
nasm -f bin -o "$work/STORES.COM" "$here/stores.asm"
cd "$work"

secs() { # command... -> wall seconds of one run (and max RSS in KB on fd 3)
    /usr/bin/time -f "%e %M" -o "$work/.t" "$@" >/dev/null 2>&1
    cat "$work/.t"
}
best_of() { # n command... -> best wall time and its RSS over n runs
    n=$1; shift; best=""
    for _ in $(seq "$n"); do
        r=$(secs "$@"); t=${r% *}
        if [ -z "$best" ] || [ "$(echo "$t < ${best% *}" | bc)" = 1 ]; then best=$r; fi
    done
    echo "$best"
}
ms() { echo "$1 * 1000" | bc | sed 's/\..*//'; }

echo "workload              unidos            DOSBox 0.74 (dynamic, cycles=max)  ratio"
h=$(best_of 20 "$unidos" HELLO.COM)
hello_ms() { # unidos options... -> mean wall ms of HELLO.COM (hyperfine), else best of 20
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 3 --runs 50 --export-json "$work/h.json" "$unidos $* HELLO.COM" \
            >/dev/null 2>&1 &&
            python3 -c "import json;print('%.1f'%(json.load(open('$work/h.json'))['results'][0]['mean']*1000))"
    else
        r=$(best_of 20 "$unidos" "$@" HELLO.COM)
        ms "${r% *}"
    fi
}
hm=$(hello_ms)
l=$(best_of 5 "$unidos" LOOP.COM)
if command -v dosbox >/dev/null && [ -x "$shared/bench/dosbox-run" ]; then
    dh=$(secs "$shared/bench/dosbox-run" "$work" HELLO.COM)
    dl=$(secs "$shared/bench/dosbox-run" "$work" LOOP.COM)
    printf "HELLO.COM end to end  %6s ms %5s MB  %6s ms %5s MB  %8.1fx faster\n" "$hm" \
        "$((${h#* } / 1024))" "$(ms "${dh% *}")" "$((${dh#* } / 1024))" \
        "$(echo "${dh% *} * 1000 / $hm" | bc -l)"
    printf "LOOP.COM end to end   %6s ms %5s MB  %6s ms %5s MB  %8.1fx faster\n" "$(ms "${l% *}")" \
        "$((${l#* } / 1024))" "$(ms "${dl% *}")" "$((${dl#* } / 1024))" \
        "$(echo "${dl% *} / ${l% *}" | bc -l)"
else
    printf "HELLO.COM end to end  %6s ms %5s MB  (dosbox not installed)\n" "$hm" "$((${h#* } / 1024))"
    printf "LOOP.COM end to end   %6s ms %5s MB\n" "$(ms "${l% *}")" "$((${l#* } / 1024))"
fi
# The same two with the interpreter off (Unicorn only, as before the CPU
# tiers: docs/tiers.md), for the tiers' cost at start-up and in a hot loop.
hjm=$(hello_ms --cpu-tier jit)
lj=$(best_of 5 "$unidos" --cpu-tier jit LOOP.COM)
printf "with --cpu-tier jit:  HELLO.COM %s ms, LOOP.COM %s ms (tiers: %+.1f %%, %+.1f %%)\n" \
    "$hjm" "$(ms "${lj% *}")" \
    "$(echo "($hm - $hjm) * 100 / $hjm" | bc -l)" \
    "$(echo "(${l% *} - ${lj% *}) * 100 / ${lj% *}" | bc -l)"
# The shell: 100 program runs from nested FOR loops, then 100 rounds of an
# IF/GOTO loop growing a variable (tests/shell/progs/args.asm is the program).
nasm -f bin -o "$work/ARGS.COM" "$here/../tests/shell/progs/args.asm"
printf '%s\r\n' '@ECHO OFF' 'FOR %%A IN (1 2 3 4 5 6 7 8 9 10) DO FOR %%B IN (1 2 3 4 5 6 7 8 9 10) DO ARGS %%A %%B' \
    'SET N=' ':top' 'SET N=%N%x' "IF \"%N%\"==\"$(printf '%0100d' 0 | tr 0 x)\" GOTO end" 'GOTO top' ':end' \
    > "$work/BENCH.BAT"
bb=$(best_of 5 "$unidos" BENCH.BAT)
if command -v dosbox >/dev/null && [ -x "$shared/bench/dosbox-run" ]; then
    db=$(secs "$shared/bench/dosbox-run" "$work" BENCH.BAT)
    printf "BENCH.BAT (shell)     %6s ms %5s MB  %6s ms %5s MB  %8.1fx faster\n" "$(ms "${bb% *}")" \
        "$((${bb#* } / 1024))" "$(ms "${db% *}")" "$((${db#* } / 1024))" \
        "$(echo "${db% *} / ${bb% *}" | bc -l)"
else
    printf "BENCH.BAT (shell)     %6s ms %5s MB\n" "$(ms "${bb% *}")" "$((${bb#* } / 1024))"
fi
if [ -n "$bare" ]; then
    b=$(best_of 5 "$bare" LOOP.COM)
    st=$(best_of 3 "$unidos" STORES.COM); sb=$(best_of 3 "$bare" STORES.COM)
    printf "STORES.COM (a store per iteration): unidos %s ms, bare Unicorn 2.0.1 %s ms\n" \
        "$(ms "${st% *}")" "$(ms "${sb% *}")"
    printf "LOOP.COM on bare Unicorn, no DOS (best of 5): %s ms; unidos takes %+.1f %%\n" \
        "$(ms "${b% *}")" "$(echo "(${l% *} - ${b% *}) * 100 / ${b% *}" | bc -l)"
fi
echo
"$here/drives.sh" "$unidos" "$shared"
