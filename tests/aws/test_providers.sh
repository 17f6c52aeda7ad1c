#!/bin/sh
# test_providers.sh: every AWS resource type and data source, one operation
# at a time through build/tools/provtool, against a fresh emulator: create
# (checked in the emulator's state, identity tags included), read (equal to
# what create returned: no spurious diff), update in place, find by tags,
# destroy; then the error paths (a delete retried until its dependency goes,
# an unhealthy AMI failing the group's create, throttling).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PT=$TOP/build/tools/provtool
EMUCTL=$TOP/tests/awsemu/emuctl.sh
PY=${PYTHON:-/usr/bin/python3}
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

if [ ! -x "$PT" ]; then
	echo "not ok 1 - provtool is built ($PT)"; echo "1..1"; exit 1
fi
dir=$(mktemp -d)
trap 'sh "$EMUCTL" stop "$dir/emu"; rm -rf "$dir"' EXIT INT TERM
if ! sh "$EMUCTL" start "$dir/emu" --time-factor 0.01 > "$dir/env"; then
	echo "not ok 1 - the emulator starts"; echo "1..1"; exit 1
fi
. "$dir/env"
cd "$dir" || exit 1
export PROVTOOL_LINEAGE=test-lineage

# j FILE EXPR: a Python expression over the JSON in FILE (as d)
j() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# emu EXPR: a Python expression over the emulator's state (as s); prints it
emu() { curl -s "$AWSEMU_URL/_emu/state" > emu.json && j emu.json "$1" | sed 's/^d$//'; }
emuq() { curl -s "$AWSEMU_URL/_emu/state" > emu.json && "$PY" -c "import json,sys; s=json.load(open('emu.json')); print($1)"; }
# create TYPE ADDR NAME CONFIG-JSON: NAME.json is the state; ok when it worked
create() {
	printf '%s\n' "$4" > "$3.cfg"
	echo "$2" > "$3.addr"
	"$PT" create "$1" "$2" < "$3.cfg" > "$3.json" 2> "$3.err"
	rc=$?; [ $rc = 0 ] || sed 's/^/# /' "$3.err"; ok $rc "$1: create"
}
# same TYPE NAME: read equals the state create (or update) returned
same() {
	"$PT" read "$1" "$(cat "$2.addr")" < "$2.json" > "$2.read" 2>&1 && cmp -s "$2.json" "$2.read"
	rc=$?; [ $rc = 0 ] || diff "$2.json" "$2.read" | sed 's/^/# /'; ok $rc "$1: read back equals the state (no spurious diff)"
}
# update TYPE NAME PY-EXPR-ON-CONFIG(c): new config from the old one; NAME.json updated
update() {
	"$PY" -c "import json; c=json.load(open('$2.cfg')); $3; json.dump({'prior': json.load(open('$2.json')), 'config': c}, open('$2.upd','w')); json.dump(c, open('$2.cfg','w'))"
	"$PT" update "$1" "$(cat "$2.addr")" < "$2.upd" > "$2.new" 2> "$2.err" && mv "$2.new" "$2.json"
	rc=$?; [ $rc = 0 ] || sed 's/^/# /' "$2.err"; ok $rc "$1: update in place"
}
find_() {
	"$PT" find "$1" "$2" > "$3.found" 2> "$3.err"
	[ "$(j "$3.found" 'd and d["id"]')" = "$(j "$3.json" 'd["id"]')" ]; ok $? "$1: find by identity tags"
}
destroy() {
	"$PT" destroy "$1" "$(cat "$2.addr")" < "$2.json" 2> "$2.err"
	rc=$?; [ $rc = 0 ] || sed 's/^/# /' "$2.err"; ok $rc "$1: destroy"
}
id() { j "$1.json" 'd["id"]'; }
tags_ok() {  # tags_ok PYLIST-OF-TAGSET ADDR
	"$PY" -c "import sys,json; t={x.get('key',x.get('Key')):x.get('value',x.get('Value')) for x in $1}; sys.exit(0 if t.get('clicamosc:address')=='$2' and t.get('clicamosc:lineage')=='test-lineage' else 1)"
}

# ---- VPC
create aws_vpc aws_vpc.main vpc '{"cidr_block": "10.1.0.0/16", "enable_dns_hostnames": true, "tags": {"Name": "main"}}'
VPC=$(id vpc)
[ "$(emuq "[v['enableDnsHostnames'] for v in s['ec2']['vpcs'] if v['vpcId']=='$VPC']")" = "[True]" ]
ok $? "aws_vpc: the emulator has it with DNS hostnames on"
tags_ok "$(emuq "[v['tagSet'] for v in s['ec2']['vpcs'] if v['vpcId']=='$VPC'][0]")" aws_vpc.main
ok $? "aws_vpc: carries the identity tags"
[ "$(j vpc.json 'sorted(d["tags"])')" = "['Name']" ]; ok $? "aws_vpc: identity tags are in tags_all only"
same aws_vpc vpc
update aws_vpc vpc 'c["tags"]["Env"] = "test"'
[ "$(emuq "[len(v['tagSet']) for v in s['ec2']['vpcs'] if v['vpcId']=='$VPC']")" = "[4]" ] && [ "$(id vpc)" = "$VPC" ]
ok $? "aws_vpc: the new tag is there, same VPC"
find_ aws_vpc aws_vpc.main vpc

# ---- subnets, gateway, route tables
create aws_subnet aws_subnet.a sub "{\"vpc_id\": \"$VPC\", \"cidr_block\": \"10.1.1.0/24\", \"availability_zone\": \"us-east-1a\", \"map_public_ip_on_launch\": true}"
SUB=$(id sub)
[ "$(emuq "[x['mapPublicIpOnLaunch'] for x in s['ec2']['subnets'] if x['subnetId']=='$SUB']")" = "[True]" ]
ok $? "aws_subnet: the emulator maps public IPs on launch"
same aws_subnet sub
update aws_subnet sub 'c["map_public_ip_on_launch"] = False'
[ "$(emuq "[x['mapPublicIpOnLaunch'] for x in s['ec2']['subnets'] if x['subnetId']=='$SUB']")" = "[False]" ]
ok $? "aws_subnet: map_public_ip_on_launch turned off in place"
find_ aws_subnet aws_subnet.a sub
create aws_subnet aws_subnet.b sub2 "{\"vpc_id\": \"$VPC\", \"cidr_block\": \"10.1.2.0/24\", \"availability_zone\": \"us-east-1b\"}"
SUB2=$(id sub2)

create aws_internet_gateway aws_internet_gateway.gw igw "{\"vpc_id\": \"$VPC\"}"
IGW=$(id igw)
[ "$(emuq "[g['attachmentSet'][0]['vpcId'] for g in s['ec2']['internet_gateways'] if g['internetGatewayId']=='$IGW']")" = "['$VPC']" ]
ok $? "aws_internet_gateway: attached to the VPC"
same aws_internet_gateway igw
find_ aws_internet_gateway aws_internet_gateway.gw igw

create aws_route_table aws_route_table.pub rt "{\"vpc_id\": \"$VPC\", \"route\": [{\"cidr_block\": \"0.0.0.0/0\", \"gateway_id\": \"$IGW\"}]}"
RT=$(id rt)
[ "$(emuq "[[r['destinationCidrBlock'] for r in t['routeSet']] for t in s['ec2']['route_tables'] if t['routeTableId']=='$RT']")" = "[['10.1.0.0/16', '0.0.0.0/0']]" ]
ok $? "aws_route_table: the local route and 0.0.0.0/0 via the gateway"
same aws_route_table rt
update aws_route_table rt 'c["route"].append({"cidr_block": "192.168.0.0/16", "gateway_id": "'"$IGW"'"})'
[ "$(emuq "[len(t['routeSet']) for t in s['ec2']['route_tables'] if t['routeTableId']=='$RT']")" = "[3]" ]
ok $? "aws_route_table: a route added in place"
same aws_route_table rt
find_ aws_route_table aws_route_table.pub rt
create aws_route_table aws_route_table.other rt2 "{\"vpc_id\": \"$VPC\"}"

create aws_route_table_association aws_route_table_association.a rta "{\"subnet_id\": \"$SUB\", \"route_table_id\": \"$RT\"}"
same aws_route_table_association rta
update aws_route_table_association rta "c['route_table_id'] = '$(id rt2)'"
[ "$(emuq "[a['subnetId'] for t in s['ec2']['route_tables'] if t['routeTableId']=='$(id rt2)' for a in t['associationSet']]")" = "['$SUB']" ]
ok $? "aws_route_table_association: moved to the other table in place"

# ---- security groups
create aws_security_group aws_security_group.web sg "{\"name\": \"web\", \"vpc_id\": \"$VPC\", \"ingress\": [{\"from_port\": 80, \"to_port\": 80, \"protocol\": \"TCP\", \"cidr_blocks\": [\"0.0.0.0/0\"]}, {\"from_port\": 22, \"to_port\": 22, \"protocol\": \"6\", \"cidr_blocks\": [\"10.0.0.0/8\"], \"description\": \"ssh\"}, {\"from_port\": 0, \"to_port\": 0, \"protocol\": \"-1\", \"self\": true}]}"
SG=$(id sg)
[ "$(emuq "[(len(g['ipPermissions']), len(g['ipPermissionsEgress'])) for g in s['ec2']['security_groups'] if g['groupId']=='$SG']")" = "[(3, 0)]" ]
ok $? "aws_security_group: three ingress rules, the default egress rule revoked"
same aws_security_group sg
update aws_security_group sg 'c["egress"] = [{"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}]; c["ingress"] = c["ingress"][1:]'
[ "$(emuq "[(len(g['ipPermissions']), len(g['ipPermissionsEgress'])) for g in s['ec2']['security_groups'] if g['groupId']=='$SG']")" = "[(2, 1)]" ]
ok $? "aws_security_group: rules revoked and authorized in place"
same aws_security_group sg
find_ aws_security_group aws_security_group.web sg

# ---- key pair, instance, EIP
create aws_key_pair aws_key_pair.k kp '{"key_name_prefix": "deploy-", "public_key": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== me@host"}'
case $(id kp) in deploy-2*) r=0 ;; *) r=1 ;; esac; ok $r "aws_key_pair: name from the prefix and a unique suffix"
same aws_key_pair kp
update aws_key_pair kp 'c["tags"] = {"Owner": "ops"}'
find_ aws_key_pair aws_key_pair.k kp

create aws_instance aws_instance.nat inst "{\"ami\": \"ami-0nat0000000000001\", \"instance_type\": \"t2.micro\", \"subnet_id\": \"$SUB\", \"vpc_security_group_ids\": [\"$SG\"], \"source_dest_check\": false, \"key_name\": \"$(id kp)\", \"user_data\": \"#!/bin/sh\\necho 1 > /proc/sys/net/ipv4/ip_forward\\n\"}"
INST=$(id inst)
[ "$(emuq "[(i['instanceState']['name'], i['sourceDestCheck']) for i in s['ec2']['instances'] if i['instanceId']=='$INST']")" = "[('running', False)]" ]
ok $? "aws_instance: running, source/dest check off"
[ "$(j inst.json 'd["user_data"]')" = "$(printf '#!/bin/sh\necho 1 > /proc/sys/net/ipv4/ip_forward\n' | sha1sum | cut -c1-40)" ]
ok $? "aws_instance: state keeps the SHA-1 of user_data"
same aws_instance inst
update aws_instance inst 'c["source_dest_check"] = True; c["tags"] = {"Name": "nat"}'
[ "$(emuq "[i['sourceDestCheck'] for i in s['ec2']['instances'] if i['instanceId']=='$INST']")" = "[True]" ]
ok $? "aws_instance: source_dest_check changed in place"
find_ aws_instance aws_instance.nat inst

create aws_eip aws_eip.nat eip "{\"instance\": \"$INST\"}"
[ "$(emuq "[a['instanceId'] for a in s['ec2']['addresses'] if a['allocationId']=='$(id eip)']")" = "['$INST']" ]
ok $? "aws_eip: associated with the instance"
same aws_eip eip
find_ aws_eip aws_eip.nat eip
destroy aws_eip eip

# ---- creates while a new object is NotFound for a moment (eventual
# consistency): the state a create returns is what a read gives
curl -s -XPOST -H 'Content-Type: application/json' -d '{"consistency_window_ms": 300}' "$AWSEMU_URL/_emu/faults" > /dev/null
create aws_vpc aws_vpc.late vpc2 '{"cidr_block": "10.2.0.0/16", "enable_dns_support": false, "tags": {"Name": "late"}}'
create aws_instance aws_instance.late inst2 "{\"ami\": \"ami-0nat0000000000001\", \"instance_type\": \"t2.micro\", \"subnet_id\": \"$SUB2\", \"user_data_base64\": \"aGVsbG8K\", \"disable_api_termination\": true, \"tags\": {\"Name\": \"late\"}}"
curl -s -XPOST -H 'Content-Type: application/json' -d '{}' "$AWSEMU_URL/_emu/faults" > /dev/null
same aws_vpc vpc2
same aws_instance inst2
[ "$(j inst2.json '(d["user_data_base64"], d["disable_api_termination"], d["instance_state"])')" = "('aGVsbG8K', True, 'running')" ]
ok $? "aws_instance: user_data_base64 and disable_api_termination as launched, running"
update aws_instance inst2 'c["disable_api_termination"] = False'
destroy aws_instance inst2
destroy aws_vpc vpc2

# ---- a delete retried until its dependency goes: the subnet outlives the instance
"$PT" destroy aws_subnet x < sub.json > /dev/null 2> subdel.err &
subpid=$!
sleep 0.5
destroy aws_instance inst
wait $subpid; rc=$?
[ $rc = 0 ] && [ "$(emuq "[x for x in s['ec2']['subnets'] if x['subnetId']=='$SUB']")" = "[]" ]
ok $? "aws_subnet: DependencyViolation retried until the instance terminated"

# ---- ELB, launch configuration, auto scaling group
create aws_elb aws_elb.app elb "{\"name\": \"clicamos-app\", \"subnets\": [\"$SUB2\"], \"security_groups\": [\"$SG\"], \"listener\": [{\"lb_port\": 80, \"lb_protocol\": \"http\", \"instance_port\": 80, \"instance_protocol\": \"http\"}], \"health_check\": [{\"target\": \"HTTP:80/\", \"healthy_threshold\": 3, \"unhealthy_threshold\": 2, \"timeout\": 10, \"interval\": 30}], \"tags\": {\"Name\": \"app\"}}"
[ "$(emuq "[(e['ListenerDescriptions'][0]['Listener']['Protocol'], e['HealthCheck']['Target'], e['Attributes']['CrossZoneLoadBalancing']['Enabled'], sorted(e['Tags'])) for e in s['elb']]")" = "[('HTTP', 'HTTP:80/', True, ['Name', 'clicamosc:address', 'clicamosc:lineage'])]" ]
ok $? "aws_elb: listener, health check, cross-zone and tags in the emulator"
same aws_elb elb
update aws_elb elb 'c["idle_timeout"] = 120; c["listener"].append({"lb_port": 8080, "lb_protocol": "TCP", "instance_port": 8080, "instance_protocol": "TCP"})'
[ "$(emuq "[(len(e['ListenerDescriptions']), e['Attributes']['ConnectionSettings']['IdleTimeout']) for e in s['elb']]")" = "[(2, 120)]" ]
ok $? "aws_elb: listener added and idle timeout changed in place"
same aws_elb elb
find_ aws_elb aws_elb.app elb

create aws_launch_configuration aws_launch_configuration.app lc '{"name_prefix": "app-", "image_id": "ami-0healthy00000001", "instance_type": "t2.micro", "user_data": "hello"}'
same aws_launch_configuration lc
create aws_autoscaling_group aws_autoscaling_group.app asg "{\"name\": \"app-asg\", \"launch_configuration\": \"$(id lc)\", \"min_size\": 1, \"max_size\": 2, \"desired_capacity\": 2, \"vpc_zone_identifier\": [\"$SUB2\"], \"load_balancers\": [\"clicamos-app\"], \"health_check_type\": \"ELB\", \"wait_for_elb_capacity\": 1, \"tag\": [{\"key\": \"Name\", \"value\": \"app\", \"propagate_at_launch\": true}]}"
[ "$(emuq "len([h for e in s['elb'] for h in e['InstanceHealth'] if h['State']=='InService'])")" -ge 1 ]
ok $? "aws_autoscaling_group: create returned once an instance was InService in the ELB"
grep -q 'InService in clicamos-app' asg.err; ok $? "aws_autoscaling_group: progress lines name the ELB"
same aws_autoscaling_group asg
update aws_autoscaling_group asg 'c["desired_capacity"] = 1; c["tag"].append({"key": "Env", "value": "test", "propagate_at_launch": False})'
[ "$(emuq "[(g['DesiredCapacity'], len(g['Tags'])) for g in s['autoscaling']['groups']]")" = "[(1, 4)]" ]
ok $? "aws_autoscaling_group: desired capacity and tags changed in place"
same aws_autoscaling_group asg
find_ aws_autoscaling_group aws_autoscaling_group.app asg

# ---- an AMI that never passes health checks
create aws_launch_configuration aws_launch_configuration.bad lcbad '{"name_prefix": "bad-", "image_id": "ami-0unhealthy000001", "instance_type": "t2.micro"}'
echo "{\"name\": \"bad-asg\", \"launch_configuration\": \"$(id lcbad)\", \"min_size\": 1, \"max_size\": 1, \"vpc_zone_identifier\": [\"$SUB2\"], \"load_balancers\": [\"clicamos-app\"], \"health_check_type\": \"ELB\", \"health_check_grace_period\": 3000, \"wait_for_elb_capacity\": 1, \"wait_for_capacity_timeout\": \"3s\"}" > bad.cfg
echo aws_autoscaling_group.bad > bad.addr
"$PT" create aws_autoscaling_group aws_autoscaling_group.bad < bad.cfg > bad.json 2> bad.err
rc=$?
[ $rc = 1 ] && grep -q 'group bad-asg did not reach its capacity within 3s: 0/1 InService in clicamos-app: i-[0-9a-f]*: OutOfService (Instance has failed at least the UnhealthyThreshold' bad.err
r=$?; [ $r = 0 ] || sed 's/^/# /' bad.err; ok $r "aws_autoscaling_group: an unhealthy AMI fails the create, naming each instance's ELB state"
[ "$(j bad.json 'd["id"]')" = "bad-asg" ]; ok $? "aws_autoscaling_group: the failed group's state is still returned (to be tainted)"
destroy aws_autoscaling_group bad

# ---- a malformed wait_for_capacity_timeout fails before any group exists
echo "{\"name\": \"odd-asg\", \"launch_configuration\": \"$(id lcbad)\", \"min_size\": 1, \"max_size\": 1, \"vpc_zone_identifier\": [\"$SUB2\"], \"wait_for_capacity_timeout\": \"1m 5s\"}" > odd.cfg
"$PT" create aws_autoscaling_group aws_autoscaling_group.odd < odd.cfg > odd.json 2> odd.err
rc=$?
[ $rc = 1 ] && grep -q 'wait_for_capacity_timeout: "1m 5s" is not a duration' odd.err &&
	[ "$(emuq 'sum(g["AutoScalingGroupName"] == "odd-asg" for g in s["autoscaling"]["groups"])')" = 0 ]
r=$?; [ $r = 0 ] || sed 's/^/# /' odd.err; ok $r "aws_autoscaling_group: a malformed wait_for_capacity_timeout fails before the group is created"

# ---- data sources
"$PT" read data.aws_ami data.aws_ami.app > ami.json 2> ami.err <<'EOT'
{"most_recent": true, "owners": ["137112412989"], "filter": [{"name": "name", "values": ["clicamos-app-v*"]}]}
EOT
[ "$(j ami.json 'd["id"]')" = "ami-0healthy00000001" ]; ok $? "data aws_ami: the most recent match (first of equals)"
echo '{"owners": ["137112412989"], "name_regex": "^clicamos-app-v[2]$"}' | "$PT" read data.aws_ami x > ami2.json 2> ami.err
[ "$(j ami2.json 'd["id"]')" = "ami-0healthy00000002" ]; ok $? "data aws_ami: name_regex"
echo '{"owners": ["137112412989"], "name_regex": "^clicamos-app-v"}' | "$PT" read data.aws_ami x > /dev/null 2> ami.err
grep -q 'more than one result' ami.err; ok $? "data aws_ami: several matches without most_recent is an error"
echo '{"filter": [{"name": "name", "values": ["no-such-image-*"]}]}' | "$PT" read data.aws_ami x > /dev/null 2> ami.err
grep -q 'Your query returned no results. Please change your search criteria and try again.' ami.err
ok $? "data aws_ami: no match is Terraform's error"
echo '{"state": "available"}' | "$PT" read data.aws_availability_zones x > az.json 2> az.err
[ "$(j az.json 'd["names"][:2]')" = "['us-east-1a', 'us-east-1b']" ]; ok $? "data aws_availability_zones: sorted names"

# ---- throttling: still succeeds (30 % at random, and surely the create's first call)
curl -s -X POST -d '{"throttle_rate": 0.3, "errors": [{"action": "CreateSecurityGroup", "code": "RequestLimitExceeded", "message": "Request limit exceeded.", "status": 503}]}' "$AWSEMU_URL/_emu/faults" > /dev/null
create aws_security_group aws_security_group.throttled sgt "{\"name_prefix\": \"t-\", \"vpc_id\": \"$VPC\", \"ingress\": [{\"from_port\": 443, \"to_port\": 443, \"protocol\": \"tcp\", \"cidr_blocks\": [\"0.0.0.0/0\"]}]}"
same aws_security_group sgt
destroy aws_security_group sgt
[ "$(curl -s "$AWSEMU_URL/_emu/stats" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["throttles"] > 0)')" = True ]
ok $? "throttling was injected"
curl -s -X POST -d '{}' "$AWSEMU_URL/_emu/faults" > /dev/null

# ---- destroy everything, dependents first
destroy aws_autoscaling_group asg
destroy aws_launch_configuration lc
destroy aws_launch_configuration lcbad
destroy aws_elb elb
destroy aws_key_pair kp
destroy aws_route_table_association rta
destroy aws_route_table rt
destroy aws_route_table rt2
destroy aws_security_group sg
destroy aws_subnet sub2
destroy aws_internet_gateway igw
destroy aws_vpc vpc
[ "$(emuq "(s['ec2']['vpcs'], s['ec2']['subnets'], s['ec2']['internet_gateways'], s['ec2']['addresses'], s['ec2']['key_pairs'], s['elb'], s['autoscaling']['groups'], s['autoscaling']['launch_configurations'])")" = "([], [], [], [], [], [], [], [])" ]
ok $? "the emulator holds nothing the test made"
"$PT" read aws_vpc x < vpc.json > gone.json; [ "$(cat gone.json)" = null ]; ok $? "reading a deleted resource gives null"
echo "1..$n"
[ $failed = 0 ]
