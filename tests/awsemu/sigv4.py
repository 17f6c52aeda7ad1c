"""Server-side AWS Signature Version 4 verification: rebuild the canonical request from what
arrived on the wire, derive the signing key from the known secret and compare. Knows nothing
of services beyond the credential scope; the caller maps failures to per-service errors."""

import datetime
import hashlib
import hmac
import posixpath
import re
from urllib.parse import quote, unquote

MAX_SKEW = datetime.timedelta(minutes=15)
ALGO = "AWS4-HMAC-SHA256"


class AuthError(Exception):
    """kind: missing | malformed | unknown_key | bad_signature | expired | bad_token"""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind, self.message = kind, message


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def signing_key(secret, date, region, service):
    k = _hmac(("AWS4" + secret).encode(), date)
    return _hmac(_hmac(_hmac(k, region), service), "aws4_request")


def _uri_encode(s):
    return quote(s, safe="-_.~")


def canonical_uri(raw_path):
    """Non-S3 services: normalise dot segments and repeated slashes, then encode each
    (already percent-encoded) segment once more, as AWS does."""
    path = raw_path or "/"
    norm = posixpath.normpath(path)
    if norm.startswith("//"):
        norm = "/" + norm.lstrip("/")
    if path.endswith("/") and norm != "/":
        norm += "/"
    return quote(norm, safe="/~")


def canonical_query(raw_query, drop_signature=False):
    pairs = []
    for part in raw_query.split("&") if raw_query else []:
        if not part:
            continue
        k, _, v = part.partition("=")
        k, v = unquote(k), unquote(v)
        if drop_signature and k == "X-Amz-Signature":
            continue
        pairs.append((_uri_encode(k), _uri_encode(v)))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def parse_scope(credential):
    """'AKID/20230101/us-east-1/ec2/aws4_request' -> (akid, date, region, service)"""
    parts = credential.split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise AuthError("malformed", f"Credential should be scoped to a valid region and "
                        f"service, not '{credential}'")
    return parts[0], parts[1], parts[2], parts[3]


def parse_authorization(value):
    m = re.match(r"\s*AWS4-HMAC-SHA256\s+(.*)$", value or "")
    if not m:
        raise AuthError("malformed", "Authorization header requires 'Credential', "
                        "'Signature' and 'SignedHeaders' with AWS4-HMAC-SHA256")
    fields = {}
    for piece in m.group(1).split(","):
        k, _, v = piece.strip().partition("=")
        fields[k] = v
    for need in ("Credential", "SignedHeaders", "Signature"):
        if need not in fields:
            raise AuthError("malformed", f"Authorization header requires '{need}' parameter.")
    return fields


def peek_scope(headers, query):
    """Credential scope of a request without verifying it (for routing errors), or None."""
    cred = None
    auth = headers.get("authorization")
    if auth:
        m = re.search(r"Credential=([^,\s]+)", auth)
        cred = m and m.group(1)
    elif "X-Amz-Credential" in query:
        cred = query["X-Amz-Credential"]
    if not cred:
        return None
    try:
        return parse_scope(cred)
    except AuthError:
        return None


def verify(method, raw_path, raw_query, headers, body, credentials, now=None):
    """headers: {lowercase name: [values]}; query: raw string. credentials:
    {akid: (secret, token or None)}. Returns (akid, region, service) or raises AuthError."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    first = {k: v[0] for k, v in headers.items()}
    qdict = {unquote(p.partition("=")[0]): unquote(p.partition("=")[2])
             for p in raw_query.split("&") if p} if raw_query else {}
    if "authorization" in first:
        f = parse_authorization(first["authorization"])
        credential, signed, given = f["Credential"], f["SignedHeaders"], f["Signature"]
        amz_date = first.get("x-amz-date") or first.get("date")
        token = first.get("x-amz-security-token")
        presigned = False
    elif qdict.get("X-Amz-Algorithm") == ALGO:
        credential = qdict.get("X-Amz-Credential", "")
        signed, given = qdict.get("X-Amz-SignedHeaders", ""), qdict.get("X-Amz-Signature", "")
        amz_date, token = qdict.get("X-Amz-Date"), qdict.get("X-Amz-Security-Token")
        presigned = True
    else:
        raise AuthError("missing", "Request is missing Authentication Token")

    akid, date, region, service = parse_scope(credential)
    if akid not in credentials:
        raise AuthError("unknown_key", akid)
    secret, want_token = credentials[akid]
    if want_token and token != want_token:
        raise AuthError("bad_token", "The security token included in the request is invalid.")
    if not amz_date:
        raise AuthError("malformed", "Authorization header requires existence of either a "
                        "'X-Amz-Date' or a 'Date' header.")
    try:
        when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc)
    except ValueError:
        raise AuthError("malformed", f"Invalid date format '{amz_date}'") from None
    if date != amz_date[:8]:
        raise AuthError("bad_signature", f"Date in Credential scope does not match YYYYMMDD "
                        f"from ISO-8601 version of date from HTTP: '{date}' != "
                        f"'{amz_date[:8]}', from '{amz_date}'.")
    if presigned:
        try:
            expires = datetime.timedelta(seconds=int(qdict.get("X-Amz-Expires", "900")))
        except ValueError:
            raise AuthError("malformed", "X-Amz-Expires must be an integer") from None
        if now > when + expires or when - now > MAX_SKEW:
            raise AuthError("expired", f"Request has expired (X-Amz-Date {amz_date}, "
                            f"X-Amz-Expires {expires.seconds})")
    elif abs(now - when) > MAX_SKEW:
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        limit = (now - MAX_SKEW).strftime("%Y%m%dT%H%M%SZ")
        raise AuthError("expired", f"Signature expired: {amz_date} is now earlier than "
                        f"{limit} ({stamp} - 15 min.)")

    names = [h for h in signed.split(";") if h]
    if "host" not in names:
        raise AuthError("bad_signature", "'Host' must be a 'SignedHeader' in the AWS "
                        "Authorization.")
    canon_headers = ""
    for h in names:
        if h not in headers:
            raise AuthError("bad_signature", f"Signed header '{h}' is missing from the request")
        vals = [re.sub(r"\s+", " ", v.strip()) for v in headers[h]]
        canon_headers += f"{h}:{','.join(vals)}\n"
    payload_hash = _sha256(body)   # non-S3 services sign the body, presigned or not
    claimed = first.get("x-amz-content-sha256")
    if service == "s3" and claimed == "UNSIGNED-PAYLOAD":
        payload_hash = claimed
    if claimed and claimed != payload_hash:
        raise AuthError("bad_signature", "The provided 'x-amz-content-sha256' header does "
                        "not match what was computed.")
    # S3 signs the path as sent: no normalisation, no second encoding.
    uri = (raw_path or "/") if service == "s3" else canonical_uri(raw_path)
    creq = "\n".join([method, uri,
                      canonical_query(raw_query, drop_signature=presigned),
                      canon_headers, signed, payload_hash])
    sts = "\n".join([ALGO, amz_date, f"{date}/{region}/{service}/aws4_request",
                     _sha256(creq.encode())])
    want = hmac.new(signing_key(secret, date, region, service), sts.encode(),
                    hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, given):
        raise AuthError("bad_signature", "The request signature we calculated does not match "
                        "the signature you provided. Check your AWS Secret Access Key and "
                        "signing method. Consult the service documentation for details.")
    return akid, region, service
