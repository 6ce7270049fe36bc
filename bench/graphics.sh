#!/bin/sh
# make bench, graphics part: frames per second and host CPU of a mode 13h
# full-screen redraw loop (bench/r13.asm) and a mode X page-flipping
# loop (bench/mxflip.asm), both paced by a 70 Hz timer, in unidos
# (headless: emulation only; window: Xvfb, where unidos picks SDL's plain
# software path itself since Mesa draws OpenGL on the CPU there) and in
# DOSBox 0.74 (window under Xvfb, dynamic core, cycles=max and a fixed
# 20000). The programs print the frames they drew in 5 seconds; CPU is
# sampled from /proc over 3 seconds of the loop (start-up excluded). Each
# configuration runs BENCH_RUNS_GFX times (default 3): median (fastest-slowest).
# Reports, never fails. Usage: bench/graphics.sh UNIDOS
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/tests/tap.sh"
work=$(mktemp -d)
xvfb_pid=""
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
tap_on_exit cleanup
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
runs=${BENCH_RUNS_GFX:-3}
# row LABEL: the median (fastest-slowest) of the runs in $work/rows
# ("frames cpu" per line): frames per second and CPU share.
row() {
    python3 - "$1" "$work/rows" <<'EOF2'
import statistics, sys
label, rows = sys.argv[1], [l.split() for l in open(sys.argv[2]) if len(l.split()) == 2]
if not rows:
    print("  %-44s did not run to the end" % label)
    sys.exit()
fps = [float(r[0]) / 5 for r in rows]
cpu = [float(r[1]) for r in rows]
print("  %-44s %5.1f fps (%.1f-%.1f)  %5.1f %% of a core (%.1f-%.1f)  %d runs" % (
    label, statistics.median(fps), min(fps), max(fps), statistics.median(cpu), min(cpu),
    max(cpu), len(rows)))
EOF2
}
run_unidos() { # label, program, ui: $runs runs
    : >"$work/rows"
    for _ in $(seq "$runs"); do
        rm -f "$work/FRAMES.TXT"
        # stdout to a file: with nothing on stdin and stdout to /dev/null the
        # window would stay open after the program ends, as for a desktop start
        (cd "$work" && DISPLAY=${display:-} "$unidos" --timeout 60 --ui "$3" "$2.com" >"$work/out.txt" 2>&1 &
            echo $! >"$work/pid")
        sleep 0.2
        pid=$(cat "$work/pid")
        c=$(sample "$pid")
        while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
        [ -s "$work/FRAMES.TXT" ] && [ -n "$c" ] && echo "$(cat "$work/FRAMES.TXT") $c" >>"$work/rows"
    done
    row "$1"
}
run_dosbox() { # label, program, cycles: $runs runs (a second try when DOSBox did not start)
    : >"$work/rows"
    for _ in $(seq "$runs"); do
        dosbox_once "$2" "$3"
        [ -f "$work/db/FRAMES.TXT" ] || dosbox_once "$2" "$3"
        [ -s "$work/db/FRAMES.TXT" ] && [ -n "$c" ] && echo "$(cat "$work/db/FRAMES.TXT") $c" >>"$work/rows"
    done
    row "$1"
}
dosbox_once() { # program, cycles
    mkdir -p "$work/db"
    rm -f "$work/db/FRAMES.TXT"
    cp "$work/$1.com" "$work/db/P.COM"
    # the harness the difftest uses (tests/difftest/dosbox.sh), in a window;
    # the process sampled is DOSBox itself, under the script and timeout
    ("$root/tests/difftest/dosbox.sh" -t 60 -y "$2" -x "$display" "$work/db" P.COM & echo $! >"$work/pid")
    sleep 1                     # DOSBox starts slower: let the loop begin
    pid=$(cat "$work/pid")
    t=$(pgrep -P "$pid" -x timeout | head -1)
    dpid=$([ -n "$t" ] && pgrep -P "$t" -x dosbox | head -1)
    c=$(sample "${dpid:-$pid}")
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
    # a display Xvfb picks itself (tests/tap.sh): no race with other runs' X servers
    tap_start_xvfb "$work" || { echo "  window and DOSBox: Xvfb did not start"; exit 0; }
    xvfb_pid=$tap_xvfb_pid
    display=$tap_display
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
