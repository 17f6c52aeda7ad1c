resource "aws_launch_configuration" "app" {
  user_data = <<-EOT
      #!/bin/bash
    echo ${ var.greeting }   
	tabs	stay
    %{ if var.debug ~}
    set -x
    %{ endif ~}
    EOT
  other     = <<EOT
no indent ${var.x}
EOT
  policy = jsonencode({
    Version = "2012-10-17"
  })
}
