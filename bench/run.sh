#!/bin/sh
# make bench: unidos side by side with DOSBox 0.74 (when installed) on the
# shared reference workloads, and unidos against bare Unicorn. Every side is
# timed the same way (bench/timing.sh: hyperfine, the same number of runs,
# median and range). Reports; never fails on time.
# Usage: bench/run.sh UNIDOS [BARE]  (BARE: bench/bare.c, the no-DOS baseline)
set -u
unidos=$(realpath "$1")
bare=${2:+$(realpath "$2")}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/timing.sh"
shared=${UNIDOS_SHARED:-$here/../../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! command -v hyperfine >/dev/null; then
    echo "skip: hyperfine is not installed (make deps installs it)"; exit 0
fi
# HELLO.COM and LOOP.COM are the shared reference workloads, the same
# files other projects' figures use; without them those two lines skip.
refs=""
if [ -f "$shared/bench/hello.asm" ] && [ -f "$shared/bench/loop.asm" ]; then
    refs=yes
    nasm -f bin -o "$work/HELLO.COM" "$shared/bench/hello.asm"
    nasm -f bin -o "$work/LOOP.COM" "$shared/bench/loop.asm"
fi
nasm -f bin -o "$work/STORES.COM" "$here/stores.asm"
# The shell: 100 program runs from nested FOR loops, then 100 rounds of an
# IF/GOTO loop growing a variable (tests/shell/progs/args.asm is the program).
# DOSBox's shell has no FOR: it runs the IF/GOTO half only, GOTO.BAT, through
# COMMAND /C (CALLed from DOSBox's [autoexec], a batch file whose last
# line is a label GOTO jumps to leaves DOSBox at its prompt).
nasm -f bin -o "$work/ARGS.COM" "$here/../tests/shell/progs/args.asm"
loop_bat() {
    printf '%s\r\n' 'SET N=' ':top' 'SET N=%N%x' \
        "IF \"%N%\"==\"$(printf '%0100d' 0 | tr 0 x)\" GOTO end" 'GOTO top' ':end'
}
{
    printf '%s\r\n' '@ECHO OFF' \
        'FOR %%A IN (1 2 3 4 5 6 7 8 9 10) DO FOR %%B IN (1 2 3 4 5 6 7 8 9 10) DO ARGS %%A %%B'
    loop_bat
} >"$work/BENCH.BAT"
{
    printf '@ECHO OFF\r\n'
    loop_bat
} >"$work/GOTO.BAT"
cd "$work"

bench_machine
bench_peers
if [ -n "$refs" ]; then
    bench_pair "HELLO.COM end to end" ms "$unidos HELLO.COM" "$dosbox_sh $work 'HELLO.COM > _OUT.TXT'"
    have_dosbox && echo "  peak RSS of one run: unidos $(bench_rss "$unidos" HELLO.COM), DOSBox $(bench_rss "$dosbox_sh" "$work" 'HELLO.COM > _OUT.TXT')"
    bench_pair "LOOP.COM (524 M instructions)" s "$unidos LOOP.COM" "$dosbox_sh $work 'LOOP.COM > _OUT.TXT'"
else
    echo "skip: HELLO.COM and LOOP.COM: the reference workloads are not at $shared/bench (set UNIDOS_SHARED)"
fi
bench_pair "GOTO.BAT (100 IF/GOTO rounds)" ms "$unidos GOTO.BAT" "$dosbox_sh $work 'COMMAND /C GOTO.BAT'"
out=$(mktemp)
bench_measure "$out" "$unidos BENCH.BAT"
echo "BENCH.BAT (FOR: 100 programs, then GOTO.BAT; unidos only)"
echo "  wall  unidos $(bench_stats "$out" 0 wall ms)"
echo "  CPU   unidos $(bench_stats "$out" 0 cpu ms)"
rm -f "$out"
if [ -n "$bare" ]; then
    [ -z "$refs" ] || bench_compare "LOOP.COM: bare Unicorn 2.0.1 (no DOS) and unidos" s \
        bare "$bare LOOP.COM" unidos "$unidos LOOP.COM"
    bench_runs_now=3            # bare Unicorn takes ~30 s a run here
    bench_compare "STORES.COM (a store a loop), 3 runs each" s bare "$bare STORES.COM" \
        unidos "$unidos STORES.COM"
    bench_runs_now=""
fi
echo
"$here/drives.sh" "$unidos" "$shared"
