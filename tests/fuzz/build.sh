#!/bin/sh
# build.sh: build the grammar fuzzer (clang libFuzzer + ASan + UBSan).
# Usage: tests/fuzz/build.sh [OUTDIR]   (default /tmp/clicamosc-fuzz)
# Run:   OUTDIR/parse_fuzz -max_len=65536 OUTDIR/corpus tests/fuzz/corpus/parse
# It generates its own parser.c/lexer.c, so it never touches build/.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-/tmp/clicamosc-fuzz}
cc=${CC:-clang}
mkdir -p "$out/gen" "$out/corpus"
bison -Wall --defines="$out/gen/parser.h" -o "$out/gen/parser.c" "$top/grammar/parser.y"
flex --header-file="$out/gen/lexer.h" -o "$out/gen/lexer.c" "$top/grammar/lexer.l"
flags="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
cd "$top"
# shellcheck disable=SC2086
$cc $flags -I. -I"$out/gen" -Igrammar -w -o "$out/parse_fuzz" \
	tests/fuzz/parse_fuzz.c grammar/ast.c grammar/ast_dump.c grammar/ast_json.c \
	util/arena.c util/buf.c util/diag.c util/fatal.c "$out/gen/parser.c" "$out/gen/lexer.c" -ljansson -lm -lpthread
echo "$out/parse_fuzz"
