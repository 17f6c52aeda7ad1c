resource "aws_security_group" "app" {
  name   = "app-2"
  vpc_id = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress_rules
    iterator = rule
    content {
      description = "rule ${rule.key}"
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = lookup(rule.value, "protocol", "tcp")
      cidr_blocks = rule.value.cidrs
    }
  }

  dynamic "egress" {
    for_each = [1]
    content {
      from_port   = 0
      to_port     = 0
      protocol    = "-1"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  tags = merge(var.tags, {
    Name = "app-2"
  })
}

resource "aws_instance" "web" {
  for_each      = toset(var.names)
  ami           = data.aws_ami.ubuntu.id
  instance_type = each.value == "big" ? "m5.large" : "t3.micro"
  subnet_id     = var.subnet_ids[index(var.names, each.key) % length(var.subnet_ids)]

  dynamic "ebs_block_device" {
    for_each = range(3)
    content {
      device_name = "/dev/sd${substr("fghij", ebs_block_device.value, 1)}"
      volume_size = 30
    }
  }
}
