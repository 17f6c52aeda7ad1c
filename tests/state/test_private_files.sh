#!/bin/sh
# test_private_files.sh: the files clicamosc writes beside the state are
# never written through a symbolic link and are always 0600 (issue 20
# finding 9: the lock info, the journal and PLAN.tmp followed links and
# truncated their targets; a leftover PLAN.tmp kept mode 0644).  No AWS:
# the endpoint is a closed port, and nothing here needs to reach it.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${CLICAMOSC:-$TOP/clicamosc}
n=0 failed=0
# ok STATUS NAME [FILE]: a TAP line; FILE (the output) is shown on failure.
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); [ -n "${3:-}" ] && diag "$3"; fi
}
diag() { sed 's/^/#   /' "$@"; }
mode() { stat -c %a "$1"; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
cd "$dir" || exit 1
export AWS_ACCESS_KEY_ID=AKIDFILES AWS_SECRET_ACCESS_KEY=files-secret AWS_REGION=us-east-1 \
       AWS_ENDPOINT_URL=http://127.0.0.1:1 HOME="$dir" NO_COLOR=1
cat > main.cl <<'EOF'
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
EOF
echo "precious" > victim

# The lock info: a planted link is refused, its target untouched.
ln -s victim clicamosc.tfstate.lock.info
"$BIN" plan > out 2>&1
rc=$?
[ $rc = 1 ] && grep -q "lock file clicamosc.tfstate.lock.info: it is a symbolic link, which is refused" out
ok $? "a symlinked lock info file is refused" out
[ "$(cat victim)" = precious ]; ok $? "and its target is untouched"
rm clicamosc.tfstate.lock.info

# The journal: the same, before anything is sent to AWS.
ln -s victim clicamosc.tfstate.journal
"$BIN" apply -auto-approve > out 2>&1
rc=$?
[ $rc = 1 ] && grep -q "journal clicamosc.tfstate.journal: it is a symbolic link, which is refused" out
ok $? "a symlinked journal is refused" out
[ "$(cat victim)" = precious ] && ! grep -q "CreateVpc\|creating" out; ok $? "its target is untouched, nothing was created"
rm clicamosc.tfstate.journal

# A hard link to someone else's file is refused too.
ln victim clicamosc.tfstate.journal
"$BIN" apply -auto-approve > out 2>&1
[ $? = 1 ] && grep -q "it has other hard links" out && [ "$(cat victim)" = precious ]
ok $? "a hard-linked journal is refused, its other name untouched"
rm clicamosc.tfstate.journal

# A state left 0644 is written back 0600, and so is its backup.
cat > clicamosc.tfstate <<'EOF'
{"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "8a0c2c52-5a35-4d7e-9a0e-5b7d0c1c0c01",
 "outputs": {}, "resources": [{"mode": "managed", "type": "aws_vpc", "name": "v",
 "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
 "instances": [{"schema_version": 1, "attributes": {"id": "vpc-0123456789abcdef0", "cidr_block": "10.0.0.0/16"}}]}]}
EOF
chmod 644 clicamosc.tfstate
"$BIN" state rm aws_vpc.v > out 2>&1
ok $? "state rm writes the state" out
[ "$(mode clicamosc.tfstate)" = 600 ] && [ "$(mode clicamosc.tfstate.backup)" = 600 ]
ok $? "a state left 0644 is written 0600, its backup too ($(mode clicamosc.tfstate), $(mode clicamosc.tfstate.backup))"
rm -f clicamosc.tfstate clicamosc.tfstate.backup

# A saved plan: a leftover PLAN.tmp (link or 0644 file) is never opened.
ln -s victim PLAN.tmp
"$BIN" plan -refresh=false -out=PLAN > out 2>&1
ok $? "plan -out=PLAN succeeds beside a planted PLAN.tmp link" out
[ "$(cat victim)" = precious ] && [ -L PLAN.tmp ]; ok $? "the link and its target are untouched"
[ "$(mode PLAN)" = 600 ]; ok $? "the plan is 0600 ($(mode PLAN))"
rm PLAN PLAN.tmp
echo old > PLAN.tmp
chmod 644 PLAN.tmp
"$BIN" plan -refresh=false -out=PLAN > out 2>&1
[ "$(mode PLAN)" = 600 ]; ok $? "beside a leftover 0644 PLAN.tmp, the plan is still 0600 ($(mode PLAN))"
rm -f PLAN PLAN.tmp

# -out naming a link is refused.
ln -s victim PLAN
"$BIN" plan -refresh=false -out=PLAN > out 2>&1
rc=$?
[ $rc = 1 ] && grep -q "plan PLAN: it is a symbolic link, which is refused" out && [ "$(cat victim)" = precious ]
ok $? "-out naming a symbolic link is refused, its target untouched" out
rm PLAN

# No temporary file is left behind by any of this.
ls -a | grep -q '\.tmp\.' && ls -a | diag
! ls -a | grep -q '\.tmp\.'; ok $? "no temporary file left behind"

echo "1..$n"
[ $failed = 0 ]
