variable "vpc_id" {
  type = string
}
variable "zones" {
  type = map(string)
}
resource "aws_subnet" "z" {
  for_each   = var.zones
  vpc_id     = var.vpc_id
  cidr_block = each.value
}
module "inner" {
  source = "../inner"
  vpc_id = var.vpc_id
}
