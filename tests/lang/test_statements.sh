#!/bin/sh
# test_statements.sh: moved and removed blocks against a state that has the
# objects, terraform_data (input to output, triggers_replace), check blocks'
# warnings and pre/postconditions' errors.  No AWS: terraform_data only.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
CL=${CLICAMOSC:-$TOP/clicamosc}
d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT
cd "$d" || exit 1
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/#   /' out; fi; }
has() { grep -q -- "$1" out; }

printf 'resource "terraform_data" "a" {\n  input = { n = 1 }\n}\noutput "o" {\n  value = terraform_data.a.output\n}\n' > main.tf
"$CL" apply -auto-approve main.tf > out 2>&1 && has 'o = {'
ok $? "terraform_data: apply creates it, output is input"
id=$("$CL" state show terraform_data.a 2>/dev/null | sed -n 's/.*id *= *"\(.*\)"/\1/p' | head -1)

printf 'resource "terraform_data" "b" {\n  input = { n = 1 }\n}\nmoved {\n  from = terraform_data.a\n  to   = terraform_data.b\n}\n' > main.tf
"$CL" plan main.tf > out 2>&1 && has 'terraform_data.a has moved to terraform_data.b' && has 'No changes'
ok $? "moved: the plan says it moved and plans no change (no destroy, no create)"
"$CL" apply -auto-approve main.tf > out 2>&1 && "$CL" state list > out 2>&1 && [ "$(cat out)" = terraform_data.b ]
ok $? "moved: after apply the state has terraform_data.b only"
"$CL" state show terraform_data.b > out 2>&1 && has "$id"
ok $? "moved: the same object (same id) under the new address"

printf 'resource "terraform_data" "b" {\n  input = 1\n}\nremoved {\n  from = terraform_data.b\n}\n' > main.tf
"$CL" plan main.tf > out 2>&1
[ $? = 1 ] && has 'Removed resource still exists' && has 'main.tf:4:1'
ok $? "removed: naming what is still declared is an error at the block"

printf 'removed {\n  from = terraform_data.b\n  lifecycle {\n    destroy = false\n  }\n}\n' > main.tf
"$CL" apply -auto-approve main.tf > out 2>&1 && has 'terraform_data.b will no longer be managed' && has 'No changes' &&
	"$CL" state list > out 2>&1 && [ ! -s out ]
ok $? "removed with destroy = false: forgotten from state, not destroyed"

printf 'resource "terraform_data" "c" {\n  input = 1\n  triggers_replace = ["v1"]\n}\n' > main.tf
"$CL" apply -auto-approve main.tf > /dev/null 2>&1
sed -i 's/v1/v2/' main.tf
"$CL" plan main.tf > out 2>&1 && has 'must be replaced' && has '1 to add, 0 to change, 1 to destroy'
ok $? "terraform_data: a change of triggers_replace replaces it"
sed -i 's/input = 1/input = 2/; s/v2/v1/' main.tf
"$CL" apply -auto-approve main.tf > out 2>&1 && has '1 to add, 0 to change, 1 to destroy' || has '0 to add, 1 to change'
ok $? "terraform_data: a change of input alone updates or replaces it"

printf 'locals {\n  n = 1\n}\ncheck "two" {\n  assert {\n    condition     = local.n == 2\n    error_message = "n is not two"\n  }\n}\noutput "n" {\n  value = local.n\n}\n' > main.tf
"$CL" plan main.tf > out 2>&1 && has 'warning: Check block assertion (check.two) failed: n is not two' && has 'main.tf:6:21'
ok $? "check: a failed assert is a warning with its message and place; the plan goes on"

printf 'variable "n" {\n  default = 0\n}\nresource "terraform_data" "x" {\n  input = var.n\n  lifecycle {\n    precondition {\n      condition     = var.n > 1\n      error_message = "n too small"\n    }\n  }\n}\n' > main.tf
"$CL" plan main.tf > out 2>&1
[ $? = 1 ] && has 'error: Resource precondition failed: n too small' && has 'main.tf:8:23'
ok $? "precondition: false is an error with the message, at the condition"
"$CL" plan -var n=5 main.tf > out 2>&1
ok $? "precondition: true plans"

printf 'resource "terraform_data" "x" {\n  input = 3\n  lifecycle {\n    postcondition {\n      condition     = self.input == 4\n      error_message = "input is ${self.input}"\n    }\n  }\n}\n' > main.tf
"$CL" plan main.tf > out 2>&1
[ $? = 1 ] && has 'error: Resource postcondition failed: input is 3'
ok $? "postcondition: self is the planned object; false is an error"

printf 'output "x" {\n  value = 1\n  precondition {\n    condition     = false\n    error_message = "never"\n  }\n}\n' > main.tf
"$CL" plan main.tf > out 2>&1
[ $? = 1 ] && has 'Module output value precondition failed: never'
ok $? "output precondition: false is an error"

printf 'resource "terraform_data" "x" {}\nimport {\n  to = terraform_data.x\n  id = "x"\n  for_each = {}\n}\n' > main.tf
"$CL" validate main.tf > out 2>&1 && printf 'import {\n  to = terraform_data.x\n  ids = "x"\n}\n' > main.tf &&
	! "$CL" validate main.tf > out 2>&1 && has 'unsupported argument "ids" in an import block' &&
	has 'main.tf:1:1: error: an import block needs to = <resource address> and id'
ok $? "import blocks: validate reads them (to, id, for_each), a mistake is an error at the block"
rm -f clicamosc.tfstate*
cat > main.tf <<'TF'
resource "terraform_data" "p" {
  input = "hello"
  provisioner "local-exec" {
    command     = "echo created $NAME ${self.input} > log.txt"
    environment = { NAME = "n1" }
  }
  provisioner "local-exec" {
    command    = "exit 3"
    on_failure = continue
  }
  provisioner "local-exec" {
    when    = destroy
    command = "echo destroyed ${self.input} >> log.txt"
  }
}
TF
"$CL" apply -auto-approve main.tf > out 2>&1 && has 'exit status 3); on_failure = continue' &&
	[ "$(cat log.txt)" = "created n1 hello" ]
ok $? "local-exec: runs after create with self and environment; on_failure = continue goes on"
"$CL" destroy -auto-approve main.tf > out 2>&1 && [ "$(tail -1 log.txt)" = "destroyed hello" ]
ok $? "local-exec: when = destroy runs before the destroy, with self"
printf 'resource "terraform_data" "q" {\n  input = 1\n  provisioner "local-exec" {\n    command = "echo failing; exit 2"\n  }\n}\n' > main.tf
"$CL" apply -auto-approve main.tf > out 2>&1
[ $? = 1 ] && has 'local-exec provisioner error: exit status 2' && has 'q (local-exec): failing' &&
	"$CL" plan main.tf > out 2>&1 && has 'tainted'
ok $? "local-exec: a failing command fails the apply and taints the object (the next plan replaces it)"
rm -f clicamosc.tfstate*
cat > main.tf <<'TF'
resource "terraform_data" "late" {
  input = "late"
  provisioner "local-exec" {
    command = "sleep 1; echo ${self.input} > late.txt"
  }
}
resource "terraform_data" "early" {
  provisioner "local-exec" {
    command = "cat late.txt > seen.txt; echo ${terraform_data.late.output} >> seen.txt"
  }
}
TF
"$CL" apply -auto-approve main.tf > out 2>&1 && [ "$(cat seen.txt)" = "$(printf 'late\nlate')" ]
ok $? "a provisioner's references are dependencies: it runs after what it names is created"
"$CL" destroy -auto-approve main.tf > /dev/null 2>&1
printf 'resource "terraform_data" "r" {\n  provisioner "puppet" {\n    server = "p"\n  }\n}\n' > main.tf
"$CL" validate main.tf > out 2>&1
[ $? = 1 ] && has 'provisioner "puppet" is not supported' && has 'local-exec", "remote-exec" and "file"'
ok $? "a vendor provisioner (removed in Terraform 0.15) is refused with the ones there are"

rm -f clicamosc.tfstate*
printf 'output "big" {\n  value = 12345678901234567890\n}\noutput "exact" {\n  value = 0.1 + 0.2\n}\n' > main.tf
"$CL" apply -auto-approve main.tf > out 2>&1 && "$CL" output -json > out 2>&1 && has '"value": 0.3' &&
	has '"value": 1.2345678901234567e+19' && "$CL" plan main.tf > out 2>&1
ok $? "numbers: 0.1 + 0.2 is 0.3; a whole number past int64 is written to state so that it reads back"
echo "1..$n"
