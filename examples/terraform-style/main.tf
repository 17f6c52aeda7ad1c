# The reference system as a Terraform 0.11 project would write it: primitive
# aws_* resources, a local network module, interpolation strings, count with
# element(), lookup() and splats.  clicamosc runs it as it is (with
# deprecation warnings); `clicamosc fmt -upgrade` modernises it.

variable "ami" {
  description = "The application image"
}

variable "region" {
  default = "us-east-1"
}

variable "azs" {
  type    = "map"
  default = {
    us-east-1 = "us-east-1a,us-east-1b,us-east-1c"
  }
}

provider "aws" {
  region = "${var.region}"
}

module "network" {
  source = "./modules/network"

  name       = "clicamos"
  cidr_block = "172.31.0.0/16"
  azs        = "${lookup(var.azs, var.region)}"
}
