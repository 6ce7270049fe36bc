#!/bin/sh
# Hostile programs and faults end to end: resource limits (--max-blocks,
# --timeout, the DOS handle limit, host memory), signals and kill -9
# (nothing a completed DOS call wrote is lost; the terminal comes back),
# faults injected into real programs (--fault), random and corrupted
# programs (robust.py).
# Usage: tests/hostile/run.sh UNIDOS PROGS_DIR [long]   (TAP on stdout)
# "long" runs more kill -9 rounds and more random programs; the counts are
# what docs/hostile.md reports. Cases whose tools (tmux) or corpus files
# are missing are skipped with a message.
set -u
unidos=$(realpath "$1"); progs=$(realpath "$2"); mode=${3:-short}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
corpus=$(tap_corpus)
corpus=${corpus:-/nonexistent-corpus}
work=$(mktemp -d)
sock="unidos-hostile-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"; }
tap_on_exit cleanup
report() { tap_report "$@"; } # name, why ("" = ok)
skip() { # name, reason: a corpus file (fails under UNIDOS_REQUIRE_CORPUS=1) or a tool is missing
    case "$2" in
    "corpus missing") tap_skip_required "$1" "$2" ;;
    *) tap_skip "$1" "$2" ;;
    esac
}
have() { command -v "$1" >/dev/null 2>&1; }
fresh() { d=$work/$1; rm -rf "$d"; mkdir -p "$d"; echo "$d"; }
signum() { case $1 in HUP) echo 1 ;; INT) echo 2 ;; TERM) echo 15 ;; esac; }
if [ "$mode" = long ]; then kills=200; nrandom=1000; ncorrupt=300; else
    kills=20; nrandom=30; ncorrupt=15; fi

# --- limits: --max-blocks stops at the same block every run ---
limits_blocks() {
    d=$(fresh blocks); why=""
    for i in 1 2; do
        (cd "$d" && "$unidos" --ui headless --deterministic --max-blocks 3000000 \
            --screen-dump "s$i.txt" "$progs/spin.com" >"o$i.txt" 2>"e$i.txt")
        rc=$?
        [ $rc = 124 ] || why="exit status $rc, expected 124"
    done
    [ -n "$why" ] || grep -q "stopped after 3000000 blocks" "$d/e1.txt" || why="no message"
    [ -n "$why" ] || grep -q spinning "$d/o1.txt" || why="the output before the stop was lost"
    [ -n "$why" ] || grep -Eq '^[0-9A-F]{8}' "$d/s1.txt" || why="no count on the screen dump"
    [ -n "$why" ] || cmp -s "$d/s1.txt" "$d/s2.txt" || why="two runs stopped at different points"
    report "--max-blocks: exit 124, output and screen kept, same stop every run ($(head -c 8 "$d/s1.txt"))" "$why"
}

# --- limits: --timeout stops a runaway on time, screen dump kept ---
limits_timeout() {
    d=$(fresh timeout); why=""
    start=$(date +%s%N)
    (cd "$d" && "$unidos" --ui headless --timeout 1 --screen-dump s.txt "$progs/spin.com" \
        >o.txt 2>e.txt)
    rc=$?; ms=$((($(date +%s%N) - start) / 1000000))
    [ $rc = 124 ] || why="exit status $rc"
    [ -n "$why" ] || grep -q "timed out after 1 seconds" "$d/e.txt" || why="no message"
    [ -n "$why" ] || grep -q spinning "$d/o.txt" || why="output lost"
    [ -n "$why" ] || grep -Eq '^[0-9A-F]{8}' "$d/s.txt" || why="no screen dump"
    [ -n "$why" ] || [ $ms -lt 3000 ] || why="took $ms ms"
    report "--timeout 1: exit 124 after $ms ms, output and screen kept" "$why"
}

# --- the DOS handle limit, not the host's ---
handles() {
    d=$(fresh handles); why=""
    (cd "$d" && "$unidos" "$progs/openloop.com" >/dev/null 2>&1); a=$?
    (cd "$d" && rm -f OPEN*.TMP && "$unidos" "$progs/openloop.com" /B >/dev/null 2>&1); b=$?
    (cd "$d" && rm -f OPEN*.TMP && ulimit -n 48 && "$unidos" "$progs/openloop.com" /B \
        >/dev/null 2>"e.txt"); c=$?
    [ $a = 15 ] || why="20-entry handle table: $a files, expected 15 then error 4"
    [ $b = 95 ] || why="$why; 255 handles: $b files, expected 95 (FILES=100) then error 4"
    [ $c != 255 ] && [ $c -lt $b ] && [ $c -gt 20 ] ||
        why="$why; host limit of 48 descriptors: exit $c, expected error 4 after fewer files"
    (cd "$d" && "$unidos" "$progs/fcbloop.com" >/dev/null 2>&1); f=$?
    [ $f = 0 ] || why="$why; 300 FCB opens: failed at $((f - 1))"
    report "open loops end with DOS error 4: 15 files (JFT), $b (SFT), $c (ulimit -n 48); 300 FCBs" "$why"
}

# --- host memory: XMS/EMS filled by the guest cost what was configured ---
# (xmsfill frees its XMS block before filling EMS, and a freed block gives
# its host memory back: the peak is the larger of the two.)
memory() {
    have /usr/bin/time || { skip "host memory bound" "/usr/bin/time missing"; return; }
    case ${HOSTILE_MODE:-} in asan | ubsan | fuzz)
        skip "host memory bound" "sanitizer allocators add their own overhead"; return ;; esac
    d=$(fresh memory); why=""
    rss() { (cd "$d" && /usr/bin/time -f %M "$unidos" "$@" 2>&1 >/dev/null | tail -1); }
    base=$(rss --xms 0 --no-ems "$progs/xmsfill.com")
    small=$(rss --xms 16 --ems 8 "$progs/xmsfill.com")
    big=$(rss --xms 64 --ems 32 "$progs/xmsfill.com")
    (cd "$d" && "$unidos" --xms 64 --ems 32 "$progs/xmsfill.com" >/dev/null 2>&1) || why="xmsfill failed"
    grow_small=$(((small - base) / 1024)); grow_big=$(((big - base) / 1024))
    [ "$grow_small" -le $((16 + 8 + 8)) ] || why="$why; 16+8 MiB configured, grew $grow_small MiB"
    [ "$grow_big" -le $((64 + 32 + 8)) ] || why="$why; 64+32 MiB configured, grew $grow_big MiB"
    [ "$grow_big" -ge 60 ] || why="$why; grew only $grow_big MiB: was the memory written?"
    report "XMS+EMS written to the end: host RSS +$grow_small MiB for 16+8, +$grow_big MiB for 64+32 (base $((base / 1024)) MiB)" "$why"
}

# The records of DATA.TXT are whole and in order and reach at least the
# last number the writer reported; prints the record count.
check_records() { # dir
    python3 - "$1" <<'EOF'
import sys
d = sys.argv[1]
try:
    data = open(d + "/DATA.TXT", "rb").read()
except FileNotFoundError:
    data = b""
out = open(d + "/out.txt", "rb").read().split()
last = int(out[-1]) if out else -1
if len(data) % 10:
    sys.exit("a torn record: %d bytes" % len(data))
for i in range(len(data) // 10):
    if data[i * 10:i * 10 + 10] != b"REC%05d\r\n" % i:
        sys.exit("record %d is wrong" % i)
if len(data) // 10 <= last:
    sys.exit("%d records, but record %d was reported written" % (len(data) // 10, last))
print(len(data) // 10)
EOF
}

# --- kill -9 at random points: every completed write is on disk ---
kill9() {
    why=""; total=0; i=0
    while [ $i -lt $kills ]; do
        d=$(fresh kill$i)
        (cd "$d" && exec "$unidos" --timeout 60 "$progs/writer.com" >out.txt 2>err.txt) &
        pid=$!
        sleep "0.$(printf '%03d' $(( $(od -An -N2 -tu2 /dev/urandom) % 400 + 20 )))"
        kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
        got=$(check_records "$d" 2>&1) || { why="round $i: $got"; break; }
        total=$((total + got)); i=$((i + 1)); rm -rf "$d"
    done
    report "kill -9 at $kills random points: $total records checked, none lost or torn" "$why"
}

# --- SIGTERM, SIGINT, SIGHUP: exit 128+signal, message, files complete ---
signals() {
    why=""
    for sig in TERM INT HUP; do
        d=$(fresh sig$sig)
        (cd "$d" && exec "$unidos" --timeout 60 "$progs/writer.com" >out.txt 2>err.txt) &
        pid=$!; sleep 0.3; kill -$sig $pid; wait $pid; rc=$?
        want=$((128 + $(signum $sig)))
        [ $rc = $want ] || why="$why; SIG$sig: exit $rc, expected $want"
        grep -q "stopped by signal" "$d/err.txt" || why="$why; SIG$sig: no message"
        check_records "$d" >/dev/null 2>"$d/why" || why="$why; SIG$sig: $(cat "$d/why")"
    done
    report "SIGTERM/SIGINT/SIGHUP: exit 143/130/129 with a message, written records complete" "$why"
}

# --- the terminal comes back after a guest crash and after signals ---
pane() { tmux -L "$sock" capture-pane -p -t "$1"; }
wait_for() { # seconds, command...
    t=$(($1 * 10)); shift
    while [ $t -gt 0 ]; do "$@" && return 0; sleep 0.1; t=$((t - 1)); done
    return 1
}
pane_has() { pane "$1" | grep -q "$2"; }
terminal() {
    have tmux || { skip "terminal restored after a guest crash and signals" "tmux missing"; return; }
    why=""
    for case in fault TERM INT HUP; do
        d=$(fresh term$case); tail=""; [ $case = fault ] && tail=/F
        tmux -L "$sock" new-session -d -s "t$case" -x 90 -y 30 \
            "cd $d && stty -g >before; sh -c 'echo \$\$ >pid; exec \"$unidos\" --ui term \"$progs/tscreen.com\" $tail'; echo STATUS=\$?; stty -g >after; echo DONE; sleep 30"
        wait_for 10 pane_has "t$case" "HOSTILE SCREEN TEST" || why="$why; $case: screen not shown"
        [ $case = fault ] || kill -$case "$(cat "$d/pid")"
        wait_for 10 pane_has "t$case" DONE || why="$why; $case: unidos did not end"
        want=125; [ $case = fault ] || want=$((128 + $(signum $case)))
        pane_has "t$case" "STATUS=$want" || why="$why; $case: exit status is not $want"
        [ "$(tmux -L "$sock" display -p -t "t$case" '#{alternate_on}')" = 0 ] ||
            why="$why; $case: alternate screen not left"
        pane_has "t$case" "HOSTILE SCREEN TEST" || why="$why; $case: the last screen was not left printed"
        cmp -s "$d/before" "$d/after" || why="$why; $case: terminal modes differ"
        tmux -L "$sock" kill-session -t "t$case" 2>/dev/null
    done
    report "terminal modes and screen restored after an invalid opcode, SIGTERM, SIGINT, SIGHUP" "$why"
}

# --- faults in a careful copy loop: the DOS error, or INT 24h ---
copyloop() {
    why=""
    d=$(fresh copy); head -c 20000 /dev/urandom >"$d/SRC.DAT"
    cl() { (cd "$d" && rm -f DST.DAT && "$unidos" "$@" "$progs/copyloop.com" $tail >out.txt 2>&1); }
    tail=""; cl --fault c:write:3:ENOSPC; rc=$?
    [ $rc = 1 ] && grep -q "disk full" "$d/out.txt" && [ ! -f "$d/DST.DAT" ] ||
        why="disk full: exit $rc $(cat "$d/out.txt")"
    cl --fault c:read:2:EIO; rc=$?
    [ $rc = 2 ] && grep -q "error 83" "$d/out.txt" || why="$why; read error, no handler: exit $rc"
    tail=/F; cl --fault c:read:2:EIO; rc=$?
    [ $rc = 2 ] && grep -q "int24 3E02 di 0C" "$d/out.txt" ||
        why="$why; INT 24h Fail: exit $rc $(cat "$d/out.txt")"
    tail=/R; cl --fault c:read:2:EIO; rc=$?
    [ $rc = 0 ] && cmp -s "$d/SRC.DAT" "$d/DST.DAT" || why="$why; INT 24h Retry on read: exit $rc"
    cl --fault c:write:2:EIO; rc=$?
    [ $rc = 0 ] && grep -q "int24 3F02" "$d/out.txt" && cmp -s "$d/SRC.DAT" "$d/DST.DAT" ||
        why="$why; INT 24h Retry on write: exit $rc"
    report "copy loop: disk full, read error, INT 24h (AH=3Eh/3Fh, DI=0Ch) Fail and Retry" "$why"
}

# --- the built-in COPY, and MS-DOS 2.0 COMMAND.COM's Abort/Retry/Ignore ---
copy_commands() {
    why=""
    d=$(fresh cmd); printf 'first line\r\n' >"$d/A.TXT"
    (cd "$d" && "$unidos" --fault c:write:1:ENOSPC -c 'COPY A.TXT B.TXT' >out.txt 2>&1)
    grep -q "Insufficient disk space" "$d/out.txt" && grep -q "0 file(s) copied" "$d/out.txt" &&
        [ ! -f "$d/B.TXT" ] || why="built-in COPY, disk full: $(tr -d '\r' <"$d/out.txt" | tr '\n' '|')"
    v2=$corpus/msdos/v2.0/bin
    if [ -f "$v2/COMMAND.COM" ]; then
        c20() { (cd "$d" && rm -f B.TXT && "$unidos" -q --timeout 20 -e 'COMSPEC=D:\COMMAND.COM' \
            "$@" "$v2/COMMAND.COM" /C COPY A.TXT B.TXT </dev/null >out.txt 2>&1); }
        c20 --keys R --fault c:read:1:EIO; rc=$?
        [ $rc = 0 ] && grep -q "Abort, Retry, Ignore" "$d/out.txt" && cmp -s "$d/A.TXT" "$d/B.TXT" ||
            why="$why; MS-DOS 2.0 COPY, Retry: exit $rc"
        c20 --keys A --fault c:read:1:EIO:persist; rc=$?
        [ $rc = 0 ] && [ ! -f "$d/B.TXT" ] || why="$why; MS-DOS 2.0 COPY, Abort: exit $rc"
        c20 --fault c:read:1:EIO:persist; rc=$?
        [ $rc = 125 ] && grep -q "waits for keyboard input" "$d/out.txt" ||
            why="$why; MS-DOS 2.0 COPY, nobody answers: exit $rc"
        report "COPY: built-in on a full disk; MS-DOS 2.0 'Abort, Retry, Ignore?' answered R, A, nothing" "$why"
    else
        report "built-in COPY on a full disk" "$why"
        skip "MS-DOS 2.0 COPY: 'Abort, Retry, Ignore?' answered R, A, nothing" "corpus missing"
    fi
}

# --- MS C 5.10 with a fault at many points of CL HELLO.C ---
# Every fault must fire (--trace fs reports each one injected). The
# reference HELLO.EXE is the golden file of examples/msc-hello, which the
# difftest holds equal to what DOSBox's CL writes; a run without faults must
# build it too.
msc() {
    t4=$corpus/msdos/v4.0-tools
    [ -f "$t4/CL.EXE" ] || { skip "MS C 5.10 under faults" "corpus missing"; return; }
    d=$(fresh msc); mkdir -p "$d/tmp"
    src=$here/../../examples/msc-hello/HELLO.C
    good=$here/../../examples/msc-hello/expected/HELLO.EXE
    [ -s "$src" ] && [ -s "$good" ] || { report "MS C 5.10 under faults" "examples/msc-hello is missing"; return; }
    sed 's/\r*$/\r/' "$src" >"$d/HELLO.C"
    cl() { (cd "$d" && rm -f HELLO.OBJ HELLO.EXE && "$unidos" -q --timeout 60 -m "t=$t4:ro" \
        -e 'PATH=T:\' -e 'INCLUDE=T:\BLD\INC' -e 'LIB=T:\BLD\LIB' -e 'TMP=C:\tmp' "$@" \
        "$t4/CL.EXE" HELLO.C >out.txt 2>err.txt); }
    cl; cmp -s "$d/HELLO.EXE" "$good" ||
        { report "MS C 5.10 under faults" "CL without faults does not build examples/msc-hello/expected/HELLO.EXE"; return; }
    why=""; errors=0; clean=0; runs=0
    for f in c:write:1:ENOSPC c:write:5:ENOSPC c:write:12:ENOSPC c:write:3:EIO c:read:1:EIO \
        c:read:4:EIO c:open:2:EACCES c:open:6:EMFILE c:write:8:ENOSPC:persist c:any:25:EIO \
        t:open:3:EMFILE t:read:9:EIO c:unlink:1:EACCES c:seek:2:EIO; do
        cl --trace fs --fault "$f"; rc=$?; runs=$((runs + 1))
        grep -q "fault injected" "$d/err.txt" || why="$why; $f: the fault never fired"
        case $rc in
        124 | 125 | 126 | 127 | 1[3-9][0-9] | 2[0-5][0-9]) why="$why; $f: exit $rc $(tail -1 "$d/out.txt")" ;;
        0) if [ -f "$d/HELLO.EXE" ] && cmp -s "$d/HELLO.EXE" "$good"; then clean=$((clean + 1))
           else why="$why; $f: exit 0 but HELLO.EXE differs or is missing"; fi ;;
        *) errors=$((errors + 1)) ;;
        esac
    done
    report "MS C 5.10 CL HELLO.C under $runs faults, each fired: $errors reported by CL, $clean built it right anyway" "$why"
}

# --- random and corrupted programs ---
robust() {
    [ -d "$corpus" ] || skip "corrupted corpus programs ($ncorrupt)" "corpus missing"
    out=$(python3 "$here/robust.py" "$unidos" "$nrandom" "$ncorrupt" "$corpus" 2>&1); rc=$?
    echo "$out" | grep -v '^1\.\.' | sed 's/^/# /'
    what="random programs ($nrandom) and corrupted corpus programs ($ncorrupt)"
    [ -d "$corpus" ] || what="random programs ($nrandom)"
    report "$what: documented exits only" "$([ $rc = 0 ] || echo "see above")"
}

limits_blocks
limits_timeout
handles
memory
kill9
signals
terminal
copyloop
copy_commands
msc
robust
tap_end hostile
