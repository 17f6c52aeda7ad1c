# security_group: a security group whose rules are written as ingress/egress
# blocks with one port each; egress defaults to everything, as AWS does.
# Inputs, outputs and what it creates: stdlib/README.md.

variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "description" {
  type    = string
  default = "Managed by clicamosc"
}

variable "ingress" {
  description = "One block per rule: port (or from_port/to_port), protocol, cidr_blocks, security_groups"
  type = list(object({
    port            = optional(number)
    from_port       = optional(number)
    to_port         = optional(number)
    protocol        = optional(string, "tcp")
    cidr_blocks     = optional(list(string), ["0.0.0.0/0"])
    security_groups = optional(list(string), [])
  }))
  default = []
}

variable "egress" {
  type = list(object({
    port            = optional(number)
    from_port       = optional(number)
    to_port         = optional(number)
    protocol        = optional(string, "-1")
    cidr_blocks     = optional(list(string), ["0.0.0.0/0"])
    security_groups = optional(list(string), [])
  }))
  default = [{ from_port = 0, to_port = 0 }]
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_security_group" "this" {
  name        = var.name
  description = var.description
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress
    content {
      from_port       = coalesce(ingress.value.from_port, ingress.value.port, 0)
      to_port         = coalesce(ingress.value.to_port, ingress.value.port, 0)
      protocol        = ingress.value.protocol
      cidr_blocks     = ingress.value.cidr_blocks
      security_groups = ingress.value.security_groups
    }
  }

  dynamic "egress" {
    for_each = var.egress
    content {
      from_port       = coalesce(egress.value.from_port, egress.value.port, 0)
      to_port         = coalesce(egress.value.to_port, egress.value.port, 0)
      protocol        = egress.value.protocol
      cidr_blocks     = egress.value.cidr_blocks
      security_groups = egress.value.security_groups
    }
  }

  tags = merge(var.tags, { Name = var.name })
}

output "id" {
  value = aws_security_group.this.id
}

output "name" {
  value = aws_security_group.this.name
}
