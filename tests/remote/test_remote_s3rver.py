#!/usr/bin/python3
"""test_remote_s3rver.py: the S3 backend against S3 and DynamoDB implementations nobody here
wrote (npm s3rver and dynalite on 127.0.0.1), EC2 from tests/awsemu: state in S3, the
DynamoDB lock item as Terraform writes it, a killed apply's lock reported and force-unlocked,
two racing applies.  Skips visibly without npm.  Prints TAP."""
import json, os, signal, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from remote import Servers, run, start, write  # noqa: E402
from tap import Tap  # noqa: E402
from emu import Emulator  # noqa: E402

LOCK_ID = "tfstate/app/terraform.tfstate"


def config(srv, n):
    return """terraform {
  backend "s3" {
    bucket         = "tfstate"
    key            = "app/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "locks"
    access_key     = "S3RVER"
    secret_key     = "S3RVER"
    use_path_style = true
    endpoints {
      s3       = "%s"
      dynamodb = "%s"
    }
  }
}
""" % (srv.s3, srv.db) + "".join('resource "aws_vpc" "v%d" {\n  cidr_block = "10.%d.0.0/16"\n}\n' % (i, i)
                                 for i in range(n))


def lock_item(srv):
    r = srv.dynamodb("GetItem", {"TableName": "locks", "Key": {"LockID": {"S": LOCK_ID}}, "ConsistentRead": True})
    return r.get("Item")


def wait_lock(srv, p, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline and p.poll() is None:
        it = lock_item(srv)
        if it:
            return json.loads(it["Info"]["S"])
        time.sleep(0.05)
    return None


def body(t, emu, srv):
    work = tempfile.mkdtemp(prefix="clremote")
    cl = lambda *a: run(emu.env, work, *a)  # noqa: E731
    main = os.path.join(work, "main.tf")
    write(main, config(srv, 1))
    r = cl("init")
    t.ok(r.returncode == 0 and "s3://tfstate/app/terraform.tfstate" in r.stdout, "init with s3rver and dynalite",
         r.out)
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode == 0, "apply: state written to s3rver", r.out)
    r = cl("state", "pull")
    st = json.loads(r.stdout or "{}")
    t.ok(r.returncode == 0 and st.get("resources") and st["resources"][0]["name"] == "v0",
         "state pull reads it back from s3rver", r.out)
    t.ok(lock_item(srv) is None, "no DynamoDB lock item is left behind")

    emu.control("/_emu/faults", {"latency_mutating_ms": 1500})
    write(main, config(srv, 3))
    p = start(emu.env, work, "apply", "-auto-approve", "-parallelism=1")
    info = wait_lock(srv, p) or {}
    time.sleep(0.3)
    p.send_signal(signal.SIGKILL)
    p.communicate()
    t.ok(info.get("ID") and info.get("Path") == LOCK_ID and info.get("Operation") == "OperationTypeApply",
         "the lock item: LockID %s, Info as Terraform writes it" % LOCK_ID, str(info))
    r = cl("plan")
    t.ok(r.returncode == 1 and info.get("ID", "?") in r.stderr and info.get("Who", "?") in r.stderr,
         "a killed apply's lock is reported with its holder", r.out)
    r = cl("force-unlock", info.get("ID", "?"))
    t.ok(r.returncode == 0 and lock_item(srv) is None, "force-unlock ID deletes the item", r.out)
    r = cl("state", "pull")
    t.ok(r.returncode == 0 and json.loads(r.stdout)["lineage"] == st["lineage"], "the state is intact", r.out)

    emu.control("/_emu/faults", {"latency_mutating_ms": 300})
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode == 0, "an apply completes the interrupted one", r.out)
    before = json.loads(cl("state", "pull").stdout)
    write(main, config(srv, 5))
    a = start(emu.env, work, "apply", "-auto-approve", "-parallelism=1")
    wait_lock(srv, a)
    b = cl("apply", "-auto-approve")
    out_a, err_a = a.communicate()
    t.ok(a.returncode == 0 and b.returncode == 1 and "locked by" in b.stderr,
         "two racing applies: one proceeds, the other fails naming the holder", out_a + err_a + b.out)
    after = json.loads(cl("state", "pull").stdout)
    t.ok(after["serial"] > before["serial"] and len(after["resources"]) == 5,
         "no lost update: serial %d -> %d, 5 resources" % (before["serial"], after["serial"]))
    emu.control("/_emu/faults", {})
    r = cl("destroy", "-auto-approve")
    t.ok(r.returncode == 0 and not json.loads(cl("state", "pull").stdout)["resources"], "destroy", r.out)


def main():
    t = Tap()
    work = tempfile.mkdtemp(prefix="clsrv")
    try:
        srv = Servers(work)
    except RuntimeError as e:
        t.skip("s3rver and dynalite", "npm unavailable" if "npm" in str(e) else str(e))
        print("1..%d" % t.n)
        return 0
    emu = Emulator()
    try:
        t.run(body, emu, srv)
    finally:
        emu.stop()
        srv.stop()
    print("1..%d" % t.n)
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
