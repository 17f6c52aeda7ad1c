#!/bin/sh
# test_e2e_own_config.sh: the README's "Try it on your own configuration",
# as written (issue 16, point 5): make install puts clicamosc-emulator in
# place; it prints what to export and which AMIs there are; --ami adds one;
# an unknown AMI's error says how to get one; plan, apply, graph and destroy
# work against it.  (--time-factor 0.01 only makes the simulated waits short.)
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2> /dev/null; wait 2> /dev/null; rm -rf "$tmp"' EXIT INT TERM
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; tail -25 "$tmp/out" | sed 's/^/#   /'; fi; }
make -C "$top" install DESTDIR="$tmp/root" prefix=/usr > "$tmp/out" 2>&1
ok $? "make install"
# The installed files as they would be used, relocated only by DESTDIR: the
# wrapper names /usr/share/..., so it is run the way it would run there.
sed "s|'/usr/share|'$tmp/root/usr/share|" "$tmp/root/usr/bin/clicamosc-emulator" > "$tmp/emulator"
PATH=$tmp/root/usr/bin:$PATH
export PATH
unset AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_PROFILE AWS_SESSION_TOKEN
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sh "$tmp/emulator" --port "$port" --ami ami-0mine0000000001 --time-factor 0.01 > "$tmp/banner" 2>&1 &
pid=$!
i=0
while ! grep -q 'AMIs your configuration can use' "$tmp/banner" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
cp "$tmp/banner" "$tmp/out"
grep -q "export AWS_ENDPOINT_URL=http://127.0.0.1:$port" "$tmp/banner" && grep -q 'ami-0mine0000000001' "$tmp/banner"
ok $? "clicamosc-emulator prints what to export and the AMIs, --ami's among them"
eval "$(sed -n 's/^  export /export /p' "$tmp/banner")"

mkdir "$tmp/mine"
cd "$tmp/mine" || exit 2
cat > main.tf <<'TF'
variable "ami" {
  type = string
}
resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.1.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_instance" "web" {
  ami           = var.ami
  instance_type = "t2.micro"
  subnet_id     = aws_subnet.a.id
}
TF
clicamosc apply -auto-approve -var ami=ami-1 > "$tmp/out" 2>&1
[ $? = 1 ] && grep -q "ami-1" "$tmp/out" && grep -q "restart it with --ami ID" "$tmp/out" && grep -q "ami-0mine0000000001" "$tmp/out"
ok $? "an AMI the emulator lacks: the error lists the ones it has and how to add one"
grep -q '^main.tf:12:10: error: aws_instance.web: creating: InvalidAMIID.NotFound' "$tmp/out" &&
	grep -q '^ 12 | resource "aws_instance" "web" {$' "$tmp/out" && grep -q '^    |          ^~~~~~~~~~~~~~$' "$tmp/out"
ok $? "an AWS error during apply names the resource block: file:line:col, the line, a caret (point 6)"
clicamosc plan -var ami=ami-0mine0000000001 > "$tmp/out" 2>&1 && grep -q "Plan: 1 to add" "$tmp/out"
ok $? "plan -var ami=ami-0mine0000000001"
clicamosc apply -auto-approve -var ami=ami-0mine0000000001 > "$tmp/out" 2>&1 && grep -q "Apply complete! Resources: 1 added" "$tmp/out"
ok $? "apply -var ami=ami-0mine0000000001"
clicamosc graph > "$tmp/g.dot" 2> "$tmp/out" && grep -q 'aws_instance.web' "$tmp/g.dot"
ok $? "graph"
clicamosc destroy -auto-approve > "$tmp/out" 2>&1 && grep -q "Destroy complete! Resources: 3 destroyed." "$tmp/out"
ok $? "destroy (no -var needed)"
# The reference system: its resources live in kinds; the error names the kind block the user wrote.
mkdir "$tmp/ref" && cd "$tmp/ref" || exit 2
clicamosc apply -auto-approve -no-color -var ami=ami-1 "$top/examples/clicamos" > "$tmp/out" 2>&1
[ $? = 1 ] && grep -q '/examples/clicamos/main.cl:[0-9]*:1: error: asg.app.aws_launch_configuration.this: creating: ValidationError: AMI ami-1 is invalid' "$tmp/out" &&
	grep -q '^ [0-9]* | asg "app" {$' "$tmp/out" && grep -q "restart it with --ami ID" "$tmp/out"
ok $? "in a kind, the error names the kind block (asg \"app\") and says how to get an AMI"
clicamosc destroy -auto-approve "$top/examples/clicamos" > "$tmp/out" 2>&1
ok $? "and destroy cleans up without -var"
echo "1..$n"
