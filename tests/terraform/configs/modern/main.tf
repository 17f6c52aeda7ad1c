# modern: the provider-side types of issue 18: a launch template with its
# blocks, a NAT gateway and a route through it, security group rules of both
# kinds, and the data sources that look the network up.

resource "aws_vpc" "main" {
  cidr_block = "10.40.0.0/16"
  tags = {
    Name = "interop-modern"
  }
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "us-east-1a"
  tags = {
    Tier = "public"
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
    Name = "interop-nat"
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
  name   = "interop-modern-web"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "http" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  from_port         = 80
  to_port           = 80
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  description       = "http inside"
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.40.0.0/16"
  tags = {
    Name = "https"
  }
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_launch_template" "web" {
  name_prefix            = "interop-web-"
  image_id               = "ami-1e749f67"
  instance_type          = "t3.micro"
  update_default_version = true
  user_data              = base64encode("#!/bin/sh\necho hello\n")
  vpc_security_group_ids = [aws_security_group.web.id]
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
      volume_type = "gp3"
    }
  }
  iam_instance_profile {
    name = "web"
  }
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
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
  # moto 5.2.1 files CreateLaunchTemplate's own tags (the launch-template
  # TagSpecification) under the version's data too, where AWS keeps only
  # the configured tag_specifications: Terraform would read clicamosc's
  # identity tags there as a block to remove.  AWS answers without it.
  lifecycle {
    ignore_changes = [tag_specifications]
  }
}

data "aws_vpc" "main" {
  id = aws_vpc.main.id
}

data "aws_subnets" "public" {
  filter {
    name   = "vpc-id"
    values = [aws_vpc.main.id]
  }
  depends_on = [aws_subnet.public]
}

data "aws_security_group" "web" {
  id = aws_security_group.web.id
}

data "aws_region" "here" {}

output "found" {
  value = "${data.aws_vpc.main.cidr_block} ${length(data.aws_subnets.public.ids)} ${data.aws_security_group.web.name} ${data.aws_region.here.name}"
}
