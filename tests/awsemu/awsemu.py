#!/usr/bin/python3
"""awsemu: a strict local emulator of AWS EC2, classic ELB and Auto Scaling for clicamosc's
end-to-end tests. This file is the entry point, the HTTP server, request dispatch (SigV4,
faults, model validation, service actions) and the /_emu/ control API; no service logic."""

import argparse
import json
import os
import signal
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qsl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import autoscaling  # noqa: E402
import autoscaling_policies  # noqa: E402
import autoscaling_refresh  # noqa: E402
import cloudwatch  # noqa: E402
import ec2  # noqa: E402
import ec2_lt  # noqa: E402,F401  (registers its EC2 actions)
import ec2_nat  # noqa: E402
import ec2_sgrules  # noqa: E402,F401  (registers its EC2 actions)
import elb  # noqa: E402
import elbv2  # noqa: E402
import elbv2_targets  # noqa: E402
import iam  # noqa: E402
import models  # noqa: E402
import protocol  # noqa: E402
import s3  # noqa: E402
import sigv4  # noqa: E402
import sts  # noqa: E402
from faults import Faults, Stats  # noqa: E402
from protocol import AwsError  # noqa: E402
from world import World  # noqa: E402

DEFAULT_CREDENTIALS = {"AKIAEMULATORTEST0001": ("emulator/Secret/Key+do-not-use/00000000", None)}
ACTIONS = {"ec2": ec2.ACTIONS, "elasticloadbalancing": elb.ACTIONS,
           "autoscaling": autoscaling.ACTIONS, "elbv2": elbv2.ACTIONS,
           "monitoring": cloudwatch.ACTIONS, "iam": iam.ACTIONS, "sts": sts.ACTIONS}


def auth_error(service, err):
    """Map a SigV4 failure to the code, message and status the real service answers."""
    if service == "ec2":
        if err.kind == "expired":
            return AwsError("RequestExpired", "Request has expired. " + err.message, 400)
        if err.kind == "malformed":
            return AwsError("AuthFailure", err.message, 401)
        return AwsError("AuthFailure", "AWS was not able to validate the provided access "
                        "credentials", 401)
    if err.kind == "missing":
        return AwsError("MissingAuthenticationToken", err.message, 403)
    if err.kind == "malformed":
        return AwsError("IncompleteSignature", err.message, 400)
    if err.kind in ("unknown_key", "bad_token"):
        return AwsError("InvalidClientTokenId", "The security token included in the request "
                        "is invalid.", 403)
    return AwsError("SignatureDoesNotMatch", err.message, 403)


class Emulator:
    def __init__(self, seed, factor, credentials, boot_seconds=None, amis=(), instance_address=None):
        self.stop = threading.Event()
        self.world = World(seed, factor)
        self.world.hints = False
        self.world.instance_address = instance_address
        self.amis = list(amis)   # (id, name): the user's images, kept across resets
        self.faults = Faults(seed, self.stop)
        self.stats = Stats()
        self.credentials = credentials
        self.boot_default = boot_seconds
        self.reset()

    def reset(self):
        w = self.world
        with w.lock:
            w.reset()
            s3.reset()
            ec2.seed_images(w)
            for image_id, name in self.amis:
                ec2.add_image(w, image_id, name)
            if self.boot_default is not None:
                w.boot_seconds = self.boot_default
        self.faults.configure({})
        self.stats.reset()

    def advance(self):
        w = self.world
        with w.lock:
            self.tick_instant(w)
            autoscaling.tick(w)
            autoscaling_refresh.tick(w)
            autoscaling_policies.tick(w)

    @staticmethod
    def tick_instant(w):
        """The state machines that only follow the clock (no reconcile decisions)."""
        ec2.tick(w)
        ec2_nat.tick(w)
        elb.tick(w)
        elbv2.tick(w)
        elbv2_targets.tick(w)

    def ticker(self):
        while not self.stop.is_set():
            self.stop.wait(max(1.0 * self.world.clock.factor, 0.01))
            try:
                self.advance()
            except Exception as e:  # keep reconciling; report loudly
                print(f"awsemu: reconcile error: {e!r}", file=sys.stderr, flush=True)

    # ---------------------------------------------------------------- AWS requests

    def handle_api(self, method, raw_path, raw_query, headers, body):
        """Returns (status, xml text, request id)."""
        rid = str(uuid.uuid4())
        query = dict(parse_qsl(raw_query, keep_blank_values=True))
        params = dict(query)
        ctype = (headers.get("content-type") or [""])[0]
        if body and (not ctype or "x-www-form-urlencoded" in ctype):
            try:
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                                        strict_parsing=True))
            except (ValueError, UnicodeDecodeError):
                return self._error("ec2", AwsError("MalformedQueryString",
                                                   "The query string is malformed"), rid)
        scope = sigv4.peek_scope({k: v[0] for k, v in headers.items()}, query)
        if scope:
            signed_as = scope[3]
        else:   # unsigned: the Version says which service would have answered
            guess = protocol.VERSION_TO_SERVICE.get(params.get("Version"), "ec2")
            signed_as = protocol.SCOPES.get(guess, guess)
        service = protocol.service_of(signed_as, params.get("Version"))
        action = params.get("Action")
        self.stats.begin()
        status, error_code = 200, None
        try:
            if signed_as not in protocol.SERVICES or signed_as in protocol.SCOPES:
                raise AwsError("UnrecognizedService", f"Service '{signed_as}' is not emulated "
                               "(ec2, elasticloadbalancing, autoscaling, monitoring, iam, sts "
                               "are)", 400)
            try:
                _, region, _ = sigv4.verify(method, raw_path, raw_query, headers, body,
                                            self.credentials)
            except sigv4.AuthError as e:
                raise auth_error(service, e) from None
            want = protocol.SERVICES[service][0]
            if "Version" not in params:
                raise AwsError("MissingParameter", "The request must contain the parameter "
                               "Version")
            if params["Version"] != want:
                raise AwsError("NoSuchVersion", f"The requested version ({params['Version']}) "
                               f"of service {protocol.SERVICES[service][3]} does not exist")
            if not action:
                raise AwsError("MissingAction", "The request must contain the parameter "
                               "Action")
            handler = ACTIONS[service].get(action)
            if handler is None:
                raise AwsError("InvalidAction", f"The action {action} is not valid for this "
                               "web service (or not implemented by awsemu).")
            self.faults.before(service, action)
            models.validate(service, action, params)
            flat = {k: v for k, v in params.items() if k not in models.IGNORED}
            ctx = SimpleNamespace(region=region, request_id=rid, action=action,
                                  service=service)
            w = self.world
            with w.lock:
                self.tick_instant(w)
                body_out = handler(w, protocol.Params(flat, service), ctx)
            lost = self.faults.lost_answer(action)
            if lost == "drop":
                status, error_code = 0, "LostAnswer"
                return None, None, rid     # done, but the caller never hears of it
            if lost == "500":
                raise AwsError("InternalError" if service == "ec2" else "InternalFailure",
                               "An internal error has occurred", 500, sender=False)
            return 200, protocol.success(service, action, body_out, rid), rid
        except AwsError as e:
            status, error_code = e.status, e.code
            return self._error(service, e, rid)
        except Exception as e:  # a bug in the emulator: say so, as a 500
            import traceback
            traceback.print_exc()
            status, error_code = 500, "InternalError"
            return self._error(service, AwsError("InternalError", f"awsemu bug: {e!r}", 500,
                                                 sender=False), rid)
        finally:
            self.stats.end(action, error_code, status)

    def handle_s3(self, method, raw_path, raw_query, headers, body):
        """S3's REST requests: (status, body bytes, headers)."""
        rid = uuid.uuid4().hex[:16].upper()
        self.stats.begin()
        status = 500
        try:
            try:
                sigv4.verify(method, raw_path, raw_query, headers, body, self.credentials)
            except sigv4.AuthError as e:
                code = "InvalidAccessKeyId" if e.kind == "unknown_key" else \
                    "AccessDenied" if e.kind in ("missing", "malformed") else "SignatureDoesNotMatch"
                status, out, extra = s3.error(code, e.message, 403, rid)
                return status, out, extra
            status, out, extra = s3.handle(method, raw_path, headers, body, rid)
            return status, out, extra
        finally:
            self.stats.end("s3:" + method, None if status < 300 else str(status), status)

    def _error(self, service, err, rid):
        return err.status, protocol.error(service if service in protocol.SERVICES else "ec2",
                                          err, rid), rid

    # ---------------------------------------------------------------- control API

    def handle_control(self, method, path, body):
        """/_emu/... -> (status, JSON-able)."""
        w = self.world
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return 400, {"error": "body must be JSON"}
        route = (method, path.rstrip("/"))
        if route == ("GET", "/_emu/health"):
            return 200, {"ok": True}
        if route == ("GET", "/_emu/stats"):
            return 200, self.stats.snapshot(w.traffic)
        if route == ("POST", "/_emu/stats/reset"):
            self.stats.reset()
            return 200, {"ok": True}
        if route == ("GET", "/_emu/faults"):
            return 200, self.faults.cfg
        if route == ("POST", "/_emu/faults"):
            try:
                cfg = self.faults.configure(data)
            except (ValueError, TypeError, AttributeError) as e:
                return 400, {"error": str(e)}
            with w.lock:
                w.consistency_window = cfg["consistency_window_ms"] / 1000.0
                w.unhealthy_amis = set(cfg["unhealthy_amis"])
            return 200, cfg
        if route == ("POST", "/_emu/reset"):
            self.reset()
            return 200, {"ok": True}
        if route == ("GET", "/_emu/state"):
            self.advance()
            with w.lock:
                return 200, {"ec2": ec2.dump(w), "elb": elb.dump(w), "elbv2": elbv2.dump(w),
                             "cloudwatch": cloudwatch.dump(w), "iam": iam.dump(w),
                             "autoscaling": autoscaling.dump(w), "s3": s3.dump(),
                             "clock": {"simulated_s": round(w.now(), 3),
                                       "time_factor": w.clock.factor,
                                       "boot_seconds": w.boot_seconds}}
        if route == ("GET", "/_emu/amis"):
            with w.lock:
                return 200, [{"image_id": m["id"], "name": m["name"],
                              "healthy": ec2.image_healthy(w, m["id"])}
                             for m in w.images.values()]
        if route == ("POST", "/_emu/amis"):
            with w.lock:
                m = ec2.add_image(w, data.get("image_id"), data.get("name"),
                                  bool(data.get("healthy", True)))
            return 200, {"image_id": m["id"], "name": m["name"], "healthy": m["healthy"]}
        if route == ("POST", "/_emu/time-factor"):
            factor = data.get("factor", w.clock.factor)
            if not isinstance(factor, (int, float)) or factor <= 0:
                return 400, {"error": "factor must be a positive number"}
            with w.lock:
                w.clock.set_factor(float(factor))
                if "boot_seconds" in data:
                    w.boot_seconds = float(data["boot_seconds"])
            return 200, {"factor": w.clock.factor, "boot_seconds": w.boot_seconds}
        if route == ("POST", "/_emu/advance"):
            with w.lock:
                w.clock.advance(float(data.get("seconds", 0)))
            self.advance()
            return 200, {"simulated_s": round(w.now(), 3)}
        if route == ("POST", "/_emu/traffic"):
            try:
                self.advance()
                with w.lock:
                    if "target_group" in data:
                        return 200, elbv2_targets.route_traffic(
                            w, data["target_group"], int(data.get("requests", 1)))
                    return 200, elb.route_traffic(w, data["elb"], int(data.get("requests", 1)))
            except AwsError as e:
                return 404, {"error": e.code, "message": e.message}
            except KeyError:
                return 400, {"error": "body needs {\"elb\": NAME} or {\"target_group\": "
                             "ARN or NAME}, and \"requests\": N"}
        return 404, {"error": f"no control endpoint {method} {path}"}


class Handler(BaseHTTPRequestHandler):
    # Headers and body go out in separate writes: without this each answer
    # waits ~40 ms for Nagle's algorithm and delayed ACKs.
    disable_nagle_algorithm = True
    protocol_version = "HTTP/1.1"
    server_version = "awsemu/1.0"
    emu = None  # set by main

    def log_message(self, fmt, *args):
        if os.environ.get("AWSEMU_LOG"):
            sys.stderr.write("awsemu: " + (fmt % args) + "\n")

    def _body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status, payload, ctype, extra=None):
        data = payload.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _serve(self):
        body = self._body()
        raw_path, _, raw_query = self.path.partition("?")
        if raw_path.startswith("/_emu/"):
            status, obj = self.emu.handle_control(self.command, raw_path, body)
            self._send(status, json.dumps(obj, indent=1, default=sorted) + "\n",
                       "application/json")
            return
        headers = {}
        for k in self.headers.keys():
            headers.setdefault(k.lower(), self.headers.get_all(k))
        scope = sigv4.peek_scope({k: v[0] for k, v in headers.items()}, {})
        if scope and scope[3] == "s3":
            status, data, extra = self.emu.handle_s3(self.command, raw_path, raw_query, headers, body)
            self.send_response(status)
            for k, v in extra.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            return
        status, text, rid = self.emu.handle_api(self.command, raw_path, raw_query, headers,
                                                body)
        if status is None:   # a lost answer: the connection closes with nothing said
            self.close_connection = True
            return
        self._send(status, text, "text/xml;charset=UTF-8", {"x-amzn-RequestId": rid})

    do_POST = do_GET = do_PUT = do_HEAD = do_DELETE = _serve


def load_credentials(path):
    creds = dict(DEFAULT_CREDENTIALS)
    if path:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2 and not parts[0].startswith("#"):
                    creds[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else None)
    return creds


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free)")
    ap.add_argument("--port-file", help="write the chosen port here once listening")
    ap.add_argument("--time-factor", type=float, default=1.0,
                    help="multiply every simulated delay (tests use 0.01)")
    ap.add_argument("--seed", type=int, default=0, help="seed for deterministic ids")
    ap.add_argument("--credentials", help="extra credentials, lines 'KEY SECRET [TOKEN]'")
    ap.add_argument("--boot-seconds", type=float, default=None,
                    help="simulated instance boot time (default 20)")
    ap.add_argument("--ami", action="append", default=[], metavar="ID[=NAME]",
                    help="an image your configuration can use, besides the built-in ones (repeatable)")
    ap.add_argument("--instance-address", metavar="IP",
                    help="the public IP of every instance launched with one (tests: 127.0.0.1, where "
                         "their sshd listens, so that remote-exec reaches it)")
    ap.add_argument("--hints", action="store_true",
                    help="for people, not tests: errors about unknown AMIs list the ones there are "
                         "(AWS's own message, then the hint)")
    args = ap.parse_args(argv)
    if args.time_factor <= 0:
        ap.error("--time-factor must be positive")

    emu = Emulator(args.seed, args.time_factor, load_credentials(args.credentials),
                   args.boot_seconds, [tuple(a.split("=", 1)) if "=" in a else (a, a) for a in args.ami],
                   args.instance_address)
    emu.world.hints = args.hints
    Handler.emu = emu
    # Ten workers connecting at once overflow the default backlog of 5.
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    port = server.server_address[1]

    def on_signal(signum, frame):
        emu.stop.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    threading.Thread(target=emu.ticker, name="reconcile", daemon=True).start()
    if args.port_file:
        tmp = f"{args.port_file}.tmp.{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(f"{port}\n")
        os.replace(tmp, args.port_file)
    print(f"awsemu listening on 127.0.0.1:{port}", flush=True)
    if args.hints:
        key, (secret, _) = next(iter(DEFAULT_CREDENTIALS.items()))
        amis = ", ".join(sorted(i for i, m in emu.world.images.items() if m["healthy"]))
        print(f"\nPoint clicamosc at it (in another shell):\n\n"
              f"  export AWS_ENDPOINT_URL=http://127.0.0.1:{port}\n"
              f"  export AWS_ACCESS_KEY_ID={key}\n  export AWS_SECRET_ACCESS_KEY='{secret}'\n"
              f"  export AWS_REGION=us-east-1\n\n"
              f"AMIs your configuration can use: {amis}\n"
              f"(add your own with --ami ID; Ctrl-C stops the emulator and forgets everything)", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        emu.stop.set()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
