#!/bin/sh
# test_e2e_import.sh: import adopts an existing AWS object into state at a
# declared address; the next plan has nothing to do; mistakes are errors.
top=$(cd "$(dirname "$0")/../.." && pwd)
cl=${CLICAMOSC:-$top/clicamosc}
work=$(mktemp -d)
trap '"$top/tests/awsemu/emuctl.sh" stop "$work/emu" >/dev/null 2>&1; rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/emu"
eval "$("$top/tests/awsemu/emuctl.sh" start "$work/emu" --time-factor 0.01)"
cd "$work" || exit 2
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/#   /' out 2>/dev/null | tail -20; fi; }
printf 'resource "aws_vpc" "main" {\n  cidr_block = "10.9.0.0/16"\n}\n' > main.cl
"$cl" apply -auto-approve -no-color > out 2>&1
ok $? "apply creates the VPC"
id=$("$cl" state show -no-color aws_vpc.main | sed -n 's/^ *id *= "\(.*\)"$/\1/p')
"$cl" state rm aws_vpc.main > out 2>&1
ok $? "state rm forgets it (AWS still has $id)"
"$cl" import aws_vpc.main "$id" > out 2>&1 && grep -q "Import successful" out
ok $? "import adopts it"
"$cl" plan -no-color -detailed-exitcode > out 2>&1
ok $? "the next plan has no changes"
"$cl" import aws_vpc.main "$id" > out 2>&1
[ $? = 1 ] && grep -q "already in state" out
ok $? "importing onto an address in state is refused"
"$cl" import aws_vpc.other vpc-0123 > out 2>&1
[ $? = 1 ] && grep -q "has no resource instance aws_vpc.other" out
ok $? "importing to an address the configuration lacks is refused"
"$cl" state rm aws_vpc.main > /dev/null 2>&1
"$cl" import aws_vpc.main vpc-0doesnotexist00 > out 2>&1
[ $? = 1 ] && grep -q "no aws_vpc with id" out
ok $? "importing an id AWS does not have is refused"
echo "1..$n"
