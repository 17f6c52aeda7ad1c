#!/bin/sh
# build.sh: build the libFuzzer targets (clang, libFuzzer + ASan + UBSan):
# parse_fuzz, eval_fuzz, state_fuzz, xml_fuzz, profile_fuzz.  The library is
# compiled afresh into OUTDIR (with its own parser.c, lexer.c and embedded
# stdlib), so build/ is never touched.  Running them is run.sh (make fuzz).
# Usage: tests/fuzz/build.sh [OUTDIR]   (default /tmp/clicamosc-fuzz)
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-/tmp/clicamosc-fuzz}
cc=${CC:-clang}
rm -rf "$out/obj"
mkdir -p "$out/gen/grammar" "$out/gen/stdlib" "$out/obj"
cd "$top"
bison -Wall --defines="$out/gen/grammar/parser.h" -o "$out/gen/grammar/parser.c" grammar/parser.y
flex --header-file="$out/gen/grammar/lexer.h" -o "$out/gen/grammar/lexer.c" grammar/lexer.l
sh tools/embed.sh stdlib/*.cl > "$out/gen/stdlib/embedded.c"

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-std=c11 -D_GNU_SOURCE -g -O1 $san -I. -I$out/gen/grammar -I$out/gen -Igrammar
	$(pkg-config --cflags libcurl jansson libxml-2.0 libcgraph 2>/dev/null) -w"
libs="$(pkg-config --libs libcurl libcrypto jansson libcgraph libxml-2.0) -lpthread -lm"
export cc cflags out
# The library: every source the Makefile compiles, two at a time.
{ ls util/*.c grammar/*.c compiler/*.c compiler/functions/*.c plan/*.c executor/*.c executor/aws/*.c view/*.c
  ls "$out"/gen/grammar/*.c "$out"/gen/stdlib/*.c; } |
	xargs -P "$(nproc)" -I{} sh -c \
		'o="$out/obj/$(echo "{}" | sed "s|^$out/gen/||; s|/|_|g; s|\.c$|.o|")";
		 $cc $cflags -fsanitize=fuzzer-no-link -c -o "$o" "{}"'
rm -f "$out/libfuzz.a"
ar rcs "$out/libfuzz.a" "$out"/obj/*.o
for t in parse eval state xml profile; do
	# shellcheck disable=SC2086
	$cc $cflags -fsanitize=fuzzer -o "$out/${t}_fuzz" "tests/fuzz/${t}_fuzz.c" "$out/libfuzz.a" $libs
done
echo "$out"
