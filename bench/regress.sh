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
ms() { echo "($2 - $1) * 1000 / ${3:-1}" | bc -l | xargs printf '%.1f'; }

# A trivial case: T.COM (mov ah,4Ch; int 21h) exits with status 0.
mkdir -p "$work/trivial"
printf '\264\114\315\041' >"$work/trivial/T.COM"
for i in $(seq -w 1 $cases); do
    printf 'run T.COM\nwait-exit 0\n' >"$work/trivial/t$i.uds"
    : >"$work/trivial/t$i.stdout"
done
cd "$work/trivial"
best() { # runs command...: best wall ms of one run
    k=$1; shift; b=""
    for _ in $(seq "$k"); do
        t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
        t=$(ms "$t0" "$t1")
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}
plain=$(best 20 "$unidos" T.COM)
script=$(best 20 "$unidos" --script t01.uds)
t0=$(now); "$unidos" test -j 1 "$work/trivial" >"$work/t1.tap" 2>&1; t1=$(now)
ok=$(grep -c '^ok' "$work/t1.tap")
per1=$(ms "$t0" "$t1" "$cases")
t0=$(now); "$unidos" test "$work/trivial" >/dev/null 2>&1; t1=$(now)
perj=$(ms "$t0" "$t1" "$cases")
echo "regression testing (unidos test)"
printf "trivial program, plain run                 %6s ms\n" "$plain"
printf "trivial program, --script                  %6s ms\n" "$script"
printf "trivial case in unidos test, -j 1          %6s ms per case (%s cases, %s passed; target <= 20)\n" \
    "$per1" "$cases" "$ok"
printf "trivial case in unidos test, -j %-3s        %6s ms per case\n" "$(nproc)" "$perj"
cd "$root"
for j in 1 "$(nproc)"; do
    t0=$(now); "$unidos" test -j "$j" examples >"$work/ex.tap" 2>&1; t1=$(now)
    printf "examples/ (%s), -j %-3s   %6s ms\n" \
        "$(tail -1 "$work/ex.tap" | sed 's/^# //; s/, [0-9.]* s$//')" "$j" "$(ms "$t0" "$t1")"
done
