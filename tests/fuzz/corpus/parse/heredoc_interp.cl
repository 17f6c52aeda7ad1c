a = <<EOT
name: ${var.name}
id: ${aws_vpc.main.id}
EOT
