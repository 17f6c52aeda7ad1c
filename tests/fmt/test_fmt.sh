#!/bin/sh
# test_fmt.sh: clicamosc fmt.  Each cases/NAME.in.cl is formatted and compared
# with NAME.out.cl (and with NAME.upgrade.out.cl under -upgrade, where that
# differs); the expected text must be a fixed point, mean what the input
# meant (parsedump --ast without positions) and keep every comment; -check
# and -diff must agree with it.  Then: stdlib and examples are fmt-clean,
# the grammar's cases survive a round trip, files are rewritten in place
# safely, and the CLI gives what the library gives.  Runs build/tools/fmttool
# (the command without the CLI); UPDATE=1 writes missing expectations
# (review them before committing).
cd "$(dirname "$0")" || exit 2
top=${TOP:-$(cd ../.. && pwd)}
fmt=$top/build/tools/fmttool
dump=$top/build/tools/parsedump
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
n=0

report () {   # report STATUS NAME [FILE-TO-SHOW]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -40
	fi
}

same () {   # same NAME WANT GOT: report whether two files are equal
	if diff -u "$2" "$3" > "$tmp/diff" 2>&1; then report 0 "$1"; else report 1 "$1" "$tmp/diff"; fi
}

# The tree without its ranges (diagnostics, which have none, drop out).
tree () { "$dump" --ast "$1" 2>/dev/null | sed -n 's/ [0-9]*:[0-9]*-[0-9]*:[0-9]*$//p'; }
# Every comment's text, spacing aside (close enough: strings hold few "#").
comments () { grep -o '\(#\|//\|/\*\).*' "$1" | tr -s ' \t' '  ' | sed 's/ *$//' | sort; }

for in in cases/*.in.cl; do
	name=${in#cases/}; name=${name%.in.cl}
	want=cases/$name.out.cl
	up=cases/$name.upgrade.out.cl
	"$fmt" -write=false "$in" > "$tmp/out" 2> "$tmp/err"; rc=$?
	if [ ! -f "$want" ] && [ "${UPDATE:-}" = 1 ]; then cp "$tmp/out" "$want"; fi
	if [ $rc != 0 ]; then report 1 "$name: fmt (exit $rc)" "$tmp/err"; continue; fi
	same "$name: fmt" "$want" "$tmp/out"

	"$fmt" -write=false "$want" > "$tmp/again"
	same "$name: the expected text is a fixed point" "$want" "$tmp/again"

	tree "$in" > "$tmp/t1"; tree "$want" > "$tmp/t2"
	[ -s "$tmp/t1" ] || echo "(no tree for $in)" > "$tmp/t1"
	same "$name: syntax tree unchanged" "$tmp/t1" "$tmp/t2"

	comments "$in" > "$tmp/c1"; comments "$want" > "$tmp/c2"
	same "$name: comments kept" "$tmp/c1" "$tmp/c2"

	"$fmt" -check "$in" > "$tmp/list"; rc=$?
	if cmp -s "$in" "$want"; then want_rc=0; : > "$tmp/wantlist"; else want_rc=3; echo "$in" > "$tmp/wantlist"; fi
	if [ $rc = $want_rc ] && cmp -s "$tmp/list" "$tmp/wantlist"; then report 0 "$name: -check exits $want_rc"
	else echo "exit $rc, expected $want_rc" | cat - "$tmp/list" > "$tmp/diff"; report 1 "$name: -check exits $want_rc" "$tmp/diff"; fi

	# The diff, applied to the input, must give the expected text.
	"$fmt" -diff -write=false "$in" > "$tmp/patch"
	cp "$in" "$tmp/patched"
	if [ ! -s "$tmp/patch" ] || patch -s "$tmp/patched" "$tmp/patch" > "$tmp/diff" 2>&1; then
		same "$name: -diff turns the input into the expected text" "$want" "$tmp/patched"
	else report 1 "$name: -diff applies" "$tmp/diff"; fi

	[ -f "$up" ] || up=$want
	"$fmt" -upgrade -write=false "$in" > "$tmp/up" 2> "$tmp/err"
	same "$name: -upgrade" "$up" "$tmp/up"
	if [ "$up" != "$want" ]; then
		"$fmt" -upgrade -write=false "$up" > "$tmp/up2"
		same "$name: -upgrade is a fixed point" "$up" "$tmp/up2"
		if "$dump" --ast "$up" > "$tmp/dump" 2>&1 && ! grep -q 'warning:' "$tmp/dump"; then
			report 0 "$name: -upgrade output parses without warnings"
		else report 1 "$name: -upgrade output parses without warnings" "$tmp/dump"; fi
	fi
done

# The project's own .cl files are already formatted.
for f in "$top"/stdlib/*.cl $(find "$top/examples" -name '*.cl' | sort); do
	"$fmt" -check -diff "$f" > "$tmp/diff" 2>&1
	report $? "fmt-clean: ${f#$top/}" "$tmp/diff"
done

# Round trip over the grammar's inputs: every file that parses formats to
# a fixed point with the same tree, with and without -upgrade.
for f in "$top"/tests/grammar/corpus/* "$top"/tests/grammar/cases/*.cl; do
	case $f in *.expr.cl|*.tmpl.cl|*'*') continue ;; esac
	[ -f "$f" ] && "$dump" --ast "$f" > /dev/null 2>&1 || continue
	short=${f#$top/tests/grammar/}
	"$fmt" -write=false "$f" > "$tmp/f1" 2> "$tmp/err" && "$fmt" -write=false "$tmp/f1" > "$tmp/f2" 2>> "$tmp/err"
	if [ $? = 0 ] && cmp -s "$tmp/f1" "$tmp/f2" && [ "$(tree "$f")" = "$(tree "$tmp/f1")" ]; then
		report 0 "round trip: $short"
	else { cat "$tmp/err"; diff "$tmp/f1" "$tmp/f2"; } > "$tmp/diff" 2>&1; report 1 "round trip: $short" "$tmp/diff"; fi
	"$fmt" -upgrade -write=false "$f" > "$tmp/u1" 2> "$tmp/err" && "$fmt" -upgrade -write=false "$tmp/u1" > "$tmp/u2" 2>> "$tmp/err"
	if [ $? = 0 ] && cmp -s "$tmp/u1" "$tmp/u2"; then report 0 "round trip -upgrade: $short"
	else { cat "$tmp/err"; diff "$tmp/u1" "$tmp/u2"; } > "$tmp/diff" 2>&1; report 1 "round trip -upgrade: $short" "$tmp/diff"; fi
done

# Rewriting in place: only changed files, atomically, mode kept, links
# followed, subdirectories and other names left alone.
d=$tmp/dir; mkdir -p "$d/sub"
cp cases/align_basic.in.cl "$d/a.tf"; chmod 640 "$d/a.tf"
cp cases/align_basic.out.cl "$d/b.cl"
cp cases/tfvars.in.cl "$d/c.tfvars"
ln -s c.tfvars "$d/link.clvars"
cp cases/align_basic.in.cl "$d/notes.txt"
cp cases/align_basic.in.cl "$d/sub/d.cl"
"$fmt" "$d" > "$tmp/list" 2> "$tmp/err"; rc=$?
printf '%s\n' "$d/a.tf" "$d/c.tfvars" > "$tmp/wantlist"
[ $rc = 0 ] && cmp -s "$tmp/list" "$tmp/wantlist"; report $? "write: lists the files it changed" "$tmp/list"
same "write: file rewritten" cases/align_basic.out.cl "$d/a.tf"
[ "$(stat -c %a "$d/a.tf")" = 640 ]; report $? "write: file mode kept"
same "write: other extensions formatted too" cases/tfvars.out.cl "$d/c.tfvars"
[ -L "$d/link.clvars" ]; report $? "write: a symbolic link stays a link"
cmp -s cases/align_basic.in.cl "$d/notes.txt" && cmp -s cases/align_basic.in.cl "$d/sub/d.cl"
report $? "write: other names and subdirectories untouched"
[ -z "$(ls "$d" | grep fmt-)" ]; report $? "write: no temporary file left"
"$fmt" "$d" > "$tmp/list"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/list" ]; report $? "write: a second run changes nothing" "$tmp/list"
"$fmt" -check "$d" > "$tmp/list"; report $? "write: -check passes afterwards" "$tmp/list"

# Standard input, and files that cannot be formatted.
"$fmt" - < cases/align_basic.in.cl > "$tmp/out"
same "stdin: - formats standard input to standard output" cases/align_basic.out.cl "$tmp/out"
"$fmt" -check - < cases/align_basic.in.cl > /dev/null; rc=$?
[ $rc = 3 ]; report $? "stdin: -check - exits 3 for unformatted input"
printf 'a = {\nb = 1\n' > "$d/bad.cl"
cp "$d/bad.cl" "$tmp/bad.orig"
"$fmt" "$d/bad.cl" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'error:' "$tmp/err" && cmp -s "$d/bad.cl" "$tmp/bad.orig"
report $? "syntax error: exit 1, diagnostics, file untouched" "$tmp/err"
"$fmt" "$d/missing.cl" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'no file or directory' "$tmp/err"; report $? "missing path: exit 1" "$tmp/err"

# The CLI is the same command.
if [ -x "${CLICAMOSC:-}" ] && "$CLICAMOSC" fmt -write=false cases/align_basic.in.cl > /dev/null 2>&1; then
	for name in align_basic seed_app_servers heredoc comments_eol; do
		"$CLICAMOSC" fmt -write=false "cases/$name.in.cl" > "$tmp/out" 2>&1
		same "clicamosc fmt: $name" "cases/$name.out.cl" "$tmp/out"
	done
	"$CLICAMOSC" fmt -write=false -upgrade cases/seed_main.in.cl > "$tmp/out" 2>&1
	same "clicamosc fmt -upgrade: seed_main" cases/seed_main.upgrade.out.cl "$tmp/out"
	"$CLICAMOSC" fmt -check cases/align_basic.in.cl > "$tmp/out"; rc=$?
	[ $rc = 3 ]; report $? "clicamosc fmt -check: exit 3 when unformatted" "$tmp/out"
	"$CLICAMOSC" fmt -check cases/align_basic.out.cl > "$tmp/out"; rc=$?
	[ $rc = 0 ]; report $? "clicamosc fmt -check: exit 0 when formatted" "$tmp/out"
	"$CLICAMOSC" fmt -diff -write=false cases/align_basic.in.cl > "$tmp/out"
	"$fmt" -diff -write=false cases/align_basic.in.cl > "$tmp/want"
	same "clicamosc fmt -diff" "$tmp/want" "$tmp/out"
else
	n=$((n + 1)); echo "ok $n - clicamosc fmt # SKIP the CLI has no fmt command yet"
fi

echo "1..$n"
