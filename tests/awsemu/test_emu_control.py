#!/usr/bin/python3
"""The emulator's process and control API: concurrent requests, ids deterministic per seed,
/_emu/reset, /_emu/amis, /_emu/time-factor, /_emu/advance, mutating-call latency, and a
clean exit on SIGINT."""

import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Emu, make_network, texts  # noqa: E402
from tap import Tap  # noqa: E402


def concurrency(t, emu):
    emu.control("POST", "/_emu/faults", {"latency_ms": {"*": 300}})
    emu.control("POST", "/_emu/stats/reset")
    c = emu.client("ec2")
    threads = [threading.Thread(target=c, args=("DescribeVpcs",)) for _ in range(8)]
    t0 = time.time()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    took = time.time() - t0
    s = emu.control("GET", "/_emu/stats")
    t.ok(took < 1.5, "8 requests with 300 ms latency are served concurrently", took)
    t.ok(s["max_concurrent"] >= 4, "stats report max concurrent requests", s["max_concurrent"])
    t.ok(s["requests_per_second"] > 0 and s["calls"] == {"DescribeVpcs": 8},
         "stats report rate and calls per action", s)
    emu.control("POST", "/_emu/faults", {"latency_mutating_ms": 250})
    t0 = time.time()
    c("DescribeVpcs")
    fast = time.time() - t0
    t0 = time.time()
    c("CreateVpc", {"CidrBlock": "10.3.0.0/16"})
    t.ok(fast < 0.2 and time.time() - t0 >= 0.24, "latency_mutating_ms delays only mutations")
    t.ok("error" in str(emu_try(emu, {"throttle_rat": 1})), "a misspelt fault key is refused")
    emu.control("POST", "/_emu/faults", {})


def emu_try(emu, body):
    try:
        return emu.control("POST", "/_emu/faults", body)
    except RuntimeError as e:
        return {"error": str(e)}


def determinism(t):
    ids = []
    for _ in range(2):
        with Emu(seed=42) as emu:
            c = emu.client("ec2")
            net = make_network(c)
            ids.append((net["vpc"], net["public"], net["sg"]))
    t.eq(ids[0], ids[1], "the same --seed gives the same ids")


def control(t, emu):
    c = emu.client("ec2")
    img = emu.control("POST", "/_emu/amis", {"name": "app-v9", "healthy": False})
    d = c("DescribeImages", {"ImageId.1": img["image_id"]})
    t.eq(d.findtext(".//name"), "app-v9", "POST /_emu/amis registers an AMI")
    t.ok(not [a for a in emu.control("GET", "/_emu/amis")
              if a["image_id"] == img["image_id"]][0]["healthy"], "registered as unhealthy")
    emu.control("POST", "/_emu/amis", {"image_id": "ami-0custom000000001", "name": "mine"})
    t.eq(texts(c("DescribeImages", {"ImageId.1": "ami-0custom000000001"}), ".//imageId"),
         ["ami-0custom000000001"], "an AMI with a chosen id")
    r = emu.control("POST", "/_emu/time-factor", {"factor": 100.0})
    t.eq(r["factor"], 100.0, "POST /_emu/time-factor")
    net = make_network(c, "10.60.0.0/16")
    iid = c("RunInstances", {"ImageId": "ami-0custom000000001", "MinCount": "1",
                             "MaxCount": "1", "SubnetId": net["public"][0]}
            ).findtext(".//instanceId")
    time.sleep(0.2)
    st = c("DescribeInstances", {"InstanceId.1": iid}).findtext(".//instanceState/name")
    t.eq(st, "pending", "a slow time factor keeps the instance pending")
    emu.control("POST", "/_emu/advance", {"seconds": 25})
    st = c("DescribeInstances", {"InstanceId.1": iid}).findtext(".//instanceState/name")
    t.eq(st, "running", "POST /_emu/advance jumps simulated time past boot")
    emu.control("POST", "/_emu/time-factor", {"factor": 0.01})
    emu.control("POST", "/_emu/reset")
    t.eq(texts(c("DescribeVpcs"), ".//vpcId"), [], "POST /_emu/reset forgets every resource")
    t.ok("ami-0healthy00000001" in texts(c("DescribeImages"), ".//imageId"),
         "but keeps the default AMIs")
    s = emu.control("GET", "/_emu/state")
    t.ok(set(s) >= {"ec2", "elb", "autoscaling", "clock"}, "GET /_emu/state sections")


def main():
    t = Tap()
    with Emu(time_factor=0.01) as emu:
        t.ok(emu.banner.startswith("awsemu listening on 127.0.0.1:"), "startup banner",
             emu.banner)
        t.run(concurrency, emu)
        t.run(control, emu)
        emu.proc.send_signal(signal.SIGINT)
        try:
            rc = emu.proc.wait(5)
        except Exception:
            rc = None
        t.eq(rc, 0, "exits cleanly on SIGINT")
        t.ok("Traceback" not in emu.stderr(), "no emulator tracebacks", emu.stderr())
    t.run(determinism)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
