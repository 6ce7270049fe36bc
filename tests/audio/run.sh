#!/bin/sh
# Sound tests: tests/audio/run.sh UNIDOS BUILD_DIR WAVCHECK
# 1. Each fixture NAME.asm (assembled to BUILD_DIR/NAME.com) runs headless
#    and deterministic with --wav, twice: the two WAV files must be
#    byte-identical, and each "; audio: CHECKS" line of the fixture is one
#    wavcheck run over the WAV (CHECKS as in wavcheck.c; "needs=fluidsynth"
#    skips when libfluidsynth or a General MIDI soundfont is missing).
# 2. LIGHTS.COM from the corpus plays its first tone (skipped without the
#    corpus). It runs on the host clock: in deterministic mode its busy loop
#    on INT 1Ah advances virtual time by 10 ns a call and takes ~30 s.
# 3. The live output: a tone through SDL's disk audio driver.
set -u
unidos=$(realpath "$1"); build=$(realpath "$2"); wavcheck=$(realpath "$3")
src=$(cd "$(dirname "$0")" && pwd)
. "$src/../tap.sh"
corpus=$(tap_corpus)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
report() { # name, why ("" = ok, "skip: ..." = skipped, "skip: corpus ..." = needs the corpus)
    case "$2" in
    "skip: corpus"*) tap_skip_required "$1" "${2#skip: }" ;;
    skip:*) tap_skip "$1" "${2#skip: }" ;;
    *) tap_report "$1" "$2" ;;
    esac
}
have_fluidsynth() {
    ldconfig -p 2>/dev/null | grep -q 'libfluidsynth\.so\.3' &&
        ls /usr/share/sounds/sf2/*.sf2 /usr/share/sounds/sf3/*.sf3 >/dev/null 2>&1
}
# run NAME.com in $tmp with extra options; result in $tmp/NAME.rc
run() { # name wav options...
    name=$1; wav=$2; shift 2
    (cd "$tmp" && "$unidos" --timeout 60 "$@" --wav "$wav" "$name.com" </dev/null \
        >"$name.out" 2>"$name.err"; echo $? >"$name.rc")
}
checks() { # name wav [raw]: every "; audio:" line of the fixture
    grep '^; audio:' "$src/$1.asm" | sed 's/^; audio://; s/needs=[a-z]*//' |
        while read -r line; do
            # shellcheck disable=SC2086
            "$wavcheck" "$2" ${3:-} $line || exit 1
        done
}

for asm in "$src"/*.asm; do
    name=$(basename "$asm" .asm)
    grep -q '^; audio:' "$asm" || continue
    if grep -q '^; audio:.*needs=fluidsynth' "$asm" && ! have_fluidsynth; then
        report "$name" "skip: libfluidsynth or a GM soundfont is not installed"; continue
    fi
    cp "$build/$name.com" "$tmp/"; out=""
    run "$name" a.wav --deterministic
    why=""
    [ "$(cat "$tmp/$name.rc")" = 0 ] || why="exit status $(cat "$tmp/$name.rc")"
    [ -n "$why" ] || out=$(checks "$name" "$tmp/a.wav") || why="sound check failed"
    echo "$out" | sed 's/^/# /'
    if [ -z "$why" ]; then
        run "$name" b.wav --deterministic
        cmp -s "$tmp/a.wav" "$tmp/b.wav" || why="two deterministic runs gave different WAV files"
    fi
    report "$name" "$why"
    [ -z "$why" ] || sed 's/^/#   stderr: /' "$tmp/$name.err" | head -5
done

# LIGHTS.COM: one of its four tones (415, 311, 248 or 208 Hz: the light is
# random) after 14-15 ticks (plus start-up: it runs on the host clock), for
# 7-8 ticks; then it waits for a key and
# stops because standard input has ended (exit 125).
lights=${corpus:-/nonexistent}/nanochess/nanochess-lights/LIGHTS.COM
if [ -f "$lights" ]; then
    cp "$lights" "$tmp/LIGHTS.com"
    run LIGHTS lights.wav --audio none
    why=""
    [ "$(cat "$tmp/LIGHTS.rc")" = 125 ] || why="exit status $(cat "$tmp/LIGHTS.rc"), expected 125"
    out=$("$wavcheck" "$tmp/lights.wav" 'freq=415.31|311.13|247.94|207.65' start=0.70:2.0 \
        dur=0.37:0.46 rms=5000:7000 gap=1) || why=${why:-"sound check failed"}
    echo "$out" | sed 's/^/# /'
    report "LIGHTS.COM speaker tone" "$why"
else
    report "LIGHTS.COM speaker tone" "skip: corpus file missing: nanochess/nanochess-lights/LIGHTS.COM"
fi

# The listener's levels: --volume 50 halves the amplitude of what is heard
# and recorded (RMS within 1 %); MIXER changes one device and leaves the
# others: the speaker tone and an OPL note, each under its own level and
# under the other device's.
rms_of() { "$wavcheck" "$1" | sed -n 's/.*rms \([0-9]*\).*/\1/p'; }
level_case() { # name fixture want-ratio options...
    lname=$1; fx=$2; ratio=$3; shift 3
    why=""
    if [ ! -f "$build/$fx.com" ]; then report "$lname" "skip: $fx.com not built"; return; fi
    cp "$build/$fx.com" "$tmp/"
    run "$fx" full.wav --deterministic
    run "$fx" level.wav --deterministic "$@"
    [ "$(cat "$tmp/$fx.rc")" = 0 ] || why="exit status $(cat "$tmp/$fx.rc")"
    full=$(rms_of "$tmp/full.wav"); got=$(rms_of "$tmp/level.wav")
    [ -n "$why" ] || awk -v f="${full:-0}" -v g="${got:-0}" -v r="$ratio" \
        'BEGIN { exit !(f > 0 && g >= f * r * 0.99 && g <= f * r * 1.01) }' ||
        why="rms $got against $full at full level, expected x$ratio (1 %)"
    report "$lname (rms $got of $full)" "$why"
}
level_case "--volume 50 halves the speaker tone" spktone 0.5 --volume 50
level_case "MIXER SPKR 50 halves the speaker tone" spktone 0.5 -c "MIXER SPKR 50 /NOSHOW"
level_case "MIXER OPL 0 leaves the speaker tone" spktone 1 -c "MIXER OPL 0 /NOSHOW"
level_case "MIXER OPL 50 halves the OPL note" oplnote 0.5 -c "MIXER OPL 50 /NOSHOW"
level_case "MIXER SPKR 0 SB 0 MIDI 0 leaves the OPL note" oplnote 1 \
    -c "MIXER SPKR 0 SB 0 MIDI 0 /NOSHOW"
level_case "MIXER SB 50 halves Sound Blaster DMA sound" sbsingle 0.5 -c "MIXER DAC 50 /NOSHOW"
level_case "MIXER OPL 0 leaves Sound Blaster DMA sound" sbsingle 1 -c "MIXER FM 0 /NOSHOW"

# Live output: SDL's disk driver plays into a file at its own pace: it
# sleeps 10 ms per 10 ms buffer and then writes it, so its clock runs a
# little slow and the sink's drift correction speeds the sound up by up to
# 0.5 % (real sound cards are off by 0.01-0.1 %): 1 % frequency tolerance.
if [ -f "$build/spktone.com" ]; then
    cp "$build/spktone.com" "$tmp/"
    (cd "$tmp" && SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=live.raw "$unidos" --timeout 20 \
        --audio sdl spktone.com </dev/null >live.out 2>live.err; echo $? >live.rc)
    why=""
    [ "$(cat "$tmp/live.rc")" = 0 ] || why="exit status $(cat "$tmp/live.rc")"
    [ -s "$tmp/live.raw" ] || why=${why:-"SDL wrote no sound"}
    [ -n "$why" ] || out=$("$wavcheck" "$tmp/live.raw" raw freq=439.96:1 dur=0.50:0.60 \
        rms=3500:6500 gap=1) || why="sound check failed"
    echo "${out:-}" | sed 's/^/# /'
    report "live output through SDL" "$why"
    [ -z "$why" ] || sed 's/^/#   stderr: /' "$tmp/live.err" | head -5
else
    report "live output through SDL" "spktone.com was not built"
fi

tap_end audio
