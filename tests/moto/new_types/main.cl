# The configuration of test_moto_new_types.py: one of each resource type
# and data source issue 18 adds on the provider side, against moto.  var.ami
# changes to plan a launch template's new version.

provider "aws" {
  region = "us-east-1"
}

variable "ami" {
  type = string
}

resource "aws_launch_template" "web" {
  name_prefix            = "web-"
  description            = "web servers"
  image_id               = var.ami
  instance_type          = "t3.micro"
  update_default_version = true
  user_data              = base64encode("#!/bin/sh\necho hello\n")
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 20
      volume_type           = "gp3"
      delete_on_termination = "true"
    }
  }
  iam_instance_profile {
    name = "web"
  }
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
  network_interfaces {
    associate_public_ip_address = "true"
    device_index                = 0
  }
  monitoring {
    enabled = true
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      Name = "web"
    }
  }
  tags = {
    Team = "web"
  }
}

output "latest_version" {
  value = aws_launch_template.web.latest_version
}

output "default_version" {
  value = aws_launch_template.web.default_version
}

resource "aws_vpc" "main" {
  cidr_block = "10.30.0.0/16"
  tags = {
    Name = "new-types"
  }
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "us-east-1a"
  tags = {
    Tier = "public"
  }
}

resource "aws_subnet" "private" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.2.0/24"
  availability_zone = "us-east-1b"
  tags = {
    Tier = "private"
  }
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
  tags = {
    Name = var.nat_name
  }
  depends_on = [aws_internet_gateway.gw]
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "out" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.nat.id
}

resource "aws_security_group" "web" {
  name   = "new-types-web"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "http" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  from_port         = 80
  to_port           = 80
  protocol          = "TCP"
  cidr_blocks       = ["10.0.0.0/8", "192.168.0.0/16"]
  description       = var.rule_description
}

resource "aws_security_group_rule" "self" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  self              = true
}

resource "aws_security_group_rule" "out" {
  type              = "egress"
  security_group_id = aws_security_group.web.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.30.0.0/16"
  description       = var.rule_description
  tags = {
    Name = "https"
  }
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "-1"
  cidr_ipv4         = "10.30.0.0/16"
}

data "aws_vpc" "by_tag" {
  tags = {
    Name = aws_vpc.main.tags["Name"]
  }
}

data "aws_subnets" "in_vpc" {
  filter {
    name   = "vpc-id"
    values = [aws_vpc.main.id]
  }
  depends_on = [aws_subnet.public, aws_subnet.private]
}

data "aws_subnet" "private" {
  vpc_id = aws_vpc.main.id
  tags = {
    Tier = aws_subnet.private.tags["Tier"]
  }
}

data "aws_security_group" "web" {
  id = aws_security_group.web.id
}

data "aws_region" "here" {}

data "template_file" "greeting" {
  template = "Hello, $${name}! ${length(var.ami)}"
  vars = {
    name = "world"
  }
}

variable "nat_name" {
  type    = string
  default = "nat"
}

variable "rule_description" {
  type    = string
  default = "from the VPC"
}

output "vpc_cidr" {
  value = data.aws_vpc.by_tag.cidr_block
}

output "subnet_count" {
  value = length(data.aws_subnets.in_vpc.ids)
}

output "private_subnet" {
  value = data.aws_subnet.private.id == aws_subnet.private.id
}

output "sg_name" {
  value = data.aws_security_group.web.name
}

output "region" {
  value = "${data.aws_region.here.name} ${data.aws_region.here.description} ${data.aws_region.here.endpoint}"
}

output "greeting" {
  value = data.template_file.greeting.rendered
}

data "aws_subnet_ids" "old" {
  vpc_id     = aws_vpc.main.id
  depends_on = [aws_subnet.public, aws_subnet.private]
}

output "old_subnet_count" {
  value = length(data.aws_subnet_ids.old.ids)
}
