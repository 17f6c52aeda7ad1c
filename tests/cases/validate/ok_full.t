# Variables, locals, count, for_each, dynamic blocks, a module: all valid.
args: validate
--- main.cl
variable "zones" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}

variable "ports" {
  type    = map(number)
  default = { http = 80, https = 443 }
}

locals {
  cidr = "10.0.0.0/16"
  tags = { Project = "x" }
}

resource "aws_vpc" "main" {
  cidr_block = local.cidr
  tags       = local.tags
}

resource "aws_subnet" "public" {
  count             = length(var.zones)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(local.cidr, 8, count.index)
  availability_zone = var.zones[count.index]
}

resource "aws_security_group" "web" {
  for_each = var.ports
  name     = "web-${each.key}"
  vpc_id   = aws_vpc.main.id

  dynamic "ingress" {
    for_each = [each.value]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

output "subnets" {
  value = aws_subnet.public[*].id
}

output "groups" {
  value = { for k, g in aws_security_group.web : k => g.name }
}
--- stdout
Success! The configuration is valid.
--- stderr
