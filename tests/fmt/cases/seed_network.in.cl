variable "name" {}
variable "cidr_block" {}
variable "azs" {
  description = "Availability zones, comma separated"
}
variable "nat_ami" {}

resource "aws_vpc" "main" {
  cidr_block = "${var.cidr_block}"
  enable_dns_support = true
  enable_dns_hostnames = true
  tags { Name = "${var.name}" }
}

resource "aws_subnet" "public" {
  count = "${length(split(",", var.azs))}"
  vpc_id = "${aws_vpc.main.id}"
  cidr_block = "${cidrsubnet(var.cidr_block, 8, count.index)}"
  availability_zone = "${element(split(",", var.azs), count.index)}"
  map_public_ip_on_launch = true
  tags {
    Name = "${var.name}-public-${count.index}"
  }
}

resource "aws_instance" "nat" {
  ami = "${var.nat_ami}"
  instance_type = "t2.micro"
  subnet_id = "${aws_subnet.public.0.id}"
  vpc_security_group_ids = ["${aws_security_group.nat.id}"]
  source_dest_check = false
  user_data = <<EOF
#!/bin/sh
echo 1 > /proc/sys/net/ipv4/ip_forward
iptables -t nat -A POSTROUTING -s ${var.cidr_block} -j MASQUERADE
docker run -d --restart=always --cap-add=NET_ADMIN -p 1194:1194/udp kylemanna/openvpn
EOF
  tags {
    Name = "${var.name}-nat"
  }
}

resource "aws_route_table_association" "public" {
  count = "${length(split(",", var.azs))}"
  subnet_id = "${element(aws_subnet.public.*.id, count.index)}"
  route_table_id = "${aws_route_table.public.id}"
}

output "public_subnet_ids" {
  value = "${join(",", aws_subnet.public.*.id)}"
}
