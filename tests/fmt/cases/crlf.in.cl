a = 1
bb = 2 # two
block {
    c = <<EOT
line
EOT
}
