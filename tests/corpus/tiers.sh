#!/bin/sh
# The CPU tiers give one machine (docs/tiers.md): real programs run with
# --deterministic in each tier (auto, interp, jit) must write the same
# output and files, exit alike and execute the same number of blocks (and
# the interpreter must have run some of them); a
# --max-blocks stop falls on the same instruction in each.
# Usage: tests/corpus/tiers.sh UNIDOS CORPUS_DIR START [GUEST_BUILD_DIR]
# (TAP on stdout, numbered from START); with GUEST_BUILD_DIR some guest
# fixtures too (string ops into VGA memory, self-modifying code, EXEC).
set -u
unidos=$(realpath "$1"); corpus=$(realpath "$2"); n=$3; guest=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
t4=$corpus/msdos/v4.0-tools
run_tier() { # tier, dir, result file, unidos args...
    tier=$1; d=$2; res=$3; shift 3
    (cd "$d" && "$unidos" -q --deterministic --timeout 120 --trace cpu --cpu-tier "$tier" "$@" \
        >stdout.txt 2>stderr.txt)
    rc=$?
    {
        echo "exit $rc"
        sed -n 's/.*tiers ([a-z]*): \([0-9]*\) blocks in all.*/blocks \1/p' "$d/stderr.txt"
        grep -v '^\[' "$d/stderr.txt"
        cat "$d/stdout.txt"
        for f in "$d"/*; do
            case $(basename "$f") in stdout.txt | stderr.txt) ;; *) sha256sum <"$f" ;; esac
        done
    } >"$res"
    sed -n 's/.*blocks in all, \([0-9]*\) interpreted.*/\1/p' "$d/stderr.txt" >"$res.interp"
}
compare() { # name, setup function, unidos args...
    name=$1; setup=$2; shift 2
    n=$((n + 1))
    base=$(mktemp -d); why=""
    for tier in auto interp jit; do
        mkdir "$base/$tier"
        $setup "$base/$tier"
        run_tier "$tier" "$base/$tier" "$base/$tier.res" "$@"
    done
    grep -q '^blocks [0-9]' "$base/jit.res" || why="no block count from --trace cpu"
    # the interpreter must really run (a run left to Unicorn compares equal too)
    [ -n "$why" ] || [ "$(cat "$base/interp.res.interp")" -gt 0 ] 2>/dev/null ||
        why="--cpu-tier interp interpreted no block"
    for tier in auto interp; do
        if [ -z "$why" ] && ! cmp -s "$base/jit.res" "$base/$tier.res"; then
            why="$tier differs from jit"
            diff "$base/jit.res" "$base/$tier.res" | head -10 | sed 's/^/#   /'
        fi
    done
    if [ -z "$why" ]; then
        echo "ok $n - same run in every tier: $name ($(sed -n 's/^blocks //p' "$base/jit.res") blocks)"
    else
        echo "not ok $n - $name: $why"
    fi
    rm -rf "$base"
}
hello_c() { perl -pe 's/(?<!\r)\n/\r\n/' "$here/../../examples/msc-hello/HELLO.C" >"$1/HELLO.C"; }
multi_c() {
    for f in "$here"/../cases/toolchains/msc-multi/*.[CH]; do
        perl -pe 's/(?<!\r)\n/\r\n/' "$f" >"$1/$(basename "$f")"
    done
}
masm_asm() { cp "$here/../cases/toolchains/masm510/HELLO.ASM" "$1/"; }
cl() { echo -m "t=$t4" -e 'PATH=T:\' -e 'INCLUDE=T:\BLD\INC' -e 'LIB=T:\BLD\LIB' -e 'TMP=C:\'; }
fixture() { cp "$guest"/*.com "$1/"; }
if [ -n "$guest" ]; then
    for f in strop smc loadcode exec2 mem tick div0 a20 vga13 modex vbelfb; do
        [ -f "$guest/$f.com" ] && compare "guest fixture $f" fixture --ui headless "$f.com"
    done
fi
if [ ! -f "$t4/CL.EXE" ]; then
    echo "# skip: MS C 5.10 not found at $t4"
    exit 0
fi
# shellcheck disable=SC2046
compare "MS C 5.10 CL HELLO.C" hello_c $(cl) "$t4/CL.EXE" HELLO.C
# shellcheck disable=SC2046
compare "MS C 5.10 CL on three files" multi_c $(cl) "$t4/CL.EXE" MAIN.C STATS.C UTIL.C
compare "MASM 5.10" masm_asm "$t4/MASM.EXE" 'HELLO;'
# shellcheck disable=SC2046
compare "CL HELLO.C stopped by --max-blocks 400000" hello_c --max-blocks 400000 $(cl) \
    "$t4/CL.EXE" HELLO.C
