"""Request validation against the real AWS service models shipped by Debian's python3-botocore
(read as plain JSON from its data directory), and a response-shape checker used by the tests.
When the models are absent every function here degrades to "no opinion"."""

import glob
import gzip
import json
import os
import threading

from protocol import AwsError

MODEL_DIRS = ["/usr/lib/python3/dist-packages/botocore/data",
              "/usr/share/python3/botocore/data"]
MODEL_NAMES = {"ec2": "ec2", "elasticloadbalancing": "elb", "autoscaling": "autoscaling",
               "elbv2": "elbv2", "monitoring": "cloudwatch", "iam": "iam", "sts": "sts"}
API_VERSIONS = {"ec2": "2016-11-15", "elasticloadbalancing": "2012-06-01",
                "autoscaling": "2011-01-01", "elbv2": "2015-12-01", "monitoring": "2010-08-01",
                "iam": "2010-05-08", "sts": "2011-06-15"}
IGNORED = {"Action", "Version", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
           "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Expires"}
_cache = {}
_lock = threading.Lock()


def load(service):
    """The parsed service-2.json for a scope name, or None."""
    with _lock:
        if service in _cache:
            return _cache[service]
        model = None
        name = MODEL_NAMES.get(service)
        for base in ([os.environ["AWSEMU_MODEL_DIR"]] if os.environ.get("AWSEMU_MODEL_DIR")
                     else MODEL_DIRS):
            for path in sorted(glob.glob(f"{base}/{name}/{API_VERSIONS[service]}/"
                                         "service-2.json*")):
                opener = gzip.open if path.endswith(".gz") else open
                with opener(path, "rt", encoding="utf-8") as fh:
                    model = json.load(fh)
                break
            if model:
                break
        _cache[service] = model
        return model


def _wire_name(service, member_name, member):
    """How a structure member is spelled in a query string (botocore's serializers)."""
    if service == "ec2":
        if "queryName" in member:
            return member["queryName"]
        if "locationName" in member:
            n = member["locationName"]
            return n[0].upper() + n[1:]
        return member_name
    return member.get("locationName", member_name)


class _Walker:
    def __init__(self, service, model):
        self.service, self.shapes = service, model["shapes"]
        self.structs = {}   # key prefix -> structure shape seen there

    def members(self, shape):
        return {_wire_name(self.service, n, m): m for n, m in shape.get("members", {}).items()}

    def walk(self, shape_name, segs, i, prefix):
        shape = self.shapes[shape_name]
        t = shape["type"]
        if t == "structure":
            self.structs.setdefault(prefix, shape)
            if i == len(segs):
                return False
            m = self.members(shape).get(segs[i])
            return m is not None and self.walk(m["shape"], segs, i + 1, prefix + (segs[i],))
        if t == "list":
            if self.service != "ec2" and not shape.get("flattened"):
                wrap = shape["member"].get("locationName", "member")
                if i >= len(segs) or segs[i] != wrap:
                    return False
                i += 1
                prefix += (wrap,)
            if i >= len(segs) or not segs[i].isdigit() or int(segs[i]) < 1:
                return False
            return self.walk(shape["member"]["shape"], segs, i + 1, prefix + (segs[i],))
        if t == "map":
            if i + 2 >= len(segs) or segs[i] != "entry" or not segs[i + 1].isdigit():
                return False
            part = segs[i + 2]
            sub = shape["key" if part == "key" else "value"]["shape"] \
                if part in ("key", "value") else None
            return sub is not None and self.walk(sub, segs, i + 3, prefix + tuple(segs[i:i + 3]))
        return i == len(segs)


def _check_scalar(shape, value):
    t = shape["type"]
    if t in ("integer", "long"):
        try:
            int(value)
        except ValueError:
            return False
    elif t in ("float", "double"):
        try:
            float(value)
        except ValueError:
            return False
    elif t == "boolean":
        return value.lower() in ("true", "false")
    return True


def validate(service, action, flat):
    """Raise the AWS error for unknown or missing parameters; True if checked, False if the
    model is unavailable, None if the model does not know the action (caller decides)."""
    model = load(service)
    if not model:
        return False
    op = model["operations"].get(action)
    if op is None:
        return None
    if "input" not in op:
        extra = [k for k in flat if k not in IGNORED]
        if extra:
            raise _unknown(service, extra[0])
        return True
    w = _Walker(service, model)
    root = op["input"]["shape"]
    w.structs[()] = w.shapes[root]
    for key, value in flat.items():
        if key in IGNORED:
            continue
        segs = key.split(".")
        if not w.walk(root, segs, 0, ()):
            raise _unknown(service, key)
        leaf = _leaf(w, root, segs)
        if leaf is not None and not _check_scalar(leaf, value):
            if service == "ec2":
                raise AwsError("InvalidParameterValue",
                               f"Value ({value}) for parameter {key} is invalid.")
            raise AwsError("ValidationError", f"Value '{value}' at '{key}' failed to satisfy "
                           f"constraint: Member must be of type {leaf['type']}")
    keys = [tuple(k.split(".")) for k in flat if k not in IGNORED]
    for prefix, shape in w.structs.items():
        required = {_wire_name(service, n, shape["members"][n]) for n in shape.get("required", [])}
        for req in sorted(required):
            want = prefix + (req,)
            if not any(k[:len(want)] == want for k in keys):
                shown = ".".join(want)
                if service == "ec2":
                    raise AwsError("MissingParameter",
                                   f"The request must contain the parameter {shown}")
                field = req[0].lower() + req[1:]
                raise AwsError("ValidationError", f"1 validation error detected: Value null at "
                               f"'{field}' failed to satisfy constraint: Member must not be "
                               "null")
    return True


def _leaf(w, root, segs):
    """The scalar shape a fully-walked key ends on (walk already proved it is valid)."""
    shape = w.shapes[root]
    i = 0
    while i < len(segs):
        t = shape["type"]
        if t == "structure":
            shape = w.shapes[w.members(shape)[segs[i]]["shape"]]
            i += 1
        elif t == "list":
            if w.service != "ec2" and not shape.get("flattened"):
                i += 1
            shape = w.shapes[shape["member"]["shape"]]
            i += 1
        elif t == "map":
            shape = w.shapes[shape["key" if segs[i + 2] == "key" else "value"]["shape"]]
            i += 3
        else:
            return None
    return shape if shape["type"] not in ("structure", "list", "map") else None


def _unknown(service, key):
    if service == "ec2":
        return AwsError("UnknownParameter", f"The parameter {key} is not recognized")
    return AwsError("ValidationError", f"The parameter {key} is not recognized")


# ---------------------------------------------------------------- response shapes (tests)

def check_response(service, action, element):
    """Compare a parsed success response (xml.etree Element of <ActionResponse>) with the
    model's output shape. Returns a list of problems (empty when it fits, or no model)."""
    model = load(service)
    if not model or action not in model["operations"]:
        return []
    op = model["operations"][action]
    shapes = model["shapes"]
    problems = []

    def local(tag):
        return tag.split("}", 1)[-1]

    def check(shape_name, el, path):
        shape = shapes[shape_name]
        t = shape["type"]
        if t == "structure":
            names = {}
            for n, m in shape["members"].items():
                names[m.get("locationName", n)] = m
            for child in el:
                tag = local(child.tag)
                if tag not in names:
                    problems.append(f"{path}/{tag}: not in {shape_name}")
                    continue
                m = names[tag]
                sub = shapes[m["shape"]]
                if sub["type"] == "list" and sub.get("flattened"):
                    check(sub["member"]["shape"], child, f"{path}/{tag}")
                else:
                    check(m["shape"], child, f"{path}/{tag}")
        elif t == "list":
            wrap = shape["member"].get("locationName", "item" if service == "ec2" else "member")
            for child in el:
                if local(child.tag) != wrap:
                    problems.append(f"{path}/{local(child.tag)}: expected <{wrap}>")
                else:
                    check(shape["member"]["shape"], child, f"{path}/{wrap}")
        elif t == "map":
            for child in el:
                if local(child.tag) != "entry":
                    problems.append(f"{path}: map expects <entry>")
        else:
            if len(el):
                problems.append(f"{path}: scalar {shape_name} has children")
            text = el.text or ""
            if t in ("integer", "long") and text and not text.lstrip("-").isdigit():
                problems.append(f"{path}: '{text}' is not an integer")
            if t == "boolean" and text not in ("true", "false"):
                problems.append(f"{path}: '{text}' is not a boolean")

    children = list(element)
    if service == "ec2":
        if "output" in op:
            _check_children(check, shapes, op["output"]["shape"],
                            # AWS also sends <return>true</return> on many mutating
                            # EC2 calls even where the model omits it
                            [c for c in children if local(c.tag) not in ("requestId",
                                                                         "return")],
                            f"/{action}Response", problems, local)
        return problems
    want = f"{action}Result"
    results = [c for c in children if local(c.tag) == want]
    if "output" in op and op["output"].get("resultWrapper"):
        if results:
            check(op["output"]["shape"], results[0], f"/{action}Response/{want}")
    elif results and len(results[0]):
        problems.append(f"{want} should be empty")
    return problems


def _check_children(check, shapes, shape_name, children, path, problems, local):
    names = {m.get("locationName", n): m for n, m in shapes[shape_name]["members"].items()}
    for child in children:
        tag = local(child.tag)
        if tag not in names:
            problems.append(f"{path}/{tag}: not in {shape_name}")
        else:
            check(names[tag]["shape"], child, f"{path}/{tag}")
