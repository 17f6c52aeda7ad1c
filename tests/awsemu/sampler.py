#!/usr/bin/python3
"""sampler.py: watch a classic ELB or an ELBv2 target group during a rollout.

Every INTERVAL seconds it asks the emulator (signed DescribeInstanceHealth,
or DescribeTargetHealth for a target group, as any AWS client would) how many
instances are InService (targets healthy), and keeps going until it gets
SIGTERM or SIGINT.  Then it prints one summary line and exits 0:

    samples=312 zero=0 min=1 max=4 errors=0

Usage: sampler.py ELB_NAME [--interval 0.1] [--log FILE]
       sampler.py --target-group ARN|NAME [--interval 0.1] [--log FILE]
Reads the emulator's port from AWSEMU_PORT (set by emuctl.sh)."""
import argparse, os, signal, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Client, ApiError  # noqa: E402

stop = False


def on_signal(signum, frame):
    global stop
    stop = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("elb", nargs="?")
    ap.add_argument("--target-group", help="watch this ELBv2 target group (ARN or name)")
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--log")
    args = ap.parse_args()
    if bool(args.elb) == bool(args.target_group):
        ap.error("give an ELB name or --target-group, not both")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    port = int(os.environ["AWSEMU_PORT"])
    if args.target_group:
        v2 = Client(port, "elbv2", check_shapes=False)
        def count():   # a name is looked up on each sample: the group may come later
            tg = args.target_group
            if not tg.startswith("arn:"):
                tg = v2("DescribeTargetGroups", {"Names.member.1": tg}).findtext(
                    ".//TargetGroupArn")
            root = v2("DescribeTargetHealth", {"TargetGroupArn": tg})
            return sum(1 for s in root.iter("State") if s.text == "healthy")
    else:
        elb = Client(port, "elasticloadbalancing", check_shapes=False)

        def count():
            root = elb("DescribeInstanceHealth", {"LoadBalancerName": args.elb})
            return sum(1 for s in root.iter("State") if s.text == "InService")
    log = open(args.log, "w") if args.log else None
    samples = zero = errors = 0
    lo, hi = None, 0
    while not stop:
        try:
            n = count()
            samples += 1
            zero += n == 0
            lo = n if lo is None else min(lo, n)
            hi = max(hi, n)
            if log:
                log.write("%.3f %d\n" % (time.time(), n))
                log.flush()
        except (ApiError, OSError):
            errors += 1
        time.sleep(args.interval)
    print("samples=%d zero=%d min=%d max=%d errors=%d" % (samples, zero, lo or 0, hi, errors), flush=True)


main()
