# A local module: unknown and missing inputs, and a reference to a missing output.
args: validate
exit: 1
--- main.cl
module "net" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
}

output "vpc" {
  value = module.net.vpc_idd
}
--- modules/net/main.cl
variable "cidr_block" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr_block
}

output "vpc_id" {
  value = aws_vpc.this.id
}
--- stderr
main.cl:3:3: error: unsupported argument "cidr" for module "net"
 3 |   cidr   = "10.0.0.0/16"
   |   ^~~~
main.cl:1:8: error: module "net" needs the argument "cidr_block"
 1 | module "net" {
   |        ^~~~~
  hint: add cidr_block = ... to the block
