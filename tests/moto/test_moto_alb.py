#!/usr/bin/python3
"""test_moto_alb.py: the ELBv2 types (aws_lb application and network,
aws_lb_target_group, aws_lb_listener, aws_lb_listener_rule,
aws_lb_target_group_attachment) against moto, with tests/moto/alb: apply,
no-op plans (after refresh too), changes made in place and seen in moto
with botocore, import of each object with a no-op plan after it, kill -9
applies adopted with nothing leaked, destroy, nothing left, destroy again
sending nothing.  Prints TAP."""
import json, os, random, re, shutil, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto import AMI1, BIN, added, main, no_changes, unrecorded  # noqa: E402 (puts tests/e2e on the path)
from e2e import kill_after  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
IMPORTED = ["aws_lb.web", "aws_lb.net", "aws_lb_target_group.web", "aws_lb_target_group.tcp", "aws_lb_listener.http",
            "aws_lb_listener.tcp", "aws_lb_listener_rule.api", "aws_lb_listener_rule.old"]
KILLS, MAX_TRIALS = 3, 10


def mutations(moto):
    out = []
    for e in moto.requests():
        a = re.search(r"(?:^|&)Action=([A-Za-z]+)", e.get("body") or "")
        if a and not a.group(1).startswith(("Describe", "Get", "List")):
            out.append(a.group(1))
    return out


def changed(out):
    return set(re.findall(r"^  # (\S+) will be updated in-place", out, re.M))


def body(t, moto, cl, work):
    shutil.copy(os.path.join(HERE, "alb", "main.tf"), work)
    before = moto.inventory()
    v1 = ["-var", "ami=" + AMI1]
    started = time.time()
    r = cl("apply", "-auto-approve", *v1)
    took = time.time() - started
    t.ok(r.returncode == 0 and "Resources: 15 added" in r.stdout, "apply: VPC, ALB, NLB, target groups, listeners, "
         "rules, an instance registered", r.out)
    no_changes(t, cl("plan", "-detailed-exitcode", *v1), "the plan after apply has no changes")
    r = cl("refresh", *v1)
    t.ok(r.returncode == 0, "refresh", r.out)
    no_changes(t, cl("plan", "-detailed-exitcode", *v1), "the plan after refresh has no changes")

    elbv2 = moto.client("elbv2")
    lb = elbv2.describe_load_balancers(Names=["web"])["LoadBalancers"][0]
    tg = elbv2.describe_target_groups(Names=["web"])["TargetGroups"][0]
    health = elbv2.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"]
    # moto leaves Scheme out unless it was sent; AWS says internet-facing,
    # its default: what is checked is that internal was not asked for
    t.ok(lb["Type"] == "application" and lb.get("Scheme") != "internal" and len(lb["AvailabilityZones"]) == 2
         and tg["HealthCheckPath"] == "/health" and tg["Matcher"]["HttpCode"] == "200" and len(health) == 1,
         "moto holds the ALB in two zones, the target group's health check, one target registered (botocore)",
         json.dumps([lb, tg, health], default=str)[:3000])
    rules = elbv2.describe_rules(ListenerArn=elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])
                                 ["Listeners"][0]["ListenerArn"])["Rules"]
    t.eq(sorted(r_["Priority"] for r_ in rules), ["10", "11", "default"],
         "the rule without a priority comes after the others (11), as the provider places it")

    v2 = v1 + ["-var", "idle=120", "-var", "health_path=/ping", "-var", "team=ops"]
    r = cl("plan", "-detailed-exitcode", *v2)
    t.ok(r.returncode == 2 and changed(r.stdout) == {"aws_lb.web", "aws_lb_target_group.web"}
         and "Plan: 0 to add, 2 to change, 0 to destroy." in r.stdout and "-> null" not in r.stdout,
         "an idle timeout, a tag and a health check path are changed in place (nothing AWS computed shows as "
         "removed)", r.out)
    r = cl("apply", "-auto-approve", *v2)
    t.ok(r.returncode == 0, "apply the changes", r.out)
    attrs = {a["Key"]: a["Value"] for a in
             elbv2.describe_load_balancer_attributes(LoadBalancerArn=lb["LoadBalancerArn"])["Attributes"]}
    tags = {x["Key"]: x["Value"] for x in elbv2.describe_tags(ResourceArns=[lb["LoadBalancerArn"]])
            ["TagDescriptions"][0]["Tags"]}
    tg = elbv2.describe_target_groups(Names=["web"])["TargetGroups"][0]
    t.ok(attrs.get("idle_timeout.timeout_seconds") == "120" and tags.get("Team") == "ops"
         and tags.get("clicamosc:address") == "aws_lb.web" and tg["HealthCheckPath"] == "/ping",
         "moto holds the new idle timeout, the new tag beside the identity tags, the new path (botocore)",
         json.dumps([attrs, tags, tg], default=str)[:3000])
    no_changes(t, cl("plan", "-detailed-exitcode", *v2), "the plan after the changes has no changes")

    ids = {}
    for a in IMPORTED:
        r = cl("state", "show", a)
        m = re.search(r'^\s*id\s*= "([^"]+)"', r.stdout, re.M)
        ids[a] = m.group(1) if m else None
        cl("state", "rm", a)
    bad = []
    for a in IMPORTED:
        r = cl("import", *v2, a, ids[a] or "?")
        if r.returncode:
            bad.append(a + ": " + r.out)
    t.ok(not bad, "each ELBv2 object imported by its ARN", "\n".join(bad))
    no_changes(t, cl("plan", "-detailed-exitcode", *v2), "the plan after the imports has no changes")

    r = cl("destroy", "-auto-approve", *v2)
    t.ok(r.returncode == 0, "destroy", r.out)
    t.eq(added(before, moto.inventory()), {}, "nothing is left in moto (asked with botocore)")

    # kill -9 at seeded instants: what each killed run made is adopted by
    # its identity tags (an attachment is simply registered again); a run
    # that ends first is destroyed, so that the next one creates again.
    # The instants are drawn within the first apply's duration, whatever
    # the machine's load.
    rng = random.Random(20261208)
    kills = trials = 0
    state = os.path.join(work, "clicamosc.tfstate")
    while kills < KILLS and trials < MAX_TRIALS:
        trials += 1
        killed, out = kill_after([BIN, "apply", "-auto-approve", "-no-color"] + v1, work, cl.env, rng.uniform(0.1, 0.9) * took)
        kills += killed
        print("# trial %d: %s" % (trials, "killed" if killed else "ended: " + (out.strip().splitlines() or [""])[-1]))
        if not killed and not cl("destroy", "-auto-approve", *v1).returncode == 0:
            break
    t.ok(kills >= KILLS, "%d applies were killed mid-way (%d tried)" % (kills, trials))
    r = cl("apply", "-auto-approve", *v1)
    t.ok(r.returncode == 0, "an apply after the kills completes, adopting what they made", r.out)
    no_changes(t, cl("plan", "-detailed-exitcode", *v1), "then the plan has no changes")
    t.eq(unrecorded(moto, before, state), {}, "moto holds nothing the state does not record (asked with botocore)")
    r = cl("destroy", "-auto-approve", *v1)
    t.ok(r.returncode == 0, "destroy", r.out)
    t.eq(added(before, moto.inventory()), {}, "and nothing is left in moto")
    moto.reset_recording()
    r = cl("destroy", "-auto-approve", *v1)
    t.ok(r.returncode == 0, "destroy again succeeds", r.out)
    t.eq(mutations(moto), [], "and sends moto nothing that changes anything")


main(body, "the ELBv2 types against moto: apply, in-place changes, import, kills, destroy")
