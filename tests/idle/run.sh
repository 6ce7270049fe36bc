#!/bin/sh
# Waiting for input, end to end (issue 16): a program waiting for a key
# sleeps whichever way it asks (tests/guest/polls.asm, one route per
# letter) in every frontend, its memory stays flat, keys still arrive, and
# input that has ended ends it.
#   - every polling route for 5 s in the headless frontend (a silent pipe on
#     stdin), the inline console and the terminal frontend (tmux) and the
#     window (Xvfb): CPU and RSS under generous ceilings, then keys typed
#     the frontend's way end each program (echoed, status 0);
#   - the self-modifying route for 30 s, waiting for a --keys step: RSS may
#     not grow more than 4 MiB;
#   - every route with --keys: every key read;
#   - every route with stdin /dev/null, a closed pipe and a file: status
#     125 and the message, each within a bounded time;
#   - a silent open pipe: the program waits, SIGTERM and --timeout end it
#     at once; a program working between key checks is not stopped;
#   - a program that reads the BIOS tick count from memory in a loop for
#     2 s sleeps, still takes 2 s; one that counts turns per tick does not;
#   - FreeDOS CHOICE, EDIT and MORE from the corpus with ended input.
# CPU and memory figures are ceilings, far above what an idle unidos uses
# (bench/idle.sh measures), so that a loaded machine does not fail them.
# Usage: tests/idle/run.sh UNIDOS GUEST_BUILD_DIR
set -u
unidos=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
corpus=$(tap_corpus)
corpus=${corpus:-/nonexistent-corpus}
work=$(mktemp -d)
sock="unidos-idle-$$"
xvfb_pid=""
cleanup() {
    tmux -L "$sock" kill-server 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    for f in "$work"/*.pid; do [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
    rm -rf "$work"
}
tap_on_exit cleanup
cp "$build/polls.com" "$work/POLLS.COM"
cd "$work"
# A silent pipe that stays open: a FIFO this shell holds open for writing
# (children are started without that descriptor, so the end of this
# script ends the pipe).
mkfifo silent
exec 9<>silent
report() { tap_report "$@"; } # name, why ("" = ok)
skip() { # name, reason: a corpus file (fails under UNIDOS_REQUIRE_CORPUS=1) or a tool is missing
    case "$2" in
    "corpus missing") tap_skip_required "$1" "$2" ;;
    *) tap_skip "$1" "$2" ;;
    esac
}
have() { command -v "$1" >/dev/null 2>&1; }
wait_for() { # SECONDS COMMAND...
    t=$(($1 * 10)); shift
    while [ "$t" -gt 0 ]; do
        "$@" && return 0
        sleep 0.1; t=$((t - 1))
    done
    return 1
}
hz=$(getconf CLK_TCK)
CPU_CEILING=10          # % of a core, waiting (bench: well under 2 %)
RSS_CEILING_KB=2048     # growth over the 5 s of waiting
RSS_LONG_CEILING_KB=4096  # growth over 30 s of the self-modifying route
WAIT_S=5
ROUTES="a b c d e f g h i s"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }
pid_of() { cat "$work/$1.pid" 2>/dev/null; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# measure FRONTEND: every route started (files $work/FE-R.pid) waits WAIT_S
measure() {
    fe=$1; why=""
    for r in $ROUTES; do wait_for 10 test -s "$work/$fe-$r.pid" || why="$r did not start"; done
    [ -z "$why" ] || { report "$fe: every route waits" "$why"; return 1; }
    sleep 1.5                           # start-up is not waiting
    for r in $ROUTES; do
        p=$(pid_of "$fe-$r")
        eval "c0_$r=\$(cpu_ticks $p) r0_$r=\$(rss_kb $p)"
    done
    sleep "$WAIT_S"
    for r in $ROUTES; do
        p=$(pid_of "$fe-$r")
        c=$(cpu_ticks "$p"); rs=$(rss_kb "$p")
        eval "c0=\$c0_$r r0=\$r0_$r"
        if [ -z "$c" ] || [ -z "$c0" ]; then why="$why $r ended early;"; continue; fi
        pct=$(((c - c0) * 100 / (hz * WAIT_S)))
        [ "$pct" -le "$CPU_CEILING" ] || why="$why $r used $pct % of a core;"
        [ $((rs - r0)) -le "$RSS_CEILING_KB" ] || why="$why $r grew $((rs - r0)) KiB;"
    done
    report "$fe: every route waits under $CPU_CEILING % of a core, RSS flat" "$why"
}

# ends FRONTEND: every route's status file says 0 and its output shows the keys
ends() {
    fe=$1; why=""
    for r in $ROUTES; do
        wait_for 10 test -s "$work/$fe-$r.status" || { why="$why $r did not end;"; continue; }
        [ "$(cat "$work/$fe-$r.status")" = 0 ] || why="$why $r exit $(cat "$work/$fe-$r.status");"
    done
    report "$fe: keys typed reach every route, which ends with 0" "$why"
}

# --- the self-modifying route, 30 s, in the background from the start ---
LONG_S=30
long_rss() {   # a key script still to come: the program keeps polling for it
    (sh -c 'echo $$ >long.pid; exec "$0" --ui headless --keys "{wait 600s}q" POLLS.COM s' \
        "$unidos" </dev/null >/dev/null 2>&1 9>&- &)
    wait_for 10 test -s long.pid
    sleep 2
    long_r0=$(rss_kb "$(pid_of long)")
    long_t0=$(date +%s)
}
long_rss_check() {
    p=$(pid_of long); why=""
    alive "$p" || { report "30 s of polling through self-modifying code: RSS flat" "did not run"; return; }
    left=$((long_t0 + LONG_S - $(date +%s)))
    [ "$left" -le 0 ] || sleep "$left"
    r0=$long_r0; r1=$(rss_kb "$p")
    [ -n "$r1" ] || why="ended early"
    [ -n "$why" ] || [ $((r1 - r0)) -le "$RSS_LONG_CEILING_KB" ] || why="RSS grew $((r1 - r0)) KiB ($r0 -> $r1)"
    kill "$p" 2>/dev/null
    report "30 s of polling through self-modifying code: RSS within $RSS_LONG_CEILING_KB KiB" "$why"
}

# --- headless: a silent pipe on stdin (open, nothing comes) ---
headless() {
    for r in $ROUTES; do
        (sh -c 'echo $$ >"$1"; exec "$0" --ui headless POLLS.COM "$2"' \
            "$unidos" "headless-$r.pid" "$r" <silent >/dev/null 2>&1 9>&- &)
    done
    measure headless
    for r in $ROUTES; do kill "$(pid_of "headless-$r")" 2>/dev/null; done
}

# --- tmux: the inline console (no --ui) and the terminal frontend ---
in_tmux() { # FRONTEND, extra options
    fe=$1; opt=$2
    for r in $ROUTES; do
        tmux -L "$sock" new-session -d -s "$fe-$r" -x 100 -y 30 \
            "cd $work && sh -c 'echo \$\$ >$fe-$r.pid; exec \"$unidos\" $opt POLLS.COM $r'; echo \$? >$fe-$r.status; sleep 30"
    done
    measure "$fe"
    for r in $ROUTES; do tmux -L "$sock" send-keys -t "$fe-$r" abq; done
    ends "$fe"
}

# --- the window: xdotool types into each ---
window_of() { # ROUTE -> the window of its unidos
    DISPLAY=$display xdotool search --pid "$(pid_of "window-$1")" 2>/dev/null | head -1 | grep .
}
in_window() {
    # a display of its own (tests/tap.sh): never another run's X server
    tap_start_xvfb "$work" || { report "window" "Xvfb did not start"; return; }
    xvfb_pid=$tap_xvfb_pid
    display=$tap_display
    # stdin and stdout the null device: the window is the console (DOS's
    # handle 0 its keyboard), and it stays after the program until a key
    for r in $ROUTES; do
        (DISPLAY=$display sh -c 'echo $$ >"$1"; exec "$0" --ui window POLLS.COM "$2"' \
            "$unidos" "window-$r.pid" "$r" </dev/null >/dev/null 2>"window-$r.err" 9>&-;
         echo $? >"window-$r.status") 9>&- &
    done
    for r in $ROUTES; do
        wait_for 10 test -s "window-$r.pid"
        wait_for 20 window_of "$r" >/dev/null
    done
    measure window
    for r in $ROUTES; do
        wid=$(window_of "$r") || continue
        DISPLAY=$display xdotool windowraise "$wid" mousemove --window "$wid" 10 10 \
            windowfocus "$wid" 2>/dev/null
        sleep 0.3
        DISPLAY=$display xdotool type --delay 30 abq 2>/dev/null
        sleep 0.5
        DISPLAY=$display xdotool key space 2>/dev/null        # closes the lingering window
        wait_for 5 test -s "window-$r.status"
    done
    ends window
}

# --- --keys: every route reads every key ---
keys() {
    why=""
    for r in a b c d e f g h i k l m s; do
        out=$("$unidos" --timeout 30 --keys abq POLLS.COM $r </dev/null 2>&1)
        rc=$?
        want=abq
        [ "$r" = k ] && want=abqabq     # reading CON: DOS echoes the line first
        [ "$rc" = 0 ] && [ "$out" = "$want" ] || why="$why $r: status $rc, output '$out';"
    done
    report "--keys abq: every route reads a, b and q, and ends with 0" "$why"
}

# --- input that has ended: 125 and the message, within a bounded time ---
ended() { # KIND, stdin setup
    why=""
    for r in a b c d e f g h i k l m s; do
        t0=$(date +%s)
        case $1 in
        null) "$unidos" --timeout 60 POLLS.COM $r </dev/null >out.txt 2>err.txt ;;
        closed) : | "$unidos" --timeout 60 POLLS.COM $r >out.txt 2>err.txt ;;
        file) printf 'x' >in.txt; "$unidos" --timeout 60 POLLS.COM $r <in.txt >out.txt 2>err.txt ;;
        det) "$unidos" --timeout 60 --deterministic POLLS.COM $r </dev/null >out.txt 2>err.txt ;;
        esac
        rc=$?; t=$(($(date +%s) - t0))
        [ "$rc" = 125 ] || { why="$why $r: status $rc;"; continue; }
        grep -q "standard input has ended" err.txt || why="$why $r: no message;"
        [ "$t" -le 20 ] || why="$why $r: took $t s;"
    done
    report "stdin $1: every route ends with 125, 'standard input has ended'" "$why"
}

# --- a silent pipe that stays open: a wait, ended by SIGTERM and --timeout ---
open_pipe() {
    (sh -c 'echo $$ >pipe.pid; exec "$0" POLLS.COM b' "$unidos" <silent >/dev/null 2>pipe.err 9>&-;
     echo $? >pipe.status) 9>&- &
    why=""
    wait_for 10 test -s pipe.pid || why="did not start"
    p=$(pid_of pipe); sleep 2
    alive "$p" || why="ended: $(cat pipe.err)"
    if [ -z "$why" ]; then
        kill -TERM "$p"
        wait_for 2 test -s pipe.status || why="SIGTERM did not end it within 2 s"
    fi
    [ -n "$why" ] || [ "$(cat pipe.status)" = 143 ] || why="status $(cat pipe.status), expected 143"
    report "a silent open pipe: the program waits; SIGTERM ends it (143)" "$why"
    t0=$(date +%s)
    "$unidos" --timeout 1 POLLS.COM a <silent >/dev/null 2>to.err 9>&-
    rc=$?; t=$(($(date +%s) - t0))
    why=""
    [ "$rc" = 124 ] || why="status $rc"
    [ -n "$why" ] || [ "$t" -le 3 ] || why="took $t s"
    report "a silent open pipe: --timeout 1 ends it (124) at once" "$why"
    for sig in INT:2 HUP:1; do
        num=${sig#*:}; sig=${sig%:*}
        rm -f sig.pid sig.status
        (sh -c 'echo $$ >sig.pid; exec "$0" POLLS.COM l' "$unidos" <silent >/dev/null 2>&1 9>&-;
         echo $? >sig.status) 9>&- &
        wait_for 10 test -s sig.pid; sleep 0.5
        kill -"$sig" "$(pid_of sig)"
        why=""
        wait_for 2 test -s sig.status || why="SIG$sig did not end it within 2 s"
        [ -n "$why" ] || [ "$(cat sig.status)" = "$((128 + num))" ] ||
            why="status $(cat sig.status)"
        report "a silent open pipe, INT 16h 00h: SIG$sig ends it" "$why"
    done
}

# --- a program doing work between key checks is neither stopped nor slowed ---
working() {
    "$unidos" --timeout 60 POLLS.COM w </dev/null >/dev/null 2>work.err
    rc=$?
    report "a program working between key checks, stdin at its end, ends with 0" \
        "$([ "$rc" = 0 ] || echo "status $rc: $(head -1 work.err)")"
    # 36 ticks of INT 1Ah 00h polling: about 2 s of wall time, little CPU,
    # with stdin a silent pipe and with stdin at its end (/dev/null, which
    # poll reports readable at once, every time)
    if [ -x /usr/bin/time ]; then
        for src in silent /dev/null; do
            why=""
            /usr/bin/time -f "%e %U %S" -o tick.time "$unidos" --timeout 60 POLLS.COM j \
                <"$src" >/dev/null 2>&1 9>&-
            rc=$?
            read -r wall user sys <tick.time
            [ "$rc" = 0 ] || why="status $rc"
            [ -n "$why" ] || [ "$(echo "$wall >= 1.8 && $wall < 10" | bc)" = 1 ] || why="took $wall s"
            [ -n "$why" ] || [ "$(echo "$user + $sys < 1" | bc)" = 1 ] || why="$user s user, $sys s system CPU"
            report "INT 1Ah polled for 2 s of ticks, stdin $src: 2 s of wall time, under 1 s of CPU" "$why"
        done
    else
        skip "INT 1Ah polled for 2 s of ticks" "/usr/bin/time not installed"
    fi
    tick_loops
}

# --- the tick count read from memory in a loop (cpu/tickwait.c) ---
# t: 36 ticks through 0040:006Ch; u: 36 changes through 0000:046Ch, each in
# a one-block loop. Both still take 2 s (18.2 ticks a second) with little
# CPU. x counts a loop's turns during one tick, as a delay calibration does:
# it must not be slept (at least 10,000 turns, or status 3).
tick_loops() {
    if [ ! -x /usr/bin/time ]; then
        skip "the tick count read from memory in a loop" "/usr/bin/time not installed"
        return
    fi
    for r in t u; do
        why=""
        /usr/bin/time -f "%e %U %S" -o tick.time "$unidos" --timeout 60 POLLS.COM $r \
            <silent >/dev/null 2>&1 9>&-
        rc=$?
        read -r wall user sys <tick.time
        [ "$rc" = 0 ] || why="status $rc"
        [ -n "$why" ] || [ "$(echo "$wall >= 1.8 && $wall < 10" | bc)" = 1 ] || why="took $wall s"
        [ -n "$why" ] || [ "$(echo "$user + $sys < 0.5" | bc)" = 1 ] || why="$user s user, $sys s system CPU"
        report "route $r, the BIOS tick count read in memory for 2 s of ticks: 2 s of wall time, under 0.5 s of CPU" "$why"
    done
    "$unidos" --timeout 60 POLLS.COM x <silent >/dev/null 2>&1 9>&-
    rc=$?
    report "a loop counting its turns during a tick (a delay calibration) runs at full speed" \
        "$([ "$rc" = 0 ] || echo "status $rc (3: under 10,000 turns in a tick)")"
}

# --- the corpus: FreeDOS CHOICE, MORE and EDIT with ended input ---
corpus_ended() {
    bin=$corpus/freedos/BIN
    [ -f "$bin/CHOICE.EXE" ] || { skip "FreeDOS CHOICE, EDIT, MORE with ended input" "corpus missing"; return; }
    seq 1 100 >LONG.TXT
    why=""
    for p in CHOICE.EXE "MORE.EXE LONG.TXT" "EDIT.EXE NOTE.TXT"; do
        # shellcheck disable=SC2086
        "$unidos" --timeout 60 "$bin"/$p </dev/null >/dev/null 2>c.err
        rc=$?
        [ "$rc" = 125 ] || why="$why $p: status $rc;"
    done
    report "FreeDOS CHOICE, MORE, EDIT with stdin /dev/null end with 125" "$why"
    "$unidos" --timeout 60 "$bin/CHOICE.EXE" /C:YN /T:Y,5 </dev/null >choice.out 2>&1
    rc=$?
    report "CHOICE /T:Y,5 with stdin /dev/null answers Y itself (status 1)" \
        "$([ "$rc" = 1 ] || echo "status $rc: $(tail -1 choice.out)")"
}

long_rss
headless
keys
for k in null closed file det; do ended $k; done
open_pipe
working
corpus_ended
if have tmux; then
    in_tmux inline ""
    in_tmux term "--ui term"
else
    skip "inline console and terminal frontend" "tmux not installed"
fi
if have Xvfb && have xdotool; then
    in_window
else
    skip "window" "Xvfb or xdotool not installed"
fi
long_rss_check
tap_end idle
