# elb: a classic Elastic Load Balancer across the given subnets, with
# listeners, one health check, cross-zone balancing and connection draining.
# Inputs, outputs and what it creates: stdlib/README.md.

variable "name" {
  type = string
}

variable "subnets" {
  type = list(string)
}

variable "security_groups" {
  type    = list(string)
  default = []
}

variable "internal" {
  type    = bool
  default = false
}

variable "listener" {
  description = "One block per listener: port, instance_port, protocol, instance_protocol"
  type = list(object({
    port              = number
    instance_port     = number
    protocol          = optional(string, "http")
    instance_protocol = optional(string)
  }))
}

variable "health_check" {
  type = object({
    target              = string
    healthy_threshold   = optional(number, 3)
    unhealthy_threshold = optional(number, 2)
    timeout             = optional(number, 10)
    interval            = optional(number, 30)
  })
}

variable "cross_zone_load_balancing" {
  type    = bool
  default = true
}

variable "idle_timeout" {
  type    = number
  default = 60
}

variable "connection_draining_timeout" {
  description = "Seconds a deregistering instance keeps its in-flight requests; 0 turns draining off"
  type        = number
  default     = 60
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_elb" "this" {
  name            = var.name
  subnets         = var.subnets
  security_groups = var.security_groups
  internal        = var.internal

  dynamic "listener" {
    for_each = var.listener
    content {
      lb_port           = listener.value.port
      lb_protocol       = listener.value.protocol
      instance_port     = listener.value.instance_port
      instance_protocol = coalesce(listener.value.instance_protocol, listener.value.protocol)
    }
  }

  health_check {
    target              = var.health_check.target
    healthy_threshold   = var.health_check.healthy_threshold
    unhealthy_threshold = var.health_check.unhealthy_threshold
    timeout             = var.health_check.timeout
    interval            = var.health_check.interval
  }

  cross_zone_load_balancing   = var.cross_zone_load_balancing
  idle_timeout                = var.idle_timeout
  connection_draining         = var.connection_draining_timeout > 0
  connection_draining_timeout = var.connection_draining_timeout > 0 ? var.connection_draining_timeout : 300

  tags = merge(var.tags, { Name = var.name })
}

output "name" {
  value = aws_elb.this.name
}

output "id" {
  value = aws_elb.this.id
}

output "dns_name" {
  value = aws_elb.this.dns_name
}

output "zone_id" {
  value = aws_elb.this.zone_id
}
