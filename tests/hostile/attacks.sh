#!/bin/sh
# Issue 17's attacks, each reproduced: forged guest chains, special host
# files, closed descriptors, console output held back, resource and
# arithmetic edges. A guest attack ends in a loop, so every one runs with
# --timeout 2 and must end with 124 within 3 s, with what it printed
# before (the answer DOS or the BIOS gave) on stdout.
# Usage: tests/hostile/attacks.sh UNIDOS PROGS_DIR   (TAP on stdout)
set -u
unidos=$(realpath "$1"); progs=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0; fail=0
report() { # name, why ("" = ok)
    n=$((n + 1))
    if [ -z "$2" ]; then echo "ok $n - $1"; else
        fail=$((fail + 1)); echo "not ok $n - $1: $2"
    fi
}
fresh() { d=$work/$1; rm -rf "$d"; mkdir -p "$d"; echo "$d"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Run unidos in dir $1 with the rest as arguments, stdin from /dev/null,
# killed with SIGKILL after 10 s (a host hang); sets rc and ms.
run_limited() { # dir, args...
    dir=$1; shift
    t0=$(now_ms)
    (cd "$dir" && exec timeout -s KILL 10 "$unidos" "$@" </dev/null >out.txt 2>err.txt)
    rc=$?
    ms=$(($(now_ms) - t0))
}

# A guest attack: --timeout 2 must stop it with 124 within 3 s, and its
# output must hold TEXT.
attack() { # name, expected text, unidos args...
    name=$1; text=$2; shift 2
    d=$(fresh "$name"); why=""
    run_limited "$d" --timeout 2 "$@"
    [ $rc = 124 ] || why="exit status $rc, expected 124 (137: a host hang killed after 10 s)"
    [ -n "$why" ] || [ $ms -lt 3000 ] || why="took $ms ms"
    [ -n "$why" ] || grep -q "$text" "$d/out.txt" ||
        why="'$text' not in the output: $(tr -d '\r' <"$d/out.txt" | tr '\n' '|')"
    report "$name: --timeout 2 ends it with 124 after $ms ms; it saw '$text'" "$why"
}

# --- guest chains ---
attack mcbwrap "48h: error 0007" "$progs/mcbwrap.com"
attack kbdring "key: 2D78" --keys x "$progs/kbdring.com"

echo "1..$n"
[ "$fail" = 0 ]
