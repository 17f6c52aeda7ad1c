#!/usr/bin/python3
"""test_e2e_data_count.py: count and for_each from a data source read while
planning (the one-subnet-per-zone pattern): the plan knows the count, the
apply creates one subnet per zone the emulator has (six in us-east-1), the
next plan has no changes.  Prints TAP."""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import load_state, main  # noqa: E402

MAIN = """
data "aws_availability_zones" "all" {}

resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "s" {
  count             = length(data.aws_availability_zones.all.names)
  vpc_id            = aws_vpc.v.id
  availability_zone = data.aws_availability_zones.all.names[count.index]
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
}

resource "aws_subnet" "f" {
  for_each          = toset(slice(data.aws_availability_zones.all.names, 0, 2))
  vpc_id            = aws_vpc.v.id
  availability_zone = each.key
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, 100 + index(data.aws_availability_zones.all.names, each.key))
}
"""


def body(t, emu, cl, work):
    with open(os.path.join(work, "main.tf"), "w") as f:
        f.write(MAIN)
    r = cl("plan", "main.tf")
    t.ok(r.returncode == 0 and "Plan: 9 to add" in r.stdout and "aws_subnet.s[5]" in r.stdout and
         'aws_subnet.f["us-east-1b"]' in r.stdout,
         "plan: count and for_each from the data source are known (6 + 2 subnets and the VPC)", r.out)
    r = cl("apply", "-auto-approve", "main.tf")
    t.ok(r.returncode == 0, "apply", r.out)
    zones = sorted(i["attributes"]["availability_zone"] for res in load_state(work)["resources"]
                   if res["type"] == "aws_subnet" and res["name"] == "s" for i in res["instances"])
    t.eq(zones, ["us-east-1" + c for c in "abcdef"], "one subnet in each zone")
    r = cl("plan", "-detailed-exitcode", "main.tf")
    t.ok(r.returncode == 0, "the next plan has no changes", r.out)
    r = cl("destroy", "-auto-approve", "main.tf")
    t.ok(r.returncode == 0, "destroy", r.out)


main(body, "count and for_each from a data source read at plan time")
