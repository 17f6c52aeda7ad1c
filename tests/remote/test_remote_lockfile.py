#!/usr/bin/python3
"""test_remote_lockfile.py: the S3 backend with the S3 lock file (If-None-Match: *) against
tests/awsemu's S3: init refuses to leave a local state behind, -migrate-state copies it; a
killed apply leaves a lock that names its holder and force-unlock removes; two applies racing
for one state: one proceeds, the other fails naming the holder, nothing is lost; virtual-host
addressing.  Prints TAP."""
import json, os, signal, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from remote import main_with_emulator, run, start, write  # noqa: E402

BACKEND = """terraform {
  backend "s3" {
    bucket         = "tfstate"
    key            = "net/terraform.tfstate"
    region         = "us-east-1"
    use_lockfile   = true
    use_path_style = %s
    encrypt        = true
  }
}
"""


def vpcs(n):
    return "".join('resource "aws_vpc" "v%d" {\n  cidr_block = "10.%d.0.0/16"\n}\n' % (i, i) for i in range(n)) + \
        'output "first" {\n  value = aws_vpc.v0.id\n}\n'


def objects(emu):
    return emu.control("/_emu/state")["s3"]


def wait_object(emu, key, p, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline and p.poll() is None:
        o = objects(emu).get(key)
        if o:
            return json.loads(o)
        time.sleep(0.05)
    return None


def body(t, emu):
    work = tempfile.mkdtemp(prefix="clremote")
    env = emu.env
    cl = lambda *a, **k: run(env, work, *a, **k)  # noqa: E731
    main = os.path.join(work, "main.tf")
    write(main, vpcs(1))
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode == 0, "a local apply first", r.out)
    write(main, BACKEND % "true" + vpcs(1))
    r = cl("plan")
    t.ok(r.returncode == 1 and "init" in r.stderr, "plan before init: the backend needs initialization", r.out)
    r = cl("init")
    t.ok(r.returncode == 1 and "-migrate-state" in r.stderr, "init will not leave the local state behind", r.out)
    r = cl("init", "-migrate-state")
    key = "tfstate/net/terraform.tfstate"
    st = json.loads(objects(emu).get(key, "{}"))
    local = json.load(open(os.path.join(work, "clicamosc.tfstate")))
    t.ok(r.returncode == 0 and st.get("lineage") == local["lineage"] and st.get("resources") == local["resources"],
         "init -migrate-state copies it to s3://tfstate/net/terraform.tfstate", r.out)
    r = cl("plan", "-detailed-exitcode")
    t.ok(r.returncode == 0 and "No changes" in r.stdout, "a plan against the remote state: no changes", r.out)
    t.ok(key + ".tflock" not in objects(emu), "no lock file is left behind")

    # A killed apply leaves its lock behind.
    emu.control("/_emu/faults", {"latency_mutating_ms": 1500})
    write(main, BACKEND % "true" + vpcs(3))
    serial = st["serial"]
    p = start(env, work, "apply", "-auto-approve", "-parallelism=1")
    info = wait_object(emu, key + ".tflock", p) or {}
    time.sleep(0.3)
    p.send_signal(signal.SIGKILL)
    p.communicate()
    t.ok(info.get("ID") and info.get("Operation") == "OperationTypeApply" and info.get("Path") == key,
         "the running apply's lock file holds Terraform's lock info", str(info))
    r = cl("plan")
    t.ok(r.returncode == 1 and info.get("ID", "?") in r.stderr and info.get("Who", "?") in r.stderr,
         "after a kill -9 the lock is reported with its holder and ID", r.out)
    r = cl("force-unlock", "not-the-id")
    t.ok(r.returncode == 1 and "does not match" in r.stderr, "force-unlock with another ID is refused", r.out)
    r = cl("force-unlock", info.get("ID", "?"))
    t.ok(r.returncode == 0 and key + ".tflock" not in objects(emu), "force-unlock ID removes it", r.out)
    st = json.loads(objects(emu)[key])
    t.ok(st["serial"] >= serial and any(x["name"] == "v0" for x in st["resources"]),
         "the state is intact (serial %d, was %d)" % (st["serial"], serial))
    emu.control("/_emu/faults", {"latency_mutating_ms": 300})

    # Two applies racing for one state.
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode == 0, "an apply finishes what the killed one started", r.out)
    before = json.loads(objects(emu)[key])
    write(main, BACKEND % "true" + vpcs(5))
    a = start(env, work, "apply", "-auto-approve", "-parallelism=1")
    wait_object(emu, key + ".tflock", a)
    b = cl("apply", "-auto-approve")
    out_a, err_a = a.communicate()
    t.ok(a.returncode == 0, "the first apply proceeds", out_a + err_a)
    t.ok(b.returncode == 1 and "locked by" in b.stderr and "lock ID" in b.stderr,
         "the second fails on the lock, naming the holder", b.out)
    after = json.loads(objects(emu)[key])
    t.ok(after["lineage"] == before["lineage"] and after["serial"] > before["serial"] and
         len(after["resources"]) == 5, "no lost update: serial %d -> %d, 5 resources" %
         (before["serial"], after["serial"]))
    r = cl("state", "pull")
    t.ok(r.returncode == 0 and json.loads(r.stdout)["serial"] == after["serial"], "state pull reads the remote", r.out)
    r = cl("output", "-raw", "first")
    t.ok(r.returncode == 1 and "local state only" in r.stderr, "output on a remote state says what to do", r.out)

    # Virtual-host addressing: bucket.localhost resolves to the loopback.
    work2 = tempfile.mkdtemp(prefix="clremote")
    env2 = dict(env, AWS_ENDPOINT_URL_S3=env["AWS_ENDPOINT_URL"].replace("127.0.0.1", "localhost"))
    write(os.path.join(work2, "main.tf"), (BACKEND % "false").replace("net/", "vhost/") + vpcs(1))
    r = run(env2, work2, "init")
    r2 = run(env2, work2, "apply", "-auto-approve")
    t.ok(r.returncode == 0 and r2.returncode == 0 and "tfstate/vhost/terraform.tfstate" in objects(emu),
         "virtual-host style: s3://tfstate/vhost/terraform.tfstate", r.out + r2.out)
    emu.control("/_emu/faults", {})
    for w, e in ((work, env), (work2, env2)):
        r = run(e, w, "destroy", "-auto-approve")
        t.ok(r.returncode == 0, "destroy", r.out)


if __name__ == "__main__":
    sys.exit(main_with_emulator(body))
