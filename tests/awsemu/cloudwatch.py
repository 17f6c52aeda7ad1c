"""CloudWatch metric alarms in the emulator (query protocol, API 2010-08-01): PutMetricAlarm
with AWS's checks (metric or metric math, period, statistic, comparison, actions),
DescribeAlarms with its filters and paging, DeleteAlarms (all or nothing, as AWS does) and
tags by ARN. Alarms stay INSUFFICIENT_DATA: the emulator has no metrics. No HTTP here."""

import re

from protocol import AwsError, paginate
from world import ACCOUNT, iso_now

ACTIONS = {}
COMPARISONS = ("GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold",
               "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold",
               "LessThanLowerThreshold", "GreaterThanUpperThreshold")
STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
MISSING = ("breaching", "notBreaching", "ignore", "missing")
ACTION_ARN = re.compile(r"arn:aws:(sns|autoscaling|ec2|ssm|lambda|swf|automate):[a-z0-9-]*:"
                        r"[0-9]*:\S+")


def action(name):
    def reg(fn):
        ACTIONS[name] = fn
        return fn
    return reg


def invalid(message):
    return AwsError("InvalidParameterValue", message)


def dimensions(p):
    dims = [{"Name": d.str("Name", required=True), "Value": d.str("Value", required=True)}
            for d in p.structs("Dimensions", member=True)]
    if len(dims) > 30:
        raise invalid("The collection Dimensions must not have a size greater than 30.")
    return dims


def period(p, name="Period"):
    n = p.int(name)
    if n is not None and not (n in (10, 30) or (n >= 60 and n % 60 == 0)):
        raise invalid(f"The parameter {name} must be 10, 30 or a multiple of 60.")
    return n


def metric_queries(p):
    out = []
    for m in p.structs("Metrics", member=True):
        q = {"Id": m.str("Id", required=True), "Label": m.str("Label"),
             "ReturnData": m.bool("ReturnData")}
        if not re.fullmatch(r"[a-z][a-zA-Z0-9_]*", q["Id"]):
            raise invalid(f"Invalid metrics list: Id '{q['Id']}' must start with a lowercase "
                          "letter and contain only letters, numbers and underscores.")
        if m.has_prefix("MetricStat") == bool(m.str("Expression")):
            raise invalid("Invalid metrics list: each query needs exactly one of MetricStat "
                          "and Expression.")
        if m.str("Expression"):
            q["Expression"] = m.str("Expression")
            q["Period"] = period(m)
        else:
            s = m.struct("MetricStat")
            q["MetricStat"] = {"Metric": {"Namespace": s.str("Metric.Namespace"),
                                          "MetricName": s.str("Metric.MetricName"),
                                          "Dimensions": dimensions(s.struct("Metric"))},
                               "Period": period(s) or s.int("Period", required=True),
                               "Stat": s.str("Stat", required=True), "Unit": s.str("Unit")}
        out.append(q)
    if out and sum(1 for q in out if q["ReturnData"] in (None, True)) != 1:
        raise invalid("Invalid metrics list: exactly one query must return data "
                      "(ReturnData true).")
    return out


def parse_alarm(p):
    name = p.str("AlarmName", required=True)
    if not 1 <= len(name) <= 255:
        raise invalid("AlarmName must be 1 to 255 characters.")
    op = p.str("ComparisonOperator", required=True)
    if op not in COMPARISONS:
        raise invalid(f"ComparisonOperator '{op}' is not one of " + ", ".join(COMPARISONS))
    periods = p.int("EvaluationPeriods", required=True)
    if periods < 1:
        raise invalid("EvaluationPeriods must be at least 1.")
    points = p.int("DatapointsToAlarm")
    if points is not None and not 1 <= points <= periods:
        raise invalid("DatapointsToAlarm must be between 1 and EvaluationPeriods.")
    alarm = {"AlarmName": name, "AlarmDescription": p.str("AlarmDescription"),
             "ActionsEnabled": p.bool("ActionsEnabled", True)}
    for kind in ("OKActions", "AlarmActions", "InsufficientDataActions"):
        arns = p.members(kind)
        for a in arns:
            if not ACTION_ARN.fullmatch(a):
                raise AwsError("ValidationError", f"Invalid arn syntax: {a}")
        if len(arns) > 5:
            raise invalid(f"The collection {kind} must not have a size greater than 5.")
        alarm[kind] = arns
    queries = metric_queries(p)
    single = any(p.str(k) is not None for k in ("MetricName", "Namespace", "Statistic",
                                                "ExtendedStatistic", "Period"))
    if queries and single:
        raise AwsError("InvalidParameterCombination", "Metrics list cannot be used together "
                       "with MetricName, Namespace, Statistic, ExtendedStatistic or Period.")
    if not queries:
        for k in ("MetricName", "Namespace", "Period"):
            if p.str(k) is None:
                raise AwsError("ValidationError", f"{k} must be specified for an alarm on a "
                               "single metric")
        stat, ext = p.str("Statistic"), p.str("ExtendedStatistic")
        if bool(stat) == bool(ext):
            raise AwsError("InvalidParameterCombination", "Exactly one of Statistic and "
                           "ExtendedStatistic must be specified.")
        if stat and stat not in STATISTICS:
            raise invalid(f"Statistic '{stat}' is not one of " + ", ".join(STATISTICS))
        alarm.update(MetricName=p.str("MetricName"), Namespace=p.str("Namespace"),
                     Statistic=stat, ExtendedStatistic=ext, Dimensions=dimensions(p),
                     Period=period(p), Unit=p.str("Unit"))
    else:
        alarm["Metrics"] = queries
    alarm.update(EvaluationPeriods=periods, DatapointsToAlarm=points,
                 Threshold=p.str("Threshold"), ComparisonOperator=op,
                 TreatMissingData=p.str("TreatMissingData"),
                 ThresholdMetricId=p.str("ThresholdMetricId"))
    if alarm["Threshold"] is None and not alarm["ThresholdMetricId"]:
        raise AwsError("ValidationError", "Threshold must be specified (or ThresholdMetricId "
                       "for an anomaly detection alarm)")
    if alarm["Threshold"] is not None:
        try:
            alarm["Threshold"] = float(alarm["Threshold"])
        except ValueError:
            raise invalid(f"Threshold '{alarm['Threshold']}' is not a number.") from None
    if alarm["TreatMissingData"] and alarm["TreatMissingData"] not in MISSING:
        raise invalid("TreatMissingData must be one of " + ", ".join(MISSING))
    return alarm


def render(a):
    return {k: v for k, v in a.items() if v is not None and k != "tags"}


def get_alarm_by_arn(w, arn):
    for a in w.alarms.values():
        if a["AlarmArn"] == arn:
            return a
    raise AwsError("ResourceNotFoundException", f"The resource {arn} does not exist", 404)


@action("PutMetricAlarm")
def put_metric_alarm(w, p, ctx):
    alarm = parse_alarm(p)
    old = w.alarms.get(alarm["AlarmName"])
    if old is None and len(w.alarms) >= 5000:
        raise AwsError("LimitExceeded", "The maximum number of alarms has been reached.")
    tags = {t.str("Key", required=True): t.str("Value", required=True)
            for t in p.structs("Tags", member=True)}
    now = iso_now()
    alarm.update(
        AlarmArn=f"arn:aws:cloudwatch:{ctx.region}:{ACCOUNT}:alarm:{alarm['AlarmName']}",
        AlarmConfigurationUpdatedTimestamp=now,
        StateValue=old["StateValue"] if old else "INSUFFICIENT_DATA",
        StateReason=old["StateReason"] if old else "Unchecked: Initial alarm creation",
        StateUpdatedTimestamp=old["StateUpdatedTimestamp"] if old else now,
        # AWS ignores Tags when the alarm already exists (TagResource changes them)
        tags=old["tags"] if old else tags)
    w.alarms[alarm["AlarmName"]] = alarm
    return None


@action("DescribeAlarms")
def describe_alarms(w, p, ctx):
    names, prefix = p.members("AlarmNames"), p.str("AlarmNamePrefix")
    if names and prefix:
        raise AwsError("InvalidParameterCombination", "AlarmNamePrefix and AlarmNames cannot "
                       "be specified together.")
    state = p.str("StateValue")
    if state and state not in ("OK", "ALARM", "INSUFFICIENT_DATA"):
        raise invalid(f"StateValue '{state}' is not one of OK, ALARM, INSUFFICIENT_DATA")
    types = p.members("AlarmTypes") or ["MetricAlarm"]
    rows = [a for n, a in sorted(w.alarms.items())
            if (not names or n in names) and (not prefix or n.startswith(prefix)) and
            (not state or a["StateValue"] == state) and
            (not p.str("ActionPrefix") or any(x.startswith(p.str("ActionPrefix"))
                                              for x in a["AlarmActions"] + a["OKActions"] +
                                              a["InsufficientDataActions"]))]
    if "MetricAlarm" not in types:
        rows = []
    page, token = paginate(rows, p.int("MaxRecords", lo=1, hi=100), p.str("NextToken"))
    return {"CompositeAlarms": [] if "CompositeAlarm" in types else None,
            "MetricAlarms": [render(a) for a in page], "NextToken": token}


@action("DeleteAlarms")
def delete_alarms(w, p, ctx):
    names = p.members("AlarmNames")
    missing = [n for n in names if n not in w.alarms]
    if missing:   # AWS: an unknown name and nothing is deleted
        raise AwsError("ResourceNotFound", "The following alarms were not found: "
                       f"[{', '.join(missing)}]", 404)
    for n in names:
        del w.alarms[n]
    return None


@action("TagResource")
def tag_resource(w, p, ctx):
    a = get_alarm_by_arn(w, p.str("ResourceARN", required=True))
    tags = p.structs("Tags", member=True)
    if not tags:
        raise p.missing("Tags")
    for t in tags:
        a["tags"][t.str("Key", required=True)] = t.str("Value", required=True)
    if len(a["tags"]) > 50:
        raise invalid("A resource can have at most 50 tags.")
    return {}


@action("UntagResource")
def untag_resource(w, p, ctx):
    a = get_alarm_by_arn(w, p.str("ResourceARN", required=True))
    for k in p.members("TagKeys"):
        a["tags"].pop(k, None)
    return {}


@action("ListTagsForResource")
def list_tags_for_resource(w, p, ctx):
    a = get_alarm_by_arn(w, p.str("ResourceARN", required=True))
    return {"Tags": [{"Key": k, "Value": v} for k, v in a["tags"].items()]}


def dump(w):
    return [dict(render(a), Tags=a["tags"]) for a in w.alarms.values()]
