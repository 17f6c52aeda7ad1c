# asg: a launch configuration and an auto scaling group that runs it behind
# load balancers.  With create_before_destroy (the default) a new AMI gives a
# new launch configuration and a new group, which must be InService in the
# ELBs before the old pair is deleted: a zero-downtime rollout.
# Inputs, outputs and what it creates: stdlib/README.md.

variable "name" {
  type = string
}

variable "ami" {
  type = string
}

variable "instance_type" {
  type = string
}

variable "subnets" {
  type = list(string)
}

variable "security_groups" {
  type    = list(string)
  default = []
}

variable "load_balancers" {
  type    = list(string)
  default = []
}

variable "key_name" {
  type    = string
  default = null
}

variable "user_data" {
  type    = string
  default = null
}

variable "min_size" {
  type = number
}

variable "max_size" {
  type = number
}

variable "desired_capacity" {
  type    = number
  default = null
}

variable "health_check_type" {
  description = "ELB when the group has load balancers, else EC2"
  type        = string
  default     = null
}

variable "health_check_grace_period" {
  type    = number
  default = 300
}

variable "wait_for_elb_capacity" {
  description = "InService instances needed in every ELB before the rollout goes on (default: all of them)"
  type        = number
  default     = null
}

variable "wait_for_capacity_timeout" {
  type    = string
  default = "10m"
}

variable "drain_seconds" {
  description = "Seconds at least between the old group's detach from its ELBs and its deletion (the ELBs' connection draining is always waited for)"
  type        = number
  default     = null
}

variable "create_before_destroy" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_launch_configuration" "this" {
  name_prefix     = "${var.name}-"
  image_id        = var.ami
  instance_type   = var.instance_type
  security_groups = var.security_groups
  key_name        = var.key_name
  user_data       = var.user_data

  lifecycle {
    create_before_destroy = var.create_before_destroy
  }
}

resource "aws_autoscaling_group" "this" {
  # Named after the launch configuration, so that a new one means a new group.
  name                      = "${var.name}-${aws_launch_configuration.this.name}"
  launch_configuration      = aws_launch_configuration.this.name
  vpc_zone_identifier       = var.subnets
  load_balancers            = var.load_balancers
  min_size                  = var.min_size
  max_size                  = var.max_size
  desired_capacity          = var.desired_capacity
  health_check_type         = var.health_check_type != null ? var.health_check_type : (length(var.load_balancers) > 0 ? "ELB" : "EC2")
  health_check_grace_period = var.health_check_grace_period
  # The health gate: every new instance InService unless told otherwise.
  wait_for_elb_capacity     = var.wait_for_elb_capacity != null ? var.wait_for_elb_capacity : (length(var.load_balancers) > 0 ? coalesce(var.desired_capacity, var.min_size) : null)
  drain_seconds             = var.drain_seconds
  wait_for_capacity_timeout = var.wait_for_capacity_timeout

  dynamic "tag" {
    for_each = merge(var.tags, { Name = var.name })
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  lifecycle {
    create_before_destroy = var.create_before_destroy
  }
}

output "name" {
  value = aws_autoscaling_group.this.name
}

output "launch_configuration_name" {
  value = aws_launch_configuration.this.name
}
