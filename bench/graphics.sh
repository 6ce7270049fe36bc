#!/bin/sh
# make bench, graphics part: frames per second and host CPU of a mode 13h
# full-screen redraw loop (bench/r13.asm) and a mode X page-flipping
# loop (bench/mxflip.asm), both paced by a 70 Hz timer, in unidos
# (headless: emulation only; window: Xvfb, where unidos picks SDL's plain
# software path itself since Mesa draws OpenGL on the CPU there) and in
# DOSBox 0.74 (window under Xvfb, dynamic core, cycles=max and a fixed
# 20000). The programs print the frames they drew in 5 seconds; CPU is
# sampled from /proc over 3 seconds of the loop (start-up excluded).
# Reports, never fails. Usage: bench/graphics.sh UNIDOS
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
xvfb_pid=""
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
hz=$(getconf CLK_TCK)
for p in r13 mxflip; do
    nasm -I "$here/" -f bin -o "$work/$p.com" "$here/$p.asm" || exit 0
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null; }
# sample PID: CPU % of the process over 3 seconds, after 1 second
sample() {
    sleep 1
    a=$(cpu_ticks "$1")
    sleep 3
    b=$(cpu_ticks "$1")
    [ -n "$a" ] && [ -n "$b" ] && echo "($b - $a) * 100 / ($hz * 3)" | bc -l
}
row() { # label, frames, cpu
    if [ -z "$2" ] || [ -z "$3" ]; then
        printf "  %-44s did not run to the end\n" "$1"
        return
    fi
    printf "  %-44s %6.1f fps  %6.1f %% of a core\n" "$1" "$(echo "$2 / 5" | bc -l)" "$3"
}
run_unidos() { # label, program, ui
    rm -f "$work/FRAMES.TXT"
    # stdout to a file: with nothing on stdin and stdout to /dev/null the
    # window would stay open after the program ends, as for a desktop start
    (cd "$work" && DISPLAY=${display:-} "$unidos" --ui "$3" "$2.com" >"$work/out.txt" 2>&1 &
        echo $! >"$work/pid")
    sleep 0.2
    pid=$(cat "$work/pid")
    c=$(sample "$pid")
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    row "$1" "$(cat "$work/FRAMES.TXT" 2>/dev/null)" "$c"
}
run_dosbox() { # label, program, cycles (a second try when DOSBox did not start)
    dosbox_once "$@"
    [ -f "$work/db/FRAMES.TXT" ] || dosbox_once "$@"
    row "$1" "$(cat "$work/db/FRAMES.TXT" 2>/dev/null)" "$c"
}
dosbox_once() {
    mkdir -p "$work/db"
    rm -f "$work/db/FRAMES.TXT"
    cp "$work/$2.com" "$work/db/P.COM"
    cat >"$work/db.conf" <<EOF
[sdl]
output=surface
[dosbox]
machine=svga_s3
memsize=16
[cpu]
core=dynamic
cycles=$3
[mixer]
nosound=true
[speaker]
pcspeaker=false
[autoexec]
mount c "$work/db"
c:
P.COM
exit
EOF
    (DISPLAY=$display SDL_AUDIODRIVER=dummy dosbox -conf "$work/db.conf" -noconsole \
        >/dev/null 2>&1 & echo $! >"$work/pid")
    pid=$(cat "$work/pid")
    sleep 1                     # DOSBox starts slower: let the loop begin
    c=$(sample "$pid")
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
}

echo "graphics loops at 70 Hz (frames drawn per second; CPU while looping)"
display=""
for p in r13 mxflip; do
    run_unidos "$p: unidos, headless (no picture drawn)" $p headless
done
# The emulation alone: the 5 s loop with --deterministic (virtual time, no
# waiting), CPU time in each tier (best of 3).
cpu_ms() { # args...: CPU ms of one headless deterministic run (perf's task clock, else
    best=""   # user+system to 10 ms), best of 3
    for _ in 1 2 3; do
        if command -v perf >/dev/null; then
            t=$(cd "$work" && perf stat -x, -e task-clock "$unidos" --ui headless --deterministic \
                "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { printf "%d", $1 }')
        else
            (cd "$work" && /usr/bin/time -f "%U %S" -o "$work/.t" "$unidos" --ui headless \
                --deterministic "$@" >/dev/null 2>&1)
            t=$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/.t")
        fi
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "$best"
}
for p in r13 mxflip; do
    a=$(cpu_ms "$p.com"); j=$(cpu_ms --cpu-tier jit "$p.com")
    printf "  %-44s %6s ms CPU, %s ms with --cpu-tier jit\n" "$p: 5 s of loop, --deterministic" "$a" "$j"
done
if command -v Xvfb >/dev/null; then
    display=":$((80 + $$ % 9))"
    Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    sleep 1
    for p in r13 mxflip; do
        run_unidos "$p: unidos, window (Xvfb)" $p window
        if command -v dosbox >/dev/null; then
            run_dosbox "$p: DOSBox 0.74, window, cycles=max" $p max
            run_dosbox "$p: DOSBox 0.74, window, cycles=20000" $p 20000
        fi
    done
else
    echo "  window and DOSBox: Xvfb not installed"
fi
