# network: the networking types with the arguments the reference system
# leaves out: an IPv6 VPC and subnets, zones from the data source (with its
# filters), a route table with IPv4 and IPv6 routes and tags, associations,
# an Elastic IP by domain, key pairs by name and by prefix; and routes to
# every other kind of target (a peering connection, an egress-only gateway,
# a NAT gateway, a transit gateway) with a route table associated with a
# gateway (an edge association).  The targets, which no type of ours makes,
# and their VPC are made before the apply by prerequisites.py and come in
# as variables.  A subnet's
# IPv6 block (ipv6_cidr_block, assign_ipv6_address_on_creation) is left
# out: moto 5.2.1 never reports the association "associated", and the
# provider waits for that for 3 minutes before failing.

data "aws_availability_zones" "up" {
  state                  = "available"
  all_availability_zones = false
  exclude_names          = ["us-east-1f"]
  exclude_zone_ids       = ["use1-az3"]

  filter {
    name   = "zone-type"
    values = ["availability-zone"]
  }
}

resource "aws_vpc" "v6" {
  cidr_block                       = "10.20.0.0/16"
  instance_tenancy                 = "default"
  enable_dns_support               = true
  enable_dns_hostnames             = false
  assign_generated_ipv6_cidr_block = true

  tags = {
    Name = "interop-v6"
  }
}

resource "aws_subnet" "a" {
  vpc_id                  = aws_vpc.v6.id
  cidr_block              = "10.20.1.0/24"
  availability_zone       = data.aws_availability_zones.up.names[0]
  map_public_ip_on_launch = true

  tags = {
    Name = "interop-a"
  }
}

resource "aws_subnet" "b" {
  vpc_id                          = aws_vpc.v6.id
  cidr_block                      = "10.20.2.0/24"
  availability_zone_id            = data.aws_availability_zones.up.zone_ids[1]
  assign_ipv6_address_on_creation = false
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.v6.id

  tags = {
    Name = "interop-gw"
  }
}

resource "aws_route_table" "out" {
  vpc_id = aws_vpc.v6.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }

  route {
    ipv6_cidr_block = "::/0"
    gateway_id      = aws_internet_gateway.gw.id
  }

  tags = {
    Name = "interop-out"
  }
}

resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.out.id
}

resource "aws_route_table_association" "b" {
  subnet_id      = aws_subnet.b.id
  route_table_id = aws_route_table.out.id
}

resource "aws_eip" "spare" {
  domain = "vpc"

  tags = {
    Name = "interop-spare"
  }
}

resource "aws_key_pair" "named" {
  key_name   = "interop-named"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC2kw2yUQhpWRwLjPyhCHIDthr0jVcD6pSZmKhecGNqi interop@clicamosc"

  tags = {
    Name = "interop-named"
  }
}

resource "aws_key_pair" "prefixed" {
  key_name_prefix = "interop-"
  public_key      = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC2kw2yUQhpWRwLjPyhCHIDthr0jVcD6pSZmKhecGNqi interop@clicamosc"
}

output "zones" {
  value = data.aws_availability_zones.up.names
}

variable "vpc" {}

variable "peering" {}

variable "egress_only_gateway" {}

variable "nat_gateway" {}

variable "transit_gateway" {}

resource "aws_route_table" "private" {
  vpc_id = var.vpc

  route {
    cidr_block                = "10.51.0.0/16"
    vpc_peering_connection_id = var.peering
  }

  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = var.egress_only_gateway
  }

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = var.nat_gateway
  }

  route {
    cidr_block         = "172.16.0.0/12"
    transit_gateway_id = var.transit_gateway
  }

  tags = {
    Name = "interop-private"
  }
}

resource "aws_internet_gateway" "edge" {
  vpc_id = var.vpc
}

resource "aws_route_table" "edge" {
  vpc_id = var.vpc
}

resource "aws_route_table_association" "edge" {
  gateway_id     = aws_internet_gateway.edge.id
  route_table_id = aws_route_table.edge.id
}
