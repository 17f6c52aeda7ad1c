"""e2e.py: what the end-to-end test scripts share on top of emu.py: TAP lines
(with "known bug" skips), one emulator and one working directory per script
that are always stopped and removed, clicamosc runs, and readers of the state
file and of the emulator's resources.  Not a test itself."""
import json, os, re, shutil, signal, subprocess, sys, tempfile, traceback

from emu import BIN, TOP, Emulator, ids, mismatch, state_ids  # noqa: F401 (re-exported)

EXAMPLES = os.path.join(TOP, "examples")
CLICAMOS = os.path.join(EXAMPLES, "clicamos")
AMI1, AMI2, AMI3 = "ami-0healthy00000001", "ami-0healthy00000002", "ami-0healthy00000003"
UNHEALTHY = "ami-0unhealthy000001"


class Tap:
    def __init__(self):
        self.n = 0

    def line(self, passed, name, directive="", detail=""):
        self.n += 1
        print("%sok %d - %s%s" % ("" if passed else "not ", self.n, name, directive), flush=True)
        if detail and (directive or not passed):
            for l in str(detail).rstrip().splitlines()[-25:]:
                print("#   " + l)

    def ok(self, cond, name, detail=""):
        self.line(bool(cond), name, "", detail)
        return bool(cond)

    def eq(self, got, want, name, detail=""):
        return self.ok(got == want, name, "got:  %r\nwant: %r\n%s" % (got, want, detail))

    def known_bug(self, cond, name, bug, detail=""):
        """A check that fails because of a known bug outside the tests'
        reach: a skip naming the bug while it lasts, a pass once fixed."""
        if cond:
            return self.ok(True, name)
        self.line(True, name, " # SKIP known bug: " + bug, detail)
        return False


class Cl:
    """clicamosc run in one working directory against the emulator."""

    def __init__(self, cwd, env, started=None):
        self.cwd, self.env = cwd, dict(env, NO_COLOR="1")
        self.started = [] if started is None else started   # background runs, killed at the end

    def at(self, cwd):
        """The same, in another working directory."""
        return Cl(cwd, self.env, self.started)

    def __call__(self, *args, stdin=None, timeout=240):
        r = subprocess.run([BIN] + list(args), cwd=self.cwd, env=self.env, input=stdin or "",
                           capture_output=True, text=True, timeout=timeout)
        r.out = r.stdout + r.stderr
        return r

    def start(self, *args):
        """The same, in the background: a Popen with stdout+stderr in one file."""
        log = open(os.path.join(self.cwd, ".log-%d" % len(self.started)), "w+")
        p = subprocess.Popen([BIN] + list(args), cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                             stdout=log, stderr=subprocess.STDOUT)
        p.log = log
        self.started.append(p)
        return p


def output_of(p, timeout=240):
    """Waits for a background run; its return code and output."""
    p.wait(timeout)
    p.log.seek(0)
    return p.returncode, p.log.read()


def begin(title):
    """A test script's start: SIGTERM (the runner's timeout) and SIGINT
    unwind through the script's finally blocks, and the title is printed."""
    def stop(signum, frame):
        raise SystemExit(1)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("# " + title, flush=True)


def main(body, title):
    """Runs body(t, emu, cl, work) with a fresh emulator and working
    directory, then stops and removes both whatever happened (SIGTERM from
    the runner's timeout included)."""
    begin(title)
    t = Tap()
    emu = Emulator(time_factor=0.01)
    work = tempfile.mkdtemp(prefix="cle2e")
    cl = Cl(work, emu.env)
    try:
        body(t, emu, cl, work)
    except BaseException:
        t.ok(False, "the script ran to its end", traceback.format_exc())
    finally:
        for p in cl.started:
            if p.poll() is None:
                p.kill()
                p.wait()
        emu.stop()
        shutil.rmtree(emu.dir, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    print("1..%d" % t.n)
    sys.exit(0)


def kill_after(argv, cwd, env, delay):
    """Runs argv and kills it (-9) after delay seconds unless it ended
    first: (whether it was killed, its output so far)."""
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    try:
        out = p.communicate(timeout=delay)[0]
    except subprocess.TimeoutExpired:
        p.kill()
        out = p.communicate()[0]
    return p.returncode == -signal.SIGKILL, out.decode(errors="replace")


def apply_args(ami, path=CLICAMOS, *more):
    return ["apply", "-auto-approve"] + list(more) + ["-var", "ami=" + ami, path]


# --- the state file --------------------------------------------------------

def load_state(work, name="clicamosc.tfstate"):
    with open(os.path.join(work, name)) as f:
        return json.load(f)


def address(r, inst):
    key = inst.get("index_key")
    a = ("data." if r.get("mode") == "data" else "") + r["type"] + "." + r["name"]
    if r.get("module"):
        a = r["module"] + "." + a
    if isinstance(key, int):
        a += "[%d]" % key
    elif key is not None:
        a += '["%s"]' % key
    return a


def instances(st):
    """[(address, deposed key or None, status or None, attributes)] of managed resources."""
    return [(address(r, i), i.get("deposed"), i.get("status"), i.get("attributes") or {})
            for r in st.get("resources", []) if r.get("mode", "managed") == "managed"
            for i in r.get("instances", [])]


def current(st):
    """Address -> attributes of the current (not deposed) objects."""
    return {a: attrs for a, dep, _, attrs in instances(st) if not dep}


# --- the emulator's resources ----------------------------------------------

def all_ids(s):
    """Every id of an /_emu/state dump, default objects and group instances included."""
    out = {i for v in ids(s, with_asg_instances=True).values() for i in v}
    ec2 = s["ec2"]
    out |= {v["groupId"] for v in ec2["security_groups"]}
    out |= {v["routeTableId"] for v in ec2["route_tables"]}
    out |= {v.get("natGatewayId") for v in ec2["nat_gateways"]}
    return out


def tags(rec):
    """The tags of an emulator record, whatever the service's shape."""
    t = rec.get("tagSet") if "tagSet" in rec else rec.get("Tags")
    if isinstance(t, dict):
        return t
    return {x.get("key", x.get("Key")): x.get("value", x.get("Value")) for x in t or []}


def asg_instances(s, group):
    g = [x for x in s["autoscaling"]["groups"] if x["AutoScalingGroupName"] == group]
    return {i["InstanceId"]: i["LifecycleState"] for i in g[0]["Instances"]} if g else {}


def elb_health(s, name):
    e = [x for x in s["elb"] if x["LoadBalancerName"] == name]
    return {h["InstanceId"]: h["State"] for h in e[0]["InstanceHealth"]} if e else {}


HEADER = re.compile(r"^  # (\S+(?: \(deposed object \w+\))?) (?:will|must|is|has) (.*)$")


def plan_headers(out):
    """The '  # ADDR will be created' lines of a rendered plan: {ADDR: what}."""
    return {m.group(1): m.group(2) for m in map(HEADER.match, out.splitlines()) if m}


def plan_summary(out):
    for l in out.splitlines():
        if l.startswith("Plan:") or l.startswith("No changes."):
            return l.strip()
    return None
