#!/bin/sh
# make bench, idle part: FreeDOS CHOICE, EDIT and MORE from the corpus
# waiting for a key in each frontend: the window (Xvfb), the terminal
# frontend (tmux) and the inline console (tmux, no --ui). For each: host CPU
# over the wait (target under 2 % of a core) and resident memory at the
# start and the end of it (target: flat within 1 MiB). The three programs
# of one frontend wait side by side. Then a game that polls the keyboard
# once per frame (nanochess RAY.COM, which renders in between): its frames
# per second and host CPU, which idle detection must leave alone. Reports,
# never fails.
# Usage: bench/idle.sh UNIDOS [SECONDS]   (UNIDOS_IDLE_SECONDS, default 60)
set -u
unidos=$(realpath "$1")
. "$(cd "$(dirname "$0")" && pwd)/../tests/tap.sh"
secs=${2:-${UNIDOS_IDLE_SECONDS:-60}}
here=$(cd "$(dirname "$0")" && pwd)
corpus=${UNIDOS_CORPUS:-$here/../../shared/corpus}
bin="$corpus/freedos/BIN"
if [ ! -f "$bin/CHOICE.EXE" ]; then
    echo "idle: skip ($bin not found; set UNIDOS_CORPUS)"
    exit 0
fi
work=$(mktemp -d)
sock="unidos-idle-$$"
xvfb_pid=""
cleanup() {
    tmux -L "$sock-term" kill-server 2>/dev/null
    tmux -L "$sock-inline" kill-server 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
tap_on_exit cleanup
hz=$(getconf CLK_TCK)
cp "$bin/CHOICE.EXE" "$bin/EDIT.EXE" "$bin/MORE.EXE" "$work/"
[ -f "$bin/EDIT.HLP" ] && cp "$bin/EDIT.HLP" "$work/"
seq 1 300 >"$work/LONG.TXT"
printf 'a text file\r\n' >"$work/NOTE.TXT"

# The program lines: name, then the command line in the work directory.
progs='CHOICE:CHOICE.EXE
EDIT:EDIT.EXE NOTE.TXT
MORE:MORE.EXE LONG.TXT'

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }
wait_pid() { # file -> pid once written
    i=0
    while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    cat "$1" 2>/dev/null
}

# measure FRONTEND: the three programs started by start_FRONTEND, waited on
measure() {
    fe=$1
    pids=""
    echo "$progs" | while IFS=: read -r name cmd; do
        "start_$fe" "$name" "$cmd"
    done
    for name in CHOICE EDIT MORE; do
        pids="$pids $(wait_pid "$work/$name.pid")"
    done
    sleep 2                             # start-up is not waiting
    set -- $pids
    c1=$(cpu_ticks "$1"); c2=$(cpu_ticks "$2"); c3=$(cpu_ticks "$3")
    r1=$(rss_kb "$1"); r2=$(rss_kb "$2"); r3=$(rss_kb "$3")
    sleep "$secs"
    i=1
    for name in CHOICE EDIT MORE; do
        eval "pid=\$$i c0=\$c$i r0=\$r$i"
        c=$(cpu_ticks "$pid"); r=$(rss_kb "$pid")
        if [ -z "$c" ] || [ -z "$c0" ]; then
            printf "  %-8s %-22s did not wait (ended early)\n" "$name" "$fe"
        else
            printf "  %-8s %-22s %6.2f %% of a core  RSS %6d -> %6d KiB (%+d)\n" "$name" "$fe" \
                "$(echo "($c - $c0) * 100 / ($hz * $secs)" | bc -l)" "$r0" "$r" "$((r - r0))"
        fi
        kill -TERM "$pid" 2>/dev/null
        i=$((i + 1))
    done
    rm -f "$work"/*.pid
    sleep 1
}

start_term() { # name, command
    tmux -L "$sock-term" new-session -d -s "$1" -x 100 -y 30 \
        "cd $work && sh -c 'echo \$\$ >$1.pid; exec \"$unidos\" --ui term $2'; sleep $((secs + 30))"
}
start_inline() {
    tmux -L "$sock-inline" new-session -d -s "$1" -x 100 -y 30 \
        "cd $work && sh -c 'echo \$\$ >$1.pid; exec \"$unidos\" $2'; sleep $((secs + 30))"
}
start_window() {
    (cd "$work" && DISPLAY=$display sh -c "echo \$\$ >$1.pid; exec '$unidos' --ui window $2" \
        </dev/null >/dev/null 2>&1 &)
}

echo "waiting for a key: FreeDOS CHOICE, EDIT, MORE (CPU and RSS over $secs s)"
if command -v tmux >/dev/null; then
    measure term
    tmux -L "$sock-term" kill-server 2>/dev/null
    measure inline
    tmux -L "$sock-inline" kill-server 2>/dev/null
else
    echo "  terminal and inline console: tmux not installed"
fi
if command -v Xvfb >/dev/null; then
    # a display Xvfb picks itself (tests/tap.sh): never another run's X server
    if tap_start_xvfb "$work"; then
        xvfb_pid=$tap_xvfb_pid
        display=$tap_display
        measure window
    else
        echo "  window: Xvfb did not start"
    fi
else
    echo "  window: Xvfb not installed"
fi

# A polling game keeps its speed: RAY.COM calls INT 16h 01h once per frame.
ray=$corpus/nanochess/nanochess-raytracer/RAY.COM
if [ -f "$ray" ]; then
    (cd "$work" && sh -c 'echo $$ >ray.pid; exec "$0" --ui headless --trace int "$1"' \
        "$unidos" "$ray" </dev/null >/dev/null 2>"$work/ray.log" &)
    rpid=$(wait_pid "$work/ray.pid")
    sleep 2
    f0=$(grep -c 'INT 16h' "$work/ray.log"); c0=$(cpu_ticks "$rpid")
    sleep 10
    f1=$(grep -c 'INT 16h' "$work/ray.log"); c1=$(cpu_ticks "$rpid")
    kill -TERM "$rpid" 2>/dev/null
    if [ -n "$c1" ]; then
        printf "  RAY.COM (polls once per frame), headless: %5.2f frames/s, %5.1f %% of a core,\n" \
            "$(echo "($f1 - $f0) / 10" | bc -l)" "$(echo "($c1 - $c0) * 100 / ($hz * 10)" | bc -l)"
        printf "  %5.2f frames per CPU second\n" "$(echo "($f1 - $f0) * $hz / ($c1 - $c0 + 1)" | bc -l)"
    fi
fi
