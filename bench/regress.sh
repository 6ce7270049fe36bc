#!/bin/sh
# make bench, regression testing: wall time of `unidos test examples` (one
# job and all cores), and the start-up cost of a trivial case: a program
# that exits at once, as a plain run, as a --script and as a case of
# `unidos test` (fork, copy, script, machine, judging). Never fails on time.
# Usage: bench/regress.sh UNIDOS
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
corpus=${UNIDOS_CORPUS:-$root/../shared/corpus}
[ -d "$corpus" ] && export UNIDOS_CORPUS="$(cd "$corpus" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cases=50

now() { date +%s.%N; }
ms() { echo "($2 - $1) * 1000" | bc -l | xargs printf '%.1f'; }

# A trivial case: T.COM (mov ah,4Ch; int 21h) exits with status 0.
mkdir -p "$work/trivial"
printf '\264\114\315\041' >"$work/trivial/T.COM"
for i in $(seq -w 1 $cases); do
    printf 'run T.COM\nwait-exit 0\n' >"$work/trivial/t$i.uds"
    : >"$work/trivial/t$i.stdout"
done
cd "$work/trivial"
# wall and CPU (user + system, children included) ms per run of cmd, run
# $cases times by a shell loop (or once when the command runs them all)
cost() { # count command...
    k=$1; shift
    /usr/bin/time -f "%e %U %S" -o "$work/.t" sh -c "for i in \$(seq $k); do $* >/dev/null 2>&1; done"
    read -r e u s <"$work/.t"
    echo "$(echo "$e * 1000 / $cases" | bc -l | xargs printf '%.1f') ms wall, $(echo "($u + $s) * 1000 / $cases" | bc -l | xargs printf '%.1f') ms CPU"
}
echo "regression testing (unidos test); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "trivial program, plain run             %s\n" "$(cost $cases "$unidos" T.COM)"
printf "trivial program, --script              %s\n" "$(cost $cases "$unidos" --script t01.uds)"
printf "trivial case in unidos test -j 1       %s per case (target <= 20 ms)\n" \
    "$(cost 1 "$unidos" test -j 1 "$work/trivial")"
printf "trivial case in unidos test -j %-3s     %s per case\n" "$(nproc)" \
    "$(cost 1 "$unidos" test "$work/trivial")"
"$unidos" test "$work/trivial" | tail -1
cd "$root"
for j in 1 "$(nproc)"; do
    t0=$(now); "$unidos" test -j "$j" examples >"$work/ex.tap" 2>&1; t1=$(now)
    printf "examples/ (%s), -j %-3s   %6s ms\n" \
        "$(tail -1 "$work/ex.tap" | sed 's/^# //; s/, [0-9.]* s$//')" "$j" "$(ms "$t0" "$t1")"
done
