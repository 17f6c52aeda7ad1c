locals {
  scripts = [
  <<EOT
first
EOT
  ,
  <<-EOT
    second ${var.x}
    EOT
  ]
  policy = jsonencode(
  <<EOT
{"a": 1}
EOT
  )
}
