#!/bin/sh
# docs.sh: "make docs": the pictures and excerpts the README shows, made
# from the code so they cannot drift: the reference system's graph and plan.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && "$OLDPWD/clicamosc" graph "$OLDPWD/examples/clicamos") > "$tmp/g.dot"
dot -Tpng -Gdpi=80 "$tmp/g.dot" > docs/reference-graph.png
(cd "$tmp" && "$OLDPWD/clicamosc" plan -refresh=false -no-color -var ami=ami-0abc "$OLDPWD/examples/clicamos") |
	grep -E '^  # |^Plan:' > docs/reference-plan.txt
echo "wrote docs/reference-graph.png and docs/reference-plan.txt"
