"""The AWS query wire format, both directions: reading flat form parameters (`Name.N`,
`Name.member.N`, filters, pagination tokens) and writing XML responses and error envelopes
for EC2 (ec2 protocol) and ELB / Auto Scaling (query protocol). No service logic here."""

import base64
import fnmatch
import json
import re
from xml.sax.saxutils import escape

EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
SERVICES = {
    # scope name: (API version, XML namespace, list wrapper element, display name)
    "ec2": ("2016-11-15", EC2_NS, "item", "EC2"),
    "elasticloadbalancing": ("2012-06-01",
                             "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/",
                             "member", "Elastic Load Balancing"),
    "autoscaling": ("2011-01-01", "http://autoscaling.amazonaws.com/doc/2011-01-01/",
                    "member", "Auto Scaling"),
    # v2 signs as elasticloadbalancing too; the Version parameter tells them apart
    "elbv2": ("2015-12-01", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
              "member", "Elastic Load Balancing v2"),
    "monitoring": ("2010-08-01", "http://monitoring.amazonaws.com/doc/2010-08-01/", "member",
                   "CloudWatch"),
    "iam": ("2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/", "member", "IAM"),
    "sts": ("2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/", "member", "STS"),
}
VERSION_TO_SERVICE = {v[0]: k for k, v in SERVICES.items()}
SCOPES = {"elbv2": "elasticloadbalancing"}   # service -> SigV4 scope name where they differ


def service_of(scope, version):
    """The emulated service a request is for: its SigV4 scope, and for Elastic Load Balancing
    the API version (classic 2012-06-01, v2 2015-12-01)."""
    if scope == "elasticloadbalancing" and version == SERVICES["elbv2"][0]:
        return "elbv2"
    return scope


class AwsError(Exception):
    """An error answered to the client exactly as AWS would: code, message, HTTP status."""

    def __init__(self, code, message, status=400, sender=True):
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status, self.sender = code, message, status, sender


class Params:
    """Flat request parameters with typed accessors. `service` decides the error codes used
    for missing or malformed values (EC2 and the query services differ)."""

    def __init__(self, flat, service="ec2"):
        self.flat = dict(flat)
        self.service = service

    def __contains__(self, name):
        return name in self.flat

    def has_prefix(self, prefix):
        p = prefix + "."
        return any(k == prefix or k.startswith(p) for k in self.flat)

    def _invalid(self, name, value, why=""):
        if self.service == "ec2":
            return AwsError("InvalidParameterValue",
                            f"Invalid value '{value}' for {name}{'. ' + why if why else ''}")
        return AwsError("ValidationError", f"Invalid value '{value}' for {name}" +
                        (f": {why}" if why else ""))

    def missing(self, name):
        if self.service == "ec2":
            return AwsError("MissingParameter", f"The request must contain the parameter {name}")
        field = name[0].lower() + name[1:]
        return AwsError("ValidationError", f"1 validation error detected: Value null at "
                        f"'{field}' failed to satisfy constraint: Member must not be null")

    def str(self, name, default=None, required=False):
        v = self.flat.get(name)
        if v is None:
            if required:
                raise self.missing(name)
            return default
        return v

    def int(self, name, default=None, required=False, lo=None, hi=None):
        v = self.str(name, None, required)
        if v is None:
            return default
        try:
            n = int(v)
        except ValueError:
            raise self._invalid(name, v, "Expected an integer") from None
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            raise self._invalid(name, v, f"Must be between {lo} and {hi}")
        return n

    def bool(self, name, default=None, required=False):
        v = self.str(name, None, required)
        if v is None:
            return default
        if v.lower() not in ("true", "false"):
            raise self._invalid(name, v, "Expected true or false")
        return v.lower() == "true"

    def _indexed(self, prefix):
        """{index: Params of the keys below prefix.index} for `prefix.N[.rest]`."""
        out = {}
        plen = len(prefix) + 1
        for k, v in self.flat.items():
            if not k.startswith(prefix + "."):
                continue
            head, _, rest = k[plen:].partition(".")
            if not head.isdigit():
                continue
            out.setdefault(int(head), {})[rest] = v
        return [Params(out[i], self.service) for i in sorted(out)]

    def list(self, prefix):
        """EC2-style scalar list `Prefix.N`."""
        return [p.flat[""] for p in self._indexed(prefix) if "" in p.flat]

    def members(self, prefix):
        """Query-style scalar list `Prefix.member.N`."""
        return self.list(prefix + ".member")

    def structs(self, prefix, member=False):
        """List of structures `Prefix.N.Field` (or `Prefix.member.N.Field`)."""
        return self._indexed(prefix + ".member" if member else prefix)

    def struct(self, prefix):
        plen = len(prefix) + 1
        return Params({k[plen:]: v for k, v in self.flat.items() if k.startswith(prefix + ".")},
                      self.service)

    def filters(self, member=False):
        """[(name, [values])] from Filter.N.Name / Filter.N.Value.M (EC2) or
        Filters.member.N.Name / Values.member.M (Auto Scaling)."""
        if member:
            return [(f.str("Name", required=True), f.members("Values"))
                    for f in self.structs("Filters", member=True)]
        return [(f.str("Name", required=True), f.list("Value")) for f in self.structs("Filter")]


# ---------------------------------------------------------------- filtering & paging

def match_value(pattern, value):
    """AWS filter values support * and ? wildcards."""
    if value is None:
        return False
    value = str(value).lower() if isinstance(value, bool) else str(value)
    if "*" in pattern or "?" in pattern:
        return fnmatch.fnmatchcase(value, pattern)
    return value == pattern


def apply_filters(items, filters, fields, tags_of, service="ec2"):
    """Keep items matching every filter. `fields(item)` maps filter names to a value or list of
    values; `tags_of(item)` gives the item's tag dict (tag:K, tag-key, tag-value)."""
    out = []
    for it in items:
        f = fields(it)
        keep = True
        for name, values in filters:
            if name.startswith("tag:"):
                cand = [tags_of(it).get(name[4:])]
            elif name == "tag-key":
                cand = list(tags_of(it).keys())
            elif name == "tag-value":
                cand = list(tags_of(it).values())
            elif name in f:
                cand = f[name] if isinstance(f[name], (list, tuple, set)) else [f[name]]
            else:
                code = "InvalidParameterValue" if service == "ec2" else "ValidationError"
                raise AwsError(code, f"The filter '{name}' is invalid")
            if not any(match_value(p, c) for p in values for c in cand):
                keep = False
                break
        if keep:
            out.append(it)
    return out


def make_token(offset):
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def paginate(items, limit, token):
    """(page, next_token or None). The token is opaque to clients."""
    start = 0
    if token:
        try:
            start = int(json.loads(base64.urlsafe_b64decode(token.encode()))["o"])
        except (ValueError, KeyError, TypeError):
            raise AwsError("InvalidNextToken", "The token is invalid") from None
    if not limit:
        return items[start:], None
    page = items[start:start + limit]
    return page, (make_token(start + limit) if start + limit < len(items) else None)


# ---------------------------------------------------------------- XML out

def _scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return escape(str(v))


def xml(name, value, item):
    """Render value under element `name`: dict -> children in order, list -> repeated
    `item` (EC2 `item`, query `member`), None -> omitted, scalars escaped."""
    if value is None:
        return ""
    if isinstance(value, dict):
        inner = "".join(xml(k, v, item) for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        inner = "".join(xml(item, v, item) for v in value)
    else:
        inner = _scalar(value)
    return f"<{name}>{inner}</{name}>" if inner else f"<{name}/>"


def success(service, action, body, request_id):
    _, ns, item, _ = SERVICES[service]
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if service == "ec2":
        inner = f"<requestId>{request_id}</requestId>" + \
            "".join(xml(k, v, item) for k, v in (body or {}).items())
        return head + f'<{action}Response xmlns="{ns}">{inner}</{action}Response>'
    result = xml(f"{action}Result", body, item) if body is not None else ""
    if body == {}:
        result = f"<{action}Result/>"
    return head + (f'<{action}Response xmlns="{ns}">{result}<ResponseMetadata><RequestId>'
                   f'{request_id}</RequestId></ResponseMetadata></{action}Response>')


def error(service, err, request_id):
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    code, msg = escape(err.code), escape(err.message)
    if service == "ec2":
        return head + (f"<Response><Errors><Error><Code>{code}</Code><Message>{msg}</Message>"
                       f"</Error></Errors><RequestID>{request_id}</RequestID></Response>")
    ns = SERVICES.get(service, SERVICES["elasticloadbalancing"])[1]
    kind = "Sender" if err.sender else "Receiver"
    return head + (f'<ErrorResponse xmlns="{ns}"><Error><Type>{kind}</Type><Code>{code}</Code>'
                   f"<Message>{msg}</Message></Error><RequestId>{request_id}</RequestId>"
                   "</ErrorResponse>")


def is_mutating(action):
    return not re.match(r"(Describe|List|Get)", action)
