# The network half of the reference system (examples/clicamos), kept in its
# own state in S3 so that other configurations read its outputs through
# data "terraform_remote_state" (see ../app).  Deploy it first:
#
#   clicamosc init && clicamosc apply

terraform {
  backend "s3" {
    bucket         = "clicamos-state"
    key            = "network/terraform.tfstate"
    region         = "us-east-1"
    use_lockfile   = true
    use_path_style = true
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

provider "aws" {
  region = var.region
}

network "main" {
  cidr_block = "172.31.0.0/16"
  zones      = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

output "vpc_id" {
  value = network.main.vpc_id
}

output "cidr_block" {
  value = network.main.vpc_cidr_block
}

output "public_subnet_ids" {
  value = network.main.public_subnet_ids
}

output "private_subnet_ids" {
  value = network.main.private_subnet_ids
}

output "internal_security_group_id" {
  value = network.main.internal_security_group_id
}
