#!/bin/sh
# One difftest case (see tests/difftest/run.sh and tests/difftest/cases):
# the same files and the same batch file under unidos and under DOSBox,
# then every file each side left in drive C: compared byte for byte.
# usage: case.sh NAME   with UNIDOS, CASES, KNOWN, WORK, CORPUS, REPO, BUILD
# and REFERENCE in the environment; writes WORK/NAME.result:
#   line 1: "ok", "fail", "skip", "todo" or "todo-ok", a tab, the summary
#   more lines: details (shown as TAP comments)
set -u
name=$1
here=$(cd "$(dirname "$0")" && pwd)
dir=$WORK/$name
result=$WORK/$name.result
rm -rf "$dir"
mkdir -p "$dir/in" "$dir/u" "$dir/d"
timeout=${DIFFTEST_TIMEOUT:-120}

finish() { # status summary [detail file]
    printf '%s\t%s\n' "$1" "$2" >"$result"
    [ $# -lt 3 ] || [ ! -s "$3" ] || cat "$3" >>"$result"
    exit 0
}

# The case's block of the cases file, without the "case" line.
awk -v n="$name" '$1 == "case" { on = ($2 == n); next } on && NF && $1 !~ /^#/' "$CASES" \
    | sed 's/^[[:space:]]*//' >"$dir/block"
descr=$(awk -v n="$name" '$1 == "case" && $2 == n { $1 = ""; $2 = ""; sub(/^  */, ""); print }' "$CASES")
expand() { sed -e "s|\${CORPUS}|$CORPUS|g" -e "s|\${REPO}|$REPO|g" -e "s|\${BUILD}|$BUILD|g"; }
upper() { printf "%s\n" "$1" | tr 'a-z' 'A-Z'; }

# --- the input files, once, into in/ ---
: >"$dir/steps"
: >"$dir/goldens"
: >"$dir/dosbox-steps"
: >"$dir/batch.u"
: >"$dir/batch.d"
step=0
setup_failed=""
while IFS= read -r line; do
    verb=${line%%[[:space:]]*}
    rest=$(printf "%s\n" "${line#"$verb"}" | sed 's/^[[:space:]]*//')
    case $verb in
    copy | text | asm)
        args=$(printf "%s\n" "$rest" | expand)
        set -f
        # shellcheck disable=SC2086
        set -- $args
        set +f
        src=$1
        dest=$(upper "${2:-$(basename "$src")}")
        if [ ! -e "$src" ]; then
            case $src in "$CORPUS"/*) finish skip "corpus file missing: ${src#"$CORPUS"/}" ;; esac
            setup_failed="$src is missing"
            break
        fi
        case $verb in
        copy)
            cp -R "$src" "$dir/in/$dest" && chmod -R u+w "$dir/in/$dest" ;;
        text)
            sed 's/\r*$/\r/' "$src" >"$dir/in/$dest" ;;
        asm)
            shift 2
            nasm -f bin "$@" -o "$dir/in/$dest" "$src" 2>"$dir/nasm.txt" ||
                setup_failed="nasm $src: $(head -1 "$dir/nasm.txt")" ;;
        esac ;;
    golden)
        printf "%s\n" "$rest" | expand >>"$dir/goldens" ;;
    line)
        printf "%s\n" "$rest" >>"$dir/batch.u"
        printf "%s\n" "$rest" >>"$dir/batch.d" ;;
    run | dosbox)
        if [ "$verb" = run ]; then
            step=$((step + 1))
            printf "%s\n" "$step $rest" >>"$dir/steps"
        else
            # DOSBox runs this in place of the step before: the last two
            # lines of its batch (known_differences.txt must say why)
            sed -i '$d' "$dir/batch.d"
            sed -i '$d' "$dir/batch.d"
            printf "%s\n" "$step $rest" >>"$dir/dosbox-steps"
        fi
        case $rest in
        *">"*) cmd=$rest ;;
        *) cmd="$rest > C:\_O$step.TXT" ;;
        esac
        for side in u d; do
            [ "$verb" = dosbox ] && [ $side = u ] && continue
            printf "%s\n" "$cmd" >>"$dir/batch.$side"
            printf "%s\n" "CALL C:\\_EL.BAT C:\\_E$step.TXT" >>"$dir/batch.$side"
        done ;;
    *)
        setup_failed="unknown line in the cases file: $line" ;;
    esac
done <"$dir/block"
[ -s "$dir/block" ] || setup_failed="no such case"
[ -z "$setup_failed" ] || finish fail "$setup_failed"

# ERRORLEVEL in decimal into the file named by %1: IF ERRORLEVEL is the only
# way a batch file can read it, so a binary search over 0-255.
errorlevel_bat() {
    awk 'function el(lo, hi,   mid, l) {
            if (lo == hi) { print "ECHO " lo "> %1"; print "GOTO END"; return }
            mid = int((lo + hi + 1) / 2); l = "L" (++count)
            print "IF ERRORLEVEL " mid " GOTO " l
            el(lo, mid - 1); print ":" l; el(mid, hi)
        }
        BEGIN { print "@ECHO OFF"; el(0, 255); print ":END" }'
}
errorlevel_bat | sed 's/$/\r/' >"$dir/in/_EL.BAT"
for side in u d; do
    mkdir -p "$dir/$side"
    cp -R "$dir/in/." "$dir/$side/"
    {
        echo "@ECHO OFF"
        cat "$dir/batch.$side"
        echo "ECHO done> C:\_DONE.TXT"
    } | sed 's/$/\r/' >"$dir/$side/_RUN.BAT"
done

# --- both sides ---
(cd "$dir/u" && "$UNIDOS" --ui headless -q --timeout "$timeout" _RUN.BAT \
    </dev/null >"$dir/unidos.log" 2>&1)
urc=$?
"$here/dosbox.sh" -t "$timeout" -l "$dir/dosbox.log" "$dir/d" CALL _RUN.BAT
drc=$?
# known KIND [FILE]: the entries of known_differences.txt for this case
# ("case | file | kind | why", the bars with blanks around them), as
# "file<TAB>kind<TAB>why" lines.
known() {
    awk -F'[[:space:]]+[|][[:space:]]+' -v n="$name" -v k="$1" -v f="${2:-}" '
        $1 ~ /^[[:space:]]*#/ || NF < 4 { next }
        { sub(/^[[:space:]]*/, "", $1) }
        $1 == n && (split($3, w, " ") && w[1] == k) && (f == "" || $2 == f) {
            print $2 "\t" $3 "\t" $4 }' "$KNOWN"
}
pending=$(known pending | cut -f3 | head -1)

# --- compare ---
details=$dir/details
: >"$details"
[ -f "$dir/d/_DONE.TXT" ] || {
    echo "DOSBox did not finish the batch file (status $drc): $(grep -v ALSA "$dir/dosbox.log" | tail -3 | tr '\n' ' ')" >"$details"
    finish fail "$descr: DOSBox did not finish" "$details"
}
[ -f "$dir/u/_DONE.TXT" ] ||
    echo "unidos did not finish the batch file (status $urc): $(tail -3 "$dir/unidos.log" | tr '\n' ' ')" >>"$details"
listing() { (cd "$1" && find . -type f ! -name '_DONE.TXT' ! -name '_RUN.BAT' | sed 's|^\./||' | sort); }
listing "$dir/u" >"$dir/u.list"
listing "$dir/d" >"$dir/d.list"

# A record of what DOSBox wrote (every file not among the inputs) for the
# cases unidos cannot run yet: DOSBox must still give it; DIFFTEST_CAPTURE=1
# records it again.
ref=$REFERENCE/$name
if [ -n "$pending" ] && [ "${DIFFTEST_CAPTURE:-}" = 1 ]; then
    rm -rf "$ref"
    for f in $(cat "$dir/d.list"); do
        [ -f "$dir/in/$f" ] && cmp -s "$dir/in/$f" "$dir/d/$f" && continue
        mkdir -p "$(dirname "$ref/$f")"
        cp "$dir/d/$f" "$ref/$f"
    done
fi
what() { # a file name: what it holds
    case $1 in
    _O*.TXT) n=${1#_O}; n=${n%.TXT}; echo "stdout of step $n ($(sed -n "s/^$n //p" "$dir/steps"))" ;;
    _E*.TXT) n=${1#_E}; n=${n%.TXT}; echo "ERRORLEVEL after step $n ($(sed -n "s/^$n //p" "$dir/steps"))" ;;
    *) echo "file $1" ;;
    esac
}
textual() { case $1 in *.TXT | *.BAT | *.ASM | *.C | *.H | *.LST | *.MAP | *.REF | *.BAK) return 0 ;; esac; return 1; }
show() { # file: how the two sides differ
    f=$1
    if [ ! -f "$dir/u/$f" ]; then
        echo "$(what "$f"): only DOSBox wrote it"
    elif [ ! -f "$dir/d/$f" ]; then
        echo "$(what "$f"): only unidos wrote it"
    else
        case $f in
        _E*) echo "$(what "$f"): unidos $(tr -d '\r\n ' <"$dir/u/$f"), DOSBox $(tr -d '\r\n ' <"$dir/d/$f")" ;;
        *)
            if textual "$f"; then
                echo "$(what "$f") differs (- unidos, + DOSBox):"
                diff -u "$dir/u/$f" "$dir/d/$f" | tr -d '\r' | sed -n '3,16p'
            else
                echo "$(what "$f") differs: $(cmp "$dir/u/$f" "$dir/d/$f" 2>&1 | head -1 | sed "s|$dir/||g"); sizes $(wc -c <"$dir/u/$f") and $(wc -c <"$dir/d/$f")"
            fi ;;
        esac
    fi
}
# same_except FILE REGEX: the two sides' FILE equal once lines matching
# REGEX (POSIX extended) are left out of both.
same_except() {
    [ -f "$dir/u/$1" ] && [ -f "$dir/d/$1" ] || return 1
    grep -aEv "$2" "$dir/u/$1" >"$dir/cmp.u"
    grep -aEv "$2" "$dir/d/$1" >"$dir/cmp.d"
    cmp -s "$dir/cmp.u" "$dir/cmp.d"
}

# same_but_bytes FILE RANGES: the two sides' FILE the same size and
# different only at the byte offsets of RANGES ("12-13,1C-1D": hex, from 0).
same_but_bytes() {
    [ -f "$dir/u/$1" ] && [ -f "$dir/d/$1" ] || return 1
    [ "$(wc -c <"$dir/u/$1")" = "$(wc -c <"$dir/d/$1")" ] || return 1
    cmp -l "$dir/u/$1" "$dir/d/$1" | awk -v r="$2" '
        BEGIN { n = split(r, part, ",")
                for (i = 1; i <= n; i++) { split(part[i], b, "-"); lo[i] = hex(b[1]); hi[i] = hex(b[2] == "" ? b[1] : b[2]) } }
        function hex(s,   v, k) { v = 0; s = toupper(s)
            for (k = 1; k <= length(s); k++) v = v * 16 + index("0123456789ABCDEF", substr(s, k, 1)) - 1
            return v }
        { off = $1 - 1; ok = 0
          for (i = 1; i <= n; i++) if (off >= lo[i] && off <= hi[i]) ok = 1
          if (!ok) bad = 1 }
        END { exit bad }'
}
unexpected=""
explained=""
differing=""
compared=0
for f in $(sort -u "$dir/u.list" "$dir/d.list"); do
    compared=$((compared + 1))
    [ -f "$dir/u/$f" ] && [ -f "$dir/d/$f" ] && cmp -s "$dir/u/$f" "$dir/d/$f" && continue
    differing="$differing $f"
    entry=$(known file "$f")
    regex=$(known lines "$f" | cut -f2 | sed 's/^lines[[:space:]]*//' | head -1)
    ranges=$(known bytes "$f" | cut -f2 | sed 's/^bytes[[:space:]]*//' | head -1)
    if [ -n "$entry" ] || { [ -n "$regex" ] && same_except "$f" "$regex"; } ||
        { [ -n "$ranges" ] && same_but_bytes "$f" "$ranges"; }; then
        explained="$explained $f"
    else
        unexpected="$unexpected $f"
        show "$f" >>"$details"
    fi
done
# Every listed difference must still occur: one that does not is stale (or
# unidos now copies a DOSBox bug).
[ -n "$pending" ] || for f in $( (known file; known lines; known bytes) | cut -f1); do
    case " $differing " in
    *" $f "*) ;;
    *) echo "known_differences.txt lists $f for $name, but it matches DOSBox now: remove the line" >>"$details"
       unexpected="$unexpected $f(stale)" ;;
    esac
done
if [ -s "$dir/dosbox-steps" ] && [ -z "$(known input)" ]; then
    echo "a 'dosbox' line gives DOSBox another command; known_differences.txt must say why (kind input)" >>"$details"
    unexpected="$unexpected (input)"
fi
[ -f "$dir/u/_DONE.TXT" ] || unexpected="$unexpected (unfinished)"
# The project's golden files for these runs (tests/cases, examples) must be
# what DOSBox wrote, so they come from a reference and not from unidos.
while read -r f golden; do
    [ -n "$f" ] || continue
    cmp -s "$dir/d/$f" "$golden" && continue
    echo "golden file ${golden#"$REPO"/} is not what DOSBox wrote to $f" >>"$details"
    unexpected="$unexpected $f(golden)"
done <"$dir/goldens"

if [ -n "$pending" ]; then
    if [ -d "$ref" ]; then
        for f in $(cd "$ref" && find . -type f | sed 's|^\./||'); do
            cmp -s "$ref/$f" "$dir/d/$f" && continue
            regex=$(known lines "$f" | cut -f2 | sed 's/^lines[[:space:]]*//' | head -1)
            if [ -n "$regex" ] && [ -f "$dir/d/$f" ]; then
                grep -aEv "$regex" "$ref/$f" >"$dir/cmp.r"
                grep -aEv "$regex" "$dir/d/$f" >"$dir/cmp.d"
                cmp -s "$dir/cmp.r" "$dir/cmp.d" && continue
            fi
            echo "DOSBox's $(what "$f") is not the one recorded in tests/difftest/reference/$name" >>"$details"
            finish fail "$descr: DOSBox no longer gives the recorded reference" "$details"
        done
    fi
    [ -n "$unexpected" ] && finish todo "$descr ($pending)" "$details"
    finish todo-ok "$descr: matches DOSBox now; drop its 'pending' line from known_differences.txt"
fi
[ -z "$unexpected" ] || finish fail "$descr: differs from DOSBox in$unexpected" "$details"
note=""
[ -z "$explained" ] || note=" but the known differences in$explained"
finish ok "$descr: $compared files the same as DOSBox's$note"
