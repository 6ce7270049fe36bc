#!/bin/sh
# make install and uninstall into a DESTDIR, checked the way a distribution
# would: the files, desktop-file-validate, appstreamcli, the manual page
# rendered by man, the MIME types a file manager sees ("Open with unidos"),
# and the bash and zsh completions completing option values and files.
# Usage: tests/install/run.sh MODE (from the top of the tree; runs make)
set -u
mode=$1
top=$(pwd)
corpus=${UNIDOS_CORPUS:-$top/../shared/corpus}
tmp=$(mktemp -d); xvfb=""
trap '[ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; rm -rf "$tmp"' EXIT
dest=$tmp/dest; prefix=/usr; share=$dest$prefix/share
n=0; fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1: $2"; sed 's/^/#   /' "$tmp/err" 2>/dev/null | head -5; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
judge() { if [ "$2" = 0 ]; then ok "$1"; else bad "$1" "${3:-failed}"; fi; }
mk() { env -u MAKEFLAGS -u MAKELEVEL make --no-print-directory -C "$top" MODE="$mode" "$@"; }

mk install DESTDIR="$dest" PREFIX=$prefix >"$tmp/out" 2>"$tmp/err"; judge "make install DESTDIR PREFIX=/usr" $?
files="bin/unidos share/man/man1/unidos.1 share/bash-completion/completions/unidos
    share/zsh/site-functions/_unidos share/applications/unidos.desktop
    share/mime/packages/unidos.xml share/metainfo/io.github.unidos.metainfo.xml
    share/doc/unidos/README.md share/doc/unidos/docs/manual.md share/doc/unidos/LICENSE
    share/icons/hicolor/48x48/apps/unidos.png share/icons/hicolor/256x256/apps/unidos.png"
missing=""
for f in $files; do [ -f "$dest$prefix/$f" ] || missing="$missing $f"; done
[ -z "$missing" ]
judge "the binary, manual page, completions, desktop entry, MIME, metainfo, icons, docs" $? \
    "missing:$missing"
find "$dest" -type f | grep -qv "^$dest$prefix/" && bad "everything under PREFIX" "$(find "$dest" -type f | grep -v "^$dest$prefix/" | head -1)" || ok "everything under PREFIX"
"$dest$prefix/bin/unidos" --version >"$tmp/out" 2>"$tmp/err"
judge "the installed unidos runs" $? && grep -q "^Unicorn " "$tmp/out"; judge "--version names Unicorn" $?
# The installed binary runs a corpus program from anywhere (nothing of the
# build tree needed): bootBASIC computes 6*7.
basic=$corpus/nanochess/nanochess-bootbasic/BASIC.COM
if [ -f "$basic" ]; then
    (cd / && "$dest$prefix/bin/unidos" --ui headless --timeout 60 \
        --keys '10 print 6*7{enter}run{enter}system{enter}' "$basic" >"$tmp/out" 2>"$tmp/err")
    judge "the installed unidos runs the corpus' BASIC.COM (exit 0)" $? &&
        tr -d '\r' <"$tmp/out" | grep -qx "42"
    judge "... which prints 6*7 = 42" $? "$(tr '\n' '|' <"$tmp/out")"
else
    skip "the installed unidos runs BASIC.COM" "corpus missing"
fi

desktop-file-validate "$share/applications/unidos.desktop" >"$tmp/err" 2>&1
judge "desktop-file-validate" $?
appstreamcli validate --no-net "$share/metainfo/io.github.unidos.metainfo.xml" >"$tmp/err" 2>&1
judge "appstreamcli validate" $?
man -l "$share/man/man1/unidos.1" 2>"$tmp/err" | col -b >"$tmp/man.txt"
grep -q "EXIT STATUS" "$tmp/man.txt" && grep -q -- "--mount-command" "$tmp/man.txt"
judge "man -l renders the page (options, exit status)" $?
LC_ALL=C groff -man -ww -z "$share/man/man1/unidos.1" >"$tmp/err" 2>&1
[ ! -s "$tmp/err" ]; judge "groff reads it without a warning" $? "$(head -1 "$tmp/err")"
"$dest$prefix/bin/unidos" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/help.opts"
grep -o -- '--[a-z][a-z-]*' "$tmp/man.txt" | sort -u >"$tmp/man.opts"
comm -23 "$tmp/help.opts" "$tmp/man.opts" >"$tmp/err"
[ ! -s "$tmp/err" ]; judge "every option of --help is in the manual page" $? "$(tr '\n' ' ' <"$tmp/err")"

# "Open with unidos": the MIME database and the desktop entry, as a file
# manager reads them from XDG_DATA_DIRS.
mime() {
    command -v update-mime-database >/dev/null && command -v xdg-mime >/dev/null ||
        { skip "MIME types" "no update-mime-database or xdg-mime"; return; }
    update-mime-database "$share/mime" >/dev/null 2>&1
    update-desktop-database "$share/applications" >/dev/null 2>&1
    mkdir -p "$tmp/files"; printf '@ECHO OFF\r\n' >"$tmp/files/RUN.BAT"
    printf 'org 100h\nmov dx, m\nmov ah, 9\nint 21h\nret\nm: db "hi$"\n' >"$tmp/h.asm"
    nasm -f bin -o "$tmp/files/GAME.COM" "$tmp/h.asm"
    exe=$corpus/freedos/BIN/EDIT.EXE
    [ -f "$exe" ] && cp "$exe" "$tmp/files/GAME.EXE"
    for f in RUN.BAT GAME.COM GAME.EXE; do
        [ -f "$tmp/files/$f" ] || { skip "$f opens with unidos" "no corpus"; continue; }
        export XDG_DATA_DIRS=$share:/usr/share XDG_DATA_HOME=$tmp/none XDG_CONFIG_HOME=$tmp/none
        t=$(xdg-mime query filetype "$tmp/files/$f" 2>/dev/null)
        d=$(xdg-mime query default "$t" 2>/dev/null)
        [ "$d" = unidos.desktop ]; judge "xdg-mime: $f ($t) opens with unidos" $? "default: '$d'"
        if command -v gio >/dev/null; then
            t=$(gio info -a standard::content-type "$tmp/files/$f" | sed -n 's/.*content-type: //p')
            grep -q "^MimeType=.*$t;" "$share/applications/unidos.desktop"
            judge "shared-mime-info: $f is $t, which unidos.desktop takes" $?
        fi
        unset XDG_DATA_DIRS XDG_DATA_HOME XDG_CONFIG_HOME
    done
    grep -q 'glob pattern="\*\.com"' "$share/mime/packages/unidos.xml" &&
        grep -q 'application/x-msdos-program' "$share/mime/globs2"
    judge "update-mime-database takes the .COM type" $?
}
mime

# "Open with unidos" carried out: gio launches the installed desktop entry on
# a program, as a file manager does, and its window appears (Xvfb).
open_with() {
    pi=$corpus/nanochess/nanochess-pi/PI.COM
    for t in gio Xvfb xdotool; do
        command -v $t >/dev/null || { skip "Open with unidos opens a window" "no $t"; return; }
    done
    [ -f "$pi" ] || { skip "Open with unidos opens a window" "corpus missing"; return; }
    mkdir -p "$tmp/open"; cp "$pi" "$tmp/open/PI.COM"
    for d in 81 82 83 84 85 86 87 88; do
        [ -e "/tmp/.X$d-lock" ] && continue
        Xvfb ":$d" -noreset -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
        xvfb=$!; display=":$d"
        sleep 1
        DISPLAY=$display xdotool getmouselocation >/dev/null 2>&1 && break
        kill "$xvfb" 2>/dev/null; xvfb=""
    done
    [ -n "$xvfb" ] || { skip "Open with unidos opens a window" "Xvfb did not start"; return; }
    launch() { # FILE: as a file manager does, from the home directory
        (cd "$tmp" && DISPLAY=$display PATH="$dest$prefix/bin:$PATH" \
            XDG_DATA_DIRS="$share:/usr/share" \
            gio launch "$share/applications/unidos.desktop" "$1" >"$tmp/err" 2>&1)
    }
    launch "$tmp/open/PI.COM"
    win=""
    for _ in $(seq 40); do
        win=$(DISPLAY=$display xdotool search --name "PI.COM - unidos" 2>/dev/null | head -1)
        [ -n "$win" ] && break
        sleep 0.5
    done
    # A batch file beside its data: it runs in its own directory (C:), as
    # DOSBox runs a program given to it, and writes there.
    printf 'hello from the game\r\n' >"$tmp/open/README.TXT"
    printf '@ECHO OFF\r\nTYPE README.TXT > SAVE.DAT\r\n' >"$tmp/open/RUN.BAT"
    launch "$tmp/open/RUN.BAT"
    for _ in $(seq 40); do
        grep -q "hello from the game" "$tmp/open/SAVE.DAT" 2>/dev/null && break
        sleep 0.5
    done
    for p in $(pgrep -f "$tmp/open/"); do kill "$p" 2>/dev/null; done
    kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; xvfb=""
    [ -n "$win" ]; judge "Open with unidos: the desktop entry opens PI.COM in a window" $? \
        "no window named 'PI.COM - unidos'"
    grep -q "hello from the game" "$tmp/open/SAVE.DAT" 2>/dev/null
    judge "... a batch file opened so runs in its directory and writes there" $? \
        "no SAVE.DAT beside RUN.BAT"
}
open_with

# bash: the function, then a real interactive bash in tmux.
bash -c '. "$1"; COMP_LINE="unidos --ui "; COMP_POINT=${#COMP_LINE}; _unidos; echo "${COMPREPLY[*]}"' \
    _ "$share/bash-completion/completions/unidos" >"$tmp/out" 2>"$tmp/err"
[ "$(cat "$tmp/out")" = "auto window term headless" ]; judge "bash: --ui completes to its values" $? "$(cat "$tmp/out")"
bash -c '. "$1"; complete -p unidos' _ "$share/bash-completion/completions/unidos" >"$tmp/out" 2>&1
grep -q "_unidos unidos" "$tmp/out"; judge "bash: complete -p unidos" $?
mkdir -p "$tmp/g"; : >"$tmp/g/GAME.EXE"; : >"$tmp/g/notes.txt"; : >"$tmp/g/game.conf"
bash -c 'cd "$2"; . "$1"; COMP_LINE="unidos -m d=~/ G"; COMP_POINT=${#COMP_LINE}; _unidos; echo "${COMPREPLY[*]}"' \
    _ "$share/bash-completion/completions/unidos" "$tmp/g" >"$tmp/out" 2>"$tmp/err"
[ "$(cat "$tmp/out")" = "GAME.EXE" ]; judge "bash: PROGRAM completes to DOS programs" $? "$(cat "$tmp/out")"
bash -c 'cd "$2"; . "$1"; COMP_LINE="unidos --conf g"; COMP_POINT=${#COMP_LINE}; _unidos; echo "${COMPREPLY[*]}"' \
    _ "$share/bash-completion/completions/unidos" "$tmp/g" >"$tmp/out" 2>"$tmp/err"
[ "$(cat "$tmp/out")" = "game.conf" ]; judge "bash: --conf completes to host files" $? "$(cat "$tmp/out")"

interactive() { # shell NAME, command to start it, file with the line to type
    command -v tmux >/dev/null || { skip "$1 in tmux" "no tmux"; return; }
    sock=unidos-install-$$
    tmux -L "$sock" new-session -d -x 120 -y 20 "$2"
    sleep 1
    tmux -L "$sock" send-keys "unidos --sb " Tab Tab
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        sleep 0.5
        tmux -L "$sock" capture-pane -p >"$tmp/pane"
        grep -q "sbpro" "$tmp/pane" && grep -q "adlib" "$tmp/pane" && break
    done
    tmux -L "$sock" kill-server 2>/dev/null
    grep -q "sbpro" "$tmp/pane" && grep -q "adlib" "$tmp/pane"
    judge "$1: 'unidos --sb <Tab><Tab>' in a terminal shows the cards" $? "$(tail -3 "$tmp/pane" | tr '\n' '|')"
}
printf '. %s\nPS1="$ "\n' "$share/bash-completion/completions/unidos" >"$tmp/bashrc"
interactive bash "bash --noprofile --rcfile $tmp/bashrc -i"
if command -v zsh >/dev/null; then
    zsh -n "$share/zsh/site-functions/_unidos"; judge "zsh: _unidos parses" $?
    printf 'fpath=(%s $fpath)\nautoload -U compinit\ncompinit -u -d %s/zcomp\nPS1="$ "\n' \
        "$share/zsh/site-functions" "$tmp" >"$tmp/.zshrc"
    interactive zsh "ZDOTDIR=$tmp zsh -i"
else
    skip "zsh completion" "no zsh"
fi

mk uninstall DESTDIR="$dest" PREFIX=$prefix >"$tmp/out" 2>"$tmp/err"; judge "make uninstall" $?
left=$(find "$dest" -type f ! -path "*/mime/*" ! -name mimeinfo.cache | head -3)
[ -z "$left" ]; judge "uninstall removes every installed file" $? "left: $left"
echo "1..$n"
[ "$fail" = 0 ]
