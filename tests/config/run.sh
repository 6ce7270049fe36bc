#!/bin/sh
# Configuration files and DOSBox configurations end to end: precedence
# (the user's file, ./unidos.conf, --conf files, the command line), errors
# naming file and line, [mount] and [autoexec], a DOSBox configuration as
# game stores ship them starting a corpus program, and MOUNT, IMGMOUNT,
# LOADFIX, CONFIG and HELP at the prompt.
# Usage: tests/config/run.sh UNIDOS GUEST_BUILD_DIR
set -u
unidos=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
corpus=${UNIDOS_CORPUS:-$here/../../../shared/corpus}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/work" "$tmp/xdg/unidos" "$tmp/home"
cd "$tmp/work"
export XDG_CONFIG_HOME="$tmp/xdg" HOME="$tmp/home"
n=0; fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1: $2"; sed 's/^/#   /' err 2>/dev/null | head -5; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { # name, expected status, actual status, [file that must contain TEXT, TEXT]
    why=""
    [ "$2" = "$3" ] || why="exit status $3, expected $2"
    if [ -z "$why" ] && [ $# -ge 5 ] && ! grep -q -- "$5" "$4"; then why="'$5' not in $4"; fi
    if [ -z "$why" ]; then ok "$1"; else bad "$1" "$why"; fi
}
lacks() { # name, file, TEXT that must not be there
    if grep -q -- "$3" "$2"; then bad "$1" "'$3' in $2"; else ok "$1"; fi
}
run() { "$unidos" "$@" >out 2>err; }

# --- precedence: the user's file, ./unidos.conf, --conf in order, the command line ---
echo 'dos-version = 3.30' > "$tmp/xdg/unidos/unidos.conf"
run -c VER </dev/null; check "\$XDG_CONFIG_HOME/unidos/unidos.conf is read" 0 $? out "version 3.30"
printf '# the directory'"'"'s own\ndos-version = 4.00\n' > unidos.conf
run -c VER </dev/null; check "./unidos.conf wins over the user's file" 0 $? out "version 4.00"
printf 'dos-version = 5.00\n' > a.conf
printf '# a second file\ndos-version = 6.20\n' > b.conf
run --conf a.conf -c VER </dev/null; check "--conf wins over ./unidos.conf" 0 $? out "version 5.00"
run --conf a.conf --conf b.conf -c VER </dev/null; check "a later --conf wins" 0 $? out "version 6.20"
run --conf b.conf --conf a.conf -c VER </dev/null; check "... whichever comes later" 0 $? out "version 5.00"
run --dos-version 7.10 --conf b.conf -c VER </dev/null
check "the command line wins over every file (given before --conf too)" 0 $? out "version 7.10"
run --no-config -c VER </dev/null; check "--no-config skips the automatic files" 0 $? out "version 5.00"
run --conf b.conf --dos-version 7.10 --print-config
check "--print-config: the command line's value" 0 $? out "^dos-version = 7.10 *; command line"
grep -q "^#   b.conf$" out && grep -q "unidos/unidos.conf$" out && grep -q "^#   ./unidos.conf$" out
check "--print-config lists the files read, in order" 0 $?
run --conf b.conf --print-config
check "--print-config: a file's value with its line" 0 $? out "^dos-version = 6.20 *; b.conf:2"
check "--print-config: a default" 0 $? out "^cpu = p2 *; default"
rm unidos.conf "$tmp/xdg/unidos/unidos.conf"

# --- keys, flags, lists ---
mkdir -p dirA dirB sub
printf 'ECHO from A\r\n' > dirA/WHO.BAT; printf 'ECHO from B\r\n' > dirB/WHO.BAT
printf 'ui = headless\ndeterministic = true\nenv = X=one\nenv = Y=two\n[mount]\nD = dirA\n' > one.conf
printf '[mount]\nd = dirB\n[autoexec]\nSET X=%%X%%-auto\n' > two.conf
run --conf one.conf -c 'D:WHO' </dev/null; check "[mount] D = PATH, relative to the file" 0 $? out "from A"
run --conf one.conf --conf two.conf -c 'D:WHO' </dev/null
check "a later file's mount of the same drive replaces the earlier" 0 $? out "from B"
run --conf one.conf -m d=dirB -c 'D:WHO' </dev/null; check "-m replaces a file's mount of the drive" 0 $? out "from B"
run --conf one.conf --conf two.conf -e Y=three -c SET </dev/null
check "[autoexec] runs first, as a batch file (%X% expanded)" 0 $? out "^X=one-auto"
check "env from the command line replaces a file's of the same name" 0 0 out "^Y=three"
lacks "... and the file's is gone" out "^Y=two"
printf 'deterministic = false\n' > three.conf
run --conf one.conf --conf three.conf --print-config
check "a flag set false by a later file" 0 $? out "^deterministic = false *; three.conf:1"
printf 'screenshot-dir = ~/shots\n' > tilde.conf
run --conf tilde.conf --print-config; check "~ in a path is the home directory" 0 $? out "^screenshot-dir = $HOME/shots"

# --- errors with file and line ---
printf 'cpu = p2\nbogus = 1\n' > e1.conf
run --conf e1.conf -c VER; check "an unknown key: file and line, status 2" 2 $? err "e1.conf:2: unknown key 'bogus'"
printf '\n\ntimeout = soon\n' > e2.conf
run --conf e2.conf -c VER; check "a bad value: file and line" 2 $? err "e2.conf:3: invalid timeout"
printf 'text = perhaps\n' > e3.conf
run --conf e3.conf -c VER; check "a flag that is neither true nor false" 2 $? err "e3.conf:1: text: expected true or false"
printf 'cpu = p2\njust words\n' > e4.conf
run --conf e4.conf -c VER; check "a line that is not KEY = VALUE" 2 $? err "e4.conf:2: expected KEY = VALUE"
printf '[mount]\nDD = x\n' > e5.conf
run --conf e5.conf -c VER; check "[mount] with a bad drive" 2 $? err "e5.conf:2: \[mount\] DD"
printf '[stuff]\nx = 1\n' > e6.conf
run --conf e6.conf -c VER; check "an unknown section" 2 $? err "e6.conf:1: unknown section \[stuff\]"
printf 'print-config = true\n' > e7.conf
run --conf e7.conf -c VER; check "command-line-only options are no keys" 2 $? err "e7.conf:1: unknown key 'print-config'"
run --conf missing.conf -c VER; check "a missing --conf" 2 $? err "missing.conf: No such file"
run -conf e1.conf; check "DOSBox's -conf: a usage error that names --conf" 2 $? err "two dashes: --conf"
printf '[cpu]\ncycles = sometimes\n' > e8.conf
run --conf e8.conf -c VER; check "a DOSBox value that is not valid: file and line" 2 $? err "e8.conf:2: \[cpu\] cycles: expected"

# --- a DOSBox configuration as game stores ship it ---
dosbox_game() {
    pidir=$corpus/nanochess/nanochess-pi
    [ -f "$pidir/PI.COM" ] || { skip "DOSBox configuration starts PI.COM" "corpus missing"; return; }
    pidir=$(realpath "$pidir")
    command -v genisoimage >/dev/null || { skip "DOSBox configuration" "no genisoimage"; return; }
    mkdir -p game/cd/src
    printf '@ECHO OFF\r\nECHO tool on the CD\r\n' > game/cd/src/TOOL.BAT
    genisoimage -quiet -o game/cd/GAME.ISO game/cd/src 2>/dev/null
    rel=$(realpath --relative-to="$tmp/work/game" "$pidir")
    sed "s|@PI@|$rel|" "$here/dosbox-game.conf" > game/dosbox_pi.conf
    (cd / && "$unidos" -v --ui headless --keys x --screen-dump "$tmp/work/pi.txt" --timeout 120 \
        "$tmp/work/game/dosbox_pi.conf" >"$tmp/work/out" 2>"$tmp/work/err")
    rc=$?
    check "unidos game.conf: its [autoexec] mounts and starts PI.COM" 0 $rc out "tool on the CD"
    if tr -d '\n' <pi.txt | cmp -s - "$pidir/PI.expected-screen.txt"; then ok "... which draws its screen"
    else bad "... which draws its screen" "screen differs from PI.expected-screen.txt"; fi
    check "[sblaster] irq, dma, hdma reach BLASTER" 0 0 out "^A240 I5 D3 H6"
    [ "$(grep -c 'ignored, with no meaning' err)" = 1 ]
    check "the ignored settings are listed once (with -v)" 0 $? err "\[sdl\] fulldouble, fullresolution"
    lacks "... and not those that mean something" err "sbbase"
    "$unidos" --print-config --conf game/dosbox_pi.conf >out 2>err
    check "--print-config: [sblaster] sbtype" 0 $? out "^sb = sb16 *; game/dosbox_pi.conf:"
    check "--print-config: [dosbox] memsize 16 is 15 MiB of XMS" 0 0 out "^xms = 15 *; game/dosbox_pi.conf:[0-9]"
    check "--print-config: [cpu] cycles=fixed 20000 is --speed 20000" 0 0 out "^speed = 20000 *; game/dosbox_pi.conf:[0-9]"
    check "--print-config: [render] aspect=true is --aspect on" 0 0 out "^aspect = on *; game/dosbox_pi.conf:[0-9]"
    check "--print-config: [autoexec] paths made absolute" 0 0 out "^mount c \"$pidir\""
    check "--print-config: MOUNT may use them" 0 0 out "^allow-mount = $pidir"
}
dosbox_game

# --- GOG's layout: game/dosboxGAME.conf and game/dosboxGAME_single.conf, run by
# game/DOSBOX/DOSBox.exe from its own directory (so "mount C .." is the game) ---
gog_game() {
    pi=$corpus/nanochess/nanochess-pi/PI.COM
    [ -f "$pi" ] || { skip "GOG's layout starts PI.COM" "corpus missing"; return; }
    mkdir -p gog/DOSBOX gog/PIGAME
    : > gog/DOSBOX/DOSBox.exe
    cp "$pi" gog/PIGAME/PI.COM
    printf '[sdl]\nfullscreen=false\noutput=overlay\n[cpu]\ncycles=auto\n' > gog/dosboxPI.conf
    printf '[autoexec]\n@echo off\nmount C ".."\nc:\ncls\ncd PIGAME\nPI.COM\nexit\n' \
        > gog/dosboxPI_single.conf
    (cd / && "$unidos" --ui headless --keys x --timeout 120 --screen-dump "$tmp/work/gog.txt" \
        "$tmp/work/gog/dosboxPI.conf" "$tmp/work/gog/dosboxPI_single.conf" \
        >"$tmp/work/out" 2>"$tmp/work/err")
    check "GOG's layout (unidos A.conf B.conf): mount C \"..\" is the game's directory" 0 $? out \
        "Drive C: is the host directory $(realpath gog)[[:space:]]*$"
    if tr -d '\n' <gog.txt | cmp -s - "$(dirname "$pi")/PI.expected-screen.txt"; then
        ok "... and PI.COM in it runs"
    else
        bad "... and PI.COM in it runs" "screen differs from PI.expected-screen.txt"
    fi
    lacks "cycles=auto: the default speed, said only with -v" err "cycles"
    rm gog/DOSBOX/DOSBox.exe
    "$unidos" --print-config --conf gog/dosboxPI.conf gog/dosboxPI_single.conf >out 2>err
    check "without DOSBox's program beside it, paths are the file's own" 0 $? out \
        "^mount C \"$(realpath "$tmp/work")\""
    "$unidos" gog/dosboxPI.conf X.EXE >out 2>err
    check "a program after a configuration file: usage error" 2 $? err "takes no arguments"
}
gog_game

# --- [autoexec] as a batch file: labels, GOTO, the program's status through EXIT ---
printf '[autoexec]\nmount d "%s"\nd:\ngoto run\necho skipped\n:run\necho at the label\nretcode 7\nexit\n' \
    "$build" > rc.conf
run rc.conf </dev/null; check "[autoexec]: GOTO a label, then the program's status through EXIT" 7 $? out "at the label"
lacks "... the lines GOTO skips do not run" out "skipped"
lacks "... and the lines are not echoed" out "mount d"

# --- MOUNT, IMGMOUNT at the prompt ---
mkdir -p sub/inner; printf 'hi\r\n' > sub/inner/F.TXT
run -c 'MOUNT E sub' -c 'TYPE E:\INNER\F.TXT' </dev/null
check "MOUNT under the current directory (C:)" 0 $? out "^hi"
run -c 'MOUNT E /etc' -c 'DIR E:' </dev/null
check "MOUNT outside the run's drives is refused" 0 $? err "outside what this run may mount"
run --allow-mount /etc -c 'MOUNT E /etc' -c 'DIR /B E:\PASSWD' </dev/null
check "... unless --allow-mount lets it" 0 $? out "PASSWD"
run -m c=dirA -m d=sub:ro -c 'MOUNT E sub/inner' -c 'COPY E:\F.TXT E:\G.TXT' </dev/null
check "MOUNT under a read-only drive is read-only" 0 $? out "(read-only)"
[ ! -e sub/inner/G.TXT ]; check "... and nothing is written" 0 $?
run --mount-command off -c 'MOUNT E sub' </dev/null
check "--mount-command off refuses MOUNT" 0 $? err "switched off"
run -c 'CONFIG -securemode' -c 'MOUNT E sub' </dev/null
check "CONFIG -securemode switches MOUNT off" 0 $? err "switched off"
run -v -c 'MOUNT E sub -t cdrom' </dev/null
check "MOUNT -t cdrom of a directory: -v says MSCDEX does not see it" 0 $? err "not a CD-ROM drive to MSCDEX"
run -c 'MOUNT E sub -t cdrom' </dev/null
lacks "... and nothing without -v" err "MSCDEX"
run -c 'MOUNT E sub' -c 'MOUNT -u E' -c 'DIR E:' </dev/null
check "MOUNT -u" 0 $? out "unmounted"
command -v mformat >/dev/null && dd if=/dev/zero of=sub/disk.img bs=1k count=1440 2>/dev/null &&
    mformat -i sub/disk.img -f 1440 :: && printf 'on the floppy\r\n' > f.txt && mcopy -i sub/disk.img f.txt ::F.TXT
run -c 'IMGMOUNT A sub/disk.img -t floppy' -c 'TYPE A:\F.TXT' </dev/null
check "IMGMOUNT a floppy image" 0 $? out "on the floppy"

# --- --mount-program: the program's directory is C: (the desktop entry's way) ---
mkdir -p mp/game
printf 'from the game dir\r\n' > mp/game/README.TXT
printf '@ECHO OFF\r\nTYPE README.TXT\r\nECHO saved> SAVE.DAT\r\n' > mp/game/RUN.BAT
(cd mp && "$unidos" --mount-program game/RUN.BAT </dev/null >../out 2>../err)
check "--mount-program: a batch file run from elsewhere finds its files" 0 $? out "from the game dir"
[ -f mp/game/SAVE.DAT ] && [ ! -e mp/SAVE.DAT ]
check "... and writes beside them, not in the current directory" 0 $?
run --mount-program -m c=mp mp/game/RUN.BAT </dev/null
check "--mount-program with -m c=: a usage error" 2 $? err "C: is mounted already"

# --- RESCAN: nothing cached to drop; a file made on the host shows at once ---
mkdir -p rescan
{ printf 'DIR /B\r\n'; sleep 1; : > rescan/NEW.TXT; printf 'RESCAN\r\nDIR /B\r\n'; } |
    "$unidos" -m c=rescan >out 2>err
check "RESCAN, then DIR: a file made on the host meanwhile shows" 0 $? out "^NEW.TXT"
run -c 'RESCAN Q:' </dev/null; check "RESCAN of a drive that is not there" 0 $? err "drive Q: is not mounted"
run -c 'RESCAN -A' </dev/null; check "RESCAN -A" 0 $?

# --- LOADFIX: the program loads above the memory it takes ---
printf 'org 100h\nmov ax, cs\nmov al, ah\nmov ah, 4Ch\nint 21h\n' > seg.asm && nasm -f bin -o SEG.COM seg.asm
"$unidos" -c SEG </dev/null; low=$?
"$unidos" -c 'LOADFIX SEG' </dev/null >out; high=$?
[ $((high - low)) = 16 ]; check "LOADFIX loads the program 64 KiB higher ($low -> $high)" 0 $?
"$unidos" -c 'LOADFIX SEG' -c 'SEG' </dev/null >out; again=$?
[ "$again" = "$low" ]; check "... and gives the memory back when it ends" 0 $?

# --- CYCLES, CONFIG -set/-get: the speed while the machine runs ---
run -c 'CYCLES 386' -c CYCLES -c 'CONFIG -set "cpu cycles=fixed 3000"' -c 'CONFIG -get "cpu cycles"' </dev/null
check "CYCLES 386 sets the speed" 0 $? out "^CPU speed: 386"
check "CONFIG -set \"cpu cycles=fixed 3000\"" 0 0 out "^CPU speed: 3000/ms"
run --deterministic -c 'CYCLES 386' </dev/null
check "CYCLES in a deterministic run: refused" 0 $? err "cannot change in a deterministic run"
run -c 'CONFIG -set "dos xms=false"' </dev/null
check "CONFIG -set of a setting that cannot change: refused" 0 $? err "cannot change while the machine runs"

# --- HELP and /? ---
run -c 'DIR /?' </dev/null; check "DIR /? shows help, not a listing" 0 $? out "Lists the files"
lacks "... and lists nothing" out "bytes free"
run -c HELP </dev/null; check "HELP lists the internal commands" 0 $? out "^MOUNT "
grep -q "^COPY " out && grep -q "^IMGMOUNT " out && grep -q "^KEYB " out && grep -q "^CYCLES " out &&
    grep -q "^RESCAN " out
check "... all of them" 0 $?
printf 'org 100h\nmov dx, m\nmov ah, 9\nint 21h\nret\nm: db "the game setup$"\n' > c.asm && nasm -f bin -o CONFIG.COM c.asm
run -c CONFIG </dev/null; check "a program named CONFIG runs instead of DOSBox's CONFIG" 0 $? out "the game setup"

# --- special files as configuration files (issue 17): nothing waits on them ---
# A FIFO named unidos.conf in the directory once hung unidos before
# --timeout was armed; files found by name must be regular, a --conf FIFO
# (process substitution) is read, a device is refused.
mkdir special && cd special
mkfifo unidos.conf
t0=$(date +%s)
timeout -s KILL 10 "$unidos" --timeout 2 -c VER </dev/null >out 2>err
check "a FIFO named ./unidos.conf: usage error at once (no wait)" 2 $? err "unidos.conf: not a regular file"
[ $(($(date +%s) - t0)) -lt 5 ] && ok "... within 5 s" || bad "... within 5 s" "took $(($(date +%s) - t0)) s"
timeout -s KILL 10 "$unidos" --no-config --conf /dev/zero -c VER </dev/null >out 2>err
check "--conf /dev/zero is refused" 2 $? err "/dev/zero: not a regular file"
printf 'dos-version = 3.30\n' >plain.conf
timeout -s KILL 10 sh -c 'cat plain.conf | "$1" --no-config --conf /dev/stdin -c VER' sh "$unidos" \
    </dev/null >out 2>err
check "--conf of a pipe is read" 0 $? out "version 3.30"
timeout -s KILL 10 "$unidos" --no-config --conf unidos.conf -c VER </dev/null >out 2>err
check "--conf of a FIFO nobody writes: read as empty, no wait" 0 $? out "version 5.00"
cd ..

echo "1..$n"
[ "$fail" = 0 ]
