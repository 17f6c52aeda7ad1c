"""Fault injection (latency, throttling, 5xx, scripted errors, hangs) applied before an action
runs, lost answers (the action is done, then the connection dropped or a 500 sent), and the
request counters served at /_emu/stats. Fault values are wall-clock and are
NOT scaled by the time factor: a test asking for 300 ms of latency gets 300 ms."""

import random
import threading
import time

from protocol import AwsError, is_mutating

DEFAULTS = {"latency_ms": {}, "latency_mutating_ms": 0, "latency_jitter_ms": 0,
            "throttle_rate": 0.0, "error_5xx_rate": 0.0, "consistency_window_ms": 0,
            "unhealthy_amis": [], "hang": None, "errors": [], "lost_answers": []}
LOST_MODES = ("drop", "500")


class Faults:
    def __init__(self, seed=0, stop_event=None):
        self.lock = threading.Lock()
        self.rng = random.Random(seed ^ 0x5eed)
        self.stop = stop_event or threading.Event()
        self.cfg = dict(DEFAULTS)

    def configure(self, cfg):
        """Replace the configuration (unknown keys are an error, to catch typos in tests)."""
        unknown = set(cfg) - set(DEFAULTS)
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        new = dict(DEFAULTS)
        new.update(cfg)
        if isinstance(new["latency_ms"], (int, float)):
            new["latency_ms"] = {"*": new["latency_ms"]}
        hang = new["hang"]
        if hang is not None:
            hang = dict(hang)
            hang.setdefault("count", 1)
            hang.setdefault("seconds", 30)
            new["hang"] = hang
        new["errors"] = [dict(e, count=e.get("count", 1)) for e in new["errors"]]
        new["lost_answers"] = [dict(e, count=e.get("count", 1)) for e in new["lost_answers"]]
        for e in new["lost_answers"]:
            if e.get("mode") not in LOST_MODES or not e.get("action"):
                raise ValueError(f"lost_answers: each needs an action and a mode in {LOST_MODES}")
        with self.lock:
            self.cfg = new
        return new

    def before(self, service, action):
        """Sleep and/or raise as configured. Called outside the state lock."""
        with self.lock:
            cfg = self.cfg
            lat = cfg["latency_ms"]
            ms = lat.get(action)
            if ms is None:
                ms = cfg["latency_mutating_ms"] if is_mutating(action) and \
                    cfg["latency_mutating_ms"] else lat.get("*", 0)
            if cfg["latency_jitter_ms"]:
                ms += self.rng.uniform(0, cfg["latency_jitter_ms"])
            hang = cfg["hang"]
            hang_s = 0
            if hang and hang.get("action") in (action, "*") and hang["count"] > 0:
                hang["count"] -= 1
                hang_s = hang["seconds"]
            throttle = self.rng.random() < cfg["throttle_rate"]
            fail = not throttle and self.rng.random() < cfg["error_5xx_rate"]
            scripted = None
            for e in cfg["errors"]:
                if e.get("action") in (action, "*") and e["count"] > 0:
                    e["count"] -= 1
                    scripted = e
                    break
        if ms > 0:
            self.stop.wait(ms / 1000.0)
        if hang_s:
            self.stop.wait(hang_s)
        if throttle:
            if service == "ec2":
                raise AwsError("RequestLimitExceeded", "Request limit exceeded.", 503)
            raise AwsError("Throttling", "Rate exceeded", 400)
        if fail:
            if service == "ec2":
                raise AwsError("InternalError", "An internal error has occurred", 500,
                               sender=False)
            raise AwsError("InternalFailure", "The request processing has failed because of "
                           "an unknown error, exception or failure.", 500, sender=False)
        if scripted:
            raise AwsError(scripted.get("code", "InternalError"),
                           scripted.get("message", "Injected error"),
                           int(scripted.get("status", 400)),
                           sender=int(scripted.get("status", 400)) < 500)


    def lost_answer(self, action):
        """After the action has been done: "drop", "500" or None (answer as usual)."""
        with self.lock:
            for e in self.cfg["lost_answers"]:
                if e["action"] in (action, "*") and e["count"] > 0:
                    e["count"] -= 1
                    return e["mode"]
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with getattr(self, "lock", threading.Lock()):
            self.started = time.monotonic()
            self.calls, self.errors = {}, {}
            self.requests = self.throttles = self.errors_5xx = self.auth_failures = 0
            self.current = self.max_concurrent = 0
            self.seconds = {}   # int(monotonic) -> requests started that second

    def begin(self):
        with self.lock:
            self.requests += 1
            self.current += 1
            self.max_concurrent = max(self.max_concurrent, self.current)
            sec = int(time.monotonic())
            self.seconds[sec] = self.seconds.get(sec, 0) + 1
            if len(self.seconds) > 600:
                del self.seconds[min(self.seconds)]

    def end(self, action, error=None, status=200):
        with self.lock:
            self.current -= 1
            if action:
                self.calls[action] = self.calls.get(action, 0) + 1
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1
                if error in ("RequestLimitExceeded", "Throttling"):
                    self.throttles += 1
                if error in ("AuthFailure", "SignatureDoesNotMatch", "InvalidClientTokenId",
                             "RequestExpired", "MissingAuthenticationToken",
                             "IncompleteSignature"):
                    self.auth_failures += 1
            if status >= 500:
                self.errors_5xx += 1

    def snapshot(self, traffic):
        with self.lock:
            elapsed = max(time.monotonic() - self.started, 1e-6)
            return {"requests": self.requests, "calls": dict(self.calls),
                    "errors": dict(self.errors), "throttles": self.throttles,
                    "errors_5xx": self.errors_5xx, "auth_failures": self.auth_failures,
                    "in_flight": self.current, "max_concurrent": self.max_concurrent,
                    "requests_per_second": round(self.requests / elapsed, 3),
                    "peak_requests_per_second": max(self.seconds.values(), default=0),
                    "uptime_s": round(elapsed, 3),
                    "traffic_routed": traffic["routed"],
                    "routed_to_terminating": traffic["routed_to_terminating"],
                    "traffic_no_inservice": traffic["no_inservice"]}
