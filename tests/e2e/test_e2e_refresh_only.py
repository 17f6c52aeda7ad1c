#!/usr/bin/python3
"""test_e2e_refresh_only.py: plan and apply -refresh-only against the
emulator.  A VPC, a subnet and an internet gateway are applied; then the
VPC's tags are changed and the gateway deleted outside clicamosc.  plan
-refresh-only shows that drift as Terraform 1.11.4 shows it ("has
changed", "has been deleted", the note and the closing paragraph, with
Terraform's name replaced: its text was taken from terraform 1.11.4 and
hashicorp/aws 5.100.0 run against moto on the same kind of change), exits
2 with -detailed-exitcode and leaves the state alone; apply -refresh-only
asks, records the refreshed state and changes nothing in AWS; the next plan
puts the configuration back.  The options it cannot be combined with are
refused.  Prints TAP."""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import TOP, load_state, main, plan_summary  # noqa: E402

sys.path.insert(0, os.path.join(TOP, "tests", "awsemu"))
from client import Client  # noqa: E402

CONFIG = """
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = { Name = "main" }
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
  tags       = { Name = "a" }
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
  tags   = { Name = "gw" }
}
"""

NO_DRIFT = """
No changes. Your infrastructure still matches the configuration.

clicamosc has checked that the real remote objects still match the result of
your most recent changes, and found no differences.
"""

NOTE = """
Note: Objects have changed outside of clicamosc

clicamosc detected the following changes made outside of clicamosc since the
last "clicamosc apply" which may have affected this plan:
"""

TAIL = """

This is a refresh-only plan, so clicamosc will not take any actions to undo
these. If you were expecting these changes then you can apply this plan to
record the updated values in the clicamosc state without changing any remote
objects.
"""


def ids(work):
    return {r["type"]: r["instances"][0]["attributes"]["id"] for r in load_state(work)["resources"]}


def body(t, emu, cl, work):
    with open(os.path.join(work, "main.cl"), "w") as f:
        f.write(CONFIG)
    r = cl("apply", "-auto-approve")
    if not t.ok(r.returncode == 0 and "Apply complete! Resources: 3 added" in r.stdout, "apply creates three", r.out):
        return
    r = cl("plan", "-refresh-only", "-detailed-exitcode")
    t.ok(r.returncode == 0 and r.stdout.endswith(NO_DRIFT), "plan -refresh-only with nothing changed: No changes, "
         "exit 0", r.out)
    r = cl("apply", "-refresh-only")
    t.ok(r.returncode == 0 and NO_DRIFT + "\nApply complete! Resources: 0 added, 0 changed, 0 destroyed.\n" in r.stdout
         and "Enter a value" not in r.stdout, "apply -refresh-only with nothing changed asks nothing", r.out)

    before = ids(work)
    serial = load_state(work)["serial"]
    port = int(emu.env["AWSEMU_PORT"])
    ec2 = Client(port, "ec2", check_shapes=False)
    ec2("CreateTags", {"ResourceId.1": before["aws_vpc"], "Tag.1.Key": "Name", "Tag.1.Value": "changed",
                       "Tag.2.Key": "Extra", "Tag.2.Value": "x"})
    ec2("DetachInternetGateway", {"InternetGatewayId": before["aws_internet_gateway"], "VpcId": before["aws_vpc"]})
    ec2("DeleteInternetGateway", {"InternetGatewayId": before["aws_internet_gateway"]})

    r = cl("plan", "-refresh-only", "-detailed-exitcode")
    out = r.stdout
    t.ok(r.returncode == 2, "plan -refresh-only -detailed-exitcode exits 2 on drift", r.out)
    t.ok(NOTE in out and out.endswith(TAIL), "the note and Terraform's closing paragraph", out)
    t.ok('  # aws_internet_gateway.gw has been deleted\n  - resource "aws_internet_gateway" "gw" {\n' in out and
         '      - id       = "%s" -> null\n' % before["aws_internet_gateway"] in out,
         "the gateway: has been deleted, every attribute -> null", out)
    t.ok('  # aws_vpc.main has changed\n  ~ resource "aws_vpc" "main" {\n' in out and
         '          + "Extra" = "x"\n          ~ "Name"  = "main" -> "changed"\n' in out,
         "the VPC: has changed, its tags diffed key by key", out)
    t.ok("aws_subnet.a has" not in out, "the unchanged subnet is not listed", out)
    t.ok(out.index("aws_internet_gateway.gw has") < out.index("aws_vpc.main has"), "in address order", out)
    st = load_state(work)
    t.ok(st["serial"] == serial and "aws_internet_gateway" in ids(work), "plan -refresh-only leaves the state alone")

    r = cl("apply", "-refresh-only", stdin="no\n")
    t.ok(r.returncode == 1 and "Would you like to update the clicamosc state to reflect these detected changes?"
         in r.stdout and "Apply cancelled." in r.stdout and load_state(work)["serial"] == serial,
         "apply -refresh-only asks; no: cancelled, the state as it was", r.out)
    r = cl("apply", "-refresh-only", stdin="yes\n")
    t.ok(r.returncode == 0 and "Apply complete! Resources: 0 added, 0 changed, 0 destroyed." in r.stdout,
         "yes: Apply complete! Resources: 0 added, 0 changed, 0 destroyed.", r.out)
    st = load_state(work)
    vpc = [x for x in st["resources"] if x["type"] == "aws_vpc"][0]["instances"][0]["attributes"]
    t.ok("aws_internet_gateway" not in ids(work) and vpc["tags"] == {"Name": "changed", "Extra": "x"},
         "the state records the drift: no gateway, the VPC's new tags", json.dumps(vpc.get("tags")))
    s = emu.control("/_emu/state")
    t.ok(not s["ec2"].get("internet_gateways") and
         any(v.get("tags", {}).get("Name") == "changed" or
             {x.get("key"): x.get("value") for x in v.get("tagSet", [])}.get("Name") == "changed"
             for v in s["ec2"]["vpcs"]), "nothing in AWS changed", json.dumps(s["ec2"].get("vpcs"))[:600])
    r = cl("plan", "-refresh-only", "-detailed-exitcode")
    t.ok(r.returncode == 0 and r.stdout.endswith(NO_DRIFT), "then plan -refresh-only has nothing to show", r.out)
    r = cl("plan")
    t.eq(plan_summary(r.stdout), "Plan: 1 to add, 1 to change, 0 to destroy.",
         "a full plan puts the configuration back (as terraform's did)", r.out)

    for args, says in ((["-refresh=false"], "-refresh-only with -refresh=false leaves nothing to do"),
                       (["-destroy"], "-refresh-only and -destroy are two plan modes"),
                       (["-out=x.plan"], "a refresh-only plan cannot be saved"),
                       (["-target=aws_vpc.main"], "-target cannot be used with -refresh-only")):
        r = cl("plan", "-refresh-only", *args)
        t.ok(r.returncode == 1 and says in r.stderr, "plan -refresh-only %s is refused" % " ".join(args), r.out)


main(body, "plan and apply -refresh-only")
