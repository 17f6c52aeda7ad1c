a = <<EOT
  NOT EOT
EOTX
  EOT
b = 1
