#!/bin/sh
# test_golden.sh: the grammar's golden tests.  Each tests/grammar/cases/NAME.cl
# is parsed by build/tools/parsedump and compared with NAME.ast (the tree and
# any warnings; parse must succeed) or NAME.err (the diagnostics; parse must
# fail).  NAME.expr.cl is parsed as one expression, NAME.tmpl.cl as a bare
# template.  Then inputs too big or too binary to commit are generated here.
# UPDATE=1 writes missing expectation files (review them before committing).
cd "$(dirname "$0")" || exit 2
tool=$(cd "${TOP:-../..}" && pwd)/build/tools/parsedump
[ -x "$tool" ] || { echo "not ok 1 - $tool is not built"; echo "1..1"; exit 1; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
n=0

report () {   # report OK NAME [DIFF-FILE]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else
		echo "not ok $n - $2"
		[ -n "$3" ] && sed 's/^/# /' "$3" | head -40
	fi
}

for f in cases/*.cl; do
	name=${f%.cl}
	case $f in
		*.expr.cl) mode=--expr ;;
		*.tmpl.cl) mode=--template ;;
		*) mode=--ast ;;
	esac
	if [ -f "$name.err" ]; then
		(cd cases && "$tool" $mode "${f#cases/}" 2>&1 >/dev/null); rc=$?
		want=$name.err; want_rc=1
	else
		(cd cases && "$tool" $mode "${f#cases/}" 2>&1); rc=$?
		want=$name.ast; want_rc=0
	fi > "$tmp/out"
	if [ ! -f "$want" ] && [ "${UPDATE:-}" = 1 ]; then
		if [ $rc = 1 ]; then want=$name.err; (cd cases && "$tool" $mode "${f#cases/}" 2>&1 >/dev/null) > "$tmp/out"; fi
		cp "$tmp/out" "$want"
		want_rc=$rc
	fi
	if [ ! -f "$want" ]; then
		echo "no $name.ast or $name.err (UPDATE=1 writes it)" > "$tmp/diff"; report 1 "$name" "$tmp/diff"
	elif [ "$rc" != "$want_rc" ]; then
		echo "exit status $rc, expected $want_rc" > "$tmp/diff"; cat "$tmp/out" >> "$tmp/diff"
		report 1 "$name" "$tmp/diff"
	elif diff -u "$want" "$tmp/out" > "$tmp/diff"; then
		report 0 "$name"
	else
		report 1 "$name" "$tmp/diff"
	fi
done

# Generated cases: each must end quickly with the given status, and its
# diagnostics must contain the given text.
gen () {   # gen NAME STATUS TEXT  (input in $tmp/in)
	timeout 20 "$tool" --json "$tmp/in" > "$tmp/tree" 2> "$tmp/err"; rc=$?
	if [ "$rc" = "$2" ] && grep -q -- "$3" "$tmp/err" "$tmp/tree"; then
		report 0 "$1"
	else
		{ echo "exit status $rc, expected $2; looked for: $3"; head -c 2000 "$tmp/err"; } > "$tmp/diff"
		report 1 "$1" "$tmp/diff"
	fi
}
# PY writes a file of repeated text without a 10 MB shell string.
py () { /usr/bin/python3 -c "import sys; sys.stdout.buffer.write($1)" > "$tmp/in"; }

py 'b"a = \"" + b"x" * 10_000_000 + b"\"\n"'
gen "10 MB string on one line" 0 '"a": "xxxxx' 
py 'b"a = [" + b"\"xxxxxxxxxx\", " * 700_000 + b"]\n"'
gen "10 MB tuple on one line" 0 '"a": \[' 
py 'b"a = " + b"[" * 10_000 + b"]" * 10_000 + b"\n"'
gen "10,000 nested brackets" 1 "nesting too deep (limit 1000)"
py 'b"a = " + b"(" * 10_000 + b"1" + b")" * 10_000 + b"\n"'
gen "10,000 nested parentheses" 1 "nesting too deep (limit 1000)"
py 'b"a = " + b"!" * 10_000 + b"x\n"'
gen "10,000 unary operators" 1 "nesting too deep"
py 'b"a = 1" + b" + 1" * 2_000_000 + b"\n"'
gen "2,000,000 additions (left-deep tree)" 1 "nesting too deep (limit 1000)"
py 'b"a = x" + b".y" * 100_000 + b"\n"'
gen "100,000 attribute steps" 1 "nesting too deep (limit 1000)"
py 'b"a = \"" + b"${\"" * 3_000 + b"\"}" * 3_000 + b"\"\n"'
gen "3,000 nested interpolations" 1 "nesting too deep (limit 1000)"
py 'b"a {\n" * 5_000 + b"}\n" * 5_000'
gen "5,000 nested blocks" 1 "nesting too deep (limit 1000)"
py 'b"a = 1\n\0b = 2\n"'
gen "NUL byte" 1 "NUL byte at offset 6"
py 'b"a = \"\xff\xfe\"\nb = \"\xc3\"\n"'
gen "invalid UTF-8" 1 "invalid UTF-8: byte 0xff at offset 5"
py 'b"resource \"\x80\" \"b\" {\n  x = 1\n}\nz \"\xff\" {}\n"'
gen "block labels that are not UTF-8 (fuzz: JSON of a broken tree)" 1 "invalid UTF-8: byte 0x80"
py 'b"\0" * 100_000'
gen "100,000 NUL bytes" 1 "more invalid bytes not shown"
py 'b"resource \"a\" \"b\" {\n  x = 1\n}\n" * 50_000'
gen "50,000 blocks" 0 '"resource"' 

echo "1..$n"
