#!/bin/sh
# test_e2e_secrets.sh: no secret reaches any output.  The AWS secret key,
# a session token and a sensitive variable's value are looked for in what
# every command prints (with CL_LOG=trace, the most talkative), in the
# saved plan and in the graph, in the errors of a failing apply, and in
# what an apply killed with -9 leaves (journal) and its successor prints.
# (State files hold sensitive values, as Terraform's do; they are 0600.)
top=$(cd "$(dirname "$0")/../.." && pwd)
cl=${CLICAMOSC:-$top/clicamosc}
work=$(mktemp -d)
trap '"$top/tests/awsemu/emuctl.sh" stop "$work/emu" >/dev/null 2>&1; [ -n "$KEEP" ] || rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/emu"
printf 'AKIASECRETSTEST00001 SuperSecretKey/ForTests+0000000000000000 TokenForTests-0123456789\n' > "$work/creds"
eval "$("$top/tests/awsemu/emuctl.sh" start "$work/emu" --time-factor 0.01 --credentials "$work/creds")"
export AWS_ACCESS_KEY_ID=AKIASECRETSTEST00001 AWS_SECRET_ACCESS_KEY=SuperSecretKey/ForTests+0000000000000000
export AWS_SESSION_TOKEN=TokenForTests-0123456789 CL_LOG=trace
cd "$work" || exit 2
cat > main.cl <<'EOC'
variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_vpc" "main" {
  cidr_block = "10.8.0.0/16"
  tags = {
    Password = var.db_password
  }
}

output "password" {
  value     = var.db_password
  sensitive = true
}
EOC
export TF_VAR_db_password=Hunter2-not-a-real-one
n=0
check() {   # check NAME FILE...: the files exist, and none of the secrets is in them
	n=$((n + 1))
	name=$1
	shift
	for f in "$@"; do
		if [ ! -s "$f" ]; then
			echo "not ok $n - $name: $f was not written"
			return
		fi
	done
	if grep -l -e 'SuperSecretKey/ForTests' -e 'TokenForTests-0123' -e 'Hunter2-not-a-real' "$@" > found 2>/dev/null; then
		echo "not ok $n - $name: a secret is in $(tr '\n' ' ' < found)"
	else
		echo "ok $n - no secret in what $name prints"
	fi
}
"$cl" plan -no-color -out=saved.plan > plan.out 2>&1
check "plan -out" plan.out saved.plan
"$cl" plan -no-color -json > plan.json 2>&1
check "plan -json" plan.json
TF_VAR_db_password=something-else "$cl" apply -no-color saved.plan > apply.out 2>&1
rc=$?
n=$((n + 1)); [ $rc = 1 ] && grep -q 'sensitive variable "db_password" does not have the value' apply.out &&
	echo "ok $n - a saved plan keeps only a hash of a sensitive input, and checks it at apply" ||
	{ echo "not ok $n - saved plan with another sensitive value"; tail -5 apply.out | sed 's/^/#   /'; }
"$cl" apply -no-color saved.plan > apply.out 2>&1
n=$((n + 1)); grep -q "Apply complete" apply.out && echo "ok $n - the apply with a session token succeeds" || { echo "not ok $n - apply"; tail -20 apply.out | sed 's/^/#   /'; }
check apply apply.out
"$cl" plan -no-color > plan2.out 2>&1
"$cl" output > output.out 2>&1
"$cl" state show aws_vpc.main > show.out 2>&1
"$cl" graph > graph.dot 2>&1
"$cl" console > console.out 2>&1 <<'EOC'
var.db_password
aws_vpc.main.tags
EOC
check "plan, output, state show, graph and console" plan2.out output.out show.out graph.dot console.out
# A second VPC: its apply fails on AWS errors (every call a 500, two attempts),
# then one is killed mid-call and the next adopts what it left.
cat >> main.cl <<'EOC'

resource "aws_vpc" "other" {
  cidr_block = "10.9.0.0/16"
  tags = {
    Password = var.db_password
  }
}
EOC
curl -s -X POST -d '{"error_5xx_rate": 1.0}' "$AWSEMU_URL/_emu/faults" > /dev/null
AWS_MAX_ATTEMPTS=2 "$cl" apply -no-color -auto-approve > failed.out 2>&1
n=$((n + 1)); grep -q "Error" failed.out && echo "ok $n - the apply fails on the AWS errors" ||
	{ echo "not ok $n - apply against 500s"; tail -5 failed.out | sed 's/^/#   /'; }
check "a failing apply" failed.out
curl -s -X POST -d '{"latency_mutating_ms": 3000}' "$AWSEMU_URL/_emu/faults" > /dev/null
"$cl" apply -no-color -auto-approve > killed.out 2>&1 &
pid=$!
i=0
while [ ! -s clicamosc.tfstate.journal ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
curl -s -X POST -d '{}' "$AWSEMU_URL/_emu/faults" > /dev/null
check "an apply killed with -9 (its output and journal)" killed.out clicamosc.tfstate.journal
"$cl" apply -no-color -auto-approve > recovered.out 2>&1
n=$((n + 1)); grep -q "Apply complete" recovered.out && echo "ok $n - the next apply completes" ||
	{ echo "not ok $n - apply after kill"; tail -10 recovered.out | sed 's/^/#   /'; }
check "the apply after the kill" recovered.out
# An AWS error that echoes a sensitive value ("Value (us-east-1z...) for
# parameter availabilityZone is invalid"): redacted by value in the text
# and in -json (issue 20 finding 7; it was printed in clear, the trace alone hid it).
cat >> main.cl <<'EOC'

resource "aws_subnet" "echo" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.8.1.0/24"
  availability_zone = "us-east-1z${var.db_password}"
}
EOC
"$cl" apply -no-color -auto-approve > echo.out 2>&1
n=$((n + 1)); grep -q "InvalidParameterValue.*us-east-1z<redacted>" echo.out &&
	echo "ok $n - AWS's error is shown, the sensitive value it echoes redacted" ||
	{ echo "not ok $n - an echoing error"; grep -i "error\|invalid" echo.out | sed 's/^/#   /'; }
check "an apply whose AWS error echoes a sensitive value" echo.out
"$cl" apply -json -auto-approve > echo.json 2>&1
n=$((n + 1)); grep -q "us-east-1z<redacted>" echo.json && echo "ok $n - the same in -json" ||
	{ echo "not ok $n - an echoing error in -json"; grep -i "error" echo.json | sed 's/^/#   /'; }
check "apply -json, the same error" echo.json
CL_LOG= "$cl" plan -no-color -out=second.plan > /dev/null 2>&1
n=$((n + 1))
if grep -q '"hmac_key"' second.plan && grep -q sensitive_hmac_sha256 saved.plan &&
   ! grep -q sensitive_sha256 second.plan &&
   [ "$(grep -o '"sensitive_hmac_sha256": "[0-9a-f]*"' saved.plan)" != "$(grep -o '"sensitive_hmac_sha256": "[0-9a-f]*"' second.plan)" ] &&
   ! grep -q "$(printf '"Hunter2-not-a-real-one"' | sha256sum | cut -c1-64)" saved.plan second.plan; then
	echo "ok $n - saved plans keep a keyed HMAC of a sensitive input, different in each plan, no bare SHA-256"
else
	echo "not ok $n - the saved plans' sensitive inputs"; grep -n "sensitive\|hmac" saved.plan second.plan | sed 's/^/#   /'
fi
n=$((n + 1)); [ "$(stat -c %a clicamosc.tfstate)" = 600 ] && [ "$(stat -c %a saved.plan)" = 600 ] &&
	echo "ok $n - state and saved plan are 0600" || echo "not ok $n - state $(stat -c %a clicamosc.tfstate), plan $(stat -c %a saved.plan)"
echo "1..$n"
