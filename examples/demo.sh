#!/bin/sh
# demo.sh: what "make demo" shows, against the local AWS emulator (no cloud
# account): the reference system applied, its outputs, a new AMI rolled out
# while a sampler watches the load balancer, and everything destroyed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cl="$top/clicamosc"
work=$(mktemp -d)
sampler=
cleanup() {
	[ -n "$sampler" ] && kill "$sampler" 2>/dev/null
	"$top/tests/awsemu/emuctl.sh" stop "$work/emu" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "starting the AWS emulator on 127.0.0.1 (simulated time runs 100x faster)"
mkdir -p "$work/emu"
eval "$("$top/tests/awsemu/emuctl.sh" start "$work/emu" --time-factor 0.01)"
echo "endpoint: $AWS_ENDPOINT_URL"
cd "$work"

step "clicamosc apply examples/clicamos -var ami=ami-0healthy00000001"
"$cl" apply -auto-approve -no-color -var ami=ami-0healthy00000001 "$top/examples/clicamos" |
	grep -v 'Still creating' | sed -n '/^Plan:/p;/complete/p;/InService/p;/^Outputs/,$p'

step "a second plan: nothing to do"
"$cl" plan -no-color -detailed-exitcode -var ami=ami-0healthy00000001 "$top/examples/clicamos" | tail -1

step "rolling out ami-0healthy00000002 while a sampler asks the ELB every 100 ms"
"$cl" plan -no-color -var ami=ami-0healthy00000002 "$top/examples/clicamos" | grep -E '^  # |^Plan:'
/usr/bin/python3 "$top/tests/awsemu/sampler.py" app > "$work/samples" &
sampler=$!
"$cl" apply -auto-approve -no-color -var ami=ami-0healthy00000002 "$top/examples/clicamos" |
	grep -v -e 'Still ' -e '^ ' | grep -E 'Creating|Destroying|complete|InService|detached|settles|rollout summary'
kill "$sampler"
wait "$sampler" 2>/dev/null || true
sampler=
echo "load balancer samples during the rollout: $(cat "$work/samples")"
echo "(zero=0: there was always an instance InService: zero downtime)"

step "clicamosc destroy"
"$cl" destroy -auto-approve -no-color -var ami=ami-0healthy00000002 "$top/examples/clicamos" | tail -1
