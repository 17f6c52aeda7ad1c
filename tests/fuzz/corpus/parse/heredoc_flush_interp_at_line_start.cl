a = <<-EOT
    one
${x}
    two
  EOT
