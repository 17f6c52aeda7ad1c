#!/usr/bin/python3
"""test_e2e_rollout_steps.py: what the asg kind's rollout does beyond
create_before_destroy (issue 9), on examples/clicamos with max_size 3 and
the kind's default health gate (all new instances), while a driver sends
requests through the emulated ELB: the old group was scaled out by hand and
the new one starts at that capacity, then settles; no request reaches a
terminating instance and the ELB is never empty; the old group leaves the
ELB and drains before it is deleted; the summary's mixed-version window is
short.  Then a failing AMI rolls back (and with -keep-failed is kept, out of
the ELB, tainted), and a good AMI recovers.  Prints TAP."""
import os, re, shutil, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import (AMI1, AMI2, AMI3, CLICAMOS, TOP, UNHEALTHY, apply_args, asg_instances, elb_health, ids,  # noqa: E402
                 instances, load_state, main, mismatch, output_of)

sys.path.insert(0, os.path.join(TOP, "tests", "awsemu"))
from client import Client  # noqa: E402

ASG = "asg.app.aws_autoscaling_group.this"
FACTOR = 0.01
INTERVAL, DRAIN = 30, 60        # the example's health-check interval; the elb kind's draining timeout


def config(work):
    """examples/clicamos with room to scale out (max_size 3), the kind's
    default health gate, a health gate that gives up after 8 s, and an old
    group deleted 1 s (real time) after its detach at the earliest."""
    d = os.path.join(work, "cfg")
    os.mkdir(d)
    shutil.copy(os.path.join(CLICAMOS, "user-data.sh"), d)
    with open(os.path.join(CLICAMOS, "main.cl")) as f:
        text = f.read()
    for old, new in (("  max_size                  = 2\n", "  max_size                  = 3\n  drain_seconds = 1\n"),
                     ("  wait_for_elb_capacity     = 1\n", '  wait_for_capacity_timeout = "8s"\n')):
        assert old in text, old
        text = text.replace(old, new)
    with open(os.path.join(d, "main.cl"), "w") as f:
        f.write(text)
    return d


class Traffic:
    """Requests through the ELB every 20 ms, in a thread, until stopped."""

    def __init__(self, emu, elb):
        self.emu, self.elb, self.stopped = emu, elb, threading.Event()
        self.requests = self.hit_terminating = self.no_inservice = 0
        self.samples = []       # (when, InService instances)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopped.is_set():
            try:
                r = self.emu.control("/_emu/traffic", {"elb": self.elb, "requests": 10})
            except OSError:
                return      # the emulator stopped under a failed test
            self.requests += r["requests"]
            self.hit_terminating += r["hit_terminating"]
            self.no_inservice += r["no_inservice"]
            self.samples.append((time.time(), len(r["in_service"])))
            time.sleep(0.02)

    def stop(self):
        self.stopped.set()
        self.thread.join(10)
        return self


def group(s, name):
    g = [x for x in s["autoscaling"]["groups"] if x["AutoScalingGroupName"] == name]
    return g[0] if g else {}


def wait_in_service(emu, elb, n, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        h = elb_health(emu.control("/_emu/state"), elb)
        if sum(v == "InService" for v in h.values()) >= n:
            return True
        time.sleep(0.1)
    return False


def body(t, emu, cl, work):
    cfg = config(work)
    r = cl(*apply_args(AMI1, cfg))
    if not t.ok(r.returncode == 0, "a first deployment (%s) applies" % AMI1, r.out):
        return
    before = emu.control("/_emu/state")
    old, = ids(before)["asg"]
    elb = before["elb"][0]["LoadBalancerName"]
    t.ok(re.search(r": 2/2 InService in %s\n" % re.escape(elb), r.stdout) and
         re.search(r"/2 InService in %s, \d+ OutOfService: Instance registration is still in progress" % re.escape(elb),
                   r.stdout),
         "the health gate waits for all (2) new instances, with progress lines giving OutOfService reasons", r.stdout)

    # Scaled out by hand (a policy would do the same): 3 instead of 2.
    asg = Client(int(emu.env["AWSEMU_PORT"]), "autoscaling", check_shapes=False)
    asg("SetDesiredCapacity", {"AutoScalingGroupName": old, "DesiredCapacity": "3"})
    t.ok(wait_in_service(emu, elb, 3), "the old group, scaled out by hand, has 3 instances InService")

    r = cl("plan", "-var", "ami=" + AMI2, cfg)
    steps = [l.strip(" #") for l in r.stdout.splitlines() if l.startswith("  #   ")]
    t.ok("  # %s must be replaced\n  # a rollout, in steps:\n" % ASG in r.stdout and len(steps) == 4 and
         steps[2].startswith("3. the old group leaves %s;" % elb) and
         steps[3] == "4. the old group is deleted; the new one settles to 2 instances",
         "the plan shows the group's replacement as a rollout in 4 numbered steps", r.out)
    t.ok(len(steps) == 4 and steps[0] == "1. the new group, at 3 instances: the old group's desired capacity now "
         "(configured: 2, max_size 3)" and
         steps[1] == "2. health gate: 3 new instances InService in %s (timeout 8s), else the new group is deleted" % elb,
         "with the sizes the apply will use: the carried-over capacity, 3, and a gate for all 3", r.out)
    r = cl("graph", "-type=apply", "-var", "ami=" + AMI2, cfg)
    t.ok(r.returncode == 0 and re.search(r'"%s: drain" -> "%s: health gate"' % (ASG, ASG), r.stdout) and
         '"%s: health gate" -> "%s"' % (ASG, ASG) in r.stdout,
         "graph -type=apply draws the health gate and the drain as nodes between the new and the old group", r.out)

    traffic = Traffic(emu, elb)
    p = cl.start(*apply_args(AMI2, cfg))
    settled = None      # when the new group began to settle to 2: the rollout's capacity is no longer owed
    while p.poll() is None or settled is None:
        p.log.seek(0)
        if settled is None and "settles to its configured desired capacity" in p.log.read():
            settled = time.time()
        if p.poll() is not None:
            break
        time.sleep(0.02)
    traffic.stop()
    rc, out = output_of(p)
    r = type("run", (), {"returncode": rc, "stdout": out, "out": out})
    t.ok(r.returncode == 0, "the rollout of %s applies" % AMI2, r.out)
    t.ok("starting at 3 instances, the old group's desired capacity (configured: 2, max_size: 3)" in r.stdout,
         "the new group starts at the old group's capacity, 3", r.stdout)
    t.ok(re.search(r": 3/3 InService in %s\n" % re.escape(elb), r.stdout), "and the health gate waits for all 3",
         r.stdout)
    t.ok(traffic.requests >= 100, "requests went through the ELB during the rollout (%d)" % traffic.requests)
    t.eq(traffic.hit_terminating, 0, "no request reached a terminating instance")
    t.eq(traffic.no_inservice, 0, "no request found the ELB without an InService instance")
    # (the settle line is printed before the scale-in; 100 ms allow for this script's polling)
    least = min((n for when, n in traffic.samples if settled is None or when < settled - 0.1), default=None)
    t.ok(least is not None and least >= 3,
         "until the new group settles, the ELB never had fewer than the 3 InService instances it had before "
         "(min %s)" % least, "samples below 3, seconds after the settle line: %s" %
         [(round(w - settled, 3), n) for w, n in traffic.samples if n < 3][:10])
    out = r.stdout
    detached, deleting = out.find("detached " + old), out.find("instances left in " + old)
    t.ok(0 <= detached < deleting and "waiting for connection draining" in out,
         "the old group leaves the ELB and drains before it is scaled in and deleted", out)
    m = re.search(r"rollout summary: (\d+) instances replaced; new group (\S+) InService after ([\d.]+)s; "
                  r"mixed-version window ([\d.]+)s; old group \S+ gone ([\d.]+)s after its detach; total ([\d.]+)s", out)
    t.ok(m, "the apply reports a rollout summary", out)
    if m:
        window, bound = float(m.group(4)), (INTERVAL + DRAIN) * FACTOR
        print("# summary: %s replaced, healthy after %ss, mixed-version window %ss (bound %.2fs), drained and "
              "deleted in %ss, total %ss" % (m.group(1), m.group(3), window, bound, m.group(5), m.group(6)))
        t.eq(m.group(1), "3", "3 instances replaced")
        t.ok(float(m.group(5)) >= 1.0, "the old group went at least drain_seconds (1) after its detach")
        t.ok(window <= bound, "the mixed-version window (%.2fs) is within one health-check interval plus the "
             "drain time (%.2fs)" % (window, bound))
    after = emu.control("/_emu/state")
    new, = ids(after)["asg"] or [None]
    t.eq(group(emu.control("/_emu/state"), new).get("DesiredCapacity"), 2,
         "once the old group is gone, the new one settles to its configured desired capacity, 2")
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI2, cfg)
    t.ok(r.returncode == 0, "a plan afterwards has no changes", r.out)

    # A failing AMI: rolled back (once the settle's scale-in is over).
    end = time.time() + 30
    while len(asg_instances(emu.control("/_emu/state"), new)) != 2 and time.time() < end:
        time.sleep(0.1)
    before = emu.control("/_emu/state")
    old = new
    members = asg_instances(before, old)
    traffic = Traffic(emu, elb)
    r = cl(*apply_args(UNHEALTHY, cfg))
    traffic.stop()
    err = "\n".join(l for l in r.stderr.splitlines() if "error" in l)
    t.eq(r.returncode, 1, "the rollout of %s exits 1" % UNHEALTHY, r.out)
    t.ok("did not reach its capacity" in err and re.search(r"i-\w+: OutOfService \(Instance has failed at least the "
                                                           r"UnhealthyThreshold", err),
         "naming the failing instances and the ELB's reason", r.out)
    t.ok("rolled back: the new group is deleted, %s keeps serving" % old in err, "and saying it rolled back", r.out)
    after = emu.control("/_emu/state")
    t.eq(ids(after)["asg"], {old}, "the new group is deleted; only the old one remains")
    t.eq(asg_instances(after, old), members, "the old group keeps the same instances")
    t.ok(set(elb_health(after, elb).values()) == {"InService"} and set(elb_health(after, elb)) == set(members),
         "which are still the ELB's, all InService", str(elb_health(after, elb)))
    t.eq((traffic.hit_terminating, traffic.no_inservice), (0, 0),
         "no request reached a terminating instance or an empty ELB meanwhile")
    st = load_state(work)
    groups = [(dep, status, attrs.get("id")) for a, dep, status, attrs in instances(st) if a == ASG]
    t.eq(groups, [(None, None, old)], "the state records the old group as current again, untainted")
    t.eq(mismatch(after, st), {}, "and everything the emulator holds")

    recover(t, emu, cl, work, cfg, elb, AMI3, None)

    # -keep-failed: kept for debugging, out of the ELB, tainted.
    old, = ids(emu.control("/_emu/state"))["asg"]
    members = asg_instances(emu.control("/_emu/state"), old)
    r = cl(*apply_args(UNHEALTHY, cfg, "-keep-failed"))
    after = emu.control("/_emu/state")
    kept = sorted(ids(after)["asg"] - {old})
    t.ok(r.returncode == 1 and len(kept) == 1 and "kept for debugging (-keep-failed)" in r.stderr,
         "with -keep-failed the failing group stays", r.out)
    t.ok(kept and group(after, kept[0]).get("LoadBalancerNames") == [] and
         set(elb_health(after, elb)) == set(members),
         "out of the ELB, which still has only the old group's instances", str(kept and group(after, kept[0])))
    st = load_state(work)
    t.eq(sorted((status, attrs.get("id")) for a, dep, status, attrs in instances(st) if a == ASG and not dep),
         [("tainted", kept[0] if kept else None)], "recorded as tainted")
    recover(t, emu, cl, work, cfg, elb, AMI1, "the deposed old group is destroyed before the replacement is "
            "InService (no create_before_destroy ordering for deposed objects, see test_e2e_failing_ami.py)")


def recover(t, emu, cl, work, cfg, elb, ami, bug):
    """A good AMI after a failed one: it applies, the ELB serves throughout,
    one group and one launch configuration remain, all in state."""
    traffic = Traffic(emu, elb)
    r = cl(*apply_args(ami, cfg))
    traffic.stop()
    t.ok(r.returncode == 0, "a good AMI (%s) then applies" % ami, r.out)
    served = (traffic.hit_terminating, traffic.no_inservice) == (0, 0)
    name = "and the ELB served throughout (terminating, no InService: %d, %d)" % (traffic.hit_terminating,
                                                                                   traffic.no_inservice)
    if bug:
        t.known_bug(served, name, bug, r.stdout[-1500:])
    else:
        t.ok(served, name, r.stdout[-1500:])
    after = emu.control("/_emu/state")
    t.ok(len(ids(after)["asg"]) == 1 and len(ids(after)["lc"]) == 1,
         "one group and one launch configuration remain", "%s %s" % (ids(after)["asg"], ids(after)["lc"]))
    t.eq(mismatch(after, load_state(work)), {}, "the state records exactly what the emulator holds")


main(body, "asg rollouts: capacity carry-over, health gate, drain before delete, rollback, summary")
