#!/usr/bin/python3
"""test_e2e_provider_alias.py: provider aliases against the emulator.  A VPC
whose resource says provider = aws.west, and one in a module called with
providers = { aws = aws.west }, are created in us-west-2 (the emulator
records the region each request was signed for), the default one in
us-east-1; the state names each one's provider configuration as Terraform
does; destroy removes all three.  A reference to an alias no block declares
is refused before anything is created.  Prints TAP."""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import load_state, main  # noqa: E402

MAIN = """
provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_vpc" "east" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_vpc" "west" {
  provider   = aws.west
  cidr_block = "10.2.0.0/16"
}

module "net" {
  source    = "./net"
  providers = { aws = aws.west }
}
"""

NET = """
resource "aws_vpc" "m" {
  cidr_block = "10.3.0.0/16"
}
"""

PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'


def regions(emu):
    return {v["cidrBlock"]: v.get("region") for v in emu.control("/_emu/state")["ec2"]["vpcs"]}


def body(t, emu, cl, work):
    os.makedirs(os.path.join(work, "net"))
    with open(os.path.join(work, "main.tf"), "w") as f:
        f.write(MAIN)
    with open(os.path.join(work, "net", "main.tf"), "w") as f:
        f.write(NET)
    r = cl("apply", "-auto-approve", "main.tf")
    t.ok(r.returncode == 0, "apply with an aliased provider and a module providers map", r.out)
    t.eq(regions(emu), {"10.1.0.0/16": "us-east-1", "10.2.0.0/16": "us-west-2", "10.3.0.0/16": "us-west-2"},
         "provider = aws.west and providers = { aws = aws.west } create in us-west-2, the default in us-east-1")
    st = load_state(work)
    prov = {(r["module"] + "." if r.get("module") else "") + r["name"]: r["provider"] for r in st["resources"]}
    t.eq(prov, {"east": PROVIDER, "west": PROVIDER + ".west", "module.net.m": PROVIDER + ".west"},
         "the state names each resource's provider configuration as Terraform does")
    r = cl("plan", "-detailed-exitcode", "main.tf")
    t.ok(r.returncode == 0, "the next plan (refreshing each VPC through its own region) has no changes", r.out)
    r = cl("destroy", "-auto-approve", "main.tf")
    t.ok(r.returncode == 0 and regions(emu) == {}, "destroy removes all three", r.out)
    with open(os.path.join(work, "main.tf"), "w") as f:
        f.write(MAIN.replace("provider   = aws.west", "provider   = aws.nowhere"))
    r = cl("apply", "-auto-approve", "main.tf")
    t.ok(r.returncode == 1 and "aws.nowhere" in r.stderr and "main.tf:" in r.stderr and regions(emu) == {},
         "provider = aws.nowhere (no such alias) is an error naming it, and nothing is created", r.out)
    with open(os.path.join(work, "net", "main.tf"), "w") as f:
        f.write(NET.replace('cidr_block', 'provider   = aws.other\n  cidr_block'))
    with open(os.path.join(work, "main.tf"), "w") as f:
        f.write(MAIN)
    r = cl("plan", "main.tf")
    t.ok(r.returncode == 1 and "aws.other" in r.stderr and "providers = {" in r.stderr,
         "an alias the module call does not pass is an error saying how to pass it", r.out)


main(body, "provider aliases: resources and modules in the aliased region")
