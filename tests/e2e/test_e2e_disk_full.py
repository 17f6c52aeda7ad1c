#!/usr/bin/python3
"""test_e2e_disk_full.py: issue 20, finding 2.  An apply of 40 VPCs whose
state lives on a 64 KiB tmpfs (mounted in a private mount namespace, so
nothing outlives the test) runs out of room part way.  The apply stops
starting creates, records those in flight, exits non-zero without "Apply
complete!", leaves the state file whole, keeps the journal, and writes a
complete errored.tfstate (0600) in the working directory, which has room.
Pushed back, that state lets the next apply finish the job: no duplicate,
nothing lost, and destroy leaves nothing.  Then the same under a file size
limit (ulimit -f), where no file can hold the state: the process is not
killed by SIGXFSZ, and the whole state is printed.  The tmpfs part skips
visibly without root or unshare/mount.  Prints TAP."""
import json, os, resource, shutil, stat, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import BIN, ids, main, mismatch  # noqa: E402

N = 40
CONFIG = '''
resource "aws_vpc" "many" {
  count      = %d
  cidr_block = "10.${count.index}.0.0/16"
  tags = {
    Name = "disk-full-${count.index}"
  }
}
''' % N

# Runs clicamosc ARGS... in WORK with the state directory on a small tmpfs,
# then copies what the tmpfs holds to OUT (the mount goes with the namespace).
SANDBOX = '''
mount -t tmpfs -o size=64k,mode=0700 tmpfs "$1" || exit 99
cd "$2" || exit 98
shift 3
"$@"
rc=$?
cp -a "$T"/. "$O"/
exit $rc
'''


def can_mount():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    d = tempfile.mkdtemp(prefix="cltmpfs")
    try:
        r = subprocess.run(["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$1"', "sh", d],
                           capture_output=True)
        return r.returncode == 0
    finally:
        os.rmdir(d)


def body(t, emu, cl, work):
    with open(os.path.join(work, "main.cl"), "w") as f:
        f.write(CONFIG)
    if can_mount():
        tmpfs(t, emu, cl, work)
    else:
        t.line(True, "disk-full apply", " # SKIP needs root with unshare -m and mount -t tmpfs")
    fsize(t, emu, cl, work)


def fsize(t, emu, cl, work):
    """No file may grow past 24 KiB: the state, errored.tfstate and the
    temporary directory's copy all fail, so the state is printed."""
    for f in ("clicamosc.tfstate", "clicamosc.tfstate.backup", "errored.tfstate"):
        if os.path.exists(os.path.join(work, f)):
            os.unlink(os.path.join(work, f))
    tmp = os.path.join(work, "tmp")
    os.mkdir(tmp)
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (24 << 10, 24 << 10))  # noqa: E731
    r = subprocess.run([BIN, "apply", "-auto-approve"], cwd=work, env=dict(cl.env, TMPDIR=tmp), preexec_fn=limit,
                       capture_output=True, text=True, timeout=300)
    out = r.stdout + r.stderr
    t.ok(r.returncode == 1 and "Apply complete!" not in out and "the state is printed below" in out,
         "ulimit -f: exit 1 (not killed by SIGXFSZ), never complete, the state printed", out[-3000:])
    mark = "the state is printed below\n"
    printed, _ = json.JSONDecoder().raw_decode(out, out.index(mark) + len(mark)) if mark in out else ({}, 0)
    made = ids(emu.control("/_emu/state"))["vpc"]
    t.ok(0 < len(made) < N and mismatch(emu.control("/_emu/state"), printed) == {},
         "the printed state records every one of the %d VPCs made" % len(made))
    t.ok(not os.path.exists(os.path.join(work, "errored.tfstate")) and not os.listdir(tmp),
         "and no partial state file is left behind", str(os.listdir(work)) + str(os.listdir(tmp)))
    with open(os.path.join(work, "printed.tfstate"), "w") as f:
        json.dump(printed, f)
    r = cl("state", "push", "-force", "printed.tfstate")
    r2 = cl("destroy", "-auto-approve")
    left = {k: sorted(v) for k, v in ids(emu.control("/_emu/state")).items() if v}
    t.ok(r.returncode == 0 and r2.returncode == 0 and not left,
         "pushed back, it lets destroy remove everything (%s)" % left, r.out + r2.out)


def tmpfs(t, emu, cl, work):
    small, out = tempfile.mkdtemp(prefix="clsmall"), tempfile.mkdtemp(prefix="clsmallout")
    try:
        env = dict(cl.env, T=small, O=out)
        r = subprocess.run(["unshare", "-m", "sh", "-c", SANDBOX, "sh", small, work, out, BIN, "apply",
                            "-auto-approve", "-state=" + os.path.join(small, "s.tfstate")],
                           env=env, capture_output=True, text=True, timeout=300)
        r.out = r.stdout + r.stderr
        made = ids(emu.control("/_emu/state"))["vpc"]
        t.ok(r.returncode not in (0, 98, 99) and "Apply complete!" not in r.out and
             "the state could not be written during the apply" in r.out,
             "the apply fails, says the state could not be written, and never says complete", r.out)
        t.ok(0 < len(made) < N, "it stopped starting creates: %d of %d VPCs exist" % (len(made), N))
        errored = os.path.join(work, "errored.tfstate")
        t.ok(os.path.exists(errored) and stat.S_IMODE(os.stat(errored).st_mode) == 0o600,
             "errored.tfstate was written in the working directory, mode 0600", r.out)
        with open(errored) as f:
            saved = json.load(f)
        t.eq(mismatch(emu.control("/_emu/state"), saved), {},
             "errored.tfstate records every VPC that exists, and nothing else")
        with open(os.path.join(out, "s.tfstate")) as f:
            json.load(f)    # raises when torn
        t.ok(True, "the state file on the full disk is whole (it parses)")
        t.ok(os.path.exists(os.path.join(out, "s.tfstate.journal")), "the journal is kept",
             str(os.listdir(out)))

        r = cl("state", "push", "errored.tfstate")
        t.ok(r.returncode == 0, "state push errored.tfstate", r.out)
        r = cl("apply", "-auto-approve")
        t.ok(r.returncode == 0 and "Apply complete! Resources: %d added" % (N - len(made)) in r.stdout,
             "the next apply, with room, creates the %d missing VPCs" % (N - len(made)), r.out)
        t.eq(len(ids(emu.control("/_emu/state"))["vpc"]), N, "%d VPCs exist: none twice" % N)
        r = cl("plan", "-detailed-exitcode")
        t.ok(r.returncode == 0 and "No changes." in r.stdout, "plan shows no changes", r.out)
        r = cl("destroy", "-auto-approve")
        left = {k: sorted(v) for k, v in ids(emu.control("/_emu/state")).items() if v}
        t.ok(r.returncode == 0 and not left, "destroy leaves nothing (%s)" % left, r.out)
    finally:
        shutil.rmtree(small, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


main(body, "disk full during apply: state never lost")
