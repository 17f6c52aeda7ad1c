#!/usr/bin/python3
"""test_e2e_keys.py: instance keys that hold brackets ("x[1]") against the
emulator.  The dependencies apply records name the resource, not a cut of
its instance address; the plan's JSON and text keep the whole key; and the
orphans left when the configuration goes are deleted dependents first (the
recorded dependency found again).  Prints TAP."""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import load_state, main  # noqa: E402

CONFIG = '''
resource "aws_vpc" "a" {
  for_each   = { "x[1]" = "10.41.0.0/16" }
  cidr_block = each.value
}

resource "aws_subnet" "s" {
  for_each   = { "k]" = 1 }
  vpc_id     = aws_vpc.a["x[1]"].id
  cidr_block = "10.41.1.0/24"
}
'''


def body(t, emu, cl, work):
    with open(os.path.join(work, "main.cl"), "w") as f:
        f.write(CONFIG)
    r = cl("plan", "-json")
    keys = sorted(json.loads(l)["change"]["resource"]["resource_key"] for l in r.stdout.splitlines()
                  if '"planned_change"' in l)
    t.eq(keys, ["k]", "x[1]"], "plan -json: resource_key is the whole key", r.out)
    r = cl("apply", "-auto-approve")
    t.eq(r.returncode, 0, "apply of bracketed keys", r.out)
    st = load_state(work)
    deps = {(x["type"], i.get("index_key")): i.get("dependencies") for x in st["resources"] for i in x["instances"]}
    t.eq(deps.get(("aws_subnet", "k]")), ["aws_vpc.a"],
         "the subnet's recorded dependency is the resource aws_vpc.a, not a cut at the key's '['", deps)
    r = cl("state", "list")
    t.eq(r.stdout.split(), ['aws_subnet.s["k]"]', 'aws_vpc.a["x[1]"]'], "state list prints both keys", r.out)
    with open(os.path.join(work, "main.cl"), "w") as f:
        f.write("# everything gone\n")
    r = cl("plan", "-no-color")
    t.ok('aws_vpc.a["x[1]"] will be destroyed' in r.stdout and
         '(because aws_vpc.a is not in configuration)' in r.stdout,
         "plan: the orphan is named with its whole key and its reason", r.out)
    r = cl("apply", "-auto-approve", "-parallelism=1")
    out = r.out
    s, v = out.find('aws_subnet.s["k]"]: Destroying'), out.find('aws_vpc.a["x[1]"]: Destroying')
    t.ok(r.returncode == 0 and 0 <= s < v, "the orphaned subnet goes before its orphaned VPC", out)
    t.eq(load_state(work).get("resources"), [], "nothing left in state")


main(body, "bracketed instance keys")
