#!/bin/sh
# Real DOS toolchains from the corpus, each in a fresh temporary directory:
# MS-DOS 2.0 MASM/LINK/EXE2BIN building MORE.COM (which then pages a file),
# MS-DOS 2.0 PRINT (a TSR), MS-DOS 2.0 COMMAND.COM. (MASM 5.10, MS C 5.10
# and EDLIN 1.25 are `unidos test` cases now: tests/cases/toolchains and
# examples/msc-hello.)
# Usage: tests/corpus/toolchains.sh UNIDOS CORPUS_DIR   (TAP on stdout)
set -u
unidos=$(realpath "$1"); corpus=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
v2=$corpus/msdos/v2.0; t4=$corpus/msdos/v4.0-tools; v125=$corpus/msdos/v1.25/bin
. "$here/../tap.sh"
report() { # name, why ("" = ok), work dir
    tap_report "$1" "$2"
    [ -z "$2" ] || sed 's/^/#   /' "$3/log.txt" 2>/dev/null | tail -15
    rm -rf "$3"
}
dos() { # dir, program, args...: run headless, output appended to log.txt
    d=$1; shift
    (cd "$d" && "$unidos" -q --timeout 60 "$@" >>log.txt 2>&1)
}
to_crlf() { perl -pi -e 's/(?<!\r)\n/\r\n/' "$@"; }

# MS-DOS 2.0: MORE.COM from its sources; the result pages a 60-line file,
# prompting after every 24 lines as its source says (MAXROW 25; the shipped
# MORE.COM was built differently and prompts after 23).
ms20_more() {
    w=$(mktemp -d)
    cp "$v2"/source-inputs/*.ASM "$w/" && chmod u+w "$w"/*.ASM && to_crlf "$w"/*.ASM
    dos "$w" "$v2/bin/MASM.EXE" 'MORE;' && dos "$w" "$v2/bin/MASM.EXE" 'MOREMES;' &&
        dos "$w" "$v2/bin/LINK.EXE" 'MORE+MOREMES;' &&
        dos "$w" "$v2/bin/EXE2BIN.EXE" MORE.EXE MORE.COM
    why=""
    [ -s "$w/MORE.COM" ] || why="no MORE.COM built"
    if [ -z "$why" ]; then
        seq 1 60 | sed 's/$/\r/' >"$w/LINES.TXT"
        (cd "$w" && "$unidos" -q --timeout 10 MORE.COM <LINES.TXT >built.out 2>>log.txt)
        prompts=$(grep -c -- '-- More --' "$w/built.out")
        lines=$(tr -d '\r' <"$w/built.out" | grep -c '^[0-9]*$')
        [ "$prompts" -ge 2 ] && [ "$lines" -ge 60 ] || why="$prompts prompts, $lines lines"
        sed -n '26p' "$w/built.out" | grep -q -- '-- More --' || why="no prompt after 24 lines"
    fi
    report "MS-DOS 2.0 MASM+LINK+EXE2BIN build MORE.COM, which pages" "$why" "$w"
}

# MS-DOS 2.0 COMMAND.COM: DIR (FCB searches, volume label, aliases),
# COPY, REN, DEL and TYPE on a host directory.
ms20_command() {
    w=$(mktemp -d)
    printf 'first\r\n' >"$w/A.TXT"
    printf 'long\r\n' >"$w/Long File Name.txt"
    mkdir "$w/SUB"
    c20() { dos "$w" -e 'COMSPEC=D:\COMMAND.COM' "$v2/bin/COMMAND.COM" /C "$@"; }
    why=""
    c20 COPY A.TXT B.TXT
    cmp -s "$w/A.TXT" "$w/B.TXT" || why="COPY did not copy"
    c20 REN B.TXT C.TXT
    [ -f "$w/C.TXT" ] && [ ! -f "$w/B.TXT" ] || why="$why; REN did not rename"
    c20 DEL C.TXT
    [ ! -f "$w/C.TXT" ] || why="$why; DEL did not delete"
    out=$(cd "$w" && "$unidos" -q --timeout 10 -e 'COMSPEC=D:\COMMAND.COM' "$v2/bin/COMMAND.COM" \
        /C DIR | tr -d '\r')
    for want in 'A        TXT' 'LONGFI~1 TXT' 'SUB          <DIR>' ' Directory of  C:\' \
        '4 File(s)'; do                 # A.TXT, LOG.TXT (ours), LONGFI~1.TXT, SUB
        echo "$out" | grep -qF "$want" || why="$why; DIR lacks '$want'"
    done
    out=$(cd "$w" && "$unidos" -q --timeout 10 -e 'COMSPEC=D:\COMMAND.COM' "$v2/bin/COMMAND.COM" \
        /C TYPE LONGFI~1.TXT | tr -d '\r')
    echo "$out" | grep -qx long || why="$why; TYPE printed '$out'"
    [ -z "$why" ] || echo "$out" >>"$w/log.txt"
    report "MS-DOS 2.0 COMMAND.COM: DIR, COPY, REN, DEL, TYPE" "$why" "$w"
}

# MS-DOS 2.0 PRINT, a TSR that reads DOS's internals: it takes the printer's
# driver from the reserved bytes of an FCB opened on PRN (refusing with
# "List output is not assigned to a device" when they do not name a
# device), stays resident and prints from INT 28h, which DOS issues while
# PAUSE waits for a key (and unidos's shell at its prompt); the PRINT after
# it finds the resident part through INT 2Fh and its queue empty.
# --deterministic: the 2 s wait is the same amount of guest work every run.
ms20_print() {
    w=$(mktemp -d)
    seq 1 200 | sed 's/$/\r/' >"$w/A.TXT"
    cp "$v2/bin/PRINT.COM" "$w/"
    printf 'PRINT A.TXT\r\nPAUSE\r\nPRINT\r\n' >"$w/T.BAT"
    out=$(cd "$w" && "$unidos" -q --timeout 20 --deterministic --dos-version 2.0 \
        --keys '{enter}{wait 2s}{enter}' -e 'COMSPEC=D:\COMMAND.COM' "$v2/bin/COMMAND.COM" \
        /C T.BAT </dev/null 2>>log.txt | tr -d '\r')
    why=""
    echo "$out" | grep -qx 'Resident part of PRINT installed' || why="not installed"
    echo "$out" | grep -q 'C:A       .TXT is currently being printed' || why="$why; not queued"
    echo "$out" | grep -qx 'PRINT queue is empty' || why="$why; not printed while PAUSE waited"
    out=$(cd "$w" && "$unidos" -q --timeout 20 --deterministic --dos-version 2.0 \
        --keys 'PRINT A.TXT{enter}{enter}{wait 2s}PRINT{enter}EXIT{enter}' </dev/null 2>>log.txt |
        tr -d '\r')
    echo "$out" | grep -qx 'PRINT queue is empty' || why="$why; not printed at unidos's prompt"
    [ -z "$why" ] || echo "$out" >>"$w/log.txt"
    report "MS-DOS 2.0 PRINT: installed on PRN's driver from its FCB, prints from INT 28h" "$why" "$w"
}

if [ -d "$v2" ]; then
    ms20_more
    ms20_print
    ms20_command
else
    tap_skip_required "MS-DOS 2.0 MASM+LINK+EXE2BIN build MORE.COM, which pages" "$v2 not found"
    tap_skip_required "MS-DOS 2.0 PRINT: installed on PRN's driver from its FCB, prints from INT 28h" "$v2 not found"
    tap_skip_required "MS-DOS 2.0 COMMAND.COM: DIR, COPY, REN, DEL, TYPE" "$v2 not found"
fi
