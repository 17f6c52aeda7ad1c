a = jsonencode(<<EOT
{"k": 1}
EOT
)
b = 2
