a = <<EOT
back\slash \n stays $${x} %%{y}
EOT
