"""s3.py: a minimal S3 for awsemu: GET, PUT, HEAD and DELETE of objects (path-style or
virtual-host style), Content-MD5 checked, conditional PUT (If-None-Match: *) answering 412
PreconditionFailed. Buckets spring into being on first use; no listings, no multipart."""

import base64
import hashlib
import threading
from urllib.parse import unquote
from xml.sax.saxutils import escape

objects = {}          # (bucket, key) -> bytes
lock = threading.Lock()


def reset():
    with lock:
        objects.clear()


def dump():
    with lock:
        return {f"{b}/{k}": v.decode("utf-8", "replace") for (b, k), v in sorted(objects.items())}


def error(code, message, status, rid, resource=""):
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f'<Message>{escape(message)}</Message><Resource>{escape(resource)}</Resource>'
            f'<RequestId>{rid}</RequestId></Error>')
    return status, body.encode(), {"Content-Type": "application/xml"}


def locate(raw_path, host):
    """(bucket, key): the bucket is the first label of a virtual host (bucket.localhost:port),
    else the first path segment."""
    name = host.split(":")[0]
    path = unquote(raw_path)
    if name.count(".") and not name.replace(".", "").isdigit():
        return name.split(".")[0], path.lstrip("/")
    bucket, _, key = path.lstrip("/").partition("/")
    return bucket, key


def handle(method, raw_path, headers, body, rid):
    """Returns (status, body bytes, headers)."""
    bucket, key = locate(raw_path, (headers.get("host") or [""])[0])
    if not bucket or not key:
        return error("NotImplemented", "awsemu S3 serves objects only", 501, rid, raw_path)
    where = (bucket, key)
    first = {k: v[0] for k, v in headers.items()}
    with lock:
        have = objects.get(where)
        if method in ("GET", "HEAD"):
            if have is None:
                return error("NoSuchKey", "The specified key does not exist.", 404, rid, key)
            etag = '"' + hashlib.md5(have).hexdigest() + '"'
            return 200, have, {"Content-Type": "application/octet-stream", "ETag": etag}
        if method == "DELETE":
            objects.pop(where, None)
            return 204, b"", {}
        if method != "PUT":
            return error("MethodNotAllowed", f"{method} is not allowed", 405, rid, key)
        md5 = first.get("content-md5")
        if md5 is not None and md5 != base64.b64encode(hashlib.md5(body).digest()).decode():
            return error("BadDigest", "The Content-MD5 you specified did not match what we "
                         "received.", 400, rid, key)
        if first.get("if-none-match") == "*" and have is not None:
            return error("PreconditionFailed", "At least one of the pre-conditions you "
                         "specified did not hold", 412, rid, key)
        sse = first.get("x-amz-server-side-encryption")
        if sse not in (None, "AES256", "aws:kms"):
            return error("InvalidArgument", "The encryption method specified is not supported",
                         400, rid, key)
        objects[where] = body
        out = {"ETag": '"' + hashlib.md5(body).hexdigest() + '"'}
        if sse:
            out["x-amz-server-side-encryption"] = sse
        return 200, b"", out
