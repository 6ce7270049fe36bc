#!/bin/sh
# make bench, sound part: host CPU used while a program plays OPL3 music on
# all 18 channels plus Sound Blaster 16 16-bit stereo DMA at 44.1 kHz
# (bench/audio.asm), on the host clock. Reports CPU time over wall time,
# against a baseline run of the same program that touches no sound device,
# each BENCH_RUNS_AUDIO times (default 3) taking turns (bench/timing.sh);
# never fails on time. Usage: bench/audio.sh UNIDOS [SECONDS]
set -u
unidos=$(realpath "$1"); secs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nasm -f bin -DSECONDS="$secs" -o "$work/SNDBENCH.COM" "$here/audio.asm" || exit 1
nasm -f bin -DSECONDS="$secs" -DSILENT -o "$work/SILENT.COM" "$here/audio.asm" || exit 1
cd "$work"
. "$here/timing.sh"
bench_runs_now=${BENCH_RUNS_AUDIO:-3}
bench_machine
echo "sound: OPL3 (18 channels) + SB16 44.1 kHz 16-bit stereo DMA, ${secs} s on the host clock"
out=$(mktemp)
bench_measure "$out" "$unidos --audio none SILENT.COM" "$unidos --audio none SNDBENCH.COM" \
    "$unidos --audio none --wav out.wav SNDBENCH.COM" \
    "env SDL_AUDIODRIVER=dummy $unidos --audio sdl SNDBENCH.COM"
i=0
for label in "baseline: same program, no sound device" "emulated, not mixed (--audio none)" \
    "mixed to a WAV file (--wav)" "played through SDL (dummy driver)"; do
    printf "  %-42s CPU %-22s %s of a core\n" "$label" "$(bench_stats "$out" $i cpu s)" \
        "$(bench_stats "$out" $i share %)"
    i=$((i + 1))
done
rm -f "$out"
