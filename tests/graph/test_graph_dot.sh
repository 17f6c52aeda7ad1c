#!/bin/sh
# test_graph_dot.sh: `clicamosc graph` on the examples, each type of graph,
# is DOT that Graphviz renders without a warning, naming every resource.
cd "$(dirname "$0")/../.." || exit 2
cl=${CLICAMOSC:-$PWD/clicamosc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/#   /' "$tmp/err"; fi; }
if ! command -v dot >/dev/null 2>&1; then
	echo "ok 1 - graph # SKIP graphviz's dot is not installed"
	echo "1..1"
	exit 0
fi
for ex in clicamos terraform-style; do
	for type in plan apply destroy; do
		(cd "$tmp" && "$cl" graph -type=$type -var ami=ami-1 "$OLDPWD/examples/$ex") > "$tmp/g.dot" 2> "$tmp/err"
		ok $? "graph -type=$type of examples/$ex"
		dot -Tsvg "$tmp/g.dot" > "$tmp/g.svg" 2> "$tmp/err" && [ ! -s "$tmp/err" ]
		ok $? "dot renders it without a warning"
	done
	grep -q 'aws_launch_configuration' "$tmp/g.svg" 2> "$tmp/err"
	ok $? "the picture of examples/$ex names the launch configuration"
done
"$cl" graph -type=sideways examples/clicamos > /dev/null 2> "$tmp/err"
[ $? = 1 ] && grep -q 'plan, apply and destroy' "$tmp/err"
ok $? "an unknown -type is an error naming the types"
echo "1..$n"
