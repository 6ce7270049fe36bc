#!/bin/sh
# The screen's text for the command-line user (--screen-text), end to end:
# each fixture NAME.asm run with stdout to a pipe, to a file and to a
# terminal (tmux). Pipe and file must give NAME.stdout byte for byte (the
# pipe in a --deterministic run, twice: the same bytes); in tmux, programs
# writing at the cursor stay inline in the terminal's normal screen (their
# lines in its scrollback), a full-screen program gets the alternate screen
# and leaves its last screen printed, and CLS at the inline DOS prompt
# stays inline. Usage: tests/screentext/run.sh UNIDOS
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
work=$(mktemp -d)
sock="unidos-st-$$"
cleanup() {
    tmux -L "$sock" kill-server 2>/dev/null
    rm -rf "$work"
}
tap_on_exit cleanup
report() { tap_report "$@"; } # name, why ("" = ok)
skip() { tap_skip "$@"; }     # name, reason: a host tool is missing
have() { command -v "$1" >/dev/null 2>&1; }
wait_for() { tap_wait "$@"; } # SECONDS COMMAND...

fixtures="tty cells direct mixed lines200 fullscr clsfirst"
for f in $fixtures; do
    nasm -f bin -I "$here/" -o "$work/$f.com" "$here/$f.asm" || { report "$f assembles" "nasm failed"; }
done
seq -f "line %03g of 200" 1 200 >"$work/lines200.want"
seq -f "direct line %03g" 1 60 >"$work/direct.want"

# --- stdout a pipe and a file ---
for f in $fixtures; do
    (cd "$work" && "$unidos" --timeout 60 --deterministic "$f.com" </dev/null 2>"$f.err" | cat >"$f.pipe")
    (cd "$work" && "$unidos" --timeout 60 --deterministic "$f.com" </dev/null 2>/dev/null | cat >"$f.pipe2")
    (cd "$work" && "$unidos" --timeout 60 "$f.com" </dev/null >"$f.file" 2>>"$f.err")
    why=""
    cmp -s "$here/$f.stdout" "$work/$f.pipe" || why="the pipe's bytes differ from $f.stdout"
    [ -n "$why" ] || cmp -s "$work/$f.pipe" "$work/$f.pipe2" || why="two --deterministic runs differ"
    [ -n "$why" ] || cmp -s "$here/$f.stdout" "$work/$f.file" || why="the file differs from $f.stdout"
    if [ -z "$why" ] && [ -f "$work/$f.want" ] && ! cmp -s "$work/$f.want" "$work/$f.file"; then
        why="not every line once, in order: $(diff "$work/$f.want" "$work/$f.file" | head -3 | tr '\n' ' ')"
    fi
    [ -z "$why" ] || sed 's/^/#   /' "$work/$f.err" | head -5
    report "$f: stdout to a pipe and to a file" "$why"
done
(cd "$work" && "$unidos" --screen-text off cells.com </dev/null >cells.off 2>/dev/null)
[ -s "$work/cells.off" ] && report "--screen-text off: INT 10h text does not reach stdout" "stdout has $(wc -c <"$work/cells.off") bytes" ||
    report "--screen-text off: INT 10h text does not reach stdout" ""
(cd "$work" && "$unidos" --screen-text final lines200.com </dev/null >lines.final 2>/dev/null)
tail -24 "$work/lines200.want" | cmp -s - "$work/lines.final" &&
    report "--screen-text final: only the last screen's rows" "" ||
    report "--screen-text final: only the last screen's rows" "$(head -2 "$work/lines.final" | tr '\n' ' ')"

# --- stdout a terminal (tmux) ---
if ! have tmux; then
    skip "the screen's text in a terminal" "tmux not installed"
    tap_end screentext
    exit
fi
pane() { tmux -L "$sock" capture-pane -p -t "$1"; }
history() { tmux -L "$sock" capture-pane -p -S -1000 -t "$1"; }
pane_has() { pane "$1" | grep -q -- "$2"; }
alt_on() { [ "$(tmux -L "$sock" display -p -t "$1" '#{alternate_on}')" = 1 ]; }
# term NAME COMMAND: run COMMAND in a fresh 100x30 terminal after a line
# "before"; it prints STATUS=N when it ends
term() {
    tmux -L "$sock" kill-session -t "$1" 2>/dev/null
    tmux -L "$sock" new-session -d -s "$1" -x 100 -y 30 \
        "cd $work && echo before && env -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm $2; echo STATUS=\$?; sleep 600"
}
# after LINES...: the pane's text from "before" on, blank lines dropped,
# equals the lines given (the terminal showed everything inline)
inline_shows() {
    got=$(history "$1" | sed -n '/^before$/,$p' | grep -v '^$')
    shift
    want=$(printf '%s\n' before "$@")
    [ "$got" = "$want" ]
}
ended() { pane_has "$1" "^STATUS="; }

term cells "'$unidos' --timeout 60 cells.com"
why=""
wait_for 20 ended cells || why="it did not end"
[ -n "$why" ] || inline_shows cells "written with 09h" "written with 0Ah" "in colour" \
    "left                                    right" "STATUS=0" || why="the terminal shows $(history cells | grep -v '^$' | tr '\n' '|')"
[ -n "$why" ] || tmux -L "$sock" capture-pane -p -e -t cells | grep -q "$(printf '\033')\[92min colour" ||
    why="'in colour' is not light green"
report "cells in a terminal: inline, with the colour, nothing full-screen" "$why"

term tty "'$unidos' --timeout 60 tty.com"
why=""
wait_for 20 ended tty || why="it did not end"
[ -n "$why" ] || inline_shows tty "teletype only" "café au lait" "STATUS=0" ||
    why="the terminal shows $(history tty | grep -v '^$' | tr '\n' '|')"
report "tty in a terminal: passthrough, CP437 shown as UTF-8 (é)" "$why"

term mixed "'$unidos' --timeout 60 mixed.com"
why=""
wait_for 20 ended mixed || why="it did not end"
[ -n "$why" ] || inline_shows mixed "DOS before" "teletype: BIOS" "DOS after" "BIOS last" "STATUS=0" ||
    why="the terminal shows $(history mixed | grep -v '^$' | tr '\n' '|')"
report "mixed in a terminal: DOS, teletype and INT 10h text in screen order" "$why"

for f in lines200 direct; do
    term "$f" "'$unidos' --timeout 60 $f.com"
    why=""
    wait_for 30 ended "$f" || why="it did not end"
    [ -n "$why" ] || history "$f" | grep -v -e '^$' -e '^before$' -e '^STATUS=' | cmp -s "$work/$f.want" - ||
        why="the scrollback holds $(history "$f" | grep -c "line") lines: $(history "$f" | grep -v '^$' | head -3 | tr '\n' '|')"
    [ -n "$why" ] || pane_has "$f" "^STATUS=0" || why="exit status: $(pane "$f" | grep STATUS)"
    report "$f in a terminal: every line inline once, in order, in the scrollback" "$why"
done

term clsfirst "'$unidos' --timeout 60 clsfirst.com"
why=""
wait_for 20 ended clsfirst || why="it did not end"
[ -n "$why" ] || [ "$(pane clsfirst | head -3 | tr '\n' '|')" = "cleared first|then two lines|STATUS=0|" ] ||
    why="the terminal's page shows $(pane clsfirst | head -4 | tr '\n' '|')"
[ -n "$why" ] || history clsfirst | grep -q '^before$' || why="the cleared page is not in the scrollback"
report "clsfirst in a terminal: the page scrolled away, the text at its top, inline" "$why"

term fullscr "'$unidos' --timeout 60 fullscr.com"
why=""
wait_for 20 alt_on fullscr || why="it did not take the alternate screen"
[ -n "$why" ] || wait_for 10 pane_has fullscr "unidos full screen" || why="the box did not show"
[ -n "$why" ] || wait_for 30 ended fullscr || why="it did not end"
[ -n "$why" ] || ! alt_on fullscr || why="the alternate screen was not left"
{ grep -v '^$' "$here/fullscr.stdout"; echo STATUS=0; } >"$work/fullscr.want"
[ -n "$why" ] || history fullscr | sed -n '/^before$/,$p' | sed 1d | grep -v '^$' |
    cmp -s "$work/fullscr.want" - ||
    why="its last screen is not left printed: $(history fullscr | grep -v '^$' | head -4 | tr '\n' '|')"
report "fullscr in a terminal: full screen, its last screen left printed after it" "$why"

# CLS at the inline DOS prompt: stays inline, what follows stays after EXIT
term prompt "'$unidos' --timeout 60"
why=""
wait_for 20 pane_has prompt '^C:.>' || why="no prompt"
for line in "echo one" "cls" "echo two" "exit"; do
    [ -n "$why" ] && break
    tmux -L "$sock" send-keys -t prompt "$line" Enter
    sleep 0.3
    ! alt_on prompt || why="'$line' took the alternate screen"
done
[ -n "$why" ] || wait_for 20 ended prompt || why="EXIT did not end it"
[ -n "$why" ] || [ "$(pane prompt | grep -v '^$' | tr '\n' '|')" = 'C:\>echo two|two|C:\>exit|STATUS=0|' ] ||
    why="the page shows $(pane prompt | grep -v '^$' | tr '\n' '|')"
[ -n "$why" ] || history prompt | grep -q '^one$' || why="the text before CLS is not in the scrollback"
report "CLS at the inline prompt: the page scrolled away, inline, kept after EXIT" "$why"

# At the inline prompt: a program writing at the cursor stays inline, a
# full-screen one takes the alternate screen for the rest of the session;
# at EXIT its last screen is printed, without the rows shown inline before
term session "'$unidos' --timeout 60"
why=""
wait_for 20 pane_has session '^C:.>' || why="no prompt"
[ -n "$why" ] || { tmux -L "$sock" send-keys -t session "cells" Enter; sleep 0.5; }
[ -n "$why" ] || ! alt_on session || why="cells took the alternate screen"
[ -n "$why" ] || { tmux -L "$sock" send-keys -t session "fullscr" Enter; wait_for 20 alt_on session; } ||
    why="fullscr did not take the alternate screen"
[ -n "$why" ] || wait_for 30 pane_has session '^C:.>$' || why="no prompt after fullscr"
[ -n "$why" ] || { tmux -L "$sock" send-keys -t session "exit" Enter; wait_for 20 ended session; } ||
    why="EXIT did not end it"
[ -n "$why" ] || ! alt_on session || why="the alternate screen was not left"
got=$(history session | sed -n '/^before$/,$p' | grep -v '^$')
[ -n "$why" ] || [ "$(echo "$got" | grep -c '^written with 09h$')" = 1 ] ||
    why="the inline rows are printed again: $(echo "$got" | tr '\n' '|')"
[ -n "$why" ] || echo "$got" | grep -q 'unidos full screen' || why="fullscr's last screen is not printed"
[ -n "$why" ] || [ "$(echo "$got" | tail -2 | tr '\n' '|')" = 'C:\>exit|STATUS=0|' ] ||
    why="the end: $(echo "$got" | tail -3 | tr '\n' '|')"
report "the inline prompt, then a full-screen program: its last screen printed at EXIT, once" "$why"

tap_end screentext
