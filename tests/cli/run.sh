#!/bin/sh
# Command-line behaviour: exit statuses, messages, program lookup, --text,
# --timeout and signals. Usage: tests/cli/run.sh UNIDOS GUEST_BUILD_DIR
set -u
unidos=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
tmp=$(mktemp -d)
tap_on_exit 'rm -rf "$tmp"'
cd "$tmp"
check() { # name, expected status, actual status, [file that must contain TEXT, TEXT]
    why=""
    [ "$2" = "$3" ] || why="exit status $3, expected $2"
    if [ -z "$why" ] && [ $# -ge 5 ] && ! grep -q -- "$5" "$4"; then why="'$5' not in $4"; fi
    tap_report "$1" "$why"
    [ -z "$why" ] || sed 's/^/#   /' err 2>/dev/null | head -5
}
run() { "$unidos" "$@" >out 2>err; }

run NOSUCH.EXE; check "missing program is 127" 127 $? err "not found"
printf 'MZ\020\000\010\000' > TRUNC.EXE
run TRUNC.EXE; check "truncated MZ is 126" 126 $? err "not a valid DOS program"
: > EMPTY.COM
run EMPTY.COM; check "empty file is 126" 126 $? err "empty"
printf '\353\376' > SPIN.COM                      # jmp $
run --timeout 0.3 SPIN.COM; check "--timeout expires with 124" 124 $? err "timed out"
printf '\017\377' > BADOP.COM                     # 0F FF: invalid opcode
run BADOP.COM; check "invalid opcode is 125 with CS:IP" 125 $? err "invalid opcode at"
printf '\360\071\222\341\224' > LOCKCMP.COM        # LOCK CMP [BP+SI-6B1Fh],DX: Unicorn aborts
run LOCKCMP.COM; check "code Unicorn aborts on is 125 with a message, not SIGABRT" 125 $? err "CPU emulator"
# MOV DR7 enabling an instruction breakpoint on the next instruction: in
# Unicorn 2.0.1 that crashed the process (SIGSEGV); it runs on, unbroken.
printf 'org 100h\nxor eax,eax\nmov ax,cs\nshl eax,4\nadd eax,t\nmov dr0,eax\nmov eax,3\nmov dr7,eax\njmp t\nt: mov ax,4C07h\nint 21h\n' > dr7.asm
nasm -f bin -o DR7.COM dr7.asm
for tier in interp jit; do
    run --cpu-tier $tier DR7.COM; check "MOV DR7 with an instruction breakpoint runs on ($tier)" 7 $?
done
printf '\372\364' > CLIHLT.COM                    # cli; hlt
run CLIHLT.COM; check "HLT with interrupts off is 125" 125 $? err "HLT with interrupts disabled"
run --no-such-option X; check "unknown option is 2 (usage)" 2 $? err "unknown option"
run --timeout nope X; check "bad option value is 2 (usage)" 2 $? err "invalid timeout"
# Issue 17: values that overflowed were taken (inf stopped at once with 124)
for t in inf 1e300 9e18 nan; do
    run --timeout $t SPIN.COM; check "--timeout $t is refused" 2 $? err "invalid timeout.*at most 1e9"
done
run test --timeout inf .; check "unidos test --timeout inf is refused" 2 $? err "invalid timeout"
run --timeout 5 --max-blocks 99999999999999999999999 SPIN.COM
check "an overflowing --max-blocks is refused" 2 $? err "invalid block limit"
envargs=""; i=0
while [ $i -lt 257 ]; do i=$((i + 1)); envargs="$envargs -e V$i=$i"; done
run $envargs -c VER; check "257 -e: too many variables, said so" 2 $? err "too many variables (at most 256)"
run $(echo "$envargs" | sed 's/ -e V257=257//') -c 'SET' </dev/null
check "256 -e variables all reach DOS" 0 $? out "V256=256"
big=$(head -c 33000 /dev/zero | tr '\0' x)
run -e "BIG=$big" -c VER; check "an -e beyond the 32 KiB environment is refused, not dropped" 2 $? err "environment needs"
run -e "BIG=$(echo "$big" | cut -c 1-30000)" -c SET </dev/null; check "a 30,000-byte -e reaches DOS" 0 $? out "BIG=xxxxxxxxxxxx"
run < /dev/null; check "no program: the shell's prompt, until stdin ends" 0 $? out "C:"
run -c VER < /dev/null; check "-c runs shell commands" 0 $? out "DOS version"
run --help; check "--help" 0 $? out "exit status"
run --help; check "--help lists the regression-testing options (--report)" 0 $? out "^      --report FILE"
run --mount zz; check "a bad --mount names every suffix (usage: 2)" 2 $? err "X=PATH:ro:lower"
run --version; check "--version prints a version number" 0 $? out "^unidos [0-9][0-9]*\.[0-9][0-9]*\.[0-9]"
cp "$build/hello.com" ./Hello.Com
run hello; check "extension optional, case-insensitive" 0 $? out "Hello, world!"
run --text hello
why=""
[ "$(od -An -c out | tr -d ' \n')" = "Hello,world!\nx\nviahandle1\n" ] || why="output: $(od -An -c out | head -2)"
tap_report "--text turns CR LF into LF" "$why"
run "$build/retcode.com" 200; check "return code passes through" 200 $?
run --trace cpu "$build/strop.com"; check "REP STOS/MOVS into video memory run in the host" 0 $? err "string ops run in the host: [1-9]"
why=""
grep -q "string ops stay in the CPU" err || why="no 'string ops stay in the CPU' in the trace"
tap_report "... and stay in the CPU once a GDT is loaded" "$why"
# SIGTERM while a program runs in a terminal: unidos itself exits 143 with
# its message (a process the signal simply killed would show 143 to a shell
# too), the terminal's modes are back, the file the program wrote is whole.
mkdir sig && cp "$build/fhang.com" sig/
got=$(python3 "$here/sigterm.py" "$unidos" FHANG.COM sig KILL.TXT 2>&1)
why=""
[ "$got" = "exit=143 modes=same" ] || why="$got"
grep -q "stopped by signal 15 (Terminated)" sig/err.txt || why="$why; no 'stopped by signal 15' message"
[ "$(cat sig/KILL.TXT 2>/dev/null)" = "$(printf 'written before the kill\r\n')" ] || why="$why; KILL.TXT is not whole"
tap_report "SIGTERM in a terminal: unidos exits 143 with its message, modes restored, the written file whole" "$why"
[ -z "$why" ] || sed 's/^/#   /' sig/err.txt | head -5
mkdir -p proj/SRC proj/BIN src
cp "$build/hello.com" proj/BIN/TOOL.EXE
printf '@ECHO OFF\r\nECHO building %%1\r\n' > src/BUILD.BAT
(cd proj && "$unidos" -m c=. --cd 'C:\SRC' '..\BIN\TOOL.EXE' >../out 2>../err)
check "DOS-style relative program path from --cd" 0 $? out "Hello, world!"
run -m c=proj -m d=src --cd 'D:\' BUILD.BAT release
check "program found in the DOS current directory" 0 $? out "building release"
run -m c=proj 'C:\BIN\NOPE.EXE'; check "missing DOS path is 127" 127 $? err "not found"
# --speed: loop iterations per PIT tick (tests/guest/speed.asm, four
# instructions each) within 10 % of the target; deterministic, so the
# virtual clock counts instructions at the rate (real time: bench/speed.sh).
near() { # name, got, want: within 10 %
    n=$((n + 1))
    if awk -v g="$2" -v w="$3" 'BEGIN { exit !(g > w * 0.9 && g < w * 1.1) }'; then
        echo "ok $n - $1 ($2 per tick, target $3)"
    else
        fail=$((fail + 1)); echo "not ok $n - $1: $2 per tick, target $3"
    fi
}
for s in 4.77mhz:300 286:1500 386:7800 486:26800 pentium:77000 2500:2500; do
    got=$("$unidos" --deterministic --speed "${s%%:*}" "$build/speed.com" 2>err)
    near "--speed ${s%%:*}: iterations per tick" "$got" $(( ${s#*:} * 54925 / 4000 ))
done
got=$("$unidos" --deterministic --speed max "$build/speed.com" 2>err)
near "--speed max: the virtual clock still counts 10 ns per block" "$got" 5492500
run --speed 12x; check "a bad --speed names the presets (usage: 2)" 2 $? err "4.77mhz, 286, 386"
# Keyboard layouts: tests/guest/kbdlayout.asm presses a table of keys through
# the 8042 (Shift, AltGr, Ctrl, Caps Lock, dead keys); INT 16h must give the
# words of tests/cli/kbdlayout/LAYOUT.txt; KEYB switches while running.
for l in us uk de fr it es se no dk; do
    "$unidos" --keyboard "$l" "$build/kbdlayout.com" >out 2>err
    n=$((n + 1))
    if cmp -s out "$here/kbdlayout/$l.txt"; then echo "ok $n - --keyboard $l: INT 16h words"
    else fail=$((fail + 1)); echo "not ok $n - --keyboard $l: INT 16h words differ"; diff "$here/kbdlayout/$l.txt" out | head -8 | sed 's/^/#   /'; fi
done
"$unidos" -c 'KEYB GR' "$build/kbdlayout.com" >out 2>err
n=$((n + 1))
if cmp -s out "$here/kbdlayout/de.txt"; then echo "ok $n - KEYB GR: the German table"
else fail=$((fail + 1)); echo "not ok $n - KEYB GR: words differ"; fi
run -c 'KEYB fr,437' -c KEYB; check "KEYB fr,437 sets the layout and code page" 0 $? out "keyboard code: FR  code page: 437"
run --keyboard de -c KEYB; check "--keyboard de gives code page 850" 0 $? out "keyboard code: GR  code page: 850"
run -c 'KEYB xx'; check "KEYB xx: invalid code, ERRORLEVEL 1" 1 $? out "Invalid keyboard code"
run --keyboard zz X; check "a bad --keyboard names the layouts (usage: 2)" 2 $? err "us, uk, de, fr, it, es, se"
# A character no key types (é on a US keyboard) enters the BIOS buffer after
# the keys typed before it, not ahead of them (a terminal session's log).
rm -f A2.TXT
run --ui headless --keyboard us --replay "$here/charorder.log"
rc=$?
printf '\202 \r\n' | cmp -s - A2.TXT || rc="A2.TXT holding $(od -An -tx1 A2.TXT 2>&1)"
check "é typed with no key for it keeps its place in the line (A2.TXT: 82h)" 0 "$rc"
run -c CHCP; check "CHCP: code page 437 by default" 0 $? out "^Active code page: 437"
run -c 'CHCP 850' -c CHCP -c KEYB; check "CHCP 850 sets DOS's code page" 0 $? out "^Active code page: 850"
check "... which KEYB shows for the keyboard and CON" 0 0 out "CON code page: 850"
run -c 'CHCP 999' -c CHCP; check "CHCP 999: Invalid code page, 437 stays" 0 $? out "^Active code page: 437"
check "... with MS-DOS's message" 0 0 out "^Invalid code page"

# --- conventions (issue 16) ---
run -m z=. X; check "-m z= says Z: is the built-in drive (usage: 2)" 2 $? err "Z: is the built-in drive"
run --keys '{entr}' X; check "a bad --keys script is a usage error (2)" 2 $? err "unknown key {entr}"
printf 'org 100h\nl: mov ah,1\nint 21h\njmp l\n' > rk.asm && nasm -f bin -o RK.COM rk.asm
run --keys 'ab{ctrl+c}' RK.COM; check "a program stopped by Ctrl-C exits 130" 130 $?
run --keys 'ab{ctrl+c}' -c RK; check "... also run by the shell (-c)" 130 $?
printf '@ECHO OFF\r\nRK\r\nECHO after\r\n' > BRK.BAT
run --keys 'ab{ctrl+c}y' BRK.BAT; check "... a batch job answered Y: 130" 130 $?
run --keys 'ab{ctrl+c}n' BRK.BAT; check "... answered N, the batch file goes on: 0" 0 $? out "after"
mkdir -p adir
run adir; check "a directory as PROGRAM: 126, use -m or --cd" 126 $? err "is a directory: use -m"
printf 'just text\n' > NOTES
run NOTES; check "a text file without .COM/.EXE/.BAT: 126, not a DOS program" 126 $? err "not a DOS program"
printf 'just text\n' > NOTES.TXT
run NOTES.TXT; check "NOTES.TXT: 126, not a DOS program" 126 $? err "not a DOS program"
cp /bin/true ./true
run ./true; check "a Linux ELF: 126, a Linux program" 126 $? err "a Linux program, not a DOS one"
# MZ files with a new-style header at 1800h: a DOS stub of 1 page, or a
# DOS part of its own (13 pages, as a DOS extender's stub is) that runs.
newexe() { # FILE, signature bytes, NE target OS, MZ pages
    {
        echo '        db "MZ"'
        echo "        dw 0, $4, 0, 4, 0, 0FFFFh, 0, 0FFFEh, 0, 0, 0, 40h, 0"
        echo '        times 3Ch-($-$$) db 0'
        echo '        dd 1800h'
        echo '        mov ax, cs'
        echo '        mov ds, ax'
        echo '        mov dx, msg - 40h'
        echo '        mov ah, 9'
        echo '        int 21h'
        echo '        mov ax, 4C00h'
        echo '        int 21h'
        echo 'msg:    db "the DOS part runs$"'
        echo '        times 1800h-($-$$) db 0'
        echo "        db $2"
        echo '        times 36h-4 db 0'
        echo "        db $3"
    } > ne.asm
    nasm -f bin -o "$1" ne.asm
}
newexe WINPE.EXE '"PE", 0, 0' 0 1
run WINPE.EXE; check "a Windows PE with a stub: 126, a Windows program" 126 $? err "a Windows program, not a DOS one"
newexe WIN16.EXE '"NE", 0, 0' 2 1
run WIN16.EXE; check "a Windows NE: 126" 126 $? err "a Windows program, not a DOS one"
newexe OS2NE.EXE '"NE", 0, 0' 1 1
run OS2NE.EXE; check "an OS/2 NE: 126, an OS/2 program" 126 $? err "an OS/2 program"
newexe OS2LX.EXE '"LX", 0, 0' 0 1
run OS2LX.EXE; check "an OS/2 LX: 126" 126 $? err "an OS/2 program"
newexe BIGLX.EXE '"LX", 0, 0' 0 13
run BIGLX.EXE; check "an LX whose DOS part is a program of its own runs it, as DOS does" 0 $? out "the DOS part runs"
mkdir -p ptool/bin
cp "$build/hello.com" ptool/bin/TOOL.COM
run -c PATH ptool/bin/TOOL.COM; check "the program's directory comes first on PATH" 0 $? out 'PATH=C:\\PTOOL\\BIN;C:\\;Z:\\'
run -c PATH "$build/hello.com"; check "... on its own drive when outside C:" 0 $? out 'PATH=D:\\;C:\\;Z:\\'
printf 'echo one\necho two\n' | "$unidos" --text >out 2>err
check "--text: a piped script with LF runs every line" 0 $? out "^two"
printf 'echo one\r\necho two\r\n' | "$unidos" --text >out 2>err
check "--text: a piped script with CR LF runs every line" 0 $? out "^two"
(cd / && "$unidos" -c 'ECHO x > C:\UNIDOS-C.TMP' >"$tmp/out" 2>"$tmp/err")
rc=$?
if [ -e /UNIDOS-C.TMP ]; then rm -f /UNIDOS-C.TMP; rc=written; fi
check "run from /: C: is read-only, with a note on how to mount it" 0 $rc err "C: is /, read-only"
printf 'org 100h\nmov al,0b6h\nout 43h,al\nin al,61h\nor al,3\nout 61h,al\nret\n' > beep.asm
nasm -f bin -o BEEP.COM beep.asm
if [ ! -e /dev/snd ] && ldconfig -p 2>/dev/null | grep -q libasound.so.2; then
    SDL_AUDIODRIVER=alsa run BEEP.COM
    rc=$?
    if grep -q '^ALSA lib' err; then rc=alsa; fi
    check "no sound device: no ALSA lines on stderr" 0 $rc
    SDL_AUDIODRIVER=alsa run -v BEEP.COM; check "... and one note with -v" 0 $? err "no sound output"
else
    tap_skip "no ALSA lines without a sound device" "a sound device, or no ALSA"
fi

# --- a quiet stderr (issue 21) ---
# 87h (an old C runtime's) and FEh: MS-DOS answers AL=0 silently; the
# printer takes output nobody sees. Notes only with -v or --trace dos, and
# after a crash, where they may explain it.
printf 'org 100h\nmov ah,87h\nint 21h\nmov ah,0FEh\nint 21h\nmov dl,65\nmov ah,5\nint 21h\nmov ax,4C03h\nint 21h\n' > quiet.asm
nasm -f bin -o QUIET.COM quiet.asm
run QUIET.COM; rc=$?; [ -s err ] && rc=noisy
check "unimplemented calls and printer output: exit 3, nothing on stderr" 3 $rc
run -v QUIET.COM; check "... a note with -v" 3 $? err "function 87h is not implemented"
run --trace dos QUIET.COM; check "... and with --trace dos" 3 $? err "note: INT 21h function FEh"
printf 'org 100h\nmov ah,87h\nint 21h\ncli\nhlt\n' > qcrash.asm
nasm -f bin -o QCRASH.COM qcrash.asm
run QCRASH.COM; check "... and after a crash (125), below its message" 125 $? err "function 87h is not implemented"
# --- libraries opened on first use (base/dynlib.c) ---
# A zip drive whose library is missing is refused, naming the library. The
# library is hidden in a private mount namespace (root only).
printf 'org 100h\nmov ax,4C00h\nint 21h\n' > exit.asm
nasm -f bin -o EXIT.COM exit.asm
python3 -c "import zipfile; z = zipfile.ZipFile('t.zip', 'w'); z.writestr('A.TXT', 'a'); z.close()"
minizip=$(ldconfig -p 2>/dev/null | awk '/libminizip\.so\.[0-9]+ .*x86-64/ {print $NF; exit}')
if [ -n "$minizip" ] && unshare -m true 2>/dev/null; then
    unshare -m sh -c 'mount --bind /dev/null "$(readlink -f "$1")" && exec "$2" -m y=t.zip EXIT.COM' \
        sh "$minizip" "$unidos" >out 2>err
    check "a zip drive without its library is refused, naming it" 125 $? err "libminizip.so.[0-9]* is not installed"
    run -m y=t.zip EXIT.COM; check "... and mounts with it" 0 $?
else
    tap_skip "a zip drive without its library" "no libminizip, or no mount namespaces (not root)"
fi
tap_end cli
