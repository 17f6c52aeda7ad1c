#!/bin/sh
# test_remote_exec.sh: the remote-exec and file provisioners against a real
# sshd (Debian's openssh-server) that this test starts on 127.0.0.1 with a
# generated host key and user key: inline, script, scripts, file with
# content and source, when = destroy, on_failure, host_key, and the errors
# of a refused connection, a failed authentication and a failing script.
# Last, a NAT-like aws_instance set up by remote-exec against tests/awsemu,
# which reports the instance's public IP as 127.0.0.1.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
CL=${CLICAMOSC:-$TOP/clicamosc}
SSHD=${SSHD:-/usr/sbin/sshd}
d=$(mktemp -d) || exit 1
cleanup() {
	[ -f "$d/sshd.pid" ] && kill "$(cat "$d/sshd.pid")" 2>/dev/null
	[ -n "$SSH_AGENT_PID" ] && kill "$SSH_AGENT_PID" 2>/dev/null
	"$TOP/tests/awsemu/emuctl.sh" stop "$d/emu" >/dev/null 2>&1
	rm -rf "$d"
}
trap cleanup EXIT INT TERM
cd "$d" || exit 1
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/#   /' out | tail -30; fi; }
has() { grep -q -- "$1" out; }

if [ ! -x "$SSHD" ] || ! command -v ssh-keygen >/dev/null 2>&1; then
	echo "ok 1 - remote-exec against sshd # SKIP no $SSHD or ssh-keygen (apt-get install openssh-server)"
	echo "1..1"
	exit 0
fi
# sshd started by root wants its privilege-separation directory (Debian's
# service makes it at start); as any other user it runs unprivileged.
if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
	mkdir -p /run/sshd && chmod 755 /run/sshd
fi
ssh-keygen -q -t ed25519 -N '' -C host -f hostkey && ssh-keygen -q -t ed25519 -N '' -C user -f userkey &&
	ssh-keygen -q -t ed25519 -N '' -C other -f otherkey && cp userkey.pub authorized_keys || exit 1
port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
closed=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > sshd_config <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $d/hostkey
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
EOF
"$SSHD" -f "$d/sshd_config" -D -e -r 2> sshd.log &   # -r: no re-exec per connection (faster)
echo $! > sshd.pid
i=0
until grep -q "Server listening" sshd.log; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$(cat sshd.pid)" 2>/dev/null; then
		echo "Bail out! sshd did not start: $(cat sshd.log)"
		exit 1
	fi
	sleep 0.05
done
user=$(id -un)
hostkey=$(cat hostkey.pub)

# conn [LINE...]: a connection block to the test's sshd; a LINE setting
# port or private_key replaces the default one.
conn() {
	printf '  connection {\n    host        = "127.0.0.1"\n    user        = "%s"\n' "$user"
	case "$*" in *port*) ;; *) printf '    port        = %s\n' "$port" ;; esac
	case "$*" in *private_key*) ;; *) printf '    private_key = file("userkey")\n' ;; esac
	for l in "$@"; do printf '    %s\n' "$l"; done
	printf '  }\n'
}

echo 'echo "from script $1 $(basename "$0" | cut -c1-10)"' > one.sh
printf '#!/bin/sh\necho from scripts two > %s/two.txt\necho two says $(cat %s/two.txt)\n' "$d" "$d" > two.sh
mkdir -p tree/sub && echo a > tree/a.txt && echo b > tree/sub/b.txt && chmod 600 tree/sub/b.txt
{
	echo 'resource "terraform_data" "box" {'
	echo '  input = "v1"'
	conn
	echo '  provisioner "remote-exec" {'
	echo "    inline = [\"echo hello \${self.input}\", \"echo on-host > $d/inline.txt\", \"tty -s && echo has-a-tty\"]"
	echo '  }'
	echo '  provisioner "remote-exec" {'
	echo '    script = "one.sh"'
	echo '  }'
	echo '  provisioner "remote-exec" {'
	echo '    scripts = ["two.sh", "one.sh"]'
	echo '  }'
	echo '  provisioner "file" {'
	printf '%s\n' '    content     = "made by ${self.input}\n"'
	echo "    destination = \"$d/content.txt\""
	echo '  }'
	echo '  provisioner "file" {'
	echo '    source      = "tree"'
	echo "    destination = \"$d/copied\""
	echo '  }'
	echo '  provisioner "file" {'
	echo '    source      = "tree/"'
	echo "    destination = \"$d/flat\""
	echo '  }'
	echo '  provisioner "file" {'
	echo '    source      = "two.sh"'
	echo "    destination = \"$d/two-copy.sh\""
	echo '  }'
	echo '  provisioner "remote-exec" {'
	echo '    when   = destroy'
	echo "    inline = [\"echo destroyed \${self.input} > $d/destroyed.txt\"]"
	echo '  }'
	echo '}'
} > main.tf
"$CL" apply -auto-approve -no-color main.tf > out 2>&1 &&
	has "terraform_data.box: Provisioning with 'remote-exec'..." &&
	has 'terraform_data.box (remote-exec): Connecting to remote host via SSH...' &&
	has "terraform_data.box (remote-exec):   User: $user" &&
	has 'terraform_data.box (remote-exec):   Private key: true' &&
	has 'terraform_data.box (remote-exec): Connected!' &&
	has '^terraform_data.box (remote-exec): hello v1$' && has 'terraform_data.box (remote-exec): has-a-tty' &&
	[ -s inline.txt ]
ok $? "remote-exec inline: the commands run on the host (on a pty), their output prefixed as Terraform's"
has '^terraform_data.box (remote-exec): from script  terraform_$' &&
	has '^terraform_data.box (remote-exec): two says from scripts two$' && [ "$(grep -c 'from script ' out)" = 2 ]
ok $? "remote-exec script and scripts: each local script uploaded to /tmp/terraform_N.sh and run, in order"
[ "$(cat content.txt)" = "made by v1" ] && has "terraform_data.box: Provisioning with 'file'..." &&
	has 'terraform_data.box (file): Connected!'
ok $? "file content: written to destination, with self"
[ "$(cat copied/tree/a.txt)" = a ] && [ "$(cat copied/tree/sub/b.txt)" = b ] && [ "$(cat flat/a.txt)" = a ] &&
	[ "$(cat flat/sub/b.txt)" = b ] && [ "$(stat -c %a copied/tree/sub/b.txt)" = 600 ] && cmp -s two.sh two-copy.sh
ok $? "file source: a file, a directory (itself, or its contents with a trailing /), modes kept"
[ ! -e destroyed.txt ]
ok $? "when = destroy: not run at create"
"$CL" destroy -auto-approve -no-color main.tf > out 2>&1 && [ "$(cat destroyed.txt)" = "destroyed v1" ]
ok $? "when = destroy: runs on the host before the destroy, with self"

# A failing script fails the apply at the provisioner block, and taints.
{
	echo 'resource "terraform_data" "f" {'
	conn
	echo '  provisioner "remote-exec" {'
	echo '    inline     = ["echo going on; exit 4"]'
	echo '    on_failure = continue'
	echo '  }'
	echo '  provisioner "remote-exec" {'
	echo '    inline = ["echo failing", "exit 3"]'
	echo '  }'
	echo '}'
} > main.tf
line=$(grep -n 'inline = \["echo failing' main.tf | cut -d: -f1)
line=$((line - 1))
"$CL" apply -auto-approve -no-color main.tf > out 2>&1
[ $? = 1 ] && has 'remote-exec provisioner failed (error executing "/tmp/terraform_[0-9]*.sh": Process exited with status 4); on_failure = continue goes on' &&
	has "main.tf:$line:3: error: terraform_data.f: creating: remote-exec provisioner error: error executing \"/tmp/terraform_[0-9]*.sh\": Process exited with status 3" &&
	has 'terraform_data.f (remote-exec): failing' && has 'recorded as tainted'
ok $? "on_failure: continue goes on; a failing command fails the apply at its provisioner block"
"$CL" plan -no-color main.tf > out 2>&1 && has 'tainted' && has 'must be replaced'
ok $? "on_failure = fail: the object is tainted, the next plan replaces it"
rm -f terraform.tfstate* clicamosc.tfstate*

# host_key: the right key connects; another one is refused (retried as
# Terraform does, until the connection timeout).  No private_key: the key
# is in an ssh-agent (SSH_AUTH_SOCK), which Terraform uses by default.
ssh-agent -a "$d/agent.sock" > agent.env && . ./agent.env > /dev/null && ssh-add -q userkey 2> /dev/null
{
	echo 'resource "terraform_data" "k" {'
	conn "host_key    = \"$hostkey\"" 'private_key = null'
	printf '  provisioner "remote-exec" {\n    inline = ["echo checked"]\n  }\n'
	echo '}'
} > main.tf
"$CL" apply -auto-approve -no-color main.tf > out 2>&1 && has 'Checking Host Key: true' &&
	has 'SSH Agent: true' && has 'Private key: false' && has 'terraform_data.k (remote-exec): checked'
ok $? "host_key: the host's own key is accepted; ssh-agent's key authenticates"
kill "$SSH_AGENT_PID" 2> /dev/null
unset SSH_AUTH_SOCK SSH_AGENT_PID
rm -f terraform.tfstate* clicamosc.tfstate*
# failing NAME LINE...: a file provisioner whose connection (with LINEs)
# fails; the error is expected at its block, main.tf:2:3.
failing() {
	name=$1
	shift
	{
		echo 'resource "terraform_data" "e" {'
		echo '  provisioner "file" {'
		echo '    content     = "x"'
		echo "    destination = \"$d/never.txt\""
		conn "$@" | sed 's/^/  /'
		echo '  }'
		echo '}'
	} > main.tf
	start=$(date +%s)
	"$CL" apply -auto-approve -no-color main.tf > out 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	[ $rc = 1 ] && has "main.tf:2:3: error: terraform_data.e: creating: file provisioner error: timeout - last error: $want" &&
		[ $took -lt 20 ] && [ ! -e never.txt ]
	ok $? "errors: $name: retried until the connection timeout, then the error at the provisioner block (${took}s)"
	rm -f terraform.tfstate* clicamosc.tfstate*
}
want='SSH authentication failed (.*@127.0.0.1:[0-9]*): ssh: handshake failed: knownhosts: key mismatch'
failing "another host key" "host_key    = \"$(cat otherkey.pub)\"" 'timeout     = "1s"'
want="dial tcp 127.0.0.1:$closed: connect: connection refused"
failing "connection refused" "port        = $closed" 'timeout     = "1s"'
want='SSH authentication failed (.*): ssh: handshake failed: ssh: unable to authenticate, attempted methods \[none publickey\], no supported methods remain'
failing "authentication" 'private_key = file("otherkey")' 'timeout     = "1s"'

# Configuration mistakes are found before anything is created.
printf 'resource "terraform_data" "r" {\n  provisioner "remote-exec" {\n    inline = ["true"]\n  }\n}\n' > main.tf
"$CL" validate main.tf > out 2>&1
[ $? = 1 ] && has 'main.tf:2:3: error: a remote-exec provisioner needs a connection block with host'
ok $? "validate: remote-exec without a connection is an error at the block"
printf 'resource "terraform_data" "r" {\n  connection {\n    host = "h"\n    privat_key = 1\n  }\n  provisioner "remote-exec" {\n    inline = ["true"]\n    script = "x.sh"\n  }\n}\n' > main.tf
"$CL" validate main.tf > out 2>&1
[ $? = 1 ] && has 'main.tf:4:5: error: unsupported argument "privat_key" in a connection block' &&
	has 'did you mean "private_key"' && has 'main.tf:6:3: error: a remote-exec provisioner needs exactly one of inline, script and scripts'
ok $? "validate: unknown connection arguments and inline with script are errors"
printf 'resource "terraform_data" "r" {\n  provisioner "file" {\n    content = "x"\n    destination = "/tmp/x"\n    connection {\n      host = "h"\n      bastion_host = "b"\n    }\n  }\n}\n' > main.tf
"$CL" apply -auto-approve -no-color main.tf > out 2>&1
[ $? = 1 ] && has 'main.tf:2:3: error: terraform_data.r: creating: file provisioner error: connection argument bastion_host is not supported'
ok $? "a bastion host is refused with what clicamosc supports"
rm -f terraform.tfstate* clicamosc.tfstate*

# The seed's NAT instance, set up by remote-exec, against the emulator.
mkdir -p emu nat
eval "$("$TOP/tests/awsemu/emuctl.sh" start "$d/emu" --time-factor 0.01 --instance-address 127.0.0.1)"
cd nat || exit 1
cat > main.tf <<EOF
provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = true
}

resource "aws_instance" "nat" {
  ami               = "ami-0nat0000000000001"
  instance_type     = "t2.micro"
  subnet_id         = aws_subnet.public.id
  source_dest_check = false

  connection {
    host        = self.public_ip
    port        = $port
    user        = "$user"
    private_key = file("../userkey")
  }

  provisioner "file" {
    content     = "net.ipv4.ip_forward = 1\n"
    destination = "$d/nat-sysctl.conf"
  }

  provisioner "remote-exec" {
    inline = [
      "echo configuring NAT for \${aws_vpc.main.cidr_block} on \${self.private_ip}",
      "echo MASQUERADE \${aws_vpc.main.cidr_block} > $d/nat-rules.txt",
    ]
  }
}
EOF
"$CL" apply -auto-approve -no-color > out 2>&1 &&
	has 'aws_instance.nat (remote-exec):   Host: 127.0.0.1' &&
	has '^aws_instance.nat (remote-exec): configuring NAT for 10.0.0.0/16 on 10.0.0.[0-9]*$' &&
	[ "$(cat ../nat-rules.txt)" = "MASQUERADE 10.0.0.0/16" ] && grep -q ip_forward ../nat-sysctl.conf
ok $? "NAT instance: created in the emulator, set up by file and remote-exec over SSH at its public IP"
"$CL" destroy -auto-approve -no-color > out 2>&1
ok $? "NAT instance: destroyed"
echo "1..$n"
