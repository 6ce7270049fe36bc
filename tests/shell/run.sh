#!/bin/sh
# Shell tests: tests/shell/run.sh UNIDOS BUILD_DIR
# Each case tests/shell/cases/NAME.bat runs in a fresh temporary directory
# holding the helper programs (BUILD_DIR/*.com, from progs/*.asm) and the
# files of data/ (text files get DOS line ends). Its stdout must equal
# cases/NAME.stdout byte for byte, and its stderr cases/NAME.stderr when
# that exists. Header lines "@REM test: KEY=VALUE":
#   exit=N        expected exit status (default 0)
#   args=A B ...  arguments after NAME.BAT (the rest of the line)
#   stdin=FILE    standard input from data/FILE (default /dev/null)
#   corpus=F ...  files from the corpus the case needs (skipped without it)
#   mode=stdin    pipe the file into "unidos" (the prompt reads it)
#   mode=c        run each other line as "unidos -c LINE ..."
#   flags=...     options for unidos (the rest of the line)
# Then the guest shells (MS-DOS 2.0 and FreeCOM COMMAND.COM from the
# corpus) run compare.bat and must print what the built-in shell prints,
# and a program built with MS C 5.10 calls system().
set -u
unidos=$(realpath "$1"); build=$(realpath "$2"); shift 2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
corpus=$(tap_corpus)

report() { # name, why ("" = ok, "skip: ..." = skipped, "skip: corpus ..." = needs the corpus)
    case "$2" in
    "skip: corpus"*) tap_skip_required "$1" "${2#skip: }" ;;
    skip:*) tap_skip "$1" "${2#skip: }" ;;
    *) tap_report "$1" "$2" ;;
    esac
}

# A fresh directory with the helpers and the data files (CR LF line ends).
setup() {
    tmp=$(mktemp -d)
    cp "$build"/*.com "$tmp"/
    for f in "$here"/data/*; do
        sed 's/\r*$/\r/' "$f" > "$tmp/$(basename "$f")"
    done
}

show_failure() {
    od -c "$tmp/stdout.txt" | head -12 | sed 's/^/#   stdout: /'
    head -5 "$tmp/stderr.txt" | sed 's/^/#   stderr: /'
}

hdr() { # key: the value of "@REM test: ... key=value" (args, corpus, flags: the rest of the line)
    sed -n 's/^@REM test: //p' "$case" | tr -d '\r' | while read -r line; do
        for w in $line; do
            case "$w" in "$1="*)
                case "$1" in args | corpus | flags) echo "${line#*"$1"=}" ;; *) echo "${w#*=}" ;; esac ;;
            esac
        done
    done | head -1
}

run_case() {
    name=$(basename "$case" .bat)
    want=$(hdr exit); want=${want:-0}
    mode=$(hdr mode); args=$(hdr args); stdin=$(hdr stdin); need=$(hdr corpus); flags=$(hdr flags)
    if [ -n "$need" ] && [ -z "$corpus" ]; then
        report "$name" "skip: corpus absent"
        return
    fi
    setup
    for f in $need; do cp "$corpus/$f" "$tmp/"; done
    sed 's/\r*$/\r/' "$case" > "$tmp/$(echo "$name" | tr a-z A-Z).BAT"
    in=/dev/null; [ -n "$stdin" ] && in="$tmp/$stdin"
    case "$mode" in
    stdin)
        (cd "$tmp" && "$unidos" --timeout 30 < "$case" > stdout.txt 2> stderr.txt) ;;
    c)
        set --
        while IFS= read -r line; do
            case "$line" in "@REM test:"*) ;; *) set -- "$@" -c "$line" ;; esac
        done < "$case"
        (cd "$tmp" && "$unidos" --timeout 30 "$@" < "$in" > stdout.txt 2> stderr.txt) ;;
    *)
        # shellcheck disable=SC2086
        (cd "$tmp" && "$unidos" --timeout 30 $flags "$(echo "$name" | tr a-z A-Z).BAT" $args \
            < "$in" > stdout.txt 2> stderr.txt) ;;
    esac
    got=$?; why=""
    [ "$got" = "$want" ] || why="exit status $got, expected $want"
    if [ -z "$why" ] && ! cmp -s "$here/cases/$name.stdout" "$tmp/stdout.txt"; then
        why="stdout differs from cases/$name.stdout"
    fi
    if [ -z "$why" ] && [ -f "$here/cases/$name.stderr" ] &&
        ! cmp -s "$here/cases/$name.stderr" "$tmp/stderr.txt"; then
        why="stderr differs from cases/$name.stderr"
    fi
    report "$name" "$why"
    [ -z "$why" ] || show_failure
    rm -rf "$tmp"
}

for case in "$here"/cases/*.bat; do
    run_case
done

# What a shell prints for compare.bat from the line after "ECHO OFF" on,
# without blank lines around it (the shells differ only there).
compared() {
    sed -n '/ECHO OFF/,$p' "$1" | sed '1d' | tr -d '\r' | sed '/./,$!d' |
        sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}

# Run compare.bat x z in a fresh directory: setup, then the command; the
# output goes to $1.
run_compare() { # output file, command
    setup
    cp "$corpus/msdos/v2.0/bin/SORT.EXE" "$tmp/"
    sed 's/\r*$/\r/' "$here/compare.bat" > "$tmp/COMPARE.BAT"
    mkdir "$tmp/GUEST" && cp "$corpus/$guest" "$tmp/GUEST/COMMAND.COM"
    (cd "$tmp" && eval "$2" > "$1" 2> /dev/null)
    rm -rf "$tmp"
}

compare_shell() { # name, corpus file, how to run it
    if [ -z "$corpus" ]; then report "$1" "skip: corpus absent"; return; fi
    guest=$2
    out=$(mktemp -d)
    run_compare "$out/ours.txt" '"$unidos" --timeout 30 COMPARE.BAT x z'
    run_compare "$out/theirs.txt" "$3"
    why=""
    compared "$out/ours.txt" > "$out/a.txt"
    compared "$out/theirs.txt" > "$out/b.txt"
    [ -s "$out/a.txt" ] || why="the built-in shell printed nothing"
    [ -n "$why" ] || cmp -s "$out/a.txt" "$out/b.txt" || why="output differs"
    report "$1" "$why"
    [ -z "$why" ] || diff "$out/a.txt" "$out/b.txt" | head -10 | sed 's/^/#   /'
    rm -rf "$out"
}

# MS-DOS 2.0 reloads itself from COMSPEC: unidos points COMSPEC at a
# program named COMMAND.COM. FreeCOM's stdio only flushes to a device, so
# its output goes through CON.
compare_shell "guest MS-DOS 2.0 COMMAND.COM runs compare.bat" msdos/v2.0/bin/COMMAND.COM \
    '"$unidos" --timeout 30 -q GUEST/COMMAND.COM /C COMPARE.BAT x z'
compare_shell "guest FreeCOM runs compare.bat" freedos/COMMAND.COM \
    '"$unidos" --timeout 30 -q -c "GUEST\\COMMAND /C COMPARE.BAT x z > CON"'

# A C program built with MS C 5.10 calls system(), which runs COMSPEC.
msc_system() {
    tools=$corpus/msdos/v4.0-tools
    if [ -z "$corpus" ] || [ ! -d "$tools" ]; then report "MS C 5.10 system()" "skip: corpus absent"; return; fi
    setup
    mkdir "$tmp/TMP"
    cp "$here/progs/system.c" "$tmp/SYSTEM.C"
    # Leak checks off here (MODE=asan): Unicorn 2.0.1 leaks a bitmap in
    # tb_invalidate_phys_page_fast on this workload, options.c the ":ro" path.
    (cd "$tmp" && export ASAN_OPTIONS=detect_leaks=0 &&
        "$unidos" --timeout 60 -q -m t="$tools":ro -e 'INCLUDE=T:\BLD\INC' \
        -e 'LIB=T:\BLD\LIB' -e 'TMP=C:\TMP' -e 'PATH=T:\;Z:\' -c 'CL SYSTEM.C' > cl.txt 2>&1 &&
        "$unidos" --timeout 30 SYSTEM.EXE > stdout.txt 2> stderr.txt)
    got=$?; why=""
    [ "$got" = 0 ] || why="exit status $got"
    [ -n "$why" ] || grep -q "system returned 0" "$tmp/stdout.txt" || why="system() failed"
    [ -n "$why" ] || grep -q "^SYSTEM   C " "$tmp/LIST.TXT" || why="LIST.TXT does not list SYSTEM.C"
    [ -n "$why" ] || ! grep -q "EXE" "$tmp/LIST.TXT" || why="DIR *.C listed other files"
    report "MS C 5.10 system(\"DIR *.C > LIST.TXT\")" "$why"
    [ -z "$why" ] || { tail -5 "$tmp/cl.txt" | sed 's/^/#   cl: /'; show_failure; }
    rm -rf "$tmp"
}
msc_system

# Typing at the prompt in a terminal: unidos under tmux (its own server
# socket), keys sent as a user types them.
pane_has() { # text: wait up to 10 s until the pane shows it
    i=0
    while [ $i -lt 100 ]; do
        tmux -L "$sock" capture-pane -p 2>/dev/null | grep -qF "$1" && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
# pane_line TEXT: wait up to 10 s until a whole line of the pane is TEXT.
# What a command prints, not the command line as it was typed (which holds
# the same words after the prompt).
pane_line() {
    i=0
    while [ $i -lt 100 ]; do
        tmux -L "$sock" capture-pane -p 2>/dev/null | sed 's/ *$//' | grep -qxF "$1" && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

# tmux_start NAME COMMAND: a fresh case directory and a 100x30 tmux session
# running COMMAND there; false (reported as skipped) without tmux.
tmux_start() {
    if ! command -v tmux > /dev/null; then report "$1" "skip: no tmux"; return 1; fi
    setup
    sock=unidos-shelltest-$$
    tmux -L "$sock" new-session -d -x 100 -y 30 "cd '$tmp' && $2"
    why=""
}
keys() { tmux -L "$sock" send-keys "$@"; }
# tmux_end NAME: the pane's last lines when the case failed, then the result.
tmux_end() {
    [ -z "$why" ] || tmux -L "$sock" capture-pane -p 2>/dev/null | grep . | tail -12 | sed 's/^/#   /'
    tmux -L "$sock" kill-server 2>/dev/null
    report "$1" "$why"
    rm -rf "$tmp"
}
wait_file() { # file: up to 10 s until it is not empty
    i=0; while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ -s "$1" ]
}
# DOS line editing, the same in the full-screen and the inline console:
# history, cursor movement, F3 from the previous line, backspace.
edit_checks() {
    [ -n "$why" ] || { keys 'ECHO one' Enter; pane_line 'one' || why="ECHO did not run"; }
    [ -n "$why" ] || { keys Up 'X' Enter; pane_line 'oneX' || why="up-arrow did not recall the line"; }
    [ -n "$why" ] || { keys 'ECHO tw' Left 'x' End 'o' Enter; pane_line 'txwo' || why="left/End editing failed"; }
    [ -n "$why" ] || { keys 'ECHO ab' F3 Enter; pane_line 'abwo' || why="F3 did not copy from the previous line"; }
    [ -n "$why" ] || { keys 'ECHO xy' BSpace 'z' Enter; pane_line 'xz' || why="backspace failed"; }
}

terminal() {
    name="typing at the prompt under tmux"
    tmux_start "$name" "'$unidos' --timeout 60; echo \$? > exit.txt" || return
    pane_has 'C:\>' || why="no prompt"
    [ -n "$why" ] || { keys 'ECHO typed at the prompt' Enter
                       pane_line 'typed at the prompt' || why="ECHO did not run"; }
    [ -n "$why" ] || { keys 'TYPE TEXT.TXT' Enter; pane_has 'banana' || why="TYPE showed nothing"; }
    [ -n "$why" ] || { keys 'PAUSE' Enter; pane_has 'Press any key' || why="PAUSE did not ask"; }
    [ -n "$why" ] || { sleep 0.3; keys Enter 'ECHO after the pause' Enter
                       pane_line 'after the pause' || why="PAUSE did not go on after a key"; }
    [ -n "$why" ] || { keys 'EXITN 3' Enter 'EXIT' Enter; wait_file "$tmp/exit.txt"
                       [ "$(cat "$tmp/exit.txt" 2>/dev/null)" = 3 ] || why="EXIT did not end with errorlevel 3"; }
    tmux_end "$name"
}
terminal

# The line editor in the terminal frontend (raw keys).
editing() {
    name="line editing at the prompt in --ui term"
    tmux_start "$name" "'$unidos' --ui term --timeout 60; echo \$? > exit.txt" || return
    pane_has 'C:\>' || why="no prompt"
    edit_checks
    [ -n "$why" ] || { keys 'EXIT' Enter; wait_file "$tmp/exit.txt"
                       [ "$(cat "$tmp/exit.txt" 2>/dev/null)" = 0 ] || why="EXIT did not end the run"; }
    tmux_end "$name"
}
editing

# The inline console: the prompt in a terminal without the full-screen
# frontend (console passthrough, output in the scrollback) edits lines as
# DOS does, Ctrl-C reaches DOS, and the terminal's modes come back.
inline_console() {
    name="the inline prompt under tmux: history, F3, Ctrl-C, modes restored"
    tmux_start "$name" \
        "stty -g > before.txt && '$unidos' --timeout 60; echo \$? > exit.txt; stty -g > after.txt" || return
    printf ':A\r\nECHO loop\r\nGOTO A\r\n' > "$tmp/LOOP.BAT"
    pane_has 'C:\>' || why="no prompt"
    edit_checks
    [ -n "$why" ] || { keys 'ECHO dropped' C-c 'ECHO kept' Enter
                       pane_has 'ECHO dropped^C' && pane_line 'kept' && ! pane_line 'dropped' ||
                       why="Ctrl-C did not drop the line"; }
    [ -n "$why" ] || { keys 'DOTS' Enter; pane_has '.....' || why="DOTS printed nothing"; }
    [ -n "$why" ] || { keys C-c 'ECHO after dots' Enter; pane_line 'after dots' || why="Ctrl-C did not stop DOTS"; }
    [ -n "$why" ] || { keys 'LOOP' Enter; pane_line 'loop' || why="LOOP.BAT did not run"; }
    [ -n "$why" ] || { keys C-c; pane_has 'Terminate batch job (Y/N)?' ||
                       why="Ctrl-C in a batch file did not ask"; }
    [ -n "$why" ] || { keys y 'ECHO after batch' Enter; pane_line 'after batch' || why="Y did not end the batch file"; }
    [ -n "$why" ] || { keys 'EXITN 4' Enter 'EXIT' Enter
                       wait_file "$tmp/after.txt"; [ "$(cat "$tmp/exit.txt" 2>/dev/null)" = 4 ] ||
                       why="EXIT did not end with errorlevel 4"; }
    [ -n "$why" ] || cmp -s "$tmp/before.txt" "$tmp/after.txt" || why="terminal modes differ afterwards"
    tmux_end "$name"
}
inline_console

# A program that never looks at the keyboard: the third Ctrl-C over a
# second stops unidos (130, as Ctrl-C stops a host program), modes restored.
inline_runaway() {
    name="the inline console: Ctrl-C three times stops a runaway program"
    tmux_start "$name" \
        "stty -g > before.txt && '$unidos' --timeout 60 SPIN.COM 2> err.txt; echo \$? > exit.txt; stty -g > after.txt" ||
        return
    sleep 0.5
    for k in 1 2 3; do keys C-c; sleep 0.6; done
    wait_file "$tmp/after.txt" || why="unidos did not stop"
    [ -n "$why" ] || [ "$(cat "$tmp/exit.txt")" = 130 ] || why="exit status $(cat "$tmp/exit.txt"), expected 130"
    [ -n "$why" ] || grep -q "Ctrl-C was pressed 3 times" "$tmp/err.txt" || why="no message"
    [ -n "$why" ] || cmp -s "$tmp/before.txt" "$tmp/after.txt" || why="terminal modes differ afterwards"
    tmux_end "$name"
}
inline_runaway

# --deterministic in a terminal: DOS echoes what is typed, the terminal
# does not (it used to show typed lines twice).
inline_deterministic() {
    name="--deterministic at the inline prompt: typed text shown once"
    tmux_start "$name" "'$unidos' --timeout 60 --deterministic; echo \$? > exit.txt" || return
    pane_has 'C:\>' || why="no prompt"
    [ -n "$why" ] || { keys 'ECHO once' Enter; pane_has 'C:\>ECHO once' || why="no echo"; }
    [ -n "$why" ] || { sleep 0.3; [ "$(tmux -L "$sock" capture-pane -p | grep -c 'ECHO once')" = 1 ] ||
                       why="the typed line is shown more than once"; }
    [ -n "$why" ] || { keys 'EXIT' Enter; wait_file "$tmp/exit.txt" || why="EXIT did not end it"; }
    tmux_end "$name"
}
inline_deterministic

tap_end shell
