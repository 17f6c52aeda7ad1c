# console sees variables (with -var and tfvars precedence), locals, and
# resource attributes not yet applied as (known after apply).
args: console -var region=eu-west-1
exit: 1
env: TF_VAR_env=staging
--- main.cl
variable "region" {
  type    = string
  default = "us-east-1"
}

variable "env" {
  type = string
}

variable "size" {
  type    = number
  default = 1
}

locals {
  name = "app-${var.env}-${var.region}"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
--- terraform.tfvars
size = 3
--- stdin
var.region
local.name
var.size * 2
aws_vpc.main.cidr_block
aws_vpc.main.id
var.nope
--- stdout
"eu-west-1"
"app-staging-eu-west-1"
6
"10.0.0.0/16"
(known after apply)
--- stderr
<console:6>:1:5: error: no variable "nope" in this module
 1 | var.nope
   |     ^~~~
