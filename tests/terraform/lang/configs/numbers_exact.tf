output "a" { value = 0.1 + 0.2 }
output "b" { value = 1 / 3 }
output "c" { value = 12345678901234567890 }
