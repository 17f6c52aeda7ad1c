# network: a VPC with a public and a private subnet in each zone, an internet
# gateway for the public ones, and a NAT instance (Elastic IP, SSH and
# OpenVPN) through which the private subnets reach the internet.
# Inputs, outputs and what it creates: stdlib/README.md.

variable "name" {
  description = "Name tag prefix; the kind block's label unless given"
  type        = string
}

variable "cidr_block" {
  description = "The VPC's address range, e.g. 172.31.0.0/16"
  type        = string
}

variable "zones" {
  description = "Availability zones: one public and one private subnet in each"
  type        = list(string)
}

variable "subnet_bits" {
  description = "Bits added to the VPC prefix for each subnet (8: a /16 gives /24s)"
  type        = number
  default     = 8
}

variable "nat_ami" {
  description = "AMI of the NAT instance; by default the newest Amazon VPC NAT AMI"
  type        = string
  default     = null
}

variable "nat_instance_type" {
  type    = string
  default = "t2.micro"
}

variable "key_name" {
  description = "EC2 key pair for SSH to the NAT instance"
  type        = string
  default     = null
}

variable "admin_cidr_blocks" {
  description = "Who may reach the NAT instance by SSH (22/tcp) and OpenVPN (1194/udp)"
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "tags" {
  type    = map(string)
  default = {}
}

locals {
  nzones = length(var.zones)
}

data "aws_ami" "nat" {
  count       = var.nat_ami == null ? 1 : 0
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["amzn-ami-vpc-nat*"]
  }
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(var.tags, { Name = var.name })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "public" {
  count                   = local.nzones
  vpc_id                  = aws_vpc.this.id
  cidr_block              = cidrsubnet(var.cidr_block, var.subnet_bits, count.index)
  availability_zone       = var.zones[count.index]
  map_public_ip_on_launch = true
  tags                    = merge(var.tags, { Name = "${var.name}-public-${var.zones[count.index]}" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }

  tags = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_route_table_association" "public" {
  count          = local.nzones
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# Private subnets sit after the public ones in the VPC's range.
resource "aws_subnet" "private" {
  count             = local.nzones
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr_block, var.subnet_bits, local.nzones + count.index)
  availability_zone = var.zones[count.index]
  tags              = merge(var.tags, { Name = "${var.name}-private-${var.zones[count.index]}" })
}

# Open inside the VPC: every instance of the network may talk to every other.
resource "aws_security_group" "internal" {
  name        = "${var.name}-internal"
  description = "Traffic inside ${var.name}"
  vpc_id      = aws_vpc.this.id

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.cidr_block]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(var.tags, { Name = "${var.name}-internal" })
}

resource "aws_security_group" "nat" {
  name        = "${var.name}-nat"
  description = "SSH and OpenVPN to the NAT instance of ${var.name}"
  vpc_id      = aws_vpc.this.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidr_blocks
  }

  ingress {
    from_port   = 1194
    to_port     = 1194
    protocol    = "udp"
    cidr_blocks = var.admin_cidr_blocks
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(var.tags, { Name = "${var.name}-nat" })
}

resource "aws_instance" "nat" {
  ami                    = var.nat_ami != null ? var.nat_ami : data.aws_ami.nat[0].id
  instance_type          = var.nat_instance_type
  key_name               = var.key_name
  subnet_id              = aws_subnet.public[0].id
  vpc_security_group_ids = [aws_security_group.nat.id, aws_security_group.internal.id]
  source_dest_check      = false

  # Forward and masquerade the private subnets' traffic; run OpenVPN in a container.
  user_data = <<-EOT
    #!/bin/sh
    sysctl -w net.ipv4.ip_forward=1
    iptables -t nat -A POSTROUTING -s ${var.cidr_block} -o eth0 -j MASQUERADE
    yum install -y docker && service docker start
    docker run -d --restart=always --cap-add=NET_ADMIN -p 1194:1194/udp \
      -v /etc/openvpn:/etc/openvpn kylemanna/openvpn
  EOT

  tags = merge(var.tags, { Name = "${var.name}-nat" })
}

resource "aws_eip" "nat" {
  domain   = "vpc"
  instance = aws_instance.nat.id
  tags     = merge(var.tags, { Name = "${var.name}-nat" })
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block  = "0.0.0.0/0"
    instance_id = aws_instance.nat.id
  }

  tags = merge(var.tags, { Name = "${var.name}-private" })
}

resource "aws_route_table_association" "private" {
  count          = local.nzones
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "vpc_cidr_block" {
  value = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "internal_security_group_id" {
  value = aws_security_group.internal.id
}

output "nat_instance_id" {
  value = aws_instance.nat.id
}

output "nat_public_ip" {
  value = aws_eip.nat.public_ip
}
