#!/usr/bin/python3
"""test_e2e_cli.py: the commands around plan and apply, on a deployed
examples/clicamos: saved plans (applied exactly, refused when stale),
-target, -replace, refresh after changes made outside clicamosc, state rm
and state mv and what the next plan makes of them, exit codes, and -json
plan output.  Prints TAP."""
import json, os, shutil, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import (AMI1, AMI2, AMI3, CLICAMOS, TOP, apply_args, current, ids, load_state, main,  # noqa: E402
                 mismatch, plan_headers, plan_summary)

sys.path.insert(0, os.path.join(TOP, "tests", "awsemu"))
from client import Client  # noqa: E402

ELB = "elb.app.aws_elb.this"
LC = "asg.app.aws_launch_configuration.this"
ASG = "asg.app.aws_autoscaling_group.this"
EIP = "network.main.aws_eip.nat"
RTA = "network.main.aws_route_table_association.public[2]"


def images(emu):
    return sorted(x["ImageId"] for x in emu.control("/_emu/state")["autoscaling"]["launch_configurations"])


def no_changes(t, cl, ami, name):
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + ami, CLICAMOS)
    return t.ok(r.returncode == 0, name, r.out)


def saved_plans(t, emu, cl, work):
    r = cl("plan", "-out=p.json", "-var", "ami=" + AMI2, CLICAMOS)
    saved = plan_summary(r.stdout) or ""
    counts = [w for w in saved.split() if w.isdigit()]
    t.ok(r.returncode == 0 and os.path.exists(os.path.join(work, "p.json")) and "p.json" in r.stdout,
         "plan -out=p.json saves the plan and says how to apply it", r.out)
    r = cl("plan", "-out=stale.json", "-var", "ami=" + AMI3, CLICAMOS)
    t.ok(r.returncode == 0, "a second plan -out=stale.json from the same state", r.out)
    r = cl("apply", "p.json")
    t.ok(r.returncode == 0 and counts == ["2", "0", "2"] and
         "Apply complete! Resources: 2 added, 0 changed, 2 destroyed." in r.stdout,
         "apply p.json applies it without asking (%s)" % saved, r.out)
    t.eq(images(emu), [AMI2], "exactly that plan: the launch configuration now runs %s" % AMI2)
    serial = load_state(work)["serial"]
    r = cl("apply", "stale.json")
    t.ok(r.returncode == 1 and "stale" in r.stderr and "Creating..." not in r.stdout,
         "apply stale.json is refused: the state changed since that plan", r.out)
    t.ok(images(emu) == [AMI2] and load_state(work)["serial"] == serial,
         "and changes nothing (emulator and state serial as they were)")
    cl("plan", "-out=p2.json", "-var", "ami=" + AMI2, CLICAMOS)
    r = cl("apply", "-var", "ami=" + AMI3, "p2.json")
    t.ok(images(emu) == [AMI2], "apply PLANFILE -var ami=%s does not deploy a value the plan does not have" % AMI3, r.out)
    t.known_bug(r.returncode == 1, "and is refused, as Terraform refuses variables with a saved plan",
                "apply PLANFILE silently ignores -var (Terraform: \"Can't set variables when applying a saved plan\")",
                r.out)


def targets(t, emu, cl, work):
    r = cl("plan", "-target=elb.app", "-detailed-exitcode", "-var", "ami=" + AMI3, CLICAMOS)
    t.ok(r.returncode == 0 and "No changes." in r.stdout,
         "plan -target=elb.app with a new AMI: no changes (the group is outside the target)", r.out)
    r = cl("plan", "-target=" + ASG, "-var", "ami=" + AMI3, CLICAMOS)
    t.eq(set(plan_headers(r.stdout)), {LC, ASG}, "plan -target=%s: the group and the launch configuration it needs" % ASG,
         r.out)

    fresh = os.path.join(work, "fresh")
    os.mkdir(fresh)
    other = cl.at(fresh)
    r = other(*apply_args(AMI1, CLICAMOS, "-target=security_group.elb"))
    t.ok(r.returncode == 0 and "Apply complete! Resources: 2 added, 0 changed, 0 destroyed." in r.stdout,
         "apply -target=security_group.elb in an empty state creates only that group and the VPC it needs", r.out)
    t.ok("targeting is in effect" in r.stderr, "with a warning that the plan may be incomplete", r.out)
    t.eq(sorted(other("state", "list").stdout.split()),
         ["network.main.aws_vpc.this", "security_group.elb.aws_security_group.this"], "state list shows just those two")
    r = other("destroy", "-auto-approve", "-var", "ami=" + AMI1, CLICAMOS)
    t.ok(r.returncode == 0 and "Resources: 2 destroyed." in r.stdout, "and destroy removes them", r.out)


def replace(t, emu, cl, work):
    old = current(load_state(work))[EIP]["id"]
    r = cl(*apply_args(AMI2, CLICAMOS, "-replace=" + EIP))
    t.ok(r.returncode == 0 and "will be replaced, as requested" in r.stdout and
         "Plan: 1 to add, 0 to change, 1 to destroy." in r.stdout,
         "apply -replace=%s replaces just that Elastic IP" % EIP, r.out)
    s = emu.control("/_emu/state")
    nat = current(load_state(work))["network.main.aws_instance.nat"]["id"]
    t.ok([a["instanceId"] for a in s["ec2"]["addresses"]] == [nat] and old not in ids(s)["eip"],
         "the emulator has one, new, Elastic IP, on the NAT instance")
    no_changes(t, cl, AMI2, "then a plan has no changes")


def refresh(t, emu, cl, work):
    port = int(emu.env["AWSEMU_PORT"])
    elb, ec2 = Client(port, "elasticloadbalancing", check_shapes=False), Client(port, "ec2", check_shapes=False)
    st = current(load_state(work))
    elb("ModifyLoadBalancerAttributes", {"LoadBalancerName": st[ELB]["name"],
                                         "LoadBalancerAttributes.ConnectionSettings.IdleTimeout": "120"})
    ec2("DisassociateRouteTable", {"AssociationId": st[RTA]["id"]})
    r = cl("refresh", "-var", "ami=" + AMI2, CLICAMOS)
    st = current(load_state(work))
    t.ok(r.returncode == 0 and st.get(ELB, {}).get("idle_timeout") == 120,
         "refresh records an idle timeout changed outside clicamosc (120)", r.out)
    t.ok(RTA not in st, "and drops a route table association deleted outside clicamosc", r.out)
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI2, CLICAMOS)
    t.ok(r.returncode == 2 and plan_headers(r.stdout) == {ELB: "be updated in-place", RTA: "be created"} and
         plan_summary(r.stdout) == "Plan: 1 to add, 1 to change, 0 to destroy.",
         "plan -detailed-exitcode exits 2: update the ELB in place, create the association", r.out)
    r = cl(*apply_args(AMI2))
    s = emu.control("/_emu/state")
    t.ok(r.returncode == 0 and s["elb"][0]["Attributes"]["ConnectionSettings"]["IdleTimeout"] == 60 and
         mismatch(s, load_state(work)) == {}, "apply puts both back", r.out)


def state_cmds(t, emu, cl, work):
    shutil.copy(os.path.join(work, "clicamosc.tfstate"), os.path.join(work, "copy.tfstate"))
    r = cl("state", "rm", "-state=copy.tfstate", ELB)
    listed = cl("state", "list", "-state=copy.tfstate").stdout.split()
    t.ok(r.returncode == 0 and ELB not in listed and len(listed) == 24,
         "state rm %s (on a copy, -state=copy.tfstate) forgets just it" % ELB, r.out)
    r = cl("plan", "-state=copy.tfstate", "-var", "ami=" + AMI2, CLICAMOS)
    t.ok(plan_headers(r.stdout) == {ELB: "be created"} and plan_summary(r.stdout) == "Plan: 1 to add, 0 to change, 0 to destroy.",
         "then a plan would create it again (and nothing else)", r.out)
    no_changes(t, cl, AMI2, "the real state was not touched: no changes")

    moved = "elb.app.aws_elb.moved"
    r = cl("state", "mv", ELB, moved)
    listed = cl("state", "list").stdout.split()
    t.ok(r.returncode == 0 and moved in listed and ELB not in listed, "state mv %s %s" % (ELB, moved), r.out)
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI2, CLICAMOS)
    t.ok(r.returncode == 2 and plan_headers(r.stdout).get(moved, "").startswith("be destroyed") and
         plan_headers(r.stdout).get(ELB) == "be created",
         "then a plan destroys the moved one (not in the configuration) and creates the configured one", r.out)
    r = cl("state", "mv", moved, ELB)
    t.ok(r.returncode == 0, "state mv back", r.out)
    no_changes(t, cl, AMI2, "then a plan has no changes again")


def exit_codes(t, emu, cl, work):
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI3, CLICAMOS)
    t.eq(r.returncode, 2, "plan -detailed-exitcode exits 2 when there are changes", r.out)
    r = cl("plan", "-detailed-exitcode", CLICAMOS)
    t.ok(r.returncode == 1 and 'required variable "ami"' in r.stderr,
         "plan without the required variable ami exits 1 naming it", r.out)
    bad = os.path.join(work, "bad")
    os.mkdir(bad)
    with open(os.path.join(bad, "main.cl"), "w") as f:
        f.write('resource "aws_vpc" "x" {\n  cidr_block = \n}\n')
    r = cl("plan", "-detailed-exitcode", bad)
    t.ok(r.returncode == 1 and "main.cl:" in r.stderr, "a syntax error exits 1 (not 2) with file:line:col", r.out)
    with open(os.path.join(bad, "main.cl"), "w") as f:
        f.write('resource "aws_vpc" "x" {\n  cidr_block = "10.0.0.0/8"\n}\n')
    other = cl.at(bad)
    r = other("apply", "-auto-approve", ".")
    t.ok(r.returncode == 1 and "aws_vpc.x" in r.stderr and "InvalidVpc.Range" in r.stderr,
         "an AWS error exits 1 naming the address and the AWS error code", r.out)
    r = cl("apply", "no-such-plan.json")
    t.eq(r.returncode, 1, "apply of a missing plan file exits 1", r.out)
    r = cl("apply", "-var", "ami=" + AMI3, CLICAMOS, stdin="no\n")
    t.ok(r.returncode == 1 and images(emu) == [AMI2], "apply answered 'no' exits 1 and changes nothing", r.out)


def json_plan(t, emu, cl, work):
    r = cl("plan", "-json", "-var", "ami=" + AMI3, CLICAMOS)
    lines = [l for l in r.stdout.splitlines() if l.strip()]
    msgs, bad = [], []
    for l in lines:
        try:
            m = json.loads(l)
            msgs.append(m) if isinstance(m, dict) else bad.append(l)
        except ValueError:
            bad.append(l)
    t.known_bug(lines and not bad, "plan -json prints only JSON objects, one per line",
                "plan -json prints the human 'ADDR: Refreshing state... [id=…]' lines on stdout among the JSON",
                "\n".join(bad[:5]))
    changes = {m["change"]["resource"]["addr"]: m["change"]["action"] for m in msgs if m.get("type") == "planned_change"}
    t.eq(changes, {LC: "replace", ASG: "replace"}, "its planned_change messages: the launch configuration and the group replaced")
    summary = [m["changes"] for m in msgs if m.get("type") == "change_summary"]
    t.ok(summary and summary[0].get("add") == 2 and summary[0].get("change") == 0 and summary[0].get("remove") == 2,
         "its change_summary: 2 to add, 0 to change, 2 to destroy", str(summary))


def body(t, emu, cl, work):
    r = cl(*apply_args(AMI1))
    if not t.ok(r.returncode == 0, "apply %s" % AMI1, r.out):
        return
    for part in (saved_plans, targets, replace, refresh, state_cmds, exit_codes, json_plan):
        part(t, emu, cl, work)


main(body, "saved plans, -target, -replace, refresh, state rm/mv, exit codes, -json")
