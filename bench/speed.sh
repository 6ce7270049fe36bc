#!/bin/sh
# make bench, --speed: in real time (the wall clock, not --deterministic),
# loop iterations per PIT tick of tests/guest/speed.asm (four instructions
# each) against the target of each setting, with the CPU the throttled run
# used; then the cost of counting instructions at all: the same fixture and
# PI.COM at --speed max (which counts nothing) and at a rate above what the
# host can run. Reports, never fails.
# Usage: bench/speed.sh UNIDOS
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
corpus=${UNIDOS_CORPUS:-$here/../../shared/corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nasm -f bin -o "$work/speed.com" "$here/../tests/guest/speed.asm" || exit 0
cd "$work" || exit 0

echo "# --speed in real time: iterations per PIT tick (8 ticks), target = rate x 54.925 / 4"
printf '%-9s %9s %9s %7s %6s\n' speed got target error cpu
for s in 4.77mhz:300 286:1500 386:7800 486:26800 pentium:77000 10000:10000; do
    name=${s%%:*}; rate=${s#*:}
    want=$((rate * 54925 / 4000))
    /usr/bin/time -f '%U %S %e' -o time.txt "$unidos" --speed "$name" speed.com >out.txt 2>/dev/null
    got=$(cat out.txt)
    read -r u sy e <time.txt
    printf '%-9s %9s %9s %7s %6s\n' "$name" "$got" "$want" \
        "$(awk -v g="$got" -v w="$want" 'BEGIN { printf "%+.1f%%", (g - w) * 100 / w }')" \
        "$(awk -v u="$u" -v s="$sy" -v e="$e" 'BEGIN { printf "%.0f%%", (u + s) * 100 / e }')"
done

echo "# --speed max (nothing counted) against a rate no host reaches (every block counted)"
for s in max 10000000; do
    best=0
    for i in 1 2 3; do
        got=$("$unidos" --speed "$s" speed.com 2>/dev/null)
        [ "$got" -gt "$best" ] && best=$got
    done
    echo "speed.com --speed $s: $best iterations per tick (best of 3)"
done
pi=$corpus/nanochess/nanochess-pi/PI.COM
if [ -f "$pi" ]; then
    for s in max 10000000; do
        /usr/bin/time -f '%e' -o time.txt "$unidos" --ui headless --keys x --speed "$s" "$pi" \
            >/dev/null 2>&1
        echo "PI.COM --speed $s: $(cat time.txt) s"
    done
else
    echo "# PI.COM skipped: corpus missing"
fi
