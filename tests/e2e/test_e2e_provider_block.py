#!/usr/bin/python3
"""test_e2e_provider_block.py: the provider "aws" block as the plan
evaluates it and the provider reads it: a region that is not a string and
default tags that are not a map are errors at the argument's own line and
column; a good block's default tags reach what is created.  Prints TAP."""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import load_state, main  # noqa: E402

BAD = '''provider "aws" {
  region = ["us-east-1"]
  default_tags {
    tags = "not-a-map"
  }
}

resource "aws_vpc" "a" {
  cidr_block = "10.42.0.0/16"
}
'''

GOOD = '''variable "team" {
  default = "blue"
}

provider "aws" {
  default_tags {
    tags = { Team = var.team }
  }
}

resource "aws_vpc" "a" {
  cidr_block = "10.42.0.0/16"
}
'''


def body(t, emu, cl, work):
    with open(os.path.join(work, "main.cl"), "w") as f:
        f.write(BAD)
    r = cl("plan", "-no-color")
    t.ok(r.returncode == 1 and 'main.cl:2:12: error: provider argument "region" must be a string known before apply'
         in r.stderr, "a region that is not a string: the error is at its expression", r.out)
    t.ok("main.cl:4:12: error: default_tags: tags must be a map of strings" in r.stderr,
         "default tags that are not a map: the error is at their expression", r.out)
    with open(os.path.join(work, "main.cl"), "w") as f:
        f.write(GOOD)
    r = cl("apply", "-auto-approve", "-no-color")
    t.eq(r.returncode, 0, "apply with a good provider block", r.out)
    attrs = load_state(work)["resources"][0]["instances"][0]["attributes"]
    t.eq((attrs.get("tags_all") or {}).get("Team"), "blue", "the provider's default tags reach the VPC", json.dumps(attrs))


main(body, "the provider block")
