"""The emulator's whole state: resource tables of every service, the simulated clock
(scaled by the time factor), deterministic id generation, tags, and the eventual-consistency
window. Service logic lives in the service modules (ec2*.py, elb*.py, autoscaling*.py,
cloudwatch.py, iam.py), not here."""

import datetime
import random
import threading
import time

ACCOUNT = "123456789012"


class Clock:
    """Simulated seconds. Advances at 1/factor the speed of the wall clock; changing the
    factor rebases so simulated time never jumps; `advance` jumps on purpose (tests)."""

    def __init__(self, factor=1.0):
        self.factor = factor
        self._real0, self._sim0 = time.monotonic(), 0.0

    def now(self):
        return self._sim0 + (time.monotonic() - self._real0) / self.factor

    def set_factor(self, factor):
        self._sim0, self._real0 = self.now(), time.monotonic()
        self.factor = factor

    def advance(self, seconds):
        self._sim0 += seconds

    def real(self, sim_seconds):
        """Wall-clock seconds that a simulated delay takes."""
        return sim_seconds * self.factor


def iso_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class World:
    BOOT_SECONDS = 20.0          # pending -> running
    SHUTDOWN_SECONDS = 5.0       # shutting-down -> terminated
    TERMINATED_VISIBLE = 3600.0  # how long terminated instances stay in Describe

    def __init__(self, seed=0, factor=1.0):
        self.lock = threading.RLock()
        self.clock = Clock(factor)
        self.seed = seed
        self.reset()

    def reset(self):
        with self.lock:
            self.rng = random.Random(self.seed)
            self.vpcs, self.subnets, self.igws, self.rtbs = {}, {}, {}, {}
            self.sgs, self.instances, self.addresses, self.keypairs = {}, {}, {}, {}
            self.images, self.reservations, self.nat_gateways = {}, {}, {}
            self.launch_templates = {}   # lt id -> record with its versions
            self.tags = {}            # resource id -> {key: value} (EC2 resources)
            self.lbs = {}             # ELB name -> record
            self.lcs, self.groups = {}, {}
            # Elastic Load Balancing v2, keyed by ARN
            self.v2_lbs, self.target_groups, self.listeners, self.rules = {}, {}, {}, {}
            self.policies, self.scheduled = {}, {}   # Auto Scaling, keyed by ARN
            self.refreshes = []       # Auto Scaling instance refreshes, oldest first
            self.alarms = {}          # CloudWatch, keyed by name
            self.iam = {"roles": {}, "profiles": {}, "policies": {}}   # keyed by name / ARN
            self.activities = []      # Auto Scaling, oldest first
            self.created_real = {}    # id -> monotonic time of creation (consistency window)
            self.consistency_window = 0.0
            self.unhealthy_amis = set()
            self.traffic = {"routed": 0, "routed_to_terminating": 0, "no_inservice": 0}
            self.boot_seconds = self.BOOT_SECONDS
            self._rr = {}             # ELB round-robin cursor

    # ---------------------------------------------------------------- ids and time

    def new_id(self, prefix, hexlen=17):
        return f"{prefix}-{self.rng.getrandbits(hexlen * 4):0{hexlen}x}"

    def now(self):
        return self.clock.now()

    def created(self, rid):
        self.created_real[rid] = time.monotonic()

    def fresh(self, rid):
        """True while a just-created resource is still invisible to by-id calls."""
        t = self.created_real.get(rid)
        return t is not None and self.consistency_window > 0 and \
            time.monotonic() - t < self.consistency_window

    # ---------------------------------------------------------------- tags

    def tag_list(self, rid):
        return [{"key": k, "value": v} for k, v in sorted(self.tags.get(rid, {}).items())]

    def tags_of(self, rid):
        return self.tags.get(rid, {})
