#!/bin/sh
# make bench, sound part: host CPU used while a program plays OPL3 music on
# all 18 channels plus Sound Blaster 16 16-bit stereo DMA at 44.1 kHz
# (bench/audio.asm), on the host clock. Reports CPU time over wall time,
# against a baseline run of the same program that touches no sound device;
# never fails on time. Usage: bench/audio.sh UNIDOS [SECONDS]
set -u
unidos=$(realpath "$1"); secs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nasm -f bin -DSECONDS="$secs" -o "$work/SNDBENCH.COM" "$here/audio.asm" || exit 1
nasm -f bin -DSECONDS="$secs" -DSILENT -o "$work/SILENT.COM" "$here/audio.asm" || exit 1
cd "$work"
cpu() { # label, env/command...: "wall user+sys percent"
    label=$1; shift
    /usr/bin/time -f "%e %U %S" -o t.txt "$@" >/dev/null 2>&1
    read -r wall user sys <t.txt
    printf "%-44s %6.2f s wall %6.3f s CPU  %5.1f %% of a core\n" "$label" "$wall" \
        "$(echo "$user + $sys" | bc)" "$(echo "($user + $sys) * 100 / $wall" | bc -l)"
}
echo "sound: OPL3 (18 channels) + SB16 44.1 kHz 16-bit stereo DMA, ${secs} s on the host clock"
cpu "baseline: same program, no sound device" "$unidos" --audio none SILENT.COM
cpu "emulated, not mixed (--audio none)" "$unidos" --audio none SNDBENCH.COM
cpu "mixed to a WAV file (--wav)" "$unidos" --audio none --wav out.wav SNDBENCH.COM
cpu "played through SDL (dummy driver)" env SDL_AUDIODRIVER=dummy "$unidos" --audio sdl SNDBENCH.COM
