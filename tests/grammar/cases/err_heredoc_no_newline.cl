a = <<EOT x
