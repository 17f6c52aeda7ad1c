resource "aws_eip" "nat" {
  instance = aws_instance.nat.id
  domain   = "vpc"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block           = "0.0.0.0/0"
    network_interface_id = aws_instance.nat.primary_network_interface_id
  }

  tags = {
    Name = "private-2"
  }
}

resource "aws_route_table_association" "private" {
  for_each       = { for idx, s in aws_subnet.private : idx => s.id }
  subnet_id      = each.value
  route_table_id = aws_route_table.private.id
}

output "nat_ip" {
  value     = aws_eip.nat.public_ip
  sensitive = true
}
