resource "aws_instance" "nat" {
  ami               = var.nat_ami
  instance_type     = "t2.micro"
  source_dest_check = false
  subnet_id         = aws_subnet.public[0].id

  user_data = <<-EOF
    #!/bin/bash
    set -euo pipefail
    sysctl -w net.ipv4.ip_forward=1
    iptables -t nat -A POSTROUTING -s ${var.cidr} -j MASQUERADE
      # indented comment kept relative
    docker run -d --restart=always -p 1194:1194/udp \
      --cap-add=NET_ADMIN kylemanna/openvpn:0
    echo "done at $(date)" > /var/log/nat-0.log
  EOF

  tags = { Name = "nat-0" }
}

resource "aws_iam_policy" "read" {
  name   = "read-0"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": "arn:aws:s3:::${var.bucket}/*"
    }
  ]
}
EOT
}

output "motd" {
  value = <<EOT
Welcome to ${var.name}!
Costs are $${cents} and 100%% of %%{nothing}.
EOT
}
