#!/bin/sh
# test_examples.sh: the examples validate, and expand (modules and kinds) to
# the resource lists beside this script: NAME.resources, one address a line.
# UPDATE=1 rewrites the lists.
top=$(cd "$(dirname "$0")/../.." && pwd)
cl=${CLICAMOSC:-$top/clicamosc}
here=$top/tests/examples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/#   /' "$tmp/out" | tail -30; fi; }
for ex in clicamos terraform-style; do
	(cd "$tmp" && "$cl" validate -no-color "$top/examples/$ex") > "$tmp/out" 2>&1
	ok $? "clicamosc validate examples/$ex"
	(cd "$tmp" && "$cl" plan -refresh=false -no-color -var ami=ami-0abc "$top/examples/$ex") > "$tmp/plan" 2>&1
	sed -n 's/^  # \([^ ]*\) will be created$/\1/p' "$tmp/plan" > "$tmp/list"
	[ -n "$UPDATE" ] && cp "$tmp/list" "$here/$ex.resources"
	diff -u "$here/$ex.resources" "$tmp/list" > "$tmp/out" 2>&1
	ok $? "examples/$ex expands to $(wc -l < "$here/$ex.resources") resources, as listed in $ex.resources"
	grep -q "^Plan: $(wc -l < "$here/$ex.resources") to add, 0 to change, 0 to destroy.$" "$tmp/plan"
	cp "$tmp/plan" "$tmp/out"
	ok $? "the plan of examples/$ex creates them all"
done
echo "1..$n"
