#!/bin/sh
# Fails when a directory includes a header from a higher layer. Each line of
# LAYERS is one layer, lowest first; a directory may include headers of its
# own directory and of lower layers only (docs/design.md, "Layers").
set -eu
cd "$(dirname "$0")/.."
LAYERS='base
bus
cpu hw loader fs
video audio
bios
dosapi
dpmi
shell ui
machine
harness
app'
rank() {
    printf '%s\n' "$LAYERS" | awk -v d="$1" '{ for (i = 1; i <= NF; i++) if ($i == d) print NR }'
}
bad=0
for dir in $(printf '%s\n' "$LAYERS" | tr ' ' '\n'); do
    own=$(rank "$dir")
    for f in "$dir"/*.c "$dir"/*.h; do
        [ -f "$f" ] || continue
        for inc in $(sed -n 's/^#include "\([a-z0-9_]*\)\/.*/\1/p' "$f" | sort -u); do
            [ "$inc" = "$dir" ] && continue
            r=$(rank "$inc")
            if [ -z "$r" ]; then
                echo "layers: $f includes $inc/, which is in no layer" >&2
                bad=1
            elif [ "$r" -ge "$own" ]; then
                echo "layers: $f ($dir, layer $own) includes $inc/ (layer $r)" >&2
                bad=1
            fi
        done
    done
done
exit $bad
