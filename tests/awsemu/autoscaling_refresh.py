"""Auto Scaling instance refresh in the emulator: StartInstanceRefresh (Rolling, with
MinHealthyPercentage, InstanceWarmup, SkipMatching and a DesiredConfiguration),
DescribeInstanceRefreshes with its progress, CancelInstanceRefresh, and the step the
reconcile loop runs: replace old instances in batches that never take the healthy count
below MinHealthyPercentage (one at a time at 100 %, as AWS does), waiting for each new
instance to be in service, healthy in the group's target groups / ELBs and warmed up.
Status: Pending -> InProgress -> Successful (or Cancelling -> Cancelled). No HTTP here."""

import math

import autoscaling
import elb
import elbv2_targets
from autoscaling import action, get_group, page_of, uuid
from protocol import AwsError
from world import iso_now

ACTIVE = ("Pending", "InProgress", "Cancelling")
CAUSE = "an instance was taken out of service in response to an instance refresh."


def render(w, r):
    return {"InstanceRefreshId": r["id"], "AutoScalingGroupName": r["group"],
            "Status": r["status"], "StatusReason": r["reason"], "StartTime": r["start"],
            "EndTime": r["end"], "PercentageComplete": r["pct"],
            "InstancesToUpdate": r["to_update"],
            "ProgressDetails": {"LivePoolProgress": {"PercentageComplete": r["pct"],
                                                     "InstancesToUpdate": r["to_update"]}},
            "Preferences": r["prefs"], "DesiredConfiguration": r["desired_shown"]}


def ready(w, g, iid, gi, warmup):
    """In service, past its warm-up, and healthy wherever the group sends traffic."""
    if gi["lifecycle"] != "InService" or w.now() < gi["launched_at"] + warmup:
        return False
    for a in g["tgs"]:
        tg = w.target_groups.get(a)
        if tg and elbv2_targets.health(w, tg, iid)[0] != "healthy":
            return False
    for name in g["lbs"]:
        lb = w.lbs.get(name)
        if lb and elb.health(w, lb, iid)[0] != "InService":
            return False
    return True


def finish(w, g, r, status, reason):
    r.update(status=status, reason=reason, end=iso_now())
    if status == "Successful":
        r.update(pct=100, to_update=0)
        if r["source"]:
            g["source"] = r["source"]   # AWS: the group keeps the desired configuration
    g.pop("refresh", None)


def step(w, g, r):
    """One reconcile step of an active refresh."""
    if r["status"] == "Cancelling":
        finish(w, g, r, "Cancelled", "Instance refresh was cancelled by the user.")
        return
    if r["status"] == "Pending":
        r.update(status="InProgress", reason="Replacing instances.")
    want = autoscaling.source_key(w, r["source"] or g["source"])
    members = g["instances"]
    old = [iid for iid in r["old"] if iid in members and
           members[iid]["lifecycle"] in autoscaling.ACTIVE]
    leaving = [iid for iid in r["old"] if iid in members and
               members[iid]["lifecycle"] == "Terminating"]
    new = [iid for iid, gi in members.items() if gi["key"] == want and
           gi["lifecycle"] in autoscaling.ACTIVE and iid not in r["before"]]
    warming = [iid for iid in new if not ready(w, g, iid, members[iid], r["warmup"])]
    # done: replacements in service and healthy, so the percentage never goes back
    done = min(len(new) - len(warming), len(r["old"]))
    r["to_update"] = len(r["old"]) - done
    r["pct"] = math.floor(100 * done / len(r["old"])) if r["old"] else 100
    if not old and not leaving and not warming:
        finish(w, g, r, "Successful", None)
        return
    if leaving or warming:
        return   # a batch is still going out or coming in
    healthy = sum(1 for iid, gi in members.items()
                  if gi["lifecycle"] in autoscaling.ACTIVE and
                  ready(w, g, iid, gi, r["warmup"] if iid in new else 0))
    keep = math.ceil(g["desired"] * r["prefs"]["MinHealthyPercentage"] / 100)
    batch = max(1, healthy - keep)
    for iid in old[:batch]:
        autoscaling.begin_terminate(w, g, iid, CAUSE)


def tick(w):
    for g in list(w.groups.values()):
        r = g.get("refresh")
        if r and r["status"] in ACTIVE:
            step(w, g, r)


@action("StartInstanceRefresh")
def start_instance_refresh(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    if g.get("refresh"):
        raise AwsError("InstanceRefreshInProgress", "An Instance Refresh is already in "
                       "progress and blocks the execution of this Instance Refresh.")
    strategy = p.str("Strategy", "Rolling")
    if strategy != "Rolling":
        raise AwsError("ValidationError", f"Strategy '{strategy}' must be Rolling")
    pref = p.struct("Preferences")
    prefs = {"MinHealthyPercentage": pref.int("MinHealthyPercentage", 90, lo=0, hi=100),
             "InstanceWarmup": pref.int("InstanceWarmup"),
             "SkipMatching": pref.bool("SkipMatching", False)}
    if pref.has_prefix("CheckpointPercentages"):
        raise AwsError("ValidationError", "CheckpointPercentages are not emulated by awsemu")
    source = autoscaling.source_of(p, "DesiredConfiguration.")
    if source:
        if source[0] == "lc":
            raise AwsError("ValidationError", "A desired configuration must use a launch "
                           "template")
        source = autoscaling.resolve_source(w, source)
    elif prefs["SkipMatching"] and g["source"][0] == "lc":
        raise AwsError("ValidationError", "SkipMatching needs the group or the desired "
                       "configuration to use a launch template")
    want = autoscaling.source_key(w, source or g["source"])
    old = [iid for iid, gi in g["instances"].items()
           if gi["lifecycle"] in autoscaling.ACTIVE and
           not (prefs["SkipMatching"] and gi["key"] == want)]
    warmup = prefs["InstanceWarmup"]
    r = {"id": uuid(w), "group": g["name"], "status": "Pending",
         "reason": "Waiting for the refresh to start.", "start": iso_now(), "end": None,
         "pct": 0, "to_update": len(old), "old": old, "before": set(g["instances"]),
         "source": source,
         "warmup": g["grace"] if warmup is None else warmup,
         "prefs": {k: v for k, v in prefs.items() if v is not None},
         "desired_shown": autoscaling.render_source(source) if source else None}
    w.refreshes.append(r)
    g["refresh"] = r
    return {"InstanceRefreshId": r["id"]}


@action("DescribeInstanceRefreshes")
def describe_instance_refreshes(w, p, ctx):
    name = p.str("AutoScalingGroupName", required=True)
    ids = p.members("InstanceRefreshIds")
    rows = [r for r in reversed(w.refreshes) if r["group"] == name and
            (not ids or r["id"] in ids)]
    page, token = page_of(p, rows, 50, 100)
    return {"InstanceRefreshes": [render(w, r) for r in page], "NextToken": token}


@action("CancelInstanceRefresh")
def cancel_instance_refresh(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    r = g.get("refresh")
    if r is None or r["status"] not in ("Pending", "InProgress"):
        raise AwsError("ActiveInstanceRefreshNotFound", "No in progress or pending Instance "
                       f"Refresh found for Auto Scaling group {g['name']}")
    r.update(status="Cancelling", reason="Cancelling the instance refresh.")
    return {"InstanceRefreshId": r["id"]}
