# mod-network: the seed project's network module, the content of its own
# repository: a VPC, public subnets with an internet gateway, a NAT
# instance, private subnets routed through it.  Subnet ids leave as
# comma-joined strings, as the seed's 0.11 module passed lists.

variable "name" {}

variable "cidr_block" {}

variable "azs" {
  description = "Availability zones, comma separated"
}

variable "nat_ami" {
  default = "ami-0nat0000000000001"
}

resource "aws_vpc" "main" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = var.name
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  count                   = length(split(",", var.azs))
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(var.cidr_block, 8, count.index)
  availability_zone       = element(split(",", var.azs), count.index)
  map_public_ip_on_launch = true

  tags = {
    Name = "${var.name}-public-${count.index}"
  }
}

resource "aws_subnet" "private" {
  count             = length(split(",", var.azs))
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.cidr_block, 8, count.index + 10)
  availability_zone = element(split(",", var.azs), count.index)

  tags = {
    Name = "${var.name}-private-${count.index}"
  }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  count          = length(split(",", var.azs))
  subnet_id      = element(aws_subnet.public[*].id, count.index)
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "default" {
  name        = "${var.name}-default"
  description = "Everything inside the VPC"
  vpc_id      = aws_vpc.main.id

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
}

resource "aws_security_group" "nat" {
  name        = "${var.name}-nat"
  description = "SSH and OpenVPN to the NAT instance"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 1194
    to_port     = 1194
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "nat" {
  ami                    = var.nat_ami
  instance_type          = "t2.micro"
  subnet_id              = aws_subnet.public[0].id
  vpc_security_group_ids = [aws_security_group.nat.id, aws_security_group.default.id]
  source_dest_check      = false

  user_data = <<EOF
#!/bin/sh
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A POSTROUTING -s ${var.cidr_block} -o eth0 -j MASQUERADE
docker run -d --restart=always --cap-add=NET_ADMIN -p 1194:1194/udp kylemanna/openvpn
EOF

  tags = {
    Name = "${var.name}-nat"
  }
}

resource "aws_eip" "nat" {
  instance = aws_instance.nat.id
  vpc      = true
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block  = "0.0.0.0/0"
    instance_id = aws_instance.nat.id
  }
}

resource "aws_route_table_association" "private" {
  count          = length(split(",", var.azs))
  subnet_id      = element(aws_subnet.private[*].id, count.index)
  route_table_id = aws_route_table.private.id
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "public_subnet_ids" {
  value = join(",", aws_subnet.public[*].id)
}

output "private_subnet_ids" {
  value = join(",", aws_subnet.private[*].id)
}

output "default_security_group_id" {
  value = aws_security_group.default.id
}

output "nat_public_ip" {
  value = aws_eip.nat.public_ip
}
