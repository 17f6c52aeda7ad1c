# clicamos-ops: general configuration and variables (Terraform 0.11 style).
provider "aws" {
    region = "${var.region}"   # set with -var region=...
    profile="${var.profile}"
}

variable "region" {
  default = "us-east-1"
}
variable "profile" { default = "default" }

variable "ami" {
    description = "The application AMI, built by packer"
    type = "string"
}

variable "azs" {
  type    = "map"
  default = {
    us-east-1 = "us-east-1a,us-east-1b,us-east-1c"
    eu-west-1 = "eu-west-1a,eu-west-1b"
  }
}

variable "private_subnets" {
  type = "list"
  default = ["172.31.10.0/24", "172.31.11.0/24",   "172.31.12.0/24"]
}

module "network" {
  source = "./modules/network"
  name = "clicamos"
  cidr_block = "172.31.0.0/16"
  azs = "${lookup(var.azs, var.region)}"   # comma separated, 0.11 had no lists here
  nat_ami = "${var.nat_ami}"
}
