#!/bin/sh
# test_graph_config.sh: `clicamosc graph` with no -type draws the
# configuration alone: no -var, no state, no AWS (issue 16, point 1).  A
# required variable nobody set is unknown, count over it one block marked
# [count unknown]; blocks grouped by module; variables and outputs only with
# -verbose; -format=mermaid; the full graphs still need their values.
cd "$(dirname "$0")/../.." || exit 2
cl=${CLICAMOSC:-$PWD/clicamosc}
top=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/#   /' "$tmp/err"; fi; }
has_dot=yes
command -v dot >/dev/null 2>&1 || has_dot=no
png() {   # png NAME: g.dot rendered, a non-empty PNG, dot quiet
	if [ $has_dot = no ]; then echo "ok $((n += 1)) - $1 # SKIP graphviz's dot is not installed"; return; fi
	dot -Tpng "$tmp/g.dot" > "$tmp/g.png" 2> "$tmp/err" && [ ! -s "$tmp/err" ] && [ -s "$tmp/g.png" ] &&
		[ "$(head -c 4 "$tmp/g.png" | od -An -c | tr -d ' ')" = '211PNG' ]
	ok $? "$1"
}

# The README's own commands, no -var, in an empty working directory: nothing written there.
mkdir "$tmp/cwd"
(cd "$tmp/cwd" && "$cl" graph "$top/examples/clicamos") > "$tmp/g.dot" 2> "$tmp/err"
ok $? "graph examples/clicamos with no -var exits 0"
[ ! -s "$tmp/err" ]
ok $? "... and says nothing on stderr"
png "graph examples/clicamos | dot -Tpng is a non-empty PNG"
[ -z "$(ls -A "$tmp/cwd")" ] 2> "$tmp/err"
ok $? "no state, lock or journal file is written"
grep -q 'label="network.main"' "$tmp/g.dot" && grep -q 'label="aws_subnet.public"' "$tmp/g.dot" 2> "$tmp/err"
ok $? "blocks are grouped by module, one node per counted block"
! grep -q '"var\.ami"\|"output\.' "$tmp/g.dot" 2> "$tmp/err"
ok $? "no variables or outputs without -verbose"
(cd examples/clicamos && "$cl" graph) > "$tmp/g.dot" 2> "$tmp/err"
ok $? "graph from inside examples/clicamos exits 0"
png "... and | dot -Tpng is a non-empty PNG"
(cd examples/terraform-style && "$cl" graph 2> /dev/null) > "$tmp/g.dot"
ok $? "graph of examples/terraform-style (no AWS_ACCESS_KEY given) exits 0"
png "... and renders"
"$cl" graph -verbose examples/clicamos > "$tmp/g.dot" 2> "$tmp/err" && grep -q '"var\.ami"' "$tmp/g.dot"
ok $? "-verbose draws the variables"

# count over a required variable nobody set: one block, [count unknown].
mkdir "$tmp/cfg"
cat > "$tmp/cfg/main.tf" <<'TF'
variable "n" {
  type = number
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "s" {
  count      = var.n
  vpc_id     = aws_vpc.v.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}
output "ids" {
  value = aws_subnet.s[*].id
}
TF
"$cl" graph "$tmp/cfg" > "$tmp/g.dot" 2> "$tmp/err"
ok $? "count over an unset required variable: graph exits 0"
grep -q 'aws_subnet.s\\n\[count unknown\]' "$tmp/g.dot" 2> "$tmp/err"
ok $? "... drawing one node marked [count unknown]"
grep -q '"aws_subnet.s\[\*\]" -> "aws_vpc.v"' "$tmp/g.dot" 2> "$tmp/err"
ok $? "... depending on the VPC"
"$cl" graph -var n=3 "$tmp/cfg" > "$tmp/g.dot" 2> "$tmp/err" && grep -q 'label="aws_subnet.s"' "$tmp/g.dot" &&
	! grep -q 'aws_subnet.s\[1\]' "$tmp/g.dot" && ! grep -q 'count unknown' "$tmp/g.dot"
ok $? "with -var n=3 the three instances are one block node"
"$cl" graph -verbose "$tmp/cfg" > "$tmp/g.dot" 2> "$tmp/err" && grep -q '"output.ids" -> "aws_subnet.s\[\*\]"' "$tmp/g.dot"
ok $? "-verbose: the output is drawn, waiting for the subnets"

# Mermaid
"$cl" graph -format=mermaid "$tmp/cfg" > "$tmp/g.mmd" 2> "$tmp/err" && sed -n 4p "$tmp/g.mmd" | grep -qx 'flowchart RL' &&
	grep -q '("aws_subnet.s<br/>\[count unknown\]")' "$tmp/g.mmd" && grep -Eq '^  n[0-9]+ --> n[0-9]+$' "$tmp/g.mmd"
ok $? "-format=mermaid is a flowchart with the nodes and edges"
"$cl" graph -format=mermaid examples/clicamos > "$tmp/g.mmd" 2> "$tmp/err" && grep -q 'subgraph c[0-9]* \["network.main"\]' "$tmp/g.mmd"
ok $? "-format=mermaid draws modules as subgraphs"
"$cl" graph -format=svg examples/clicamos > /dev/null 2> "$tmp/err"
[ $? = 1 ] && grep -q 'dot and mermaid' "$tmp/err"
ok $? "an unknown -format is an error naming the formats"

# The full graphs still need the values plan needs, and hide variables unless -verbose.
(cd "$tmp/cwd" && "$cl" graph -type=plan "$top/examples/clicamos") > /dev/null 2> "$tmp/err"
[ $? = 1 ] && grep -q 'required variable "ami"' "$tmp/err"
ok $? "-type=plan without -var ami names the missing variable"
(cd "$tmp/cwd" && "$cl" graph -type=apply -var ami=ami-1 "$top/examples/clicamos") > "$tmp/g.dot" 2> "$tmp/err" &&
	! grep -q '"var\.\|"output\.' "$tmp/g.dot"
ok $? "-type=apply draws no variables or outputs without -verbose"
(cd "$tmp/cwd" && "$cl" graph -type=apply -verbose -var ami=ami-1 "$top/examples/clicamos") > "$tmp/g.dot" 2> "$tmp/err" &&
	grep -q '"var\.ami"' "$tmp/g.dot"
ok $? "-type=apply -verbose draws them"
echo "1..$n"
