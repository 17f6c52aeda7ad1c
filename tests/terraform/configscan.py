"""configscan.py: which arguments and blocks a configuration sets, type by
type ("aws_instance.root_block_device.volume_size"), read from .tf files in
`terraform fmt` layout (one argument or block opener per line).  What the
schema test needs to hold the interop configurations to every argument we
support; not an HCL parser (strings, heredocs and brackets are only
skipped)."""
import os, re

# Blocks of the language, not of the resource type.
META = {"lifecycle", "provisioner", "connection", "dynamic", "timeouts"}

STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
OPEN = re.compile(r'^(resource|data)\s+"([^"]+)"\s+"[^"]+"\s*\{\s*$')
ARG = re.compile(r'^([A-Za-z_][A-Za-z0-9_-]*)\s*=(.*)$')
BLOCK = re.compile(r'^([A-Za-z_][A-Za-z0-9_-]*)\s*(?:"[^"]*"\s*)*\{\s*$')
HEREDOC = re.compile(r'<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$')


def depth_change(text):
    return sum(text.count(c) for c in "([{") - sum(text.count(c) for c in ")]}")


def scan_file(path, found):
    """Adds to found (a set) "TYPE.ARG" and "TYPE.BLOCK.ARG" for every
    resource and data block in path; data sources as "data.TYPE...".  A
    block's own name is added too ("TYPE.BLOCK")."""
    with open(path) as f:
        lines = f.read().splitlines()
    i = 0
    stack = []            # names of the resource and the blocks we are in
    pending = 0           # open brackets of a multi-line argument value
    while i < len(lines):
        # strings emptied first: they may hold '#' and brackets
        line = re.split(r"#|//", STRING.sub('""', lines[i]), 1)[0].strip()
        i += 1
        hd = HEREDOC.search(line)
        if hd:            # the value runs to the marker line
            while i < len(lines) and lines[i].strip() != hd.group(1):
                i += 1
            i += 1
        if pending:
            pending += depth_change(line)
            continue
        if not line:
            continue
        if not stack:
            m = OPEN.match(lines[i - 1].strip())
            if m:
                stack.append(("data." if m.group(1) == "data" else "") + m.group(2))
            else:
                pending = max(depth_change(line), 0)
            continue
        if line == "}":
            stack.pop()
            continue
        m = BLOCK.match(line)
        if m:
            name = m.group(1)
            stack.append(None if name in META or stack[-1] is None else stack[-1] + "." + name)
            if stack[-1]:
                found.add(stack[-1])
            continue
        m = ARG.match(line)
        if m:
            if stack[-1]:
                found.add(stack[-1] + "." + m.group(1))
            pending = max(depth_change(m.group(2)), 0)
            continue
        raise ValueError("%s:%d: not in terraform fmt layout: %s" % (path, i, lines[i - 1]))
    return found


def scan_dir(root):
    """Every .tf file under root (modules included)."""
    found = set()
    for d, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if f.endswith(".tf"):
                scan_file(os.path.join(d, f), found)
    return found
