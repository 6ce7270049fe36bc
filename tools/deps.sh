#!/bin/sh
# Install what building and testing unidos needs (Debian/Ubuntu). As root it
# runs apt-get; otherwise it prints the exact command and fails.
set -eu
pkgs="gcc make pkg-config libunicorn-dev libsdl2-dev zlib1g-dev check nasm"
# the CPU test tool's JSON files
pkgs="$pkgs libcjson-dev"
# zip drives
pkgs="$pkgs libminizip-dev zip"
# disk and CD images: ISO 9660 (libiso9660, libcdio), CD audio files
# (libsndfile, libmpg123); tests build images with dosfstools, mtools,
# genisoimage and xorriso, and audio tracks with flac, vorbis-tools and lame
pkgs="$pkgs libiso9660-dev libcdio-dev libsndfile1-dev libmpg123-dev"
pkgs="$pkgs dosfstools mtools genisoimage xorriso flac vorbis-tools lame"
# configuration files (libinih); install checks (desktop-file-validate,
# appstreamcli, update-mime-database, xdg-mime, gio; the manual page through
# man -l, groff and col) and completion tests (zsh)
pkgs="$pkgs libinih-dev desktop-file-utils appstream shared-mime-info xdg-utils zsh"
pkgs="$pkgs libglib2.0-bin man-db groff-base bsdextrautils"
# text video: fonts (console-data), screenshot checks (libpng), terminal and
# window tests (tmux, Xvfb, xdotool), the Bootle solver (python3)
pkgs="$pkgs console-data libpng-dev tmux xvfb xdotool python3"
# what a window shows (xwd, for the desktop start's last screen)
pkgs="$pkgs x11-apps"
# Sound: Nuked OPL3 (libadplug), General MIDI (libfluidsynth, opened at run time, and a
# small GM soundfont).
pkgs="$pkgs libadplug-dev libfluidsynth-dev timgm6mb-soundfont"
# Hostile input: libFuzzer targets (clang, its runtime, llvm-symbolizer for
# readable reports), peak memory of runs (GNU time)
pkgs="$pkgs clang libclang-rt-14-dev llvm time"
# The reference peer: DOSBox 0.74 for the differential tests (make difftest)
# and the benchmarks, which time every side with hyperfine
pkgs="$pkgs dosbox hyperfine"
# the house style: .clang-format (make format, make format-check)
pkgs="$pkgs clang-format"
[ "${1:-}" = "--list" ] && { echo "$pkgs"; exit 0; }
missing=""
for p in $pkgs; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "unidos: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends $missing >&2
else
    echo "unidos: missing packages:$missing" >&2
    echo "run: sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
