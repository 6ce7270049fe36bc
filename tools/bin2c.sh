#!/bin/sh
# Embed a binary file as a C array: tools/bin2c.sh NAME FILE > OUT.c
# Defines `const uint8_t NAME[]` and `const size_t NAME_len`.
set -eu
name=$1; file=$2
echo "/* Generated from $file by tools/bin2c.sh: do not edit. */"
echo "#include <stddef.h>"
echo "#include <stdint.h>"
echo "extern const uint8_t $name[];"
echo "extern const size_t ${name}_len;"
echo "const uint8_t $name[] = {"
od -An -v -tx1 "$file" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1, /g; s/^/    /; s/, $/,/'
echo "};"
echo "const size_t ${name}_len = sizeof $name;"
