"""A tiny TAP producer for the emulator's tests: `ok N - desc` / `not ok N - desc`, skips,
diagnostics as `# ` lines, and the `1..N` plan printed at the end. Nothing else."""

import traceback


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def _line(self, good, desc, directive=""):
        self.n += 1
        if not good:
            self.failed += 1
        desc = desc.replace("#", "\\#").replace("\n", " ")
        print(f"{'ok' if good else 'not ok'} {self.n} - {desc}{directive}", flush=True)

    def diag(self, text):
        for line in str(text).splitlines() or [""]:
            print(f"# {line}", flush=True)

    def ok(self, cond, desc, diag=None):
        self._line(bool(cond), desc)
        if not cond and diag is not None:
            self.diag(diag)
        return bool(cond)

    def eq(self, got, want, desc):
        return self.ok(got == want, desc, f"got:  {got!r}\nwant: {want!r}")

    def skip(self, desc, reason):
        self._line(True, desc, f" # SKIP {reason}")

    def run(self, fn, *args):
        """Run one scenario; an exception becomes a failing test line, not a crash."""
        try:
            fn(self, *args)
        except Exception:
            self._line(False, f"{fn.__name__} raised")
            self.diag(traceback.format_exc())

    def done(self):
        print(f"1..{self.n}", flush=True)
        return 1 if self.failed else 0
