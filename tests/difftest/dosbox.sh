#!/bin/sh
# Run one DOS command line in DOSBox 0.74 (Debian's `dosbox`), headless:
# DIR is drive C: and the current directory, the command runs from
# [autoexec], DOSBox exits after it. Output reaches the host only through
# DOS redirection inside COMMAND (DIR\_OUT.TXT and the like). The one way the
# suite runs DOSBox: the difftest (tests/difftest/run.sh) and the benchmarks
# (bench/*.sh) both use it.
#
# usage: tests/difftest/dosbox.sh [-t SECONDS] [-c CORE] [-y CYCLES] [-x DISPLAY] [-l LOG] DIR COMMAND...
#   -t  stop DOSBox after SECONDS (default 120); exit status 124 then
#   -c  CPU core: dynamic (default, the fastest) or normal
#   -y  cycles: max (default: as fast as the host allows) or a fixed count
#   -x  show the window on X display DISPLAY (Xvfb) instead of SDL's dummy
#       driver; Ctrl-F5 screenshots go to DIR/_CAPTURE
#   -l  DOSBox's own messages to LOG (default: discarded)
# The machine: S3 SVGA, 16 MB with XMS, EMS and UMBs, no sound, no keyboard
# layout.
set -eu
timeout=120
core=dynamic
cycles=max
display=""
log=/dev/null
while getopts t:c:y:x:l: opt; do
    case $opt in
    t) timeout=$OPTARG ;;
    c) core=$OPTARG ;;
    y) cycles=$OPTARG ;;
    x) display=$OPTARG ;;
    l) log=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { echo "usage: $0 [-t S] [-c CORE] [-y CYCLES] [-x DISPLAY] [-l LOG] DIR COMMAND..." >&2; exit 2; }
dir=$(cd "$1" && pwd)
shift
conf=$(mktemp "${TMPDIR:-/tmp}/dosbox-XXXXXX.conf")
trap 'rm -f "$conf"' EXIT
cat >"$conf" <<CONF
[sdl]
output=surface
[dosbox]
machine=svga_s3
memsize=16
captures=$dir/_CAPTURE
[cpu]
core=$core
cputype=auto
cycles=$cycles
[mixer]
nosound=true
[speaker]
pcspeaker=false
[dos]
xms=true
ems=true
umb=true
keyboardlayout=none
[autoexec]
mount c "$dir"
c:
$*
exit
CONF
if [ -n "$display" ]; then
    export DISPLAY="$display"
    unset SDL_VIDEODRIVER
else
    export SDL_VIDEODRIVER=dummy
fi
export SDL_AUDIODRIVER=dummy
status=0
timeout -k 5 "$timeout" dosbox -conf "$conf" -noconsole >"$log" 2>&1 || status=$?
exit "$status"
