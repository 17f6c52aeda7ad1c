#!/usr/bin/python3
"""test_e2e_rollout.py: a new AMI on a running examples/clicamos.  The plan
replaces only the launch configuration and the group (+/-); the apply runs
while tests/awsemu/sampler.py asks the ELB every 100 ms how many instances
are InService, and never hears 0; afterwards the old group and launch
configuration are gone and the ELB is the one it was.  Prints TAP."""
import os, signal, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import (AMI1, AMI2, CLICAMOS, TOP, apply_args, asg_instances, elb_health, ids, load_state,  # noqa: E402
                 main, mismatch, plan_headers, plan_summary)

LC = "asg.app.aws_launch_configuration.this"
ASG = "asg.app.aws_autoscaling_group.this"
SAMPLER = os.path.join(TOP, "tests", "awsemu", "sampler.py")


def body(t, emu, cl, work):
    r = cl(*apply_args(AMI1))
    if not t.ok(r.returncode == 0, "the first deployment (%s) applies" % AMI1, r.out):
        return
    before = emu.control("/_emu/state")
    elb0 = before["elb"][0]
    old_asg, = ids(before)["asg"]
    old_lc, = ids(before)["lc"]
    old_instances = set(asg_instances(before, old_asg))

    r = cl("plan", "-var", "ami=" + AMI2, CLICAMOS)
    heads = plan_headers(r.stdout)
    t.eq(heads, {LC: "be replaced", ASG: "be replaced"},
         "the plan for %s replaces the launch configuration and the group, nothing else" % AMI2, r.out)
    t.ok(r.stdout.count("\n+/- resource ") == 2 and "\n-/+ resource " not in r.stdout,
         "both create their replacement before destroying (+/-)", r.out)
    t.eq(plan_summary(r.stdout), "Plan: 2 to add, 0 to change, 2 to destroy.", "Plan: 2 to add, 0 to change, 2 to destroy.")
    lc_part = r.stdout[r.stdout.find("# " + LC):]
    forced = [l.split("=")[0].strip(" ~+-") for l in lc_part.splitlines() if "# forces replacement" in l]
    t.known_bug("image_id" in forced and "user_data" not in forced,
                "the launch configuration is replaced because of image_id, not of its unchanged user_data",
                "plan renders the unchanged, hashed user_data as '- <sha1> + <file text>  # forces replacement'",
                "attributes marked '# forces replacement': %s" % forced)

    sampler = subprocess.Popen(["/usr/bin/python3", SAMPLER, elb0["LoadBalancerName"], "--interval", "0.1"],
                               env=emu.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        r = cl(*apply_args(AMI2))
    finally:
        sampler.send_signal(signal.SIGTERM)
        summary = sampler.communicate(timeout=30)[0].strip()
    t.ok(r.returncode == 0 and "Apply complete! Resources: 2 added, 0 changed, 2 destroyed." in r.stdout,
         "the rollout applies: 2 added, 0 changed, 2 destroyed", r.out)
    got = dict(kv.split("=") for kv in summary.split() if "=" in kv)
    t.ok(int(got.get("samples", 0)) >= 5 and got.get("errors") == "0",
         "the sampler asked the ELB throughout the apply (%s)" % summary, summary)
    t.ok(got.get("zero") == "0" and int(got.get("min", 0)) >= 1,
         "no sample saw 0 instances InService: zero downtime", summary)
    done, gone = r.stdout.find(ASG + ": Creation complete"), r.stdout.find(ASG + ": Destroying...")
    t.ok(0 <= done < gone,
         "the new group was complete (InService) before the old one was destroyed", r.out)

    after = emu.control("/_emu/state")
    now = ids(after)
    t.ok(len(now["asg"]) == 1 and old_asg not in now["asg"] and len(now["lc"]) == 1 and old_lc not in now["lc"],
         "the old group and launch configuration are gone; one of each remains", "%s %s" % (now["asg"], now["lc"]))
    new_asg = next(iter(now["asg"]), None)
    lcs = [x for x in after["autoscaling"]["launch_configurations"]]
    t.eq([x["ImageId"] for x in lcs], [AMI2], "the remaining launch configuration runs %s" % AMI2)
    live = {i["instanceId"] for i in after["ec2"]["instances"] if i["instanceState"]["name"] == "running"}
    t.ok(not (old_instances & live), "the old group's instances are terminated",
         "still running: %s" % (old_instances & live))
    elb1 = after["elb"][0] if len(after["elb"]) == 1 else {}
    t.eq((elb1.get("LoadBalancerName"), elb1.get("DNSName"), elb1.get("CreatedTime")),
         (elb0["LoadBalancerName"], elb0["DNSName"], elb0["CreatedTime"]),
         "the ELB is the same one (name, DNS name, creation time)")
    health = elb_health(after, elb0["LoadBalancerName"])
    members = set(asg_instances(after, new_asg))
    t.ok(len(members) == 2 and set(health) == members and set(health.values()) == {"InService"},
         "the ELB now has exactly the new group's 2 instances, InService", "%s %s" % (health, members))
    st = load_state(work)
    t.eq(mismatch(after, st), {}, "the state records exactly what the emulator holds")
    t.eq(st["outputs"].get("asg_name", {}).get("value"), new_asg, "output asg_name names the new group")
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI2, CLICAMOS)
    t.ok(r.returncode == 0, "a plan afterwards has no changes", r.out)


main(body, "zero-downtime rollout of a new AMI")
