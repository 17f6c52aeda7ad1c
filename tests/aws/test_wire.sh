#!/bin/sh
# test_wire.sh: the AWS wire client (build/tools/awscall) against the local
# emulator: a call, a wrong secret, throttling, 5xx, pagination, logs.
# Starts the emulator on 127.0.0.1 and stops it on exit.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
AWSCALL=$TOP/build/tools/awscall
EMUCTL=$TOP/tests/awsemu/emuctl.sh
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
diag() { sed 's/^/# /'; }

if [ ! -x "$AWSCALL" ] || [ ! -f "$EMUCTL" ]; then
	echo "not ok 1 - awscall ($AWSCALL) and the emulator ($EMUCTL) are there"
	echo "1..1"
	exit 1
fi

dir=$(mktemp -d)
trap 'sh "$EMUCTL" stop "$dir/emu"; rm -rf "$dir"' EXIT INT TERM
if ! sh "$EMUCTL" start "$dir/emu" --time-factor 0.01 > "$dir/env"; then
	echo "not ok 1 - the emulator starts"
	echo "1..1"
	exit 1
fi
. "$dir/env"
emu() { curl -s -X "$1" ${3:+-d "$3"} "$AWSEMU_URL$2"; }
stat() { emu GET /_emu/stats | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" "$2"; }

# --- one call
"$AWSCALL" ec2 DescribeVpcs > "$dir/out" 2>&1
ok $? "ec2 DescribeVpcs succeeds"
grep -q '<DescribeVpcsResponse>' "$dir/out"; ok $? "and prints the answer as XML"
"$AWSCALL" elb DescribeLoadBalancers > "$dir/out" 2>&1 && "$AWSCALL" autoscaling DescribeAutoScalingGroups >> "$dir/out" 2>&1
ok $? "elb and autoscaling calls succeed on the same endpoint"

# --- a wrong secret: the AWS code, the service and the action, and where the key came from
AWS_SECRET_ACCESS_KEY=not-the-secret "$AWSCALL" ec2 DescribeVpcs > "$dir/out" 2>&1
rc=$?
[ $rc = 1 ] && grep -q '^AuthFailure: .*EC2 DescribeVpcs.*AWS_ACCESS_KEY_ID' "$dir/out"
ok $? "wrong secret: EC2 says AuthFailure, naming service, action and key source"
diag < "$dir/out"
AWS_SECRET_ACCESS_KEY=not-the-secret "$AWSCALL" elb DescribeLoadBalancers > "$dir/out" 2>&1
grep -q '^SignatureDoesNotMatch: .*Elastic Load Balancing DescribeLoadBalancers' "$dir/out"
ok $? "wrong secret: ELB says SignatureDoesNotMatch, naming service and action"
[ "$(stat "['auth_failures']")" = 2 ]; ok $? "auth failures are not retried (2 requests)"

# --- 30% throttling: every call succeeds, one retry per throttle served
emu POST /_emu/stats/reset > /dev/null
emu POST /_emu/faults '{"throttle_rate": 0.3}' > /dev/null
"$AWSCALL" --bench 30 --workers 10 > "$dir/bench" 2>&1
ok $? "30% throttling: 30 calls from 10 threads all succeed"
diag < "$dir/bench"
served=$(stat "['throttles']")
[ "$(field retries "$dir/bench")" = "$served" ] && [ "$(field throttles "$dir/bench")" = "$served" ] && [ "$served" -gt 0 ]
ok $? "30% throttling: client retries = client throttles = emulator throttles ($served)"
[ "$(field requests "$dir/bench")" = "$(stat "['requests']")" ]
ok $? "30% throttling: client and emulator count the same requests"

# --- 5xx
emu POST /_emu/stats/reset > /dev/null
emu POST /_emu/faults '{"error_5xx_rate": 0.3}' > /dev/null
"$AWSCALL" --bench 30 --workers 10 > "$dir/bench" 2>&1
ok $? "30% 5xx: every call succeeds"
diag < "$dir/bench"
served=$(stat "['errors_5xx']")
[ "$(field retries "$dir/bench")" = "$served" ] && [ "$served" -gt 0 ]
ok $? "30% 5xx: one retry per 5xx served ($served)"
emu POST /_emu/faults '{}' > /dev/null

# --- pagination: EC2 nextToken and ELB NextMarker
i=1
while [ $i -le 12 ]; do
	"$AWSCALL" ec2 CreateVpc CidrBlock=10.$i.0.0/16 > /dev/null 2>&1 || break
	i=$((i + 1))
done
ok $([ $i = 13 ]; echo $?) "12 VPCs created"
"$AWSCALL" ec2 DescribeVpcs > "$dir/one" 2>&1
emu POST /_emu/stats/reset > /dev/null
"$AWSCALL" --all ec2 DescribeVpcs MaxResults=5 > "$dir/all" 2>&1
ok $? "DescribeVpcs --all MaxResults=5 succeeds"
want=$(grep -c '<vpcId>' "$dir/one") got=$(grep -c '<vpcId>' "$dir/all")
[ "$want" = "$got" ] && [ "$got" -ge 12 ]
ok $? "pages concatenate to the unpaged answer ($got of $want VPCs)"
pages=$(stat "['calls']['DescribeVpcs']")
[ "$pages" = $(( (want + 4) / 5 )) ]; ok $? "one request per page ($pages)"
[ "$(grep -c '<item>' "$dir/all")" -ge "$got" ] && ! grep -q '<nextToken>[^<]' "$dir/all"
ok $? "merged tree keeps the items and drops the continuation token"
subnet=$("$AWSCALL" ec2 CreateSubnet VpcId="$(sed -n 's/.*<vpcId>\(.*\)<\/vpcId>.*/\1/p' "$dir/one" | tail -1)" \
	CidrBlock=10.12.1.0/24 AvailabilityZone=us-east-1a 2>&1 | sed -n 's/.*<subnetId>\(.*\)<\/subnetId>.*/\1/p')
i=1
while [ $i -le 7 ] && [ -n "$subnet" ]; do
	"$AWSCALL" elb CreateLoadBalancer LoadBalancerName=lb$i Subnets.member.1="$subnet" \
		Listeners.member.1.Protocol=HTTP Listeners.member.1.LoadBalancerPort=80 \
		Listeners.member.1.InstancePort=80 > "$dir/out" 2>&1 || { diag < "$dir/out"; break; }
	i=$((i + 1))
done
"$AWSCALL" --all elb DescribeLoadBalancers PageSize=3 > "$dir/all" 2>&1
[ "$(grep -c '<LoadBalancerName>' "$dir/all")" = 7 ]
ok $? "ELB Marker/NextMarker pages concatenate (7 load balancers in pages of 3)"

# --- eventual consistency: a fresh VPC is invisible for a moment
emu POST /_emu/faults '{"consistency_window_ms": 400}' > /dev/null
vpc=$("$AWSCALL" ec2 CreateVpc CidrBlock=10.99.0.0/16 2>&1 | sed -n 's/.*<vpcId>\(.*\)<\/vpcId>.*/\1/p')
"$AWSCALL" ec2 DescribeVpcs VpcId.1="$vpc" > "$dir/out" 2>&1
grep -q '^InvalidVpcID.NotFound' "$dir/out"; ok $? "a fresh VPC is NotFound at first (consistency window)"
vpc=$("$AWSCALL" ec2 CreateVpc CidrBlock=10.98.0.0/16 2>&1 | sed -n 's/.*<vpcId>\(.*\)<\/vpcId>.*/\1/p')
CL_LOG=debug "$AWSCALL" --after-create ec2 DescribeVpcs VpcId.1="$vpc" > "$dir/out" 2> "$dir/log"
grep -q "<vpcId>$vpc</vpcId>" "$dir/out" && grep -q 'DescribeVpcs 200 ok .* [1-9][0-9]* retries' "$dir/log"
ok $? "after a create, NotFound is retried until the VPC shows up"
diag < "$dir/log"
emu POST /_emu/faults '{}' > /dev/null

# --- logs: one debug line per call; trace never shows a secret
CL_LOG=debug "$AWSCALL" ec2 DescribeVpcs > /dev/null 2> "$dir/log"
grep -q '^\[debug\] aws: ec2 DescribeVpcs 200 ok [0-9]* ms, 0 retries$' "$dir/log"
ok $? "CL_LOG=debug: service, action, status, ms, retries"
AWS_SESSION_TOKEN=tok-SECRET-123 CL_LOG=trace "$AWSCALL" ec2 RunInstances ImageId=ami-1 \
	MinCount=1 MaxCount=1 UserData=c2VjcmV0 > /dev/null 2> "$dir/log"
! grep -q -e "$AWS_SECRET_ACCESS_KEY" -e 'tok-SECRET-123' -e c2VjcmV0 "$dir/log" &&
	grep -q 'Signature=<redacted>' "$dir/log" && grep -q 'UserData=<redacted>' "$dir/log"
ok $? "CL_LOG=trace: no secret key, token, signature or user data in the log"

# --- the network: refused connections are retried, then reported
AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_MAX_ATTEMPTS=2 "$AWSCALL" ec2 DescribeVpcs > "$dir/out" 2>&1
grep -q '^NetworkingError: could not reach EC2 at http://127.0.0.1:9: .*(gave up after 2 attempts)' "$dir/out"
ok $? "connection refused: retried, then a clear NetworkingError"
diag < "$dir/out"

echo "1..$n"
[ $failed = 0 ]
