output "x" { value = nosuch(1) }
